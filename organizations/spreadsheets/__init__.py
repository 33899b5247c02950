"""Spreadsheets every import shares: the bounded reader, cells and errors by row and column, templates."""
