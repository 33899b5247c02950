"""The documents the board files: the annual report of a reporting unit and a cell's record of its members."""
