"""Which cells of an anonymous survey report may be shown: small-cell suppression, pure Python.

A cell is a combo (a conjunction of dimension=value constraints) in one wave. It is shown only if it passes, in
order: the threshold (>= k respondents), differencing within the wave (no visible group differs from a visible
group that contains it by 1..k-1 people), complementary suppression (no hidden group can be recovered by
subtracting visible cells) and differencing across waves (no combo's membership changes by 1..k-1 people between
two waves where it is visible). Rules 3 and 4 repeat until nothing changes.

Two conservative choices beyond the letter of the rules:
- Nesting is judged on member sets, not on how combos are spelled: if everyone in "mentors" is in "Sales", the
  two are nested. Combos with the same members in a wave are one cell: hiding one hides all of them.
- A respondent without a value for a dimension belongs to no child along it; that rest of the parent counts as
  one more hidden child in rule 3.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

Combo = tuple[tuple[str, str], ...]  # sorted (dimension, value) constraints; () means "everyone in the wave"

TOO_FEW = "too-few"
DIFFERENCE = "difference"
COMPLEMENT = "complement"
WAVE_DIFFERENCE = "wave-difference"


@dataclass(frozen=True)
class Respondent:
    """One person's answer to one wave, with the groups they count under."""

    key: str  # stable identity of a person across waves; used only inside, never returned
    wave: str
    attrs: Mapping[str, str]  # dimension -> value


# A respondent reduced to what the rules look at, hashable: (wave, key, sorted (dimension, value) pairs).
_Row = tuple[str, str, Combo]


@dataclass(frozen=True)
class _Wave:
    """One wave's cells, computed once: members per non-empty combo, and the structure the rules walk."""

    members: Mapping[Combo, frozenset[str]]
    of_key: Mapping[str, tuple[Combo, ...]]  # key -> the combos they belong to
    children: Mapping[Combo, Mapping[str, tuple[Combo, ...]]]  # parent -> dimension -> its non-empty children
    same: Mapping[frozenset[str], tuple[Combo, ...]]  # member set -> the combos that have exactly it

    def size(self, combo: Combo) -> int:
        """How many respondents of the wave match `combo`."""
        found = self.members.get(combo)
        return 0 if found is None else len(found)


@dataclass(frozen=True)
class _Ledger:
    """The visible cells per wave and why each hidden candidate was hidden; hiding only ever removes."""

    waves: Mapping[str, _Wave]
    shown: dict[str, set[Combo]]
    reasons: dict[tuple[str, Combo], str]

    def hide(self, wave: str, combo: Combo, reason: str) -> bool:
        """Hide `combo` in `wave`, and every combo with the same members; True if anything was visible."""
        twins = self.waves[wave].same[self.waves[wave].members[combo]]
        hidden = [twin for twin in twins if twin in self.shown[wave]]
        for twin in hidden:
            self.shown[wave].discard(twin)
            self.reasons[(wave, twin)] = reason
        return bool(hidden)


@dataclass(frozen=True)
class _Result:
    shown: Mapping[str, frozenset[Combo]]
    reasons: Mapping[tuple[str, Combo], str]


def combos(respondents: Iterable[Respondent], dimensions: Sequence[str]) -> set[Combo]:
    """Every combo over `dimensions` that has at least one respondent, in any wave."""
    rows = _rows(respondents, _dimensions(dimensions))
    return {combo for wave in _index(rows).values() for combo in wave.members}


def members(respondents: Iterable[Respondent], wave: str, combo: Combo) -> frozenset[str]:
    """The keys of the respondents in `wave` that match every constraint of `combo`."""
    return frozenset(r.key for r in respondents if r.wave == wave and all(r.attrs.get(d) == v for d, v in combo))


def visible(respondents: Iterable[Respondent], dimensions: Sequence[str], k: int) -> dict[str, set[Combo]]:
    """Wave -> the combos whose aggregates may be shown in that wave."""
    result = _analyse(_rows(respondents, _dimensions(dimensions)), _threshold(k))
    return {wave: set(shown) for wave, shown in result.shown.items()}


def refusal(
    respondents: Iterable[Respondent], dimensions: Sequence[str], k: int, wave: str, combo: Combo
) -> str | None:
    """None if `combo` may be shown in `wave`, else why not: too-few, difference, complement or wave-difference."""
    chosen = _dimensions(dimensions)
    combo = _combo(combo, chosen)
    result = _analyse(_rows(respondents, chosen), _threshold(k))
    if combo in result.shown.get(wave, frozenset()):
        return None
    return result.reasons.get((wave, combo), TOO_FEW)


def _threshold(k: int) -> int:
    if k < 1:
        raise ValueError(f"k must be at least 1, not {k}")
    return k


def _dimensions(dimensions: Sequence[str]) -> tuple[str, ...]:
    if isinstance(dimensions, str):
        raise TypeError("dimensions must be a sequence of names, not one string")
    if len(set(dimensions)) != len(dimensions):
        raise ValueError(f"dimensions repeat: {list(dimensions)}")
    return tuple(dimensions)


def _combo(combo: Combo, dimensions: tuple[str, ...]) -> Combo:
    """`combo` sorted; each constraint must be on a distinct dimension of the report."""
    constrained = [d for d, _value in combo]
    if len(set(constrained)) != len(constrained) or not set(constrained) <= set(dimensions):
        raise ValueError(f"combo {combo!r} must fix distinct dimensions among {list(dimensions)}")
    return tuple(sorted(combo))


