"""Render the templates through one strict Jinja environment.

Templates are ordinary .docx files a business office edits in Word; fields are
written `{{ case.reference }}`, table rows repeat with `{%tr for ... %}`. A
missing field is an error naming the template, the field and the paragraph, never
a blank. Values are escaped (autoescape on), so agency text such as `<`, `&` or
`{{ }}` is shown as written and never evaluated.

The shipped defaults are the project's top-level templates/ (inside the package,
pipeline/templates/, once installed from a wheel). A partnership's own version,
cases/templates/<name>.docx, wins over the default; the pipeline never writes there.
"""

from __future__ import annotations

import functools
import re
import zipfile
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import jinja2

from ..core.errors import TemplateError
from ..core.wording import day_date, long_date, short_date
from .word import describe_pictures, save_docx
from .xml import ILLEGAL_XML

_PACKAGE = Path(__file__).resolve().parent.parent


def shipped_templates() -> Path:
    """The folder of default templates: pipeline/templates/ when installed from a wheel,
    else the checkout's top-level templates/."""
    inside = _PACKAGE / "templates"
    return inside if inside.is_dir() else _PACKAGE.parent / "templates"


def template_path(name: str, local: Path | None = None, suffix: str = ".docx") -> Path:
    """The template a document is made from: the partnership's own, else the default."""
    if local is not None and (local / f"{name}{suffix}").is_file():
        return local / f"{name}{suffix}"
    return shipped_templates() / f"{name}{suffix}"


@dataclass(frozen=True)
class Picture:
    """A picture to place in a document: `{{ timeline }}` in the template."""

    path: Path
    width_cm: float
    alt: str = ""  # what the picture shows, in words (alt text)


def environment() -> jinja2.Environment:
    """The one Jinja environment: strict (a missing field is an error), autoescaped."""
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)
    env.filters.update(
        long_date=long_date,
        day_date=day_date,
        short_date=short_date,
        iso=lambda d: d.isoformat() if d else "",
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
    name: str, context: dict[str, Any], target: Path, produced: date, local: Path | None = None
) -> None:
    """Render template `name` (the partnership's own in `local`, else the default) with
    `context` into `target`. Raises TemplateError naming the template, field and paragraph."""
    from docx.shared import Cm
    from docxtpl import InlineImage

    path = template_path(name, local)
    template = _open(path)

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
    except jinja2.TemplateError as exc:
        raise explain(exc, path) from exc
    alts = [v.alt for v in context.values() if isinstance(v, Picture) and v.alt]
    if alts:
        describe_pictures(template.docx, alts[0])
    save_docx(template.docx, target, produced)


def render_page(name: str, context: dict[str, Any], local: Path | None = None) -> str:
    """Render an HTML template (e.g. tracker.html) to text, in the same environment."""
    path = template_path(name, local, ".html")
    try:
        return _pages().get_template(str(path)).render(context)
    except OSError as exc:
        raise TemplateError(f"Template {path} cannot be read: {exc}.", path.name) from exc
    except jinja2.TemplateError as exc:  # not explain(): that reads a .docx's paragraphs
        line = f" (line {exc.lineno})" if isinstance(exc, jinja2.TemplateSyntaxError) else ""
        raise TemplateError(
            f"Template {path} cannot be rendered: {exc.message}{line}. Correct the field or "
            "tag, or remove the partnership's copy so the default is used.",
            path.name,
        ) from exc


@functools.lru_cache(maxsize=1)
def _pages() -> jinja2.Environment:
    """The environment for HTML pages: templates loaded by path, their compiled code kept
    between runs (compiling the case page took a third of a quick command's time)."""
    env = environment()
    env.loader = jinja2.FunctionLoader(_page_source)
    with suppress(OSError, RuntimeError):  # no safe cache folder: compile each time
        env.bytecode_cache = _Compiled()
    return env


def _page_source(name: str) -> tuple[str, str, Callable[[], bool]]:
    path = Path(name)
    source = path.read_text(encoding="utf-8")
    made = path.stat().st_mtime_ns
    return source, name, lambda: path.stat().st_mtime_ns == made


class _Compiled(jinja2.FileSystemBytecodeCache):
    """Jinja's cache of compiled templates, in its own per-user folder (under the system's
    temporary folder, private to the user), keyed by the template's text: an edited
    template is compiled afresh. A cache that cannot be written is simply not kept."""

    def dump_bytecode(self, bucket: Any) -> None:
        with suppress(OSError):
            super().dump_bytecode(bucket)


