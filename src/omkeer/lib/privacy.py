"""The words of a privacy declaration: what erasing a person does to each model that holds personal data.

Each domain app lists its models in its own `privacy.py` as `STRATEGIES = {Model: [strategy, …]}`, and says what
a person may download of it in `export(subject)`. `omkeer.privacy` collects both and applies them; this module
knows no domain (the people app's Employee and the accounts User are reached only through lookup paths).

- `Delete(*paths)`: delete the rows that belong to the person (a path leads from the row to an Employee or User;
  "pk" is the row itself), or those `where(subject)` selects.
- `Tombstone(*paths, fields={…})`: keep the rows, so that counts, figures and aggregates stay valid, and overwrite
  their personal fields with fixed values: a constant, `REDACTED` (the placeholder where the field is not empty),
  or a function of the subject (for unique fields).
- `Scrub(*fields, within=paths)`: in every row (or only in those `within` reaches), replace the person's name,
  email, employee id and login wherever they occur in these text or JSON fields.
- `Call(function)`: the model's own app holds the one way to change it (the append-only audit log):
  `function(subject)` does it and returns how many rows changed.
- `Keep(reason)`: the rows stay as they are; the reason says why (no personal field, and the person they point to
  is a tombstone after erasure).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

PLACEHOLDER = "[erased]"
MIN_NEEDLE = 3  # shorter strings are not scrubbed from other people's text: they would hit ordinary words


class _Redacted:
    def __repr__(self) -> str:
        return "REDACTED"


REDACTED: Any = _Redacted()


@dataclass(frozen=True)
class Subject:
    """The person being exported or erased, as the strategies see them."""

    employee: Any  # omkeer.people.models.Employee | None
    user: Any  # omkeer.accounts.models.User | None
    ref: str  # a pseudonymous reference: what is left of them in tombstones and the audit log
    needles: tuple[str, ...] = ()  # what identifies them in text: full name, email, employee id, login

    @property
    def logins(self) -> tuple[str, ...]:
        if self.user is None:
            return ()
        return tuple(value for value in {self.user.username, self.user.email} if value)


@dataclass(frozen=True)
class Delete:
    paths: tuple[str, ...]
    where: Callable[[Subject], Q] | None = None

    def __init__(self, *paths: str, where: Callable[[Subject], Q] | None = None) -> None:
        object.__setattr__(self, "paths", paths)
        object.__setattr__(self, "where", where)


@dataclass(frozen=True)
class Tombstone:
    paths: tuple[str, ...]
    fields: dict[str, Any] = field(default_factory=dict)
    clear: tuple[str, ...] = ()  # many-to-many relations to empty

    def __init__(self, *paths: str, fields: dict[str, Any], clear: tuple[str, ...] = ()) -> None:
        object.__setattr__(self, "paths", paths)
        object.__setattr__(self, "fields", fields)
        object.__setattr__(self, "clear", clear)


@dataclass(frozen=True)
class Scrub:
    fields: tuple[str, ...]
    within: tuple[str, ...] | None = None  # None: every row of the table

    def __init__(self, *fields: str, within: tuple[str, ...] | None = None) -> None:
        object.__setattr__(self, "fields", fields)
        object.__setattr__(self, "within", within)


@dataclass(frozen=True)
class Call:
    function: Callable[[Subject], int]


@dataclass(frozen=True)
class Keep:
    reason: str

    def __post_init__(self) -> None:
        if not self.reason.strip():
            raise ValueError("Keep needs a reason")


Strategy = Delete | Tombstone | Scrub | Call | Keep


def scrub(value: Any, needles: tuple[str, ...]) -> Any:
    """`value` with every needle replaced by the placeholder, ignoring case; lists and dicts (JSON) recursively,
    keys included. Anything that is not text is returned as it is."""
    usable = sorted({n for n in needles if n and len(n) >= MIN_NEEDLE}, key=len, reverse=True)
    if not usable:
        return value
    pattern = re.compile("|".join(re.escape(n) for n in usable), re.IGNORECASE)

    def walk(item: Any) -> Any:
        if isinstance(item, str):
            return pattern.sub(PLACEHOLDER, item)
        if isinstance(item, list):
            return [walk(x) for x in item]
        if isinstance(item, dict):
            return {walk(k): walk(v) for k, v in item.items()}
        return item

    return walk(value)


def rows(queryset: Any, *fields: str) -> list[dict[str, Any]]:
    """A queryset as plain dicts of the named fields (for an export)."""
    return [dict(row) for row in queryset.values(*fields)]
