"""The standard file interface: the issue's example document, bad input named by record, the output shape."""

from __future__ import annotations

import copy
import json

import pytest

from omkeer.matching.engine import MatchingError
from omkeer.matching.files import problem_from_data, solve_data

# Issue 3, section 1, verbatim.
EXAMPLE = {
    "rules": {
        "min_level_gap": 2,
        "forbid_same_team": True,
        "forbid_reporting_line": True,
        "reporting_line_depth": 2,
        "forbid_same_department": False,
        "min_skill_score": 0.0,
        "objective": "most_matched",
    },
    "weights": {"skills": 1.0, "interests": 0.3, "cross_department": 0.2, "reciprocal": 0.2},
    "employees": [{"id": "E1", "department": "D1", "team": "T1", "level": 2, "manager": "E9"}],
    "mentors": [
        {
            "id": "E1",
            "capacity": 2,
            "skills": {"social_media": 4},
            "interests": ["cycling"],
            "wants": {"strategy": 2},
        }
    ],
    "mentees": [
        {"id": "E9", "wants": {"social_media": 3}, "skills": {"social_media": 1, "strategy": 4}, "interests": []}
    ],
    "pinned": [{"mentor": "E1", "mentee": "E9"}],
    "forbidden": [],
}


def completed():
    """The example with E9 on the employee list (the example leaves E9, E1's manager, out)."""
    data = copy.deepcopy(EXAMPLE)
    data["employees"].append({"id": "E9", "department": "D2", "team": "T9", "level": 6})
    return data


def valid():
    """The example without the reporting-line pin, plus a second mentee from another department who cycles."""
    data = completed()
    data["pinned"] = []
    data["employees"].append({"id": "E5", "department": "D3", "level": 7, "manager": "E9"})
    data["mentees"].append({"id": "E5", "wants": {"social_media": 2, "ai": 1}, "interests": ["cycling"]})
    return data


def test_the_examples_mentee_must_be_an_employee():
    with pytest.raises(MatchingError, match="mentee E9: not among the employees"):
        solve_data(EXAMPLE)


def test_the_examples_pin_breaks_the_reporting_line():
    with pytest.raises(MatchingError, match=r"pinned pair E1–E9: breaks a hard rule \(reporting_line\)"):
        solve_data(completed())


def test_a_valid_variant_of_the_example_is_solved():
    out = solve_data(valid())
    assert [(p["mentor"], p["mentee"]) for p in out["pairs"]] == [("E1", "E5")]
    assert out["unmatched"] == [{"mentee": "E9", "reason": "no mentor passes the hard rules for this mentee"}]
    [pair] = out["pairs"]
    # S = 2·4/(4·3) = 2/3; I = 1 (both only cycle); D = 1; R = 0 (E5 has no strategy).
    assert pair["parts"] == {"skills": 0.666667, "interests": 1.0, "cross_department": 1.0, "reciprocal": 0.0}
    assert pair["score"] == pytest.approx(2 / 3 + 0.3 + 0.2, abs=1e-6)
    assert pair["reasons"] == [
        "the mentor is 4 levels stronger in social media, which the mentee rated most important",
        "both like cycling",
        "different departments",
    ]
    assert pair["pinned"] is False


def test_output_document_shape():
    data = valid()
    data["employees"].append({"id": "E6", "department": "D1", "team": "T2", "level": 4})
    data["mentors"].append({"id": "E6", "capacity": 1, "skills": {"ai": 3}})
    data["pinned"] = [{"mentor": "E6", "mentee": "E5"}]
    out = solve_data(data)
    assert set(out) == {"pairs", "unmatched", "objective", "stats"}
    for pair in out["pairs"]:
        assert set(pair) == {"mentor", "mentee", "score", "parts", "pinned", "reasons"}
        assert isinstance(pair["score"], float)
        assert set(pair["parts"]) == {"skills", "interests", "cross_department", "reciprocal"}
        assert pair["reasons"]
        assert all(isinstance(reason, str) for reason in pair["reasons"])
    assert {(p["mentor"], p["mentee"], p["pinned"]) for p in out["pairs"]} == {("E6", "E5", True)}
    for unmatched in out["unmatched"]:
        assert set(unmatched) == {"mentee", "reason"}
        assert isinstance(unmatched["reason"], str)
    assert out["objective"] == {
        "name": "most_matched",
        "matched": 1,
        "unmatched": 1,
        "total_score": out["pairs"][0]["score"],
    }
    certificate = out["stats"]["certificate"]
    assert certificate["optimal"] is True
    assert certificate["primal"] == certificate["dual"]
    assert out["stats"]["mentees"] == 2
    assert out["stats"]["mentors"] == 2
    assert json.loads(json.dumps(out)) == out  # plain JSON all the way down


