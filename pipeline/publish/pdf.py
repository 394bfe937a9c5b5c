"""PDFs of our documents, made by LibreOffice headless and then given our own metadata.

`to_pdf` converts one .docx with `soffice --headless --convert-to pdf` (tagged PDF,
PDF/UA where LibreOffice supports it, bookmarks from headings), each run with its own
temporary LibreOffice user profile (parallel runs never share one) and a timeout. The
PDF's metadata is then replaced with pikepdf: document information and XMP hold the title
we give (the report's title, never a person's name) and the partnership as author and
creator, dated the day given; everything else LibreOffice wrote there (the docx's author,
subject, keywords, its own creation time) is dropped. The catalog gets `/Lang (en-GB)` and
`/ViewerPreferences << /DisplayDocTitle true >>`, and the file ID is made from the content,
so the same document converted again on the same day gives the same bytes (given the same
LibreOffice version and fonts).

What a PDF holds, for the leak scan, is read by pdfread.py.

`convert_case` is `cspr pdf CASE [WHAT]`: PDFs beside the case's generated documents.
"""

from __future__ import annotations

import fnmatch
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from contextlib import suppress
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from ..case.model import CaseFolder
from ..core.errors import CsprError, InputError
from ..core.files import atomic_path
from ..core.outcome import Outcome

__all__ = [
    "ConversionFailed",
    "ToolMissing",
    "convert_case",
    "page_count",
    "to_pdf",
    "to_pdfs",
]

INSTALL = "apt-get install libreoffice-writer-nogui"
TIMEOUT = 120.0  # seconds for one conversion
LANGUAGE = "en-GB"
# Tagged PDF, PDF/UA (LibreOffice 7.2 and later; 7.4 takes options as JSON on the command
# line), bookmarks from the headings, and the title shown in place of the file name.
EXPORT_OPTIONS = (
    '{"UseTaggedPDF":{"type":"boolean","value":"true"},'
    '"PDFUACompliance":{"type":"boolean","value":"true"},'
    '"ExportBookmarks":{"type":"boolean","value":"true"},'
    '"DisplayPDFDocumentTitle":{"type":"boolean","value":"true"}}'
)
FILTER = f"pdf:writer_pdf_Export:{EXPORT_OPTIONS}"


class ToolMissing(CsprError):
    """Raised when a program the pipeline runs (LibreOffice) is not installed."""


class ConversionFailed(CsprError):
    """Raised when LibreOffice fails to convert a document, or takes too long."""


