"""Cells that a spreadsheet will not run: every CSV or XLSX export writes its values through `safe_cell`.

A text that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula to Excel and LibreOffice
(`=HYPERLINK(...)` in a name becomes a link that leaks data). OWASP's advice: put a single quote before it.
Numbers stay numbers — a negative number in a numeric column is not a formula. `unguard` takes the quote off
again where `safe_cell` put it, so a file we export imports back unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
GUARD = "'"

T = TypeVar("T")


def _needs_guard(text: str) -> bool:
    # A text that already starts with the guard before a formula start gets one more, so `unguard` restores it.
    return text.startswith(FORMULA_STARTS) or (text.startswith(GUARD) and _needs_guard(text[1:]))


def safe_cell(value: T) -> T | str:
    """The value as a cell: a text a spreadsheet would read as a formula gets a leading `'`; anything else
    (numbers, dates, None, plain text) is returned as it is."""
    if isinstance(value, str) and _needs_guard(value):
        return GUARD + value
    return value


def safe_row(values: Sequence[object]) -> list[object]:
    """`safe_cell` on every value of a row."""
    return [safe_cell(value) for value in values]


def unguard(text: str) -> str:
    """The text `safe_cell` was given: its guard removed, and only where `safe_cell` would have added one."""
    if text.startswith(GUARD) and _needs_guard(text[1:]):
        return text[1:]
    return text
