"""The case folder: its typed model, loading, agency returns, validation, deadlines."""
