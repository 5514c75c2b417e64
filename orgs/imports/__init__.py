"""Importing organizations from a spreadsheet (CSV or XLSX): template, preview, confirmed import."""
