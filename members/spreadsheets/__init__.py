"""Members in spreadsheets: the columns, the checked import with its event history, the export, the template."""
