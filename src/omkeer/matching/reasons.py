"""Reasons in words, in the active language: the phrases of `explain.PHRASES` (one table, English source
strings) looked up in Django's catalogue, with skills by their label and people by their name.

`explain.describe()` alone gives the English for the command line and the JSON files; pages, the API and emails
use this module. Codes the engine does not know come from `services.why_not` (people outside the run's pool).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.utils import formats
from django.utils.translation import gettext, ngettext

from omkeer.matching import explain
from omkeer.matching.engine import Reason
from omkeer.people.models import Skill


@dataclass(frozen=True)
class Labels:
    """How a reason names things: skills by key (their label in the active language), people by employee id."""

    skills: Mapping[str, Skill] = field(default_factory=dict)
    people: Mapping[str, str] = field(default_factory=dict)

    def skill(self, key: str) -> str:
        found = self.skills.get(key)
        return found.display_label if found else explain.label(key)

    def person(self, employee_id: str) -> str:
        return self.people.get(employee_id, employee_id)


class _Active:
    """The active Django language: the catalogue's translation of each source string, numbers as it writes them."""

    def gettext(self, message: str) -> str:
        return gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return ngettext(singular, plural, n)

    def number(self, value: float, decimals: int) -> str:
        return formats.number_format(value, decimal_pos=decimals)


ACTIVE = _Active()


def describe(reason: Reason, labels: Labels | None = None) -> str:
    """One reason as a phrase in the active language."""
    return explain.describe(reason, labels or Labels(), ACTIVE)


def describe_all(reasons: Sequence[Reason], labels: Labels | None = None) -> list[str]:
    return [describe(reason, labels) for reason in reasons]
