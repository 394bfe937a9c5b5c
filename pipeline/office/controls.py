"""Word content controls (w:sdt): read every control of a filled-in .docx, and fill the
controls of one we made.

Read as Word and LibreOffice save them: runs split, line breaks and tabs, placeholder text
still showing, tags dropped (LibreOffice 7.4 keeps only a text control's title), a check
box's state in w14:checked or only in its glyph. A control alone in a table cell is read
with its cell: text typed beside the control, in its cell, is its text too.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from ..core.files import atomic_path
from .xml import ILLEGAL_XML, W

W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"
W14 = f"{{{W14_NS}}}"
DOCUMENT = "word/document.xml"
MAX_DOCUMENT = 50 * 2**20  # bytes of document.xml: a Combined Summary is well under 1 MB
TICKS = {"\u2612", "\u2611", "\u2713", "\u2714", "\u2715", "\u2717", "x", "yes", "y"}
BOXES = ("\u2612", "\u2610")  # a check box shown ticked, unticked
HERE = "\x00"  # where a control is in its cell's text


class ControlsError(ValueError):
    """The file is not a Word document we can read; the message says what it is."""


@dataclass
class Control:
    """One content control as the document holds it."""

    tag: str  # w:tag, "" when the saving program dropped it
    alias: str  # w:alias, the title Word shows
    own: str  # the text inside the control
    cell: str  # its table cell's text, HERE where the control is ("" outside a table)
    placeholder: bool  # the placeholder text is showing (w:showingPlcHdr)
    checked: bool | None  # a check box: ticked or not; None for a text control
    row: int  # the table row it is in, counted through the document; -1 outside a table


def read_controls(data: bytes) -> list[Control]:
    """Every content control in the body of a .docx, in document order."""
    root = _document(data)
    trs = list(root.iter(f"{W}tr"))  # kept: lxml then gives the same element objects
    rows = {tr: n for n, tr in enumerate(trs)}
    controls = []
    for sdt in root.iter(f"{W}sdt"):
        if any(a.tag == f"{W}sdt" for a in sdt.iterancestors()):
            continue  # a control inside a control is part of its text
        props = sdt.find(f"{W}sdtPr")
        content = sdt.find(f"{W}sdtContent")
        if props is None or content is None:
            continue
        box = props.find(f"{W14}checkbox")
        own = text_of(content).strip()
        checked = None
        if box is not None:
            state = box.find(f"{W14}checked")
            flag = state is not None and state.get(f"{W14}val") in ("1", "true")
            checked = flag or own.lower() in TICKS
        cell = next(sdt.iterancestors(f"{W}tc"), None)
        row = next(sdt.iterancestors(f"{W}tr"), None)
        controls.append(
            Control(
                tag=_val(props, "tag"),
                alias=_val(props, "alias"),
                own=own,
                cell=text_of(cell, skip=sdt) if cell is not None and box is None else "",
                placeholder=props.find(f"{W}showingPlcHdr") is not None,
                checked=checked,
                row=rows[row] if row is not None else -1,
            )
        )
    return controls


def fill_controls(
    path: Path, values: dict[str, str | bool], rows: dict[str, int] | None = None
) -> None:
    """Fill the controls of the .docx at `path` by tag (text, or a check box's state), after
    adding rows to a repeating table: `rows` {"attendee": 12} copies the last row of the
    table whose controls are tagged attendee.N.* until it has that many."""
    with zipfile.ZipFile(path) as package:
        items = [(info, package.read(info.filename)) for info in package.infolist()]
    root = _parse(dict((info.filename, body) for info, body in items)[DOCUMENT])
    for group, count in (rows or {}).items():
        _grow(root, group, count)
    for sdt in list(root.iter(f"{W}sdt")):
        props = sdt.find(f"{W}sdtPr")
        tag = _val(props, "tag") if props is not None else ""
        if props is not None and tag in values:
            _set(sdt, props, values[tag])
    xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    with atomic_path(path) as tmp, zipfile.ZipFile(tmp, "w") as out:
        for info, body in items:
            out.writestr(info, xml if info.filename == DOCUMENT else body, zipfile.ZIP_DEFLATED)


def text_of(element: Any, skip: Any = None) -> str:
    """The text an element shows: runs joined, tabs and breaks kept, paragraphs on lines,
    deleted text (tracked changes) and field codes left out; the element `skip` inside it
    shown as HERE."""
    out: list[str] = []
    paragraphs = 0
    for node in element.iter():
        if skip is not None and any(a is skip for a in node.iterancestors()):
            continue
        if node is skip:
            out.append(HERE)
        elif node.tag == f"{W}t" and node.text:
            out.append(node.text)
        elif node.tag == f"{W}tab":
            out.append("\t")
        elif node.tag in (f"{W}br", f"{W}cr"):
            out.append("\n")
        elif node.tag == f"{W}noBreakHyphen":
            out.append("-")
        elif node.tag == f"{W}p" and node is not element:
            out.append("\n" if paragraphs else "")
            paragraphs += 1
    return "".join(out)


def _val(props: Any, name: str) -> str:
    found = props.find(f"{W}{name}")
    return str(found.get(f"{W}val", "")) if found is not None else ""


def _document(data: bytes) -> Any:
    """The parsed word/document.xml; ControlsError when it is not a Word document."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            info = package.getinfo(DOCUMENT)
            if info.file_size > MAX_DOCUMENT:
                raise ControlsError(f"its text is over {MAX_DOCUMENT // 2**20} MB")
            xml = package.read(DOCUMENT)
    except KeyError as exc:
        raise ControlsError("a zip file but not a Word document") from exc
    except (zipfile.BadZipFile, OSError, RuntimeError) as exc:
        raise ControlsError("not a Word .docx file (it may be a .doc, a PDF, or damaged)") from exc
    return _parse(xml)


def _parse(xml: bytes) -> Any:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        return etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as exc:
        raise ControlsError(f"its text cannot be read ({exc})") from exc


def _set(sdt: Any, props: Any, value: str | bool) -> None:
    """A control's content made `value`: a check box ticked or not, else the text. Text of
    several lines in a table cell: the first line in the control, the others as paragraphs
    after it in the cell (LibreOffice 7.4 moves a line break out of a control, joining the
    lines); elsewhere, lines with line breaks."""
    content = sdt.find(f"{W}sdtContent")
    box = props.find(f"{W14}checkbox")
    if box is not None:
        state = box.find(f"{W14}checked")
        if state is not None:
            state.set(f"{W14}val", "1" if value else "0")
        for t in content.iter(f"{W}t"):
            t.text = BOXES[0] if value else BOXES[1]
        return
    if value == "" or isinstance(value, bool):
        return  # left showing its placeholder
    for flag in props.findall(f"{W}showingPlcHdr"):
        props.remove(flag)
    first = next(content.iter(f"{W}r"), None)
    rpr = first.find(f"{W}rPr") if first is not None else None
    look = copy.deepcopy(rpr) if rpr is not None else etree.Element(f"{W}rPr")
    for unwanted in [*look.findall(f"{W}color"), *look.findall(f"{W}i")]:
        look.remove(unwanted)  # the placeholder's grey italic is not the value's look
    lines = ILLEGAL_XML.sub("", value).replace("\r\n", "\n").split("\n")
    paragraph = sdt.getparent()
    in_cell = paragraph.tag == f"{W}p" and paragraph.getparent().tag == f"{W}tc"
    for child in list(content):
        content.remove(child)
    _run(content, look, lines if not in_cell else lines[:1])
    if in_cell:
        after = paragraph
        for line in lines[1:]:
            new = etree.Element(f"{W}p")
            if paragraph.find(f"{W}pPr") is not None:
                new.append(copy.deepcopy(paragraph.find(f"{W}pPr")))
            _run(new, look, [line])
            after.addnext(new)
            after = new


def _run(parent: Any, look: Any, lines: list[str]) -> None:
    """A run of `lines` (with line breaks between them) added to `parent`."""
    run = etree.SubElement(parent, f"{W}r")
    if len(look):
        run.append(copy.deepcopy(look))
    for n, line in enumerate(lines):
        if n:
            etree.SubElement(run, f"{W}br")
        t = etree.SubElement(run, f"{W}t")
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        t.text = line


def _grow(root: Any, group: str, count: int) -> None:
    """Copy the last row of `group`'s table (numbered N in its tags and titles) until the
    table has `count` rows of it."""
    numbered = re.compile(rf"^{re.escape(group)}\.(\d+)(\.|$)")
    rows: list[Any] = []
    for sdt in root.iter(f"{W}sdt"):
        props = sdt.find(f"{W}sdtPr")
        row = next(sdt.iterancestors(f"{W}tr"), None)
        tagged = props is not None and numbered.match(_val(props, "tag"))
        if tagged and row is not None and row not in rows:
            rows.append(row)
    if not rows:
        return
    last = rows[-1]
    for n in range(len(rows) + 1, count + 1):
        row = copy.deepcopy(last)
        _renumber(row, n)
        last.addnext(row)
        last = row


def _renumber(row: Any, n: int) -> None:
    """A copied row's tags and titles numbered `n` (attendee.7.name, "Attendee 7: name")."""
    for props in row.iter(f"{W}sdtPr"):
        for name in ("tag", "alias"):
            found = props.find(f"{W}{name}")
            if found is not None:
                found.set(f"{W}val", re.sub(r"\d+", str(n), found.get(f"{W}val", ""), count=1))
