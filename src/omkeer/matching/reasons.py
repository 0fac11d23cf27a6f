"""Reasons in words, in the active language: the engine's `Reason` codes and parameters as translated phrases.

`explain.describe()` gives English for the command line and the JSON files; pages and emails use this module.
Codes the engine does not know come from `services.why_not` (people outside the run's pool).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from omkeer.matching.engine import Reason
from omkeer.people.models import Skill


@dataclass(frozen=True)
class Labels:
    """How a reason names things: skills by key (their label in the active language), people by employee id."""

    skills: Mapping[str, Skill] = field(default_factory=dict)
    people: Mapping[str, str] = field(default_factory=dict)

    def skill(self, key: str) -> str:
        found = self.skills.get(key)
        return found.display_label if found else key.replace("_", " ")

    def person(self, employee_id: str) -> str:
        return self.people.get(employee_id, employee_id)


def describe(reason: Reason, labels: Labels | None = None) -> str:
    """One reason as a phrase in the active language."""
    phrase = PHRASES.get(reason.code)
    if phrase is None:
        return reason.code.replace("_", " ")
    return phrase(reason.params, labels or Labels())


def describe_all(reasons: Sequence[Reason], labels: Labels | None = None) -> list[str]:
    return [describe(reason, labels) for reason in reasons]


def _stronger_skill(p: Mapping[str, Any], labels: Labels) -> str:
    values = {"levels": p["levels"], "skill": labels.skill(p["skill"])}
    if p.get("most_important"):
        return (
            ngettext(
                "the mentor is %(levels)s level stronger in %(skill)s, which the mentee rated most important",
                "the mentor is %(levels)s levels stronger in %(skill)s, which the mentee rated most important",
                p["levels"],
            )
            % values
        )
    return (
        ngettext(
            "the mentor is %(levels)s level stronger in %(skill)s",
            "the mentor is %(levels)s levels stronger in %(skill)s",
            p["levels"],
        )
        % values
    )


def _shared_interests(p: Mapping[str, Any], labels: Labels) -> str:
    names = ", ".join(str(name).replace("_", " ") for name in p["interests"])
    return _("both like %(interests)s") % {"interests": names}


def _mentee_teaches(p: Mapping[str, Any], labels: Labels) -> str:
    return ngettext(
        "the mentee can teach %(skill)s in return (%(levels)s level stronger)",
        "the mentee can teach %(skill)s in return (%(levels)s levels stronger)",
        p["levels"],
    ) % {"skill": labels.skill(p["skill"]), "levels": p["levels"]}


def _mentors_taken(p: Mapping[str, Any], labels: Labels) -> str:
    return ngettext(
        "the one eligible mentor is needed for a pair that counts for more overall",
        "all %(eligible)s eligible mentors are needed for pairs that count for more overall",
        p["eligible"],
    ) % {"eligible": p["eligible"]}


def _reporting_line(p: Mapping[str, Any], labels: Labels) -> str:
    values = {"levels": p["levels"]}
    if p["manager"] == "mentor":
        return (
            ngettext(
                "the mentor is the mentee's manager",
                "the mentor is in the mentee's management chain (%(levels)s levels up)",
                p["levels"],
            )
            % values
        )
    return (
        ngettext(
            "the mentee is the mentor's manager",
            "the mentee is in the mentor's management chain (%(levels)s levels up)",
            p["levels"],
        )
        % values
    )


def _level_gap(p: Mapping[str, Any], labels: Labels) -> str:
    values = {"gap": p["gap"], "required": p["required"]}
    if p["gap"] <= 0:
        return _("the mentee is not above the mentor in level; the programme requires at least %(required)s") % values
    return (
        ngettext(
            "the mentee is %(gap)s level above the mentor; the programme requires at least %(required)s",
            "the mentee is %(gap)s levels above the mentor; the programme requires at least %(required)s",
            p["gap"],
        )
        % values
    )


def _pinned_elsewhere(p: Mapping[str, Any], labels: Labels) -> str:
    return _("the mentee is pinned to %(mentor)s") % {"mentor": labels.person(p["mentor"])}


def _better_use(p: Mapping[str, Any], labels: Labels) -> str:
    parts = []
    matched = int(p.get("matched_delta") or 0)
    if matched > 0:
        fewer = ngettext("%(n)s fewer mentee would be matched", "%(n)s fewer mentees would be matched", matched)
        parts.append(fewer % {"n": matched})
    elif matched < 0:
        more = ngettext("%(n)s more mentee would be matched", "%(n)s more mentees would be matched", -matched)
        parts.append(more % {"n": -matched})
    score = float(p["score_delta"])
    amount = formats.number_format(round(abs(score), 3), decimal_pos=3)  # number_format truncates
    parts.append(
        (_("the total score would drop by %(amount)s") if score >= 0 else _("the total score would rise by %(amount)s"))
        % {"amount": amount}
    )
    costs = f" {_('and')} ".join(parts)
    text = _("pairing them is allowed, but %(costs)s") % {"costs": costs}
    return text + _now(p, labels)


def _now(p: Mapping[str, Any], labels: Labels) -> str:
    """Who the mentor and the mentee are paired with in the run, as a trailing clause."""
    extra = []
    if p.get("mentor_now"):
        names = ", ".join(labels.person(e) for e in p["mentor_now"])
        extra.append(_("the mentor is proposed for %(names)s") % {"names": names})
    if p.get("mentee_now"):
        extra.append(_("the mentee is proposed to %(name)s") % {"name": labels.person(p["mentee_now"])})
    return "".join(f"; {clause}" for clause in extra)


def _fixed(text: Callable[[], str]) -> Callable[[Mapping[str, Any], Labels], str]:
    return lambda p, labels: text()


PHRASES: dict[str, Callable[[Mapping[str, Any], Labels], str]] = {
    "stronger_skill": _stronger_skill,
    "shared_interests": _shared_interests,
    "cross_department": _fixed(lambda: _("different departments")),
    "mentee_teaches": _mentee_teaches,
    "no_eligible_mentor": _fixed(lambda: _("no mentor passes the hard rules for this mentee")),
    "mentors_taken": _mentors_taken,
    "same_team": _fixed(lambda: _("they are in the same team")),
    "same_department": _fixed(
        lambda: _("they are in the same department, and this programme matches across departments only")
    ),
    "reporting_line": _reporting_line,
    "level_gap": _level_gap,
    "untrained": _fixed(lambda: _("the mentor has not completed the mentor training")),
    "no_capacity": _fixed(lambda: _("the mentor has no capacity left")),
    "no_skill_gain": _fixed(lambda: _("the mentor is not stronger in anything the mentee wants to learn")),
    "forbidden": _fixed(lambda: _("an admin ruled this pair out")),
    "matched": _fixed(lambda: _("they are already a pair in this run")),
    "pinned_elsewhere": _pinned_elsewhere,
    "better_use": _better_use,
    "not_ready_mentor": _fixed(
        lambda: _("the mentor was not ready to match in this run (accepted, trained and still employed)")
    ),
    "not_ready_mentee": _fixed(
        lambda: _("the mentee was not ready to match in this run (intake completed, still employed, no mentor yet)")
    ),
    "same_person": _fixed(lambda: _("that is one and the same person")),
}
