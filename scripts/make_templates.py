"""Write the first versions of the Word templates in templates/.

The templates are ordinary .docx files: once written, a business office edits
them in Word (fields are `{{ ... }}`, repeated table rows `{%tr for ... %}`,
optional paragraphs `{%p if ... %}`). Re-running this script overwrites local
edits, so run it only to start afresh. Field reference: templates/README.md.

    python scripts/make_templates.py            # write templates/ afresh
    python scripts/make_templates.py --check    # exit 1 if templates/ differs (make lint)

Each module of scripts/templating/ writes one group of templates. Files are saved
deterministically (fixed dates), so the same script makes the same bytes.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from templating import after, base, forms, letters, review, summaries  # noqa: E402

SHIPPED = base.SHIPPED
GROUPS = (forms, letters, summaries, review, after)


def main() -> None:
    if "--check" in sys.argv[1:]:
        with tempfile.TemporaryDirectory() as scratch:
            base.OUT = Path(scratch)
            write_all()
            made = sorted(p.name for p in base.OUT.glob("*.docx"))
            stale = [n for n in made if (base.OUT / n).read_bytes() != _read(SHIPPED / n)]
        if stale:
            print(
                f"templates/ differs from what scripts/make_templates.py makes: {', '.join(stale)}."
                " Run `python scripts/make_templates.py` (or change the script to match).",
                file=sys.stderr,
            )
            sys.exit(1)
        print(f"templates/: all {len(made)} shipped templates are what the script makes.")
        return
    write_all()
    print(f"wrote templates to {base.OUT}")


def _read(path: Path) -> bytes:
    return path.read_bytes() if path.is_file() else b""


def write_all() -> None:
    base.OUT.mkdir(exist_ok=True)
    for group in GROUPS:
        group.write()


if __name__ == "__main__":
    main()
