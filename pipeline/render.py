"""Render the Word templates in templates/ through one strict Jinja environment.

Templates are ordinary .docx files a business office edits in Word; fields are
written `{{ case.reference }}`, table rows repeat with `{%tr for ... %}`. A
missing field is an error naming the template and the field, never a blank.
Values are escaped (autoescape on), so agency text such as `<`, `&` or
`{{ }}` is shown as written and never evaluated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import jinja2

from .docxutil import ILLEGAL_XML, save_docx
from .english import day_date, long_date, short_date

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


class TemplateError(Exception):
    """A template cannot be rendered; the message names the template and the field."""


@dataclass(frozen=True)
class Picture:
    """A picture to place in a document: `{{ timeline }}` in the template."""

    path: Path
    width_cm: float


def environment() -> jinja2.Environment:
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)
    env.filters.update(
        long_date=long_date,
        day_date=day_date,
        short_date=short_date,
        lines=_lines,
        yesno=lambda v, yes="Yes", no="No", unknown="Not known": (
            unknown if v is None else (yes if v else no)
        ),
    )
    return env


def _lines(text: str) -> Any:
    """Multi-line text with its line breaks kept (escaped like any other value)."""
    from docxtpl import Listing

    return Listing(text or "")


def render(
    name: str, context: dict[str, Any], target: Path, produced: date, templates: Path = TEMPLATES
) -> None:
    """Render templates/<name>.docx with `context` into `target`."""
    from docx.shared import Cm
    from docxtpl import DocxTemplate, InlineImage

    path = templates / f"{name}.docx"
    if not path.is_file():
        raise TemplateError(f"Template {path} is missing.")
    template = DocxTemplate(str(path))

    def prepare(value: Any) -> Any:
        if isinstance(value, str):
            return ILLEGAL_XML.sub("", value)
        if isinstance(value, Picture):
            return InlineImage(template, str(value.path), width=Cm(value.width_cm))
        if isinstance(value, dict):
            return {k: prepare(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [prepare(v) for v in value]
        return value

    try:
        template.render(prepare(context), jinja_env=environment(), autoescape=True)
    except jinja2.UndefinedError as exc:
        raise TemplateError(
            f"Template {name}.docx uses a field the pipeline does not "
            f"provide: {_field(exc)}. See templates/README.md."
        ) from exc
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(
            f"Template {name}.docx has a broken field or tag near "
            f"'{exc.source and exc.source.splitlines()[exc.lineno - 1][:80]}': "
            f"{exc.message}."
        ) from exc
    save_docx(template.docx, target, produced)


def fields_used(name: str, templates: Path = TEMPLATES) -> set[str]:
    """The top-level fields a template refers to."""
    from docxtpl import DocxTemplate

    template = DocxTemplate(str(templates / f"{name}.docx"))
    return set(template.get_undeclared_template_variables(environment()))


def _field(exc: jinja2.UndefinedError) -> str:
    found = re.search(r"'([^']+)'(?: has no attribute '([^']+)')?", exc.message or "")
    if not found:
        return str(exc)
    if found[2]:  # "'dict object' has no attribute 'x'": a part of a field
        return f"'{found[2]}' (in {found[1].replace(' object', '')})"
    return f"'{found[1]}'"