def test_weights_and_rules_take_their_defaults_when_missing():
    data = valid()
    del data["rules"], data["weights"]
    problem = problem_from_data(data)
    assert (problem.rules.min_level_gap, problem.rules.reporting_line_depth, problem.rules.objective) == (
        2,
        2,
        "most_matched",
    )
    assert problem.weights.interests == 0.3
    data["weights"] = {"interests": 0.0}
    assert problem_from_data(data).weights.skills == 1.0
    assert solve_data(data)["pairs"][0]["score"] == pytest.approx(2 / 3 + 0.2, abs=1e-6)


def test_unmatched_reason_is_given_in_words():
    data = valid()
    data["mentors"][0]["capacity"] = 1
    data["employees"].append({"id": "E7", "department": "D4", "level": 8})
    data["mentees"].append({"id": "E7", "wants": {"social_media": 1}})
    out = solve_data(data)
    reasons = {u["mentee"]: u["reason"] for u in out["unmatched"]}
    assert reasons["E9"] == "no mentor passes the hard rules for this mentee"
    [taken] = [mentee for mentee in reasons if mentee != "E9"]
    assert reasons[taken] == "the one eligible mentor is needed for a pair that counts for more overall"


def _bad(change):
    data = valid()
    change(data)
    return data


BAD = [
    ("unknown top-level key", lambda d: d.update(mentorz=[]), "unknown key 'mentorz' at the top level"),
    ("unknown rules key", lambda d: d["rules"].update(min_gap=1), r"rules\.min_gap: unknown setting"),
    ("unknown weights key", lambda d: d["weights"].update(skill=1), r"weights\.skill: unknown setting"),
    ("bad objective", lambda d: d["rules"].update(objective="fastest"), r"rules\.objective: must be one of"),
    ("depth 0", lambda d: d["rules"].update(reporting_line_depth=0), r"rules\.reporting_line_depth"),
    ("negative weight", lambda d: d["weights"].update(skills=-1), r"weights\.skills: must be a number"),
    ("rules not an object", lambda d: d.update(rules=[]), "rules: must be an object"),
    ("employees not a list", lambda d: d.update(employees={}), "employees: must be a list"),
    ("duplicate employee", lambda d: d["employees"].append(dict(d["employees"][0])), "employee E1: duplicate id"),
    ("duplicate mentor", lambda d: d["mentors"].append(dict(d["mentors"][0])), "mentor E1: duplicate id"),
    ("duplicate mentee", lambda d: d["mentees"].append(dict(d["mentees"][0])), "mentee E9: duplicate id"),
    (
        "mentor not among employees",
        lambda d: d["mentors"].append({"id": "X1", "capacity": 1}),
        "mentor X1: not among the employees",
    ),
    (
        "mentor is also a mentee",
        lambda d: d["mentees"].append({"id": "E1", "wants": {"ai": 1}}),
        "mentor E1: is also a mentee",
    ),
    ("unknown manager", lambda d: d["employees"][1].update(manager="E404"), "employee E9: unknown manager E404"),
    ("own manager", lambda d: d["employees"][1].update(manager="E9"), "employee E9: is their own manager"),
    ("missing department", lambda d: d["employees"][0].pop("department"), r"employees\[0\] \(E1\): missing"),
    ("missing id", lambda d: d["mentors"][0].pop("id"), r"mentors\[0\] \(\?\): missing 'id'"),
    ("level 11", lambda d: d["employees"][1].update(level=11), "employee E9: level must be a whole number from 1"),
    ("level 0", lambda d: d["employees"][1].update(level=0), "employee E9: level must be"),
    ("level as text", lambda d: d["employees"][1].update(level="6"), "employee E9: level must be"),
    (
        "negative capacity",
        lambda d: d["mentors"][0].update(capacity=-1),
        "mentor E1: capacity must be a whole number of at least 0",
    ),
    ("fractional capacity", lambda d: d["mentors"][0].update(capacity=1.5), "mentor E1: capacity must be"),
    (
        "proficiency 5",
        lambda d: d["mentors"][0]["skills"].update(social_media=5),
        "mentor E1: proficiency of social_media must be a whole number from 0 to 4",
    ),
    (
        "mentee proficiency -1",
        lambda d: d["mentees"][0]["skills"].update(strategy=-1),
        "mentee E9: proficiency of strategy must be",
    ),
    (
        "importance 0",
        lambda d: d["mentees"][0]["wants"].update(social_media=0),
        "mentee E9: importance of social_media must be a whole number from 1 to 3",
    ),
    ("mentor importance 4", lambda d: d["mentors"][0]["wants"].update(strategy=4), "mentor E1: importance of strategy"),
    ("skills not an object", lambda d: d["mentors"][0].update(skills=["ai"]), r"mentors\[0\] \(E1\): skills must be"),
    (
        "interests not a list",
        lambda d: d["mentees"][1].update(interests="cycling"),
        r"mentees\[1\] \(E5\): interests must be a list",
    ),
    (
        "pinned unknown mentor",
        lambda d: d.update(pinned=[{"mentor": "E404", "mentee": "E5"}]),
        "pinned pair E404–E5: unknown mentor E404",
    ),
    (
        "pinned unknown mentee",
        lambda d: d.update(pinned=[{"mentor": "E1", "mentee": "E404"}]),
        "pinned pair E1–E404: unknown mentee E404",
    ),
    (
        "forbidden unknown mentor",
        lambda d: d.update(forbidden=[{"mentor": "E404", "mentee": "E5"}]),
        "forbidden pair E404–E5: unknown mentor E404",
    ),
    ("pinned without mentee", lambda d: d.update(pinned=[{"mentor": "E1"}]), r"pinned\[0\]: must be an object"),
    ("candidates 0", lambda d: d.update(candidates=0), "candidates: must be a whole number of at least 1"),
    *[
        (
            f"cross-department share {value!r}",
            lambda d, value=value: d["rules"].update(min_cross_department_share=value),
            r"rules\.min_cross_department_share: must be a number from 0 to 1, or null",
        )
        for value in (1.5, -0.1, "0.7", True, float("nan"), [0.7])
    ],
]


