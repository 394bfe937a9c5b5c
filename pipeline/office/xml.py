"""Text made safe for Office XML (WordprocessingML and SpreadsheetML)."""

from __future__ import annotations

import re
from html import escape as _html_escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"  # the Word namespace as lxml spells a tag: f"{W}p"
# characters XML 1.0 cannot hold at all
ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# characters that need more than copying: markup, line breaks, or the illegal ones
NEEDS_CARE = re.compile("[&<>\r\n\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def escape(text: str) -> str:
    """`&`, `<` and `>` as XML entities (xml.sax.saxutils.escape without its import cost:
    it pulls in urllib, 13 ms of every command's start)."""
    return _html_escape(text, quote=False)


def plain(text: str) -> bool:
    """Whether `text` goes into XML as it is: no markup characters and nothing unprintable
    (line breaks, control characters, lone surrogates). Twice as fast as searching with
    NEEDS_CARE; a few harmless characters (a tab, a no-break space) answer False too."""
    return "&" not in text and "<" not in text and ">" not in text and text.isprintable()
