"""Every piece of text a PDF holds, wherever it is, for the leak scan (leaks.py):
document information, XMP, page text (pdftotext, else the text operators of the content
streams), annotations, bookmarks, form fields, the structure tree (alt text), named
destinations, attachments and their names, and any other string in any object."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

from .parts import JOIN, Piece, _pieces
from .pdf import TIMEOUT, _metadata_bytes


class PdfItem(NamedTuple):
    """Something a PDF holds: text (`piece`) in a part (`pdf:info`, `pdf:page 3`...), or an
    attached file's bytes (`data`, named by `piece.text`) to scan as a file of its own."""

    part: str
    piece: Piece
    data: bytes | None = None


class Unreadable(Exception):
    """The PDF cannot be opened (damaged, or encrypted with a password)."""


ANNOTATIONS = {
    "/Text", "/Link", "/FreeText", "/Line", "/Square", "/Circle", "/Polygon", "/PolyLine",
    "/Highlight", "/Underline", "/Squiggly", "/StrikeOut", "/Stamp", "/Caret", "/Ink",
    "/Popup", "/FileAttachment", "/Sound", "/Movie", "/Widget", "/Screen", "/PrinterMark",
    "/TrapNet", "/Watermark", "/3D", "/Redact", "/RichMedia", "/Projection",
}  # fmt: skip
STRUCTURE_KEYS = {"/Alt": "alt text", "/ActualText": "actual text", "/E": "abbreviation"}
STRUCTURE_KEYS |= {"/T": "structure title"}
FIELD_KEYS = {"/T": "field name", "/TU": "field tooltip", "/TM": "field export name"}
FIELD_KEYS |= {"/V": "field value", "/DV": "field default value", "/Opt": "field option"}
TEXT_OPERATORS = {"Tj", "TJ", "'", '"'}


def pdf_pieces(data: bytes) -> list[PdfItem]:
    """Every piece of text in a PDF and every attached file; Unreadable when it cannot be
    opened at all."""
    import pikepdf

    try:
        pdf = pikepdf.open(_stream(data))
    except (pikepdf.PdfError, pikepdf.PasswordError, ValueError) as exc:
        raise Unreadable(str(exc)) from exc
    with pdf:
        return list(_Reader(pdf, data).items())


def _stream(data: bytes) -> Any:
    import io

    return io.BytesIO(data)


