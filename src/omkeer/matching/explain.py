"""Reasons in words: the one table of phrases for the engine's `Reason` codes. Pure: no Django.

Each phrase is an English source string, written out through a `Language`: `ENGLISH` (the strings as they are)
for the command line and the JSON files, or the active Django language (`omkeer.matching.reasons`) for pages,
the API and emails, which then finds the same strings in the catalogue. `Names` says how a phrase names skills
and people: by key and id here, by label and full name on the Django side.

The reasons themselves (which codes a pair or an unmatched mentee gets) are the engine's; `pair_reasons`,
`pair_reasons_many` and `unmatched_reason` are re-exported from `omkeer.matching.engine.result`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol

from omkeer.matching.engine.problem import Reason
from omkeer.matching.engine.result import MAX_SKILL_REASONS, pair_reasons, pair_reasons_many, unmatched_reason

__all__ = [
    "ENGLISH",
    "MAX_SKILL_REASONS",
    "PHRASES",
    "PLAIN",
    "Language",
    "Names",
    "describe",
    "label",
    "pair_reasons",
    "pair_reasons_many",
    "unmatched_reason",
]


class Language(Protocol):
    """Where a phrase's source strings are looked up, and how numbers are written."""

    def gettext(self, message: str) -> str: ...

    def ngettext(self, singular: str, plural: str, n: int) -> str: ...

    def number(self, value: float, decimals: int) -> str: ...


class Names(Protocol):
    """How a phrase names a skill (by its key) and a person (by employee id)."""

    def skill(self, key: str) -> str: ...

    def person(self, employee_id: str) -> str: ...


class _English:
    """The source strings as they are (English, the plural for every count but 1)."""

    def gettext(self, message: str) -> str:
        return message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return singular if n == 1 else plural

    def number(self, value: float, decimals: int) -> str:
        return f"{value:.{decimals}f}"


class _Plain:
    """Skills by their key in words, people by their employee id."""

    def skill(self, key: str) -> str:
        return label(key)

    def person(self, employee_id: str) -> str:
        return employee_id


ENGLISH: Language = _English()
PLAIN: Names = _Plain()


def label(key: str) -> str:
    return key.replace("_", " ")


def describe(reason: Reason, names: Names = PLAIN, language: Language = ENGLISH) -> str:
    """One reason as a phrase (English unless another language is given); unknown codes in plain words."""
    phrase = PHRASES.get(reason.code)
    if phrase is None:
        return label(reason.code)
    return phrase(reason.params, names, language)


_Phrase = Callable[[Mapping[str, Any], Names, Language], str]


def _stronger_skill(p: Mapping[str, Any], names: Names, t: Language) -> str:
    values = {"levels": p["levels"], "skill": names.skill(p["skill"])}
    if p.get("most_important"):
        return (
            t.ngettext(
                "the mentor is %(levels)s level stronger in %(skill)s, which the mentee rated most important",
                "the mentor is %(levels)s levels stronger in %(skill)s, which the mentee rated most important",
                p["levels"],
            )
            % values
        )
    return (
        t.ngettext(
            "the mentor is %(levels)s level stronger in %(skill)s",
            "the mentor is %(levels)s levels stronger in %(skill)s",
            p["levels"],
        )
        % values
    )


def _shared_interests(p: Mapping[str, Any], names: Names, t: Language) -> str:
    interests = ", ".join(label(str(name)) for name in p["interests"])
    return t.gettext("both like %(interests)s") % {"interests": interests}


def _mentee_teaches(p: Mapping[str, Any], names: Names, t: Language) -> str:
    return t.ngettext(
        "the mentee can teach %(skill)s in return (%(levels)s level stronger)",
        "the mentee can teach %(skill)s in return (%(levels)s levels stronger)",
        p["levels"],
    ) % {"skill": names.skill(p["skill"]), "levels": p["levels"]}


def _mentors_taken(p: Mapping[str, Any], names: Names, t: Language) -> str:
    return t.ngettext(
        "the one eligible mentor is needed for a pair that counts for more overall",
        "all %(eligible)s eligible mentors are needed for pairs that count for more overall",
        p["eligible"],
    ) % {"eligible": p["eligible"]}


def _reporting_line(p: Mapping[str, Any], names: Names, t: Language) -> str:
    values = {"levels": p["levels"]}
    if p["manager"] == "mentor":
        return (
            t.ngettext(
                "the mentor is the mentee's manager",
                "the mentor is in the mentee's management chain (%(levels)s levels up)",
                p["levels"],
            )
            % values
        )
    return (
        t.ngettext(
            "the mentee is the mentor's manager",
            "the mentee is in the mentor's management chain (%(levels)s levels up)",
            p["levels"],
        )
        % values
    )


