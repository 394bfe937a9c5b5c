"""The accessibility check of a PDF, with pikepdf: marked and tagged, /Lang, DisplayDocTitle
and an XMP title, figures with /Alt, tables with TH cells (PDF/UA-1 7.1, 7.2, 7.3, 7.5; WCAG
1.1.1, 1.3.1, 2.4.2, 3.1.1). The rules and what no automated check judges: accessibility.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..core.findings import Findings
from .a11y import CODE, RULES


def check_pdf(path: Path, label: str) -> Findings:
    """Accessibility findings for a PDF: marked, tagged, its language, its title shown,
    figures with alt text and tables with header cells."""
    import pikepdf

    findings = Findings()

    def add(field: str, sheet: str, message: str, hint: str, value: object = "") -> None:
        rule = f" ({RULES[field]})" if field in RULES else ""
        findings.add(
            CODE,
            message + rule + ".",
            file=label,
            sheet=sheet,
            field=field,
            value=value,
            hint=hint,
        )

    export = (
        "Export from Word with 'Document structure tags for accessibility', or from "
        "LibreOffice with 'Tagged PDF' or 'Universal Accessibility (PDF/UA)'."
    )
    try:
        pdf = pikepdf.open(path)
    except (pikepdf.PdfError, OSError) as exc:
        add("readable", "file", f"The PDF cannot be read to check it ({exc})", "Export it again.")
        return findings
    with pdf:
        root = pdf.Root
        mark = root.get("/MarkInfo")
        if not (isinstance(mark, pikepdf.Dictionary) and _true(mark.get("/Marked"))):
            add("marked", "catalog", "The PDF is not marked as tagged (/MarkInfo /Marked)", export)
        tree = root.get("/StructTreeRoot")
        if not isinstance(tree, pikepdf.Dictionary):
            add("tagged", "catalog", "The PDF has no structure tree (/StructTreeRoot)", export)
        if not str(root.get("/Lang") or "").strip():
            add(
                "language",
                "catalog",
                "The PDF does not say its language (/Lang)",
                "Set the document's language before exporting (Review > Language).",
            )
        prefs = root.get("/ViewerPreferences")
        if not (isinstance(prefs, pikepdf.Dictionary) and _true(prefs.get("/DisplayDocTitle"))):
            add(
                "display title",
                "catalog",
                "The PDF shows its file name, not its title, in the window "
                "(/ViewerPreferences /DisplayDocTitle)",
                "Export with the title shown (LibreOffice: PDF Options > Initial View > "
                "Window options > Display document title; PDF/UA export sets it).",
            )
        xmp, info = _pdf_titles(pdf)
        if not xmp:
            add(
                "title",
                "metadata",
                "The PDF has no title in its XMP metadata (dc:title)"
                + (", only in its document information" if info else ""),
                "Give the document a title (File > Properties > Title) and export as PDF/UA "
                "(LibreOffice: 'Universal Accessibility'), which writes the XMP metadata.",
                info,
            )
        if isinstance(tree, pikepdf.Dictionary):
            pages = {page.obj.objgen: n for n, page in enumerate(pdf.pages, start=1)}
            _check_structure(tree, pages, add)
    return findings


def _true(value: object) -> bool:
    """A PDF boolean that is true (pikepdf gives it as a Python bool)."""
    return value is True


def _pdf_titles(pdf: Any) -> tuple[str, str]:
    """The title in the XMP metadata (PDF/UA-1 7.1 asks for it there) and the one in the
    document information."""
    try:
        xmp = str(pdf.open_metadata().get("dc:title") or "").strip()
    except Exception:  # noqa: BLE001 - damaged XMP holds no title
        xmp = ""
    info = pdf.trailer.get("/Info")
    return xmp, str(info.get("/Title") or "").strip() if info is not None else ""


def _check_structure(tree: Any, pages: dict[tuple[int, int], int], add: Any) -> None:
    """Walk the structure tree with a stack, not recursion (it can be deep and large), each
    element once (a damaged tree can loop): every Figure needs /Alt (or /ActualText), every
    Table of more than one row a TH of its own (not one of a table inside it); a table of
    one row is layout, as in a .docx."""
    import pikepdf

    rolemap = tree.get("/RoleMap")
    roles = (
        {str(k): str(v) for k, v in rolemap.items() if isinstance(v, pikepdf.Name)}
        if isinstance(rolemap, pikepdf.Dictionary)
        else {}
    )

    def standard(kind: str) -> str:
        met: set[str] = set()
        while kind in roles and kind not in met:
            met.add(kind)
            kind = roles[kind]
        return kind

    seen: set[tuple[int, int]] = set()
    figures = 0
    tables: list[Any] = []
    heads: list[int] = []  # TH cells of each table
    rows: list[int] = []  # TR rows of each table
    # (element, index in `tables` of the innermost table it sits in, or -1)
    stack: list[tuple[Any, int]] = [(kid, -1) for kid in reversed(_kids(tree))]
    while stack:
        node, table = stack.pop()
        if not isinstance(node, pikepdf.Dictionary):
            continue  # a marked-content id or a broken reference
        if node.is_indirect:
            if node.objgen in seen:
                continue
            seen.add(node.objgen)
        kind = standard(str(node.get("/S", "")))
        if kind == "/Figure":
            figures += 1
            alt = str(node.get("/Alt") or node.get("/ActualText") or "").strip()
            if not alt:
                place = f"figure {figures}{_page(node, pages)}"
                add(
                    "alt text",
                    "structure tree",
                    f"The {place} has no alt text (/Alt)",
                    "Give the picture alt text in the document before exporting, or mark it "
                    "decorative.",
                    place,
                )
        elif kind == "/Table":
            tables.append(node)
            heads.append(0)
            rows.append(0)
            table = len(tables) - 1
        elif kind == "/TH" and table >= 0:
            heads[table] += 1
        elif kind == "/TR" and table >= 0:
            rows[table] += 1
        stack.extend((kid, table) for kid in reversed(_kids(node)))
    for number, (node, count, length) in enumerate(zip(tables, heads, rows, strict=True), 1):
        if not count and length > 1:
            place = f"table {number}{_page(node, pages)}"
            add(
                "table header",
                "structure tree",
                f"The {place} has no header cells (TH)",
                "Mark the table's first row as a header row ('Repeat as header row') in the "
                "document before exporting.",
                place,
            )


def _kids(node: Any) -> list[Any]:
    import pikepdf

    kids = node.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _page(node: Any, pages: dict[tuple[int, int], int]) -> str:
    """' on page N' for an element that names its page, else ''."""
    page = node.get("/Pg")
    number = pages.get(page.objgen) if page is not None and page.is_indirect else None
    return f" on page {number}" if number else ""