def _rows(respondents: Iterable[Respondent], dimensions: tuple[str, ...]) -> tuple[_Row, ...]:
    """The respondents, sorted and reduced to the report's dimensions; a key may answer a wave once."""
    rows = sorted(
        (r.wave, r.key, tuple(sorted((d, r.attrs[d]) for d in dimensions if d in r.attrs))) for r in respondents
    )
    for before, after in zip(rows, rows[1:], strict=False):
        if before[:2] == after[:2]:
            raise ValueError(f"respondent {after[1]!r} appears twice in wave {after[0]!r}")
    return tuple(rows)


def _index(rows: tuple[_Row, ...]) -> dict[str, _Wave]:
    """Each wave's member sets per combo, and the structure the rules walk, built once."""
    found: dict[str, dict[Combo, set[str]]] = defaultdict(lambda: defaultdict(set))
    for wave, key, pairs in rows:
        for size in range(len(pairs) + 1):
            for combo in combinations(pairs, size):
                found[wave][combo].add(key)
    return {wave: _wave({combo: frozenset(keys) for combo, keys in cells.items()}) for wave, cells in found.items()}


def _wave(members: dict[Combo, frozenset[str]]) -> _Wave:
    of_key: dict[str, list[Combo]] = defaultdict(list)
    children: dict[Combo, dict[str, list[Combo]]] = defaultdict(lambda: defaultdict(list))
    same: dict[frozenset[str], list[Combo]] = defaultdict(list)
    for combo in sorted(members):
        for key in members[combo]:
            of_key[key].append(combo)
        for at, (dimension, _value) in enumerate(combo):
            children[combo[:at] + combo[at + 1 :]][dimension].append(combo)
        same[members[combo]].append(combo)
    return _Wave(
        members=members,
        of_key={key: tuple(found) for key, found in of_key.items()},
        children={parent: {d: tuple(found) for d, found in along.items()} for parent, along in children.items()},
        same={keys: tuple(found) for keys, found in same.items()},
    )


@lru_cache(maxsize=16)
def _analyse(rows: tuple[_Row, ...], k: int) -> _Result:
    """All four rules; cached, since a report page asks `visible` and `refusal` about the same respondents."""
    waves = _index(rows)
    ledger = _Ledger(waves=waves, shown={}, reasons={})
    for name in sorted(waves):
        wave = waves[name]
        ledger.shown[name] = {combo for combo, keys in wave.members.items() if len(keys) >= k}
        _differencing(ledger, name, k)
    _complements(ledger, k)
    while _across_waves(ledger, k):
        _complements(ledger, k)
    return _Result(shown={name: frozenset(shown) for name, shown in ledger.shown.items()}, reasons=dict(ledger.reasons))


def _differencing(ledger: _Ledger, name: str, k: int) -> None:
    """Rule 2: hide a candidate whose members sit inside a broader candidate's with 1..k-1 people to spare."""
    wave = ledger.waves[name]
    candidates = frozenset(ledger.shown[name])
    for combo in sorted(candidates):
        inner = wave.members[combo]
        anyone = min(inner)  # any group containing all of `inner` contains this person
        if any(
            other in candidates and 1 <= len(wave.members[other]) - len(inner) < k and inner < wave.members[other]
            for other in wave.of_key[anyone]
        ):
            ledger.hide(name, combo, DIFFERENCE)


def _complements(ledger: _Ledger, k: int) -> None:
    """Rule 3, to a fixpoint: along every dimension of a visible parent, the hidden children are none, or at
    least two that together hold k or more; else the smallest visible child is hidden as well."""
    changed = True
    while changed:
        changed = False
        for name in sorted(ledger.shown):
            for parent in sorted(ledger.shown[name]):
                changed |= _cover_parent(ledger, name, parent, k)


def _cover_parent(ledger: _Ledger, name: str, parent: Combo, k: int) -> bool:
    """Rule 3 for one visible parent, dimension by dimension; True if it hid anything."""
    wave, shown = ledger.waves[name], ledger.shown[name]
    along = wave.children.get(parent, {})
    changed = False
    for dimension in sorted(along):  # along a dimension where no one in `parent` has a value, nothing to cover
        kids = along[dimension]
        while parent in shown:
            open_kids = [kid for kid in kids if kid in shown]
            hidden = [wave.size(kid) for kid in kids if kid not in shown]
            rest = wave.size(parent) - sum(wave.size(kid) for kid in kids)
            hidden += [rest] if rest else []
            if not hidden or not open_kids or (len(hidden) >= 2 and sum(hidden) >= k):
                break
            smallest = min(open_kids, key=lambda kid: (wave.size(kid), kid))
            changed |= ledger.hide(name, smallest, COMPLEMENT)
    return changed


def _across_waves(ledger: _Ledger, k: int) -> bool:
    """Rule 4: a combo visible in two waves whose member sets are nested and differ by 1..k-1 is hidden in the
    wave with the larger set. True if anything was hidden."""
    names = sorted(ledger.shown)
    flagged: set[tuple[str, Combo]] = set()
    for first, second in combinations(names, 2):
        for combo in sorted(ledger.shown[first] & ledger.shown[second]):
            a, b = ledger.waves[first].members[combo], ledger.waves[second].members[combo]
            if 1 <= abs(len(a) - len(b)) < k and (a < b or b < a):
                flagged.add((second if a < b else first, combo))
    changed = False
    for name, combo in sorted(flagged):
        changed |= ledger.hide(name, combo, WAVE_DIFFERENCE)
    return changed
