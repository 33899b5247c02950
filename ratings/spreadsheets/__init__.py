"""Ratings in spreadsheets (.xlsx, .csv): export through django-import-export resources, checked bulk import."""
