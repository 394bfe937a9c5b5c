"""The case review document pipeline: case folder in, checked documents out."""
