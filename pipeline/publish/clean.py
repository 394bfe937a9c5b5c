"""The reviewer's report made fit to publish: tracked changes found (a person must decide
them), and properties, comments, revision ids, thumbnails and printer settings removed; its
title made the published title."""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from datetime import date, datetime
from typing import Any

from ..core.errors import InputError
from ..office.xml import W

TRACKED = [
    "ins",
    "del",
    "moveFrom",
    "moveTo",
    "rPrChange",
    "pPrChange",
    "sectPrChange",
    "tblPrChange",
    "trPrChange",
    "tcPrChange",
    "numberingChange",
    "cellIns",
    "cellDel",
]
DROP_PARTS = re.compile(
    r"^(docProps/custom\.xml|docProps/thumbnail\.\w+|word/comments\w*\.xml|"
    r"word/people\.xml|word/printerSettings/.*|customXml/.*)$"
)


def tracked_changes(report: bytes) -> list[tuple[str, str, int]]:
    """(part, kind, count) of every tracked change left in a .docx; InputError when a part
    cannot be read."""
    kinds = {"ins": "insertions", "del": "deletions", "moveFrom": "moves", "moveTo": "moves"}
    found = []
    with zipfile.ZipFile(io.BytesIO(report)) as package:
        for name in package.namelist():
            if not (name.startswith("word/") and name.endswith(".xml")):
                continue
            xml = _read(package, name).decode("utf-8", errors="replace")
            counts: dict[str, int] = {}
            for tag in TRACKED:
                n = len(re.findall(rf"<w:{tag}[\s>/]", xml))
                if n:
                    kind = kinds.get(tag, "formatting changes")
                    counts[kind] = counts.get(kind, 0) + n
            found += [(name, kind, n) for kind, n in counts.items()]
    return found


def clean_report(report: bytes, produced: date, title: str = "") -> bytes:
    """The report without properties, comments, revision ids, thumbnails or printer settings,
    titled `title` (the published title, as its PDF is) when given; InputError when a part is
    encrypted, damaged or not well-formed XML."""
    from lxml import etree

    source = zipfile.ZipFile(io.BytesIO(report))
    dropped = {n for n in source.namelist() if DROP_PARTS.match(n)}
    output = io.BytesIO()
    moment = datetime(produced.year, produced.month, produced.day).isoformat() + "Z"
    with source, zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as dest:
        for name in source.namelist():
            if name in dropped:
                continue
            data = _read(source, name)
            if name.endswith((".xml", ".rels")):
                try:
                    root = etree.fromstring(data)
                except etree.XMLSyntaxError as exc:
                    raise unreadable(name, f"it is not well-formed XML ({exc})") from exc
                _clean_part(name, root, dropped, moment)
                if name == "docProps/core.xml" and title:
                    _set_title(root, title)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            dest.writestr(info, data)
    return output.getvalue()


def _clean_part(name: str, root: Any, dropped: set[str], moment: str) -> None:
    w = W
    for node in list(root.iter()):
        if not isinstance(node.tag, str):
            continue
        local = node.tag.split("}")[-1]
        if node.tag in (
            f"{w}commentRangeStart",
            f"{w}commentRangeEnd",
            f"{w}commentReference",
            f"{w}rsids",
            f"{w}attachedTemplate",
        ):
            parent = node.getparent()
            parent.remove(node)
            if (
                parent.tag == f"{w}r"
                and len(parent) == 0
                or (parent.tag == f"{w}r" and all(c.tag == f"{w}rPr" for c in parent))
            ):
                parent.getparent().remove(parent)
            continue
        for attr in [a for a in node.attrib if a.split("}")[-1].startswith("rsid")]:
            del node.attrib[attr]
        if name == "docProps/core.xml" and local in (
            "creator",
            "lastModifiedBy",
            "lastPrinted",
            "keywords",
            "description",
            "category",
        ):
            node.text = ""
        elif name == "docProps/core.xml" and local in ("created", "modified"):
            node.text = moment
        elif name == "docProps/core.xml" and local == "revision":
            node.text = "1"
        elif name == "docProps/app.xml" and local in (
            "Company",
            "Manager",
            "Template",
            "HyperlinkBase",
            "TotalTime",
        ):
            node.getparent().remove(node)
        elif local in ("Relationship", "Override"):
            target = node.get("Target") or node.get("PartName") or ""
            if local == "Relationship" and not target.startswith("/"):  # relative to the part
                owner = posixpath.dirname(posixpath.dirname(name))  # word/_rels/x.rels -> word
                target = posixpath.join(owner, target)
            if posixpath.normpath(target).lstrip("/") in dropped:
                node.getparent().remove(node)


def _set_title(core: Any, title: str) -> None:
    """The core properties' dc:title (WCAG 2.4.2: a reader hears it, not the file name)."""
    tag = "{http://purl.org/dc/elements/1.1/}title"
    element = core.find(tag)
    if element is None:
        element = core.makeelement(tag, {})
        core.insert(0, element)
    element.text = title


def _read(package: zipfile.ZipFile, name: str) -> bytes:
    try:
        return package.read(name)
    except (RuntimeError, zipfile.BadZipFile, NotImplementedError, OSError) as exc:
        raise unreadable(name, f"it is encrypted or damaged ({exc})") from exc


def unreadable(part: str, why: str) -> InputError:
    """The error for a part of the reviewer's report the pipeline cannot clean."""
    return InputError(
        f"The reviewer's report cannot be cleaned: its part {part} cannot be read: {why}. Open "
        "the report in Word, save it again as .docx (without a password), and build the pack again."
    )
