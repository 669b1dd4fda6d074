"""Exports to Excel and PDF, and import from Excel: pure functions to and from a stream."""