def _level_gap(p: Mapping[str, Any], names: Names, t: Language) -> str:
    values = {"gap": p["gap"], "required": p["required"]}
    if p["gap"] <= 0:
        return (
            t.gettext("the mentee is not above the mentor in level; the programme requires at least %(required)s")
            % values
        )
    return (
        t.ngettext(
            "the mentee is %(gap)s level above the mentor; the programme requires at least %(required)s",
            "the mentee is %(gap)s levels above the mentor; the programme requires at least %(required)s",
            p["gap"],
        )
        % values
    )


def _pinned_elsewhere(p: Mapping[str, Any], names: Names, t: Language) -> str:
    return t.gettext("the mentee is pinned to %(mentor)s") % {"mentor": names.person(p["mentor"])}


def _better_use(p: Mapping[str, Any], names: Names, t: Language) -> str:
    parts = []
    matched = int(p.get("matched_delta") or 0)
    if matched > 0:
        fewer = t.ngettext("%(n)s fewer mentee would be matched", "%(n)s fewer mentees would be matched", matched)
        parts.append(fewer % {"n": matched})
    elif matched < 0:
        more = t.ngettext("%(n)s more mentee would be matched", "%(n)s more mentees would be matched", -matched)
        parts.append(more % {"n": -matched})
    score = float(p["score_delta"])
    amount = t.number(round(abs(score), 3), 3)  # rounded first: Django's number_format truncates
    parts.append(
        (
            t.gettext("the total score would drop by %(amount)s")
            if score >= 0
            else t.gettext("the total score would rise by %(amount)s")
        )
        % {"amount": amount}
    )
    costs = f" {t.gettext('and')} ".join(parts)
    text = t.gettext("pairing them is allowed, but %(costs)s") % {"costs": costs}
    return text + _now(p, names, t)


def _now(p: Mapping[str, Any], names: Names, t: Language) -> str:
    """Who the mentor and the mentee are paired with in the run, as a trailing clause."""
    extra = []
    if p.get("mentor_now"):
        people = ", ".join(names.person(e) for e in p["mentor_now"])
        extra.append(t.gettext("the mentor is proposed for %(names)s") % {"names": people})
    if p.get("mentee_now"):
        extra.append(t.gettext("the mentee is proposed to %(name)s") % {"name": names.person(p["mentee_now"])})
    return "".join(f"; {clause}" for clause in extra)


def _fixed(text: Callable[[Language], str]) -> _Phrase:
    return lambda p, names, t: text(t)


PHRASES: dict[str, _Phrase] = {
    "stronger_skill": _stronger_skill,
    "shared_interests": _shared_interests,
    "cross_department": _fixed(lambda t: t.gettext("different departments")),
    "mentee_teaches": _mentee_teaches,
    "no_eligible_mentor": _fixed(lambda t: t.gettext("no mentor passes the hard rules for this mentee")),
    "mentors_taken": _mentors_taken,
    "same_team": _fixed(lambda t: t.gettext("they are in the same team")),
    "same_department": _fixed(
        lambda t: t.gettext("they are in the same department, and this programme matches across departments only")
    ),
    "reporting_line": _reporting_line,
    "level_gap": _level_gap,
    "untrained": _fixed(lambda t: t.gettext("the mentor has not completed the mentor training")),
    "no_capacity": _fixed(lambda t: t.gettext("the mentor has no capacity left")),
    "no_skill_gain": _fixed(lambda t: t.gettext("the mentor is not stronger in anything the mentee wants to learn")),
    "forbidden": _fixed(lambda t: t.gettext("an admin ruled this pair out")),
    "matched": _fixed(lambda t: t.gettext("they are already matched")),
    "pinned_elsewhere": _pinned_elsewhere,
    "better_use": _better_use,
    # codes of `services.why_not` and of pins, for people outside the run's pool
    "not_ready_mentor": _fixed(
        lambda t: t.gettext("the mentor was not ready to match in this run (accepted, trained and still employed)")
    ),
    "not_ready_mentee": _fixed(
        lambda t: t.gettext(
            "the mentee was not ready to match in this run (intake completed, still employed, no mentor yet)"
        )
    ),
    "same_person": _fixed(lambda t: t.gettext("that is one and the same person")),
}