@dataclass
class _Reader:
    pdf: Any
    data: bytes

    def __post_init__(self) -> None:
        self.seen: set[tuple[int, int]] = set()
        self.names: set[str] = set()  # name objects and dictionary keys

    def items(self) -> Iterator[PdfItem]:
        import pikepdf

        info = self.pdf.trailer.get("/Info")
        if isinstance(info, pikepdf.Dictionary):
            self._mark(info)
            for key, value in info.items():
                yield from self._strings(value, "pdf:info", f"document information {key}")
        yield from self._xmp(self.pdf.Root, "pdf:xmp", "XMP metadata")
        yield from self._pages()
        outlines = self.pdf.Root.get("/Outlines")
        if isinstance(outlines, pikepdf.Dictionary):
            yield from self._outlines(outlines)
        form = self.pdf.Root.get("/AcroForm")
        if isinstance(form, pikepdf.Dictionary):
            for number, field in enumerate(form.get("/Fields", pikepdf.Array()), start=1):
                yield from self._field(field, f"form field {number}")
        for obj in self.pdf.objects:  # attachments first, so their data keeps its name
            if (
                isinstance(obj, pikepdf.Dictionary)
                and (obj.get("/Type") == "/Filespec" or "/EF" in obj)
                and not self._seen(obj)
            ):
                self._mark(obj)
                yield from self._filespec(obj)
        # everything else, object by object: the structure tree (alt text), named
        # destinations, JavaScript, attachments from the name tree, and any other string
        for obj in self.pdf.objects:
            yield from self._walk(obj, "pdf:other", f"object {obj.objgen[0]}", depth=0)
        yield from self._walk(self.pdf.trailer, "pdf:other", "trailer", depth=0)
        names = sorted(n for n in self.names if len(n) > 2)
        if names:
            text = JOIN.join(names)
            yield PdfItem("pdf:names", Piece("name objects and keys", text, generic=False))

    # what the visible pages hold
    def _pages(self) -> Iterator[PdfItem]:
        texts = _pdftotext(self.data)
        for number, page in enumerate(self.pdf.pages, start=1):
            part = f"pdf:page {number}"
            if texts is not None:
                text = texts[number - 1] if number - 1 < len(texts) else ""
            else:
                text = _operator_text(page)
            if text.strip():
                yield PdfItem(part, Piece(f"page {number} text", text))
            self._mark(page.obj)
            annots = page.obj.get("/Annots")
            if annots is not None:
                for index, annot in enumerate(annots, start=1):
                    yield from self._annotation(annot, number, index)
            for key, value in page.obj.items():
                if key not in ("/Annots", "/Parent", "/Contents"):
                    yield from self._walk(value, "pdf:other", f"page {number} {key}", depth=1)

    def _annotation(self, annot: Any, page: int, index: int) -> Iterator[PdfItem]:
        import pikepdf

        if not isinstance(annot, pikepdf.Dictionary) or self._seen(annot):
            return
        self._mark(annot)
        kind = str(annot.get("/Subtype", "/Annot"))[1:]
        place = f"{kind} annotation {index} on page {page}" if page else f"{kind} annotation"
        for key, value in annot.items():
            if key in ("/P", "/Parent", "/Popup", "/IRT"):
                continue
            if key == "/AP":
                yield from self._appearance(value, "pdf:annotation", f"{place}, appearance")
            elif key in ("/FS",):
                yield from self._walk(value, "pdf:attachment", place, depth=1)
            elif kind == "Widget" and key in FIELD_KEYS:
                yield from self._strings(value, "pdf:form field", f"{place} {FIELD_KEYS[key]}")
            else:
                yield from self._walk(value, "pdf:annotation", f"{place} {key}", depth=1)

    def _appearance(self, value: Any, part: str, place: str) -> Iterator[PdfItem]:
        """Text drawn by an annotation's appearance streams (its simple text operators)."""
        import pikepdf

        stack = [value]
        while stack:
            item = stack.pop()
            if isinstance(item, pikepdf.Stream):
                if self._seen(item):
                    continue
                self._mark(item)
                text = _operator_text(item)
                if text.strip():
                    yield PdfItem(part, Piece(place, text))
            elif isinstance(item, pikepdf.Dictionary):
                stack += list(item.values())

    def _outlines(self, outlines: Any) -> Iterator[PdfItem]:
        import pikepdf

        self._mark(outlines)
        stack = [outlines.get("/First")]
        count = 0
        while stack:
            item = stack.pop()
            if not isinstance(item, pikepdf.Dictionary) or self._seen(item) or count > 100_000:
                continue
            self._mark(item)
            count += 1
            place = f"bookmark {count}"
            yield from self._strings(item.get("/Title"), "pdf:outline", f"{place} title")
            for key in ("/A", "/Dest", "/SE"):
                if key in item:
                    yield from self._walk(item[key], "pdf:outline", f"{place} {key}", depth=1)
            stack += [item.get("/Next"), item.get("/First")]

    def _field(self, field: Any, place: str) -> Iterator[PdfItem]:
        import pikepdf

        if not isinstance(field, pikepdf.Dictionary) or self._seen(field):
            return
        self._mark(field)
        for key, value in field.items():
            if key in FIELD_KEYS:
                yield from self._strings(value, "pdf:form field", f"{place} {FIELD_KEYS[key]}")
        for number, kid in enumerate(field.get("/Kids", pikepdf.Array()), start=1):
            yield from self._field(kid, f"{place}.{number}")

    def _xmp(self, owner: Any, part: str, place: str) -> Iterator[PdfItem]:
        body = _metadata_bytes(owner)
        if body:
            for piece in _pieces("metadata.xml", body, place):
                yield PdfItem(part, piece)

    def _walk(self, obj: Any, part: str, place: str, depth: int) -> Iterator[PdfItem]:
        """Every string (and name) under `obj` not read already, in its part by the kind of
        dictionary it sits in: attachments, the structure tree, anything else."""
        import pikepdf

        if depth > 200:
            return
        if isinstance(obj, pikepdf.String):
            yield from self._strings(obj, part, place)
            return
        if isinstance(obj, pikepdf.Name):
            yield from self._names(obj, part, place)
            return
        if isinstance(obj, pikepdf.Array):
            for item in obj:
                yield from self._walk(item, part, place, depth + 1)
            return
        if not isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            return
        if self._seen(obj):
            return
        self._mark(obj)
        kind = obj.get("/Type")
        subtype = obj.get("/Subtype")
        if kind == "/Annot" or (subtype in ANNOTATIONS and "/Rect" in obj):
            self.seen.discard(obj.objgen)
            yield from self._annotation(obj, 0, 0)  # on no page's /Annots
            return
        if isinstance(obj, pikepdf.Stream):
            yield from self._stream(obj, part, place)
            return
        if kind == "/Filespec" or "/EF" in obj:
            yield from self._filespec(obj)
            return
        if kind == "/StructElem" or ("/S" in obj and "/P" in obj and "/K" in obj):
            for key, what in STRUCTURE_KEYS.items():
                if key in obj:
                    yield from self._strings(obj[key], "pdf:structure", what)
            for key, value in obj.items():
                if key not in STRUCTURE_KEYS and key not in ("/P", "/Pg", "/K"):
                    yield from self._walk(value, "pdf:structure", key, depth + 1)
            kids = obj.get("/K")
            if kids is not None:
                yield from self._walk(kids, "pdf:structure", "", depth + 1)
            return
        if "/FT" in obj and ("/T" in obj or "/Kids" in obj):
            yield from self._field(obj, "form field")
            return
        if "/Metadata" in obj:
            yield from self._xmp(obj, "pdf:xmp", "XMP metadata of an object")
        for key, value in obj.items():
            self.names.add(key[1:])
            if key in ("/Parent", "/P", "/Metadata"):
                continue
            where = f"{place} {key}".strip()
            yield from self._walk(value, part, where if part == "pdf:other" else place, depth + 1)

    def _stream(self, stream: Any, part: str, place: str) -> Iterator[PdfItem]:
        import pikepdf

        kind, subtype = stream.get("/Type"), stream.get("/Subtype")
        if kind == "/EmbeddedFile":
            yield PdfItem("pdf:attachment", Piece("attached file", "attachment"), _bytes(stream))
            return
        elif kind == "/Metadata" or subtype == "/XML":
            try:
                body = bytes(stream.read_bytes())
            except pikepdf.PdfError:
                return
            for piece in _pieces("metadata.xml", body, "XMP metadata"):
                yield PdfItem("pdf:xmp", piece)
        elif subtype == "/Form":
            text = _operator_text(stream)
            if text.strip():
                yield PdfItem("pdf:form xobject", Piece("text drawn by a form XObject", text))
        elif subtype == "/Image" and stream.get("/Filter") in ("/DCTDecode", "/JPXDecode"):
            # a JPEG keeps its EXIF and XMP (an author, a camera owner): read the raw bytes
            raw = bytes(stream.read_raw_bytes())
            yield PdfItem("pdf:image", Piece("image metadata", "image.jpg"), raw)
        elif subtype == "/JavaScript" or kind == "/JavaScript" or place.endswith("/JS"):
            yield PdfItem(part, Piece(place or "JavaScript", _bytes(stream).decode("latin-1")))
        for key, value in stream.items():
            if key not in ("/Length", "/Filter", "/DecodeParms", "/Parent", "/Metadata"):
                yield from self._walk(value, part, f"{place} {key}".strip(), 1)

    def _filespec(self, spec: Any) -> Iterator[PdfItem]:
        import pikepdf

        names = []
        for key in ("/UF", "/F", "/Unix", "/DOS", "/Mac", "/Desc"):
            value = spec.get(key)
            if isinstance(value, pikepdf.String):
                names.append(str(value))
                where = "attachment description" if key == "/Desc" else f"attachment {key}"
                yield from self._strings(value, "pdf:attachment name", where)
        files = spec.get("/EF")
        if isinstance(files, pikepdf.Dictionary):
            for key, stream in files.items():
                if isinstance(stream, pikepdf.Stream) and not self._seen(stream):
                    self._mark(stream)
                    name = names[0] if names else key[1:]
                    yield PdfItem("pdf:attachment", Piece("attached file", name), _bytes(stream))

    def _strings(self, value: Any, part: str, place: str) -> Iterator[PdfItem]:
        import pikepdf

        if isinstance(value, pikepdf.String):
            text = _string_text(value)
            if text.strip():
                yield PdfItem(part, Piece(place, text))
        elif isinstance(value, pikepdf.Array):
            for item in value:
                yield from self._strings(item, part, place)
        elif value is not None:
            yield from self._walk(value, part, place, depth=1)

    def _names(self, name: Any, part: str, place: str) -> Iterator[PdfItem]:
        """A name object (a destination's, a role's): kept, and read once at the end, for
        this case's terms only (the PDF vocabulary is full of ordinary names)."""
        self.names.add(str(name)[1:])
        yield from ()

    def _seen(self, obj: Any) -> bool:
        return bool(obj.is_indirect) and obj.objgen in self.seen

    def _mark(self, obj: Any) -> None:
        if obj.is_indirect:
            self.seen.add(obj.objgen)


