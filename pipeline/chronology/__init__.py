"""The multi-agency chronology: model, merge, writers (xlsx, docx, timeline), build."""
