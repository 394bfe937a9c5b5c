"""The case review document pipeline: case folder in, checked documents out."""

__version__ = "0.1.0"  # the one place: pyproject.toml reads it from here
