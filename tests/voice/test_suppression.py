"""Small-cell suppression: no visible cell, alone or subtracted from another, within a wave or across waves,
gives away a group of fewer than k people; and the answer does not depend on the order of the input."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from omkeer.voice.suppression import Combo, Respondent, combos, members, refusal, visible

DIMENSIONS = ("role", "department", "band")
REASONS = {"too-few", "difference", "complement", "wave-difference"}
PROPERTY = settings(max_examples=500, derandomize=True, deadline=None)
ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Organisation:
    respondents: tuple[Respondent, ...]
    dimensions: tuple[str, ...]
    k: int

    @property
    def waves(self) -> list[str]:
        return sorted({r.wave for r in self.respondents})

    def members(self, wave: str, combo: Combo) -> frozenset[str]:
        return frozenset(
            r.key for r in self.respondents if r.wave == wave and all(r.attrs.get(d) == v for d, v in combo)
        )


def _skewed(values: list[str], byte: int) -> str:
    """Each value half as likely as the one before (the count of leading 1 bits picks it); byte 0 is the first."""
    ones = 8 - (~byte & 0xFF).bit_length()
    return values[min(ones, len(values) - 1)]


PERSON = 8  # bytes per person: a value per dimension (3), blank, joins, leaves, moves, moved


def _people(
    data: bytes, dimensions: tuple[str, ...], values: dict[str, list[str]], waves: list[str]
) -> Iterator[Respondent]:
    """Decode PERSON bytes per person. One in 20 leaves a dimension blank; one in 10 changes their value for the
    first dimension in one of their waves. Bytes, not a strategy per field, keep 500 examples quick."""
    for key, at in enumerate(range(0, len(data), PERSON)):
        chunk = data[at : at + PERSON]
        attrs = {d: _skewed(values[d], chunk[i]) for i, d in enumerate(dimensions)}
        if chunk[3] >= 243:
            attrs.pop(dimensions[chunk[3] % len(dimensions)])
        first, last = sorted((chunk[4] % len(waves), chunk[5] % len(waves)))
        for step, wave in enumerate(waves[first : last + 1]):
            if chunk[6] >= 230 and step == chunk[6] % len(waves):
                attrs = {**attrs, dimensions[0]: _skewed(values[dimensions[0]], chunk[7])}
            yield Respondent(key=f"person-{key}", wave=wave, attrs=attrs)


@st.composite
def organisations(draw: st.DrawFn) -> Organisation:
    """1-4 waves of 0-60 respondents; people keep their key, join late, leave early, now and then change group
    or leave a question unanswered."""
    dimensions = tuple(draw(st.lists(st.sampled_from(DIMENSIONS), min_size=1, max_size=3, unique=True)))
    values = {d: [f"{d}-{at}" for at in range(draw(st.integers(1, 6)))] for d in dimensions}
    waves = [f"wave-{at}" for at in range(draw(st.integers(1, 4)))]
    k = draw(st.sampled_from([3, 5, 10]))
    count = draw(st.sampled_from(range(81)))  # evenly: integers() favours tiny organisations
    data = draw(st.binary(min_size=PERSON * count, max_size=PERSON * count))
    present: dict[str, list[Respondent]] = {wave: [] for wave in waves}
    for respondent in _people(data, dimensions, values, waves):
        if len(present[respondent.wave]) < 60:
            present[respondent.wave].append(respondent)
    return Organisation(tuple(r for wave in waves for r in present[wave]), dimensions, k)


def _visible_cells(org: Organisation) -> Iterator[tuple[str, Combo, frozenset[str]]]:
    shown = visible(org.respondents, org.dimensions, org.k)
    for wave in sorted(shown):
        for combo in sorted(shown[wave]):
            yield wave, combo, org.members(wave, combo)


def _one_wave(*groups: tuple[int, dict[str, str]], wave: str = "w1", start: int = 0) -> list[Respondent]:
    """`count` respondents per (count, attrs), numbered from `start`."""
    found: list[Respondent] = []
    for count, attrs in groups:
        found += [Respondent(key=f"p{start + len(found) + at}", wave=wave, attrs=attrs) for at in range(count)]
    return found


def _dept(value: str) -> Combo:
    return (("department", value),)


# Properties


@PROPERTY
@given(organisations())
def test_no_visible_cell_has_fewer_than_k(org: Organisation) -> None:
    for wave, combo, keys in _visible_cells(org):
        assert len(keys) >= org.k, (wave, combo)


@PROPERTY
@given(organisations())
def test_no_visible_nested_pair_differs_by_fewer_than_k(org: Organisation) -> None:
    """Nested by members, which covers A narrower than B (A's constraints a superset of B's)."""
    cells = list(_visible_cells(org))
    for (wave_a, a, keys_a), (wave_b, b, keys_b) in combinations(cells, 2):
        if wave_a == wave_b and 1 <= abs(len(keys_a) - len(keys_b)) < org.k:
            assert not (keys_a < keys_b or keys_b < keys_a), (wave_a, a, b)


@PROPERTY
@given(organisations())
def test_no_hidden_group_is_recoverable_by_subtraction(org: Organisation) -> None:
    """Along each dimension, a visible parent's hidden non-empty children (and the rest, who did not answer the
    dimension) are none, or at least two that together hold k or more."""
    shown = visible(org.respondents, org.dimensions, org.k)
    for wave, parent, keys in _visible_cells(org):
        people = [r for r in org.respondents if r.wave == wave and r.key in keys]
        for dimension in sorted(set(org.dimensions) - {d for d, _v in parent}):
            children = {
                tuple(sorted((*parent, (dimension, r.attrs[dimension])))) for r in people if dimension in r.attrs
            }
            hidden = [len(org.members(wave, child)) for child in sorted(children) if child not in shown[wave]]
            rest = sum(dimension not in r.attrs for r in people)
            hidden += [rest] if rest else []
            assert not hidden or (len(hidden) >= 2 and sum(hidden) >= org.k) or not children, (wave, parent, hidden)


@PROPERTY
@given(organisations())
def test_no_combo_differs_across_waves_by_fewer_than_k(org: Organisation) -> None:
    shown = visible(org.respondents, org.dimensions, org.k)
    for first, second in combinations(sorted(shown), 2):
        for combo in sorted(shown[first] & shown[second]):
            a, b = org.members(first, combo), org.members(second, combo)
            if 1 <= abs(len(a) - len(b)) < org.k:
                assert not (a < b or b < a), (first, second, combo)


@PROPERTY
@given(organisations())
def test_refusal_is_none_exactly_for_visible_cells(org: Organisation) -> None:
    """Every combo of the report, in every wave and one that never ran; too-few exactly when under k."""
    shown = visible(org.respondents, org.dimensions, org.k)
    cells = sorted(combos(org.respondents, org.dimensions) | {()})
    for wave in [*org.waves, "no-such-wave"]:
        for combo in cells:
            code = refusal(org.respondents, org.dimensions, org.k, wave, combo)
            if combo in shown.get(wave, set()):
                assert code is None
                continue
            assert code in REASONS, (wave, combo, code)
            assert (code == "too-few") == (len(org.members(wave, combo)) < org.k)


@PROPERTY
@given(organisations(), st.randoms(use_true_random=False))
def test_input_order_does_not_matter(org: Organisation, rng: random.Random) -> None:
    respondents, dimensions = list(org.respondents), list(org.dimensions)
    rng.shuffle(respondents)
    rng.shuffle(dimensions)
    assert visible(respondents, dimensions, org.k) == visible(org.respondents, org.dimensions, org.k)


# Examples, k = 5 unless said otherwise


def test_small_departments_are_too_few() -> None:
    people = _one_wave((6, {"department": "A"}), (4, {"department": "B"}), (2, {"department": "C"}))
    assert visible(people, ["department"], 5) == {"w1": {(), _dept("A")}}
    assert refusal(people, ["department"], 5, "w1", _dept("B")) == "too-few"
    assert refusal(people, ["department"], 5, "w1", _dept("C")) == "too-few"
    assert refusal(people, ["department"], 5, "w1", ()) is None


def test_a_group_one_short_of_everyone_is_a_difference() -> None:
    people = _one_wave((6, {"department": "Sales"}), (1, {"department": "Ops"}))
    assert visible(people, ["department"], 5) == {"w1": {()}}
    assert refusal(people, ["department"], 5, "w1", _dept("Sales")) == "difference"
    assert refusal(people, ["department"], 5, "w1", _dept("Ops")) == "too-few"


def test_a_sibling_is_hidden_so_the_small_group_cannot_be_subtracted() -> None:
    """Everyone (14) minus Sales (6) minus Ops (6) would be HR (2): the smaller sibling, Ops by name on a tie,
    goes too."""
    people = _one_wave((6, {"department": "Sales"}), (6, {"department": "Ops"}), (2, {"department": "HR"}))
    assert visible(people, ["department"], 5) == {"w1": {(), _dept("Sales")}}
    assert refusal(people, ["department"], 5, "w1", _dept("Ops")) == "complement"
    assert refusal(people, ["department"], 5, "w1", _dept("HR")) == "too-few"


def test_one_person_leaving_hides_the_wave_they_were_in() -> None:
    """12 answered, 6 in Sales and 6 in Ops; next wave one from Sales is gone. Everyone and Sales shrink by one
    between the waves, so they are hidden in the first wave (which holds the leaver); Ops is unchanged."""
    first = _one_wave((6, {"department": "Sales"}), (6, {"department": "Ops"}), wave="w1")
    second = [Respondent(key=r.key, wave="w2", attrs=r.attrs) for r in first[1:]]
    people = first + second
    assert visible(people, ["department"], 5) == {"w1": {_dept("Ops")}, "w2": {(), _dept("Sales"), _dept("Ops")}}
    assert refusal(people, ["department"], 5, "w1", ()) == "wave-difference"
    assert refusal(people, ["department"], 5, "w1", _dept("Sales")) == "wave-difference"
    assert refusal(people, ["department"], 5, "w2", _dept("Sales")) is None


def test_nesting_is_judged_by_members_not_by_spelling() -> None:
    """All 5 mentors are in Sales, which has 7: "mentors" is Sales minus its 2 mentees, though neither combo
    constrains what the other does."""
    people = _one_wave(
        (5, {"department": "Sales", "role": "mentor"}),
        (2, {"department": "Sales", "role": "mentee"}),
        (10, {"department": "Ops", "role": "mentee"}),
    )
    dims = ["role", "department"]
    assert refusal(people, dims, 5, "w1", (("role", "mentor"),)) == "difference"
    assert refusal(people, dims, 5, "w1", (("department", "Sales"), ("role", "mentor"))) == "difference"
    assert visible(people, dims, 5) == {"w1": {()}}


def test_people_without_a_value_count_as_a_hidden_group() -> None:
    """k = 3: 3 in Sales, 3 in Ops, 1 who left the department blank. Everyone minus Sales minus Ops is that one."""
    people = _one_wave((3, {"department": "Sales"}), (3, {"department": "Ops"}), (1, {}))
    assert visible(people, ["department"], 3) == {"w1": {(), _dept("Sales")}}
    assert refusal(people, ["department"], 3, "w1", _dept("Ops")) == "complement"


def test_with_k_one_everything_is_shown() -> None:
    people = _one_wave((2, {"role": "mentor", "band": "junior"}), (1, {"role": "mentee", "band": "senior"}))
    assert visible(people, ["role", "band"], 1) == {"w1": combos(people, ["role", "band"])}
    assert len(combos(people, ["role", "band"])) == 1 + 4 + 2


def test_combos_and_members() -> None:
    people = _one_wave((2, {"role": "mentor", "band": "junior"}), (1, {"role": "mentee", "band": "senior"}))
    assert (("band", "junior"),) in combos(people, ["role", "band"])
    assert combos(people, ["role"]) == {(), (("role", "mentor"),), (("role", "mentee"),)}
    assert members(people, "w1", (("role", "mentor"),)) == {"p0", "p1"}
    assert members(people, "w1", ()) == {"p0", "p1", "p2"}
    assert members(people, "w2", ()) == frozenset()


def test_bad_input_is_refused() -> None:
    people = _one_wave((3, {"department": "Sales"}))
    with pytest.raises(ValueError, match="k must be"):
        visible(people, ["department"], 0)
    with pytest.raises(ValueError, match="twice"):
        visible(people + people[:1], ["department"], 5)
    with pytest.raises(ValueError, match="distinct dimensions"):
        refusal(people, ["department"], 5, "w1", (("role", "mentor"),))
    assert visible([], ["department"], 5) == {}
    assert refusal([], ["department"], 5, "w1", ()) == "too-few"


def big_organisation(seed: int = 1, people: int = 500, waves: int = 8, per_wave: int = 375) -> list[Respondent]:
    """3,000 respondents over 8 waves, 3 dimensions of up to 20 values, skewed."""
    rng = random.Random(seed)

    def value(prefix: str) -> str:
        return f"{prefix}{min(int(rng.expovariate(0.25)), 19)}"

    staff = [
        {"role": rng.choice(["mentor", "mentee"]), "department": value("d"), "band": value("b")} for _ in range(people)
    ]
    return [
        Respondent(key=f"s{seed}-{person}", wave=f"wave-{wave}", attrs=staff[person])
        for wave in range(waves)
        for person in sorted(rng.sample(range(people), per_wave))
    ]


def test_a_large_report_is_fast() -> None:
    people = big_organisation(seed=7)
    assert len(people) == 3000
    started = time.perf_counter()
    shown = visible(people, DIMENSIONS, 5)
    assert time.perf_counter() - started < 1.0
    assert len(shown) == 8


def test_the_result_does_not_depend_on_hash_seeds() -> None:
    """Set iteration order changes with PYTHONHASHSEED; the cells shown must not."""
    script = (
        "from tests.voice.test_suppression import DIMENSIONS, big_organisation;"
        "from omkeer.voice.suppression import visible;"
        "print(sorted((w, sorted(c)) for w, c in visible(big_organisation(3, 120, 4, 90), DIMENSIONS, 3).items()))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script],
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outputs) == 1
