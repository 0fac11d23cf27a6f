"""Explanations are true to the data, and every reason code the engine can give has a sentence."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings

from omkeer.matching import engine, explain
from omkeer.matching.engine import Employee, Mentee, Mentor, Problem, Reason, Rules
from tests.matching.test_engine import problems

MATCHING = Path(explain.__file__).parent


def _people(problem):
    return (
        {e.id: e for e in problem.employees},
        {m.id: m for m in problem.mentors},
        {e.id: e for e in problem.mentees},
    )


@settings(max_examples=150, deadline=None, derandomize=True)
@given(problems())
def test_every_pair_reason_is_true(problem):
    result = engine.match(problem)
    employees, mentors, mentees = _people(problem)
    for pair in result.pairs:
        mentor, mentee = mentors[pair.mentor], mentees[pair.mentee]
        codes = [r.code for r in pair.reasons]
        assert len(codes) == len(set(codes) - {"stronger_skill"}) + codes.count("stronger_skill")
        for reason in pair.reasons:
            p = reason.params
            if reason.code == "stronger_skill":
                skill = p["skill"]
                assert skill in mentee.wants
                assert p["levels"] == mentor.skills.get(skill, 0) - mentee.skills.get(skill, 0) > 0
                assert p["importance"] == mentee.wants[skill]
                assert p["most_important"] == (mentee.wants[skill] == max(mentee.wants.values()))
            elif reason.code == "shared_interests":
                assert p["interests"] == sorted(mentor.interests & mentee.interests)
            elif reason.code == "cross_department":
                assert employees[pair.mentor].department != employees[pair.mentee].department
            elif reason.code == "mentee_teaches":
                skill = p["skill"]
                assert skill in mentor.wants
                assert p["levels"] == mentee.skills.get(skill, 0) - mentor.skills.get(skill, 0) > 0
            else:
                pytest.fail(f"unexpected pair reason {reason.code}")
        shared = mentor.interests & mentee.interests
        assert ("shared_interests" in codes) == bool(shared)
        different = employees[pair.mentor].department != employees[pair.mentee].department
        assert ("cross_department" in codes) == different
        # Every pair is there because the mentor is stronger in something the mentee wants (S > 0).
        assert "stronger_skill" in codes
        teaches = any(mentee.skills.get(k, 0) > mentor.skills.get(k, 0) for k in mentor.wants)
        assert ("mentee_teaches" in codes) == teaches


def test_skill_reasons_put_the_biggest_weighted_gain_first():
    mentor = Mentor(id="A", capacity=1, skills={"social_media": 4, "strategy": 4, "data": 2})
    mentee = Mentee(id="B", wants={"social_media": 3, "strategy": 1, "data": 3}, skills={"social_media": 1})
    parts = engine.Parts(skills=0.5, interests=0.0, cross_department=0.0, reciprocal=0.0)
    reasons = explain.pair_reasons(mentor, mentee, parts, different=False)
    assert reasons == [
        Reason("stronger_skill", {"skill": "social_media", "levels": 3, "importance": 3, "most_important": True}),
        Reason("stronger_skill", {"skill": "data", "levels": 2, "importance": 3, "most_important": True}),
    ]


def test_the_issues_example_explanation_reads_as_promised():
    employees = [Employee(id="A", department="D1", level=2), Employee(id="B", department="D2", level=7)]
    mentor = Mentor(id="A", capacity=1, skills={"social_media": 4}, interests=frozenset({"cycling"}))
    mentee = Mentee(
        id="B", wants={"social_media": 3, "strategy": 1}, skills={"social_media": 1}, interests=frozenset({"cycling"})
    )
    result = engine.match(Problem(employees=employees, mentors=[mentor], mentees=[mentee]))
    [pair] = result.pairs
    assert [explain.describe(r) for r in pair.reasons] == [
        "the mentor is 3 levels stronger in social media, which the mentee rated most important",
        "both like cycling",
        "different departments",
    ]


SKILL = {"skill": "social_media", "levels": 3, "importance": 3, "most_important": True}
DESCRIBED = [
    (
        Reason("stronger_skill", SKILL),
        "the mentor is 3 levels stronger in social media, which the mentee rated most important",
    ),
    (
        Reason("stronger_skill", {"skill": "data", "levels": 1, "importance": 1, "most_important": False}),
        "the mentor is 1 level stronger in data",
    ),
    (Reason("shared_interests", {"interests": ["board_games", "cycling"]}), "both like board games, cycling"),
    (Reason("cross_department"), "different departments"),
    (
        Reason("mentee_teaches", {"skill": "strategy", "levels": 2}),
        "the mentee can teach strategy in return (2 levels stronger)",
    ),
    (Reason("no_eligible_mentor"), "no mentor passes the hard rules for this mentee"),
    (
        Reason("mentors_taken", {"eligible": 4}),
        "all 4 eligible mentors are needed for pairs that count for more overall",
    ),
    (Reason("same_team"), "they are in the same team"),
    (
        Reason("same_department"),
        "they are in the same department, and this programme matches across departments only",
    ),
    (
        Reason("reporting_line", {"manager": "mentee", "levels": 2}),
        "the mentee is in the mentor's management chain (2 levels up)",
    ),
    (
        Reason("reporting_line", {"manager": "mentor", "levels": 1}),
        "the mentor is the mentee's manager",
    ),
    (
        Reason("level_gap", {"gap": 1, "required": 2}),
        "the mentee is 1 level above the mentor; the programme requires at least 2",
    ),
    (Reason("untrained"), "the mentor has not completed the mentor training"),
    (Reason("no_capacity"), "the mentor has no capacity left"),
    (Reason("no_skill_gain", {"minimum": 0.0}), "the mentor is not stronger in anything the mentee wants to learn"),
    (Reason("forbidden"), "an admin ruled this pair out"),
    (Reason("matched"), "they are already matched"),
    (Reason("pinned_elsewhere", {"mentor": "E7"}), "the mentee is pinned to E7"),
    (
        Reason("better_use", {"matched_delta": 0, "score_delta": 0.25, "mentor_now": ["E2"], "mentee_now": None}),
        "pairing them is allowed, but the total score would drop by 0.250; the mentor is proposed for E2",
    ),
    (
        Reason("better_use", {"matched_delta": 1, "score_delta": 0.5, "mentor_now": [], "mentee_now": "E3"}),
        "pairing them is allowed, but 1 fewer mentee would be matched and the total score would drop by 0.500; "
        "the mentee is proposed to E3",
    ),
]


@pytest.mark.parametrize(("reason", "sentence"), DESCRIBED, ids=[r.code for r, _ in DESCRIBED])
def test_describe_gives_a_sentence_for_each_reason(reason, sentence):
    assert explain.describe(reason) == sentence


def _codes_in_source():
    """Every literal Reason code in the engine and the explainer."""
    sources = [*sorted((MATCHING / "engine").glob("*.py")), MATCHING / "explain.py"]
    text = "".join(path.read_text() for path in sources)
    return set(re.findall(r'Reason\(\s*"([a-z_]+)"', text))


def test_every_code_the_engine_can_produce_has_its_own_sentence():
    codes = _codes_in_source()
    assert codes >= {
        "stronger_skill",
        "shared_interests",
        "cross_department",
        "mentee_teaches",
        "no_eligible_mentor",
        "mentors_taken",
        "same_team",
        "same_department",
        "reporting_line",
        "level_gap",
        "untrained",
        "no_capacity",
        "no_skill_gain",
        "forbidden",
        "matched",
        "pinned_elsewhere",
        "better_use",
    }
    assert codes <= {reason.code for reason, _ in DESCRIBED}
    for reason, _ in DESCRIBED:
        assert explain.describe(reason) != reason.code.replace("_", " "), reason.code  # not the fallback


def test_better_use_with_negative_deltas_reads_sensibly():
    """Under "most matched", forcing a pair can lose a match yet raise the total score; under "best score" it
    can add a match. Both deltas are then negative, and "drop by -0.5" says the opposite of what happens."""
    lose_one = Reason("better_use", {"matched_delta": 1, "score_delta": -0.5, "mentor_now": [], "mentee_now": "E3"})
    gain_one = Reason("better_use", {"matched_delta": -1, "score_delta": 0.2, "mentor_now": [], "mentee_now": None})
    for reason in (lose_one, gain_one):
        sentence = explain.describe(reason)
        assert "by -" not in sentence, sentence
        assert "-1 fewer" not in sentence, sentence


def test_unknown_codes_fall_back_to_words():
    assert explain.describe(Reason("brand_new_rule")) == "brand new rule"


def test_unmatched_reason_depends_on_eligible_mentors():
    assert explain.unmatched_reason(0) == Reason("no_eligible_mentor")
    assert explain.unmatched_reason(3) == Reason("mentors_taken", {"eligible": 3})


def test_why_not_reasons_read_as_sentences():
    employees = [
        Employee(id="A", department="D1", team="T1", level=5),
        Employee(id="B", department="D1", team="T1", level=6, manager="A"),
    ]
    problem = Problem(
        employees=employees,
        mentors=[Mentor(id="A", capacity=1, skills={"data": 3}, trained=False)],
        mentees=[Mentee(id="B", wants={"data": 2})],
        rules=Rules(),
    )
    reasons = engine.why_not(problem, engine.match(problem), "A", "B")
    assert [explain.describe(r) for r in reasons] == [
        "they are in the same team",
        "the mentor is the mentee's manager",
        "the mentee is 1 level above the mentor; the programme requires at least 2",
        "the mentor has not completed the mentor training",
    ]


@pytest.mark.parametrize(
    ("gap", "start"),
    [
        (-2, "the mentee is not above the mentor in level"),
        (0, "the mentee is not above the mentor in level"),
        (1, "the mentee is 1 level above"),
    ],
)
def test_level_gap_reads_right_whatever_its_sign(gap, start):
    assert explain.describe(Reason("level_gap", {"gap": gap, "required": 2})).startswith(start)


@settings(max_examples=150, deadline=None, derandomize=True)
@given(problems())
def test_reasons_of_many_pairs_equal_the_reasons_of_each_pair(problem):
    """The engine explains all pairs at once from its arrays; the result is `pair_reasons` pair by pair."""
    p = engine.prepare(problem)
    mentees = [i for i in range(len(problem.mentees)) for _ in problem.mentors]
    mentors = [j for _ in problem.mentees for j in range(len(problem.mentors))]
    many = explain.pair_reasons_many(p, np.array(mentees, dtype=np.int64), np.array(mentors, dtype=np.int64))
    for e, j, reasons in zip(mentees, mentors, many, strict=True):
        parts = engine.pair_parts(p, e, j)
        one = explain.pair_reasons(
            problem.mentors[j], problem.mentees[e], parts, different=bool(parts.cross_department)
        )
        assert list(reasons) == one