def fields_used(name: str, local: Path | None = None) -> set[str]:
    """The top-level fields a template refers to; TemplateError when it cannot be read."""
    path = template_path(name, local)
    try:
        return set(_open(path).get_undeclared_template_variables(environment()))
    except jinja2.TemplateError as exc:
        raise explain(exc, path) from exc


def _open(path: Path) -> Any:
    from docxtpl import DocxTemplate

    if not path.is_file():
        raise TemplateError(
            f"Template {path} is missing. Restore it, or remove the partnership's copy so the "
            "default is used.",
            path.name,
        )
    if not zipfile.is_zipfile(path):
        raise TemplateError(
            f"Template {path} is not a Word .docx file. Save it from Word as a .docx.", path.name
        )
    return DocxTemplate(str(path))


def explain(exc: jinja2.TemplateError, path: Path) -> TemplateError:
    """A TemplateError naming the template, the field and the paragraph it is in."""
    name = path.name
    if isinstance(exc, jinja2.UndefinedError):
        field, needle = _field(exc)
        line = _paragraph(path, needle)
        written = re.search(rf"[\w.]*\b{re.escape(needle)}\b", line) if needle else None
        if written and "." in written[0]:  # name the field as written: agency.salutaton
            field = f"'{written[0]}'"
        return TemplateError(
            f"Template {name} uses a field the pipeline does not provide: {field}"
            f"{f', in {line}' if line else ''}. Correct the field (templates/README.md lists "
            "them all).",
            name,
            field,
            line,
        )
    if isinstance(exc, jinja2.TemplateSyntaxError):
        line = _broken_paragraph(path) or _paragraph(path, _source_text(exc))
        return TemplateError(
            f"Template {name} has a broken field or tag ({exc.message})"
            f"{f', in {line}' if line else ''}. Each field is {{{{ name }}}}; each tag "
            "{% ... %}, with its braces whole.",
            name,
            "",
            line,
        )
    return TemplateError(f"Template {name} cannot be rendered: {exc}.", name)


def _field(exc: jinja2.UndefinedError) -> tuple[str, str]:
    """The field as the user wrote it, and the word to look for in the document."""
    found = re.search(r"'([^']+)'(?: has no attribute '([^']+)')?", exc.message or "")
    if not found:
        return str(exc), ""
    if found[2]:  # "'dict object' has no attribute 'x'": a part of a field
        return f"'{found[2]}' (in {found[1].replace(' object', '')})", found[2]
    return f"'{found[1]}'", found[1]


def paragraphs(path: Path) -> list[str]:
    """The text of every paragraph of a .docx (body, tables, headers, footers), in order."""
    texts: list[str] = []
    with zipfile.ZipFile(path) as package:
        names = sorted(
            n
            for n in package.namelist()
            if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", n)
        )
        for n in sorted(names, key=lambda n: n != "word/document.xml"):
            xml = package.read(n).decode("utf-8", errors="replace")
            for p in re.findall(r"<w:p[ >].*?</w:p>", xml, re.S):
                texts.append("".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", p)))
    return texts


def _paragraph(path: Path, needle: str) -> str:
    if not needle:
        return ""
    for number, text in enumerate(paragraphs(path), start=1):
        if needle in text:
            return f"paragraph {number}: '{_short(text)}'"
    return ""


def _broken_paragraph(path: Path) -> str:
    """The first paragraph whose own fields do not parse, or whose braces do not pair."""
    env = environment()
    for number, text in enumerate(paragraphs(path), start=1):
        if text.count("{{") != text.count("}}") or text.count("{%") != text.count("%}"):
            return f"paragraph {number}: '{_short(text)}'"
        for expr in re.findall(r"\{\{(.*?)\}\}", text):
            try:
                env.parse("{{" + expr + "}}")
            except jinja2.TemplateSyntaxError:
                return f"paragraph {number}: '{_short(text)}'"
    return ""


def _source_text(exc: jinja2.TemplateSyntaxError) -> str:
    lines = (exc.source or "").splitlines()
    raw = lines[exc.lineno - 1] if 0 < exc.lineno <= len(lines) else ""
    return re.sub(r"<[^>]+>", "", raw).strip()[:60]


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
