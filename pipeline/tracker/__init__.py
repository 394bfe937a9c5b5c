"""The tracker of every case: rows read from the case folders, then xlsx, html and ics."""
