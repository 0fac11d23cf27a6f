"""Compile every locale/*/LC_MESSAGES/*.po into .mo with polib (no GNU gettext needed at run time).

`make messages` runs this after `makemessages`; the compiled .mo files are committed, so `make run`
works on a machine without gettext.
"""

from __future__ import annotations

from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def compile_all(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """Write a .mo beside each .po (fuzzy entries are left out, as msgfmt does); return the files written."""
    written = []
    for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        po = polib.pofile(str(po_path))
        mo_path = po_path.with_suffix(".mo")
        po.save_as_mofile(str(mo_path))
        written.append(mo_path)
    return written


if __name__ == "__main__":
    for path in compile_all():
        print(path)