def soffice() -> str:
    """The LibreOffice program; ToolMissing, naming the install command, when absent."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise ToolMissing(
            "LibreOffice is needed to make PDFs and is not installed (no 'soffice' on the "
            f"PATH). Install it: {INSTALL} (or LibreOffice from libreoffice.org), then run "
            "the command again."
        )
    return found


def to_pdf(
    docx: Path,
    target: Path,
    title: str,
    *,
    author: str = "",
    produced: date | None = None,
    timeout: float = TIMEOUT,
) -> Path:
    """`docx` as a tagged PDF at `target` (written atomically), titled `title`, with
    `author` (the partnership) as author and creator, dated `produced` (default today).
    ToolMissing without LibreOffice; ConversionFailed when it fails or times out."""
    return to_pdfs([(docx, target, title)], author=author, produced=produced, timeout=timeout)[0]


def to_pdfs(
    jobs: Sequence[tuple[Path, Path, str]],
    *,
    author: str = "",
    produced: date | None = None,
    timeout: float = TIMEOUT,
) -> list[Path]:
    """Each (docx, target, title) of `jobs` as `to_pdf` makes it, in one LibreOffice run (it
    starts once: ten letters take two seconds, not twenty); `timeout` is per document. The
    PDFs made, in order."""
    if not jobs:
        return []
    program = soffice()
    with tempfile.TemporaryDirectory(prefix="cspr-pdf-") as scratch:
        work = Path(scratch)
        (work / "in").mkdir()
        sources = []
        for number, (docx, _, _) in enumerate(jobs):
            source = work / "in" / f"document-{number}.docx"  # plain names: never options
            shutil.copyfile(docx, source)
            sources.append(source)
        made = _convert(program, sources, work, [d for d, _, _ in jobs], timeout * len(jobs))
        for pdf, (_, target, title) in zip(made, jobs, strict=True):
            with atomic_path(target) as tmp:
                set_metadata(pdf, tmp, title, author, produced or date.today())
    return [target for _, target, _ in jobs]


def _convert(
    program: str, sources: list[Path], work: Path, originals: list[Path], timeout: float
) -> list[Path]:
    """Run LibreOffice on `sources` with a fresh profile in `work`; the PDFs it made."""
    outdir = work / "out"
    command = [
        program,
        "--headless",
        "--norestore",
        "--nolockcheck",
        f"-env:UserInstallation={(work / 'profile').as_uri()}",
        "--convert-to",
        FILTER,
        "--outdir",
        str(outdir),
        *map(str, sources),
    ]
    env = os.environ | {"HOME": str(work)}  # nothing written to the user's own profile
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env=env,
        start_new_session=True,  # its own process group: a timeout ends all of it
    )
    names = ", ".join(map(str, originals))
    try:
        _, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(process)
        raise ConversionFailed(
            f"LibreOffice took longer than {timeout:.0f} seconds to convert {names} to "
            "PDF and was stopped. Open the document in LibreOffice to check it, and run the "
            "command again."
        ) from None
    except BaseException:
        _kill(process)
        raise
    made = [outdir / f"{source.stem}.pdf" for source in sources]
    failed = [
        str(original)
        for pdf, original in zip(made, originals, strict=True)
        if not pdf.is_file() or pdf.stat().st_size == 0
    ]
    if process.returncode != 0 or failed:
        reason = err.decode("utf-8", "replace").strip().splitlines()
        detail = "; ".join(line for line in reason if "javaldx" not in line)[-500:]
        raise ConversionFailed(
            f"LibreOffice could not convert {', '.join(failed) or names} to PDF (exit "
            f"{process.returncode}"
            + (f": {detail}" if detail else "")
            + "). Check that the file opens in Word or LibreOffice."
        )
    return made


def _kill(process: subprocess.Popen[bytes]) -> None:
    with suppress(OSError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def pdf_date(day: date) -> str:
    return f"D:{day:%Y%m%d}000000Z"


def set_metadata(source: Path, target: Path, title: str, author: str, produced: date) -> None:
    """Write `source` to `target` with our metadata only (see the module's docstring)."""
    import pikepdf

    with pikepdf.open(source) as pdf:
        old = pdf.trailer.get("/Info")
        producer = str(old.get("/Producer", "")) if isinstance(old, pikepdf.Dictionary) else ""
        ua = b"pdfuaid" in _metadata_bytes(pdf.Root)
        info = pikepdf.Dictionary(
            Title=pikepdf.String(title),
            CreationDate=pikepdf.String(pdf_date(produced)),
            ModDate=pikepdf.String(pdf_date(produced)),
        )
        if author:
            info.Author = pikepdf.String(author)
            info.Creator = pikepdf.String(author)
        if producer:
            info.Producer = pikepdf.String(producer)
        pdf.trailer.Info = pdf.make_indirect(info)
        xmp = _xmp(title, author, producer, produced, ua).encode("utf-8")
        pdf.Root.Metadata = pdf.make_stream(
            xmp, Type=pikepdf.Name.Metadata, Subtype=pikepdf.Name.XML
        )
        pdf.Root.Lang = pikepdf.String(LANGUAGE)
        prefs = pdf.Root.get("/ViewerPreferences")
        if not isinstance(prefs, pikepdf.Dictionary):
            prefs = pikepdf.Dictionary()
        prefs.DisplayDocTitle = True
        pdf.Root.ViewerPreferences = prefs
        for key in ("/PieceInfo", "/SpiderInfo"):  # application data that may carry names
            if key in pdf.Root:
                del pdf.Root[key]
        for key in ("/ID", "/DocChecksum"):  # LibreOffice's, from the time: made again below
            if key in pdf.trailer:
                del pdf.trailer[key]
        pdf.save(target, deterministic_id=True, fix_metadata_version=False)


def _metadata_bytes(root: Any) -> bytes:
    import pikepdf

    stream = root.get("/Metadata")
    if isinstance(stream, pikepdf.Stream):
        try:
            return bytes(stream.read_bytes())
        except pikepdf.PdfError:
            return b""
    return b""


def _xmp(title: str, author: str, producer: str, produced: date, ua: bool) -> str:
    moment = f"{produced:%Y-%m-%d}T00:00:00Z"
    creator = (
        f"<dc:creator><rdf:Seq><rdf:li>{escape(author)}</rdf:li></rdf:Seq></dc:creator>"
        if author
        else ""
    )
    tool = f"<xmp:CreatorTool>{escape(author)}</xmp:CreatorTool>" if author else ""
    made_by = f"<pdf:Producer>{escape(producer)}</pdf:Producer>" if producer else ""
    uaid = (
        '<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">'
        "<pdfuaid:part>1</pdfuaid:part></rdf:Description>"
        if ua
        else ""
    )
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        "<dc:format>application/pdf</dc:format>"
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li>'
        f"</rdf:Alt></dc:title>{creator}"
        f"<dc:language><rdf:Bag><rdf:li>{LANGUAGE}</rdf:li></rdf:Bag></dc:language>"
        "</rdf:Description>"
        '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">'
        f"<xmp:CreateDate>{moment}</xmp:CreateDate><xmp:ModifyDate>{moment}</xmp:ModifyDate>"
        f"<xmp:MetadataDate>{moment}</xmp:MetadataDate>{tool}</rdf:Description>"
        '<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">'
        f"{made_by}</rdf:Description>{uaid}"
        '</rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
    )


