"""The Word and Excel machinery: one Jinja environment, docx and xlsx helpers, pictures."""