def _bytes(stream: Any) -> bytes:
    import pikepdf

    try:
        return bytes(stream.read_bytes())
    except pikepdf.PdfError:
        return bytes(stream.read_raw_bytes())


def _string_text(value: Any) -> str:
    """A PDF string as text: UTF-16 with a byte-order mark, UTF-8 with one, else PDFDoc;
    bytes that are no text at all are read as Latin-1 so nothing is lost."""
    try:
        return str(value)
    except UnicodeDecodeError:
        return bytes(value).decode("latin-1")


def _pdftotext(data: bytes) -> list[str] | None:
    """Each page's text by poppler's pdftotext, or None when it is not installed or fails."""
    program = shutil.which("pdftotext")
    if not program:
        return None
    try:
        done = subprocess.run(
            [program, "-q", "-enc", "UTF-8", "-", "-"],
            input=data,
            capture_output=True,
            timeout=TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.decode("utf-8", "replace").split("\f")


def _operator_text(content: Any) -> str:
    """The strings shown by a page's or form's text operators: exact for simple fonts
    (WinAnsi, standard encodings); for fonts with their own glyph codes (subset fonts
    LibreOffice writes) it is not text, so pdftotext is preferred."""
    import pikepdf

    try:
        instructions = pikepdf.parse_content_stream(content)
    except (pikepdf.PdfError, TypeError, ValueError):
        return ""
    lines = []
    for instruction in instructions:
        if not isinstance(instruction, pikepdf.ContentStreamInstruction):
            continue  # an inline image
        operands, operator = instruction.operands, instruction.operator
        if str(operator) not in TEXT_OPERATORS:
            continue
        pieces = []
        for operand in operands:
            if isinstance(operand, pikepdf.String):
                pieces.append(bytes(operand).decode("latin-1"))
            elif isinstance(operand, pikepdf.Array):
                pieces += [
                    bytes(item).decode("latin-1")
                    for item in operand
                    if isinstance(item, pikepdf.String)
                ]
        lines.append("".join(pieces))
    return "\n".join(lines)
