"""The one family of errors a user can cause and fix.

Every error a user can act on is a subclass of `CsprError`; the CLI catches the family in
one place, prints the message (which names the file and what to do) and exits 1. Anything
else that escapes is a bug in the pipeline: exit 3.

Problems inside a case folder's files are not errors but findings (core/findings.py): they
are collected, all of them, and reported together.
"""

from __future__ import annotations


class CsprError(Exception):
    """Base of every error a user can fix; the message says what is wrong and what to do."""


class TemplateError(CsprError):
    """Raised when a Word or HTML template cannot be rendered: the file is missing or not a
    .docx, a field is not one the pipeline provides, or a tag is broken. Names the template,
    the field and the line (the paragraph of the document) where it can."""

    def __init__(self, message: str, template: str = "", field: str = "", line: str = ""):
        super().__init__(message)
        self.template = template
        self.field = field
        self.line = line


class InputError(CsprError):
    """Raised when a file or folder the pipeline must read cannot be read: no permission,
    a corrupt report, a folder where a file should be."""


class OutputError(CsprError):
    """Raised when the output folder cannot be written: no permission, a file in the way,
    the disk full, or a folder inside cases/."""