@pytest.mark.parametrize(("change", "message"), [(c, m) for _, c, m in BAD], ids=[name for name, *_ in BAD])
def test_bad_input_is_refused_naming_the_record(change, message):
    with pytest.raises(MatchingError, match=message):
        solve_data(_bad(change))


def test_document_must_be_an_object():
    with pytest.raises(MatchingError, match="the document must be a JSON object"):
        solve_data([])


@pytest.mark.parametrize(
    ("managers", "cycle"),
    [
        ({"E1": "E9", "E9": "E1"}, ["E1 -> E9 -> E1", "E9 -> E1 -> E9"]),
        (
            {"E1": "E9", "E9": "E5", "E5": "E1"},
            ["E1 -> E9 -> E5 -> E1", "E9 -> E5 -> E1 -> E9", "E5 -> E1 -> E9 -> E5"],
        ),
    ],
)
def test_management_cycle_is_refused_with_the_cycle_in_the_message(managers, cycle):
    data = valid()
    for employee in data["employees"]:
        employee["manager"] = managers.get(employee["id"])
    with pytest.raises(MatchingError, match="management cycle") as error:
        solve_data(data)
    assert any(c in str(error.value) for c in cycle), str(error.value)


def test_a_cycle_above_someone_is_still_found():
    data = valid()
    data["employees"][0]["manager"] = "E9"  # E1 -> E9 -> E5 -> E9
    data["employees"][1]["manager"] = "E5"
    data["employees"][2]["manager"] = "E9"
    with pytest.raises(MatchingError, match="management cycle (E9 -> E5 -> E9|E5 -> E9 -> E5)"):
        solve_data(data)


@pytest.mark.parametrize("value", ["high", float("nan")])
def test_min_skill_score_must_be_a_number(value):
    data = valid()
    data["rules"]["min_skill_score"] = value
    with pytest.raises(MatchingError, match=r"rules\.min_skill_score"):
        solve_data(data)


def test_unknown_key_in_a_record_is_refused():
    data = valid()
    data["mentors"][0]["capactiy"] = data["mentors"][0].pop("capacity")
    with pytest.raises(MatchingError, match=r"mentors\[0\] \(E1\).*capactiy"):
        solve_data(data)


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["mentors"][0].update(trained="false"),
        lambda d: d["rules"].update(forbid_same_team="false"),
    ],
    ids=["trained", "forbid_same_team"],
)
def test_switches_must_be_true_or_false(change):
    with pytest.raises(MatchingError):
        solve_data(_bad(change))