def page_count(path: Path) -> int:
    """The number of pages of a PDF."""
    import pikepdf

    with pikepdf.open(path) as pdf:
        return len(pdf.pages)


def pdfs_of(files: list[Path]) -> list[Path]:
    """The PDFs among `files`."""
    return [f for f in files if f.suffix.lower() == ".pdf"]


# --- `cspr pdf CASE [WHAT]` ------------------------------------------------------------------


def title_for(path: Path, reference: str) -> str:
    """A generated document's title for its PDF: its kind and the case reference, never a
    name (`requests/police-letter.docx` -> `Police letter: NS-2026-011`)."""
    words = path.stem.replace("_", " ").replace("-", " ").strip()
    return f"{words[:1].upper()}{words[1:]}: {reference}"


def convert_case(folder: CaseFolder, out: Path, today: date, what: str = "") -> Outcome:
    """PDFs beside the case's generated documents in OUT/<reference>/ (not the publication
    pack, which makes its own): every .docx, or those whose path from OUT/<reference>/ or
    name without .docx matches `what` (a glob: `combined-summary`, `requests/*`)."""
    outcome = Outcome()
    base = out / folder.reference
    documents = sorted(
        p
        for p in base.rglob("*.docx")
        if not any(
            part.startswith(".") or part == "publish-pack" for part in p.relative_to(base).parts
        )
    )
    if what:
        documents = [d for d in documents if _matches(d.relative_to(base), what)]
    if not documents:
        raise InputError(
            f"No generated document in {base}"
            + (f" matches '{what}'" if what else "")
            + ". Make the documents first (e.g. `cspr summary`), then convert them."
        )
    jobs = [(d, d.with_suffix(".pdf"), title_for(d, folder.reference)) for d in documents]
    outcome.written += to_pdfs(jobs, author=folder.partnership.name, produced=today)
    return outcome


def _matches(relative: Path, what: str) -> bool:
    pattern = what.removesuffix(".docx").removesuffix(".pdf")
    candidates = [relative.as_posix(), relative.with_suffix("").as_posix(), relative.stem]
    return any(fnmatch.fnmatchcase(c, pattern) for c in candidates)
