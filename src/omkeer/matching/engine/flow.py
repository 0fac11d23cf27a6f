"""The flow and the solve: the first prices (an auction) and the first arcs, the min-cost flow (OR-Tools) over
the arcs with its dual prices, the repair of the last optimum, and the rounds of flow and certificate until
the certificate finds no pair that breaks the prices (`_solve`)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from ortools.graph.python import min_cost_flow

from omkeer.matching import kernels
from omkeer.matching.engine import tuning
from omkeer.matching.engine.certificate import _Certificate
from omkeer.matching.engine.preparation import _apply_pins, _Prepared
from omkeer.matching.engine.problem import F32, I64, SCALE, BoolArray, FloatArray, IntArray, MatchingError
from omkeer.matching.engine.scoring import (
    NONE,
    _big,
    _eligible,
    _exact_weights,
    _max_score,
    _not_forbidden,
    _Scan,
    _scan,
)

# ---------------------------------------------------------------------------------------------------------
# Candidates: the best mentors of each mentee, the best mentees of each mentor


@dataclass
class _Candidates:
    mentee: IntArray
    mentor: IntArray
    weight: IntArray  # score in millionths
    keys: IntArray = field(default_factory=lambda: np.zeros(0, dtype=I64))  # sorted mentee * m + mentor


def _arcs(p: _Prepared, mentee: IntArray, mentor: IntArray) -> _Candidates:
    keys = np.sort(mentee * max(p.m, 1) + mentor)
    keys = keys[np.r_[True, keys[1:] != keys[:-1]]] if len(keys) else keys
    mentee, mentor = np.divmod(keys, max(p.m, 1))
    return _Candidates(mentee, mentor, _exact_weights(p, mentee, mentor), keys)


def _extend(p: _Prepared, c: _Candidates, mentee: IntArray, mentor: IntArray) -> _Candidates:
    keys = np.concatenate([c.keys, mentee * max(p.m, 1) + mentor])
    order = np.argsort(keys, kind="stable")
    weight = np.concatenate([c.weight, _exact_weights(p, mentee, mentor)])
    keys, first = np.unique(keys[order], return_index=True)
    mentee, mentor = np.divmod(keys, max(p.m, 1))
    return _Candidates(mentee, mentor, weight[order][first], keys)


# ---------------------------------------------------------------------------------------------------------
# The flow


def _flow_and_duals(
    p: _Prepared,
    c: _Candidates,
    capacity: IntArray,
    active: BoolArray,
    previous: tuple[IntArray, IntArray, IntArray] | None,
    prune: bool,
) -> tuple[IntArray, IntArray, IntArray, int]:
    """The optimum over all candidate arcs, and its dual prices; (assigned, u, v, flows solved).

    When only a few mentees have new arcs that break the previous prices, the previous optimum is repaired
    (`_repair`). Otherwise the flow is solved afresh; with `prune` it gets only the arcs within FLOW_SLACK of
    tight under the previous prices (the old optimum among them, and every new arc, which broke or nearly broke
    them): far smaller and faster. Every other candidate arc is then checked exactly against the new prices, and
    any that breaks them joins the flow, which is solved again, until none does: the result is optimal over all
    of them.
    """
    big = _big(p)
    keep = np.ones(len(c.mentee), dtype=bool)
    if previous is not None:
        slack = previous[1][c.mentee] + previous[2][c.mentor] - big - c.weight
        broken = np.unique(c.mentee[slack < 0])
        if len(broken) <= tuning.REPAIR * p.n:
            repaired = _repair(p, c, capacity, previous, broken)
            if repaired is not None:
                return (*repaired, 0)
        if prune:
            keep = slack <= tuning.FLOW_SLACK * SCALE
    solves = 0
    while True:
        solves += 1
        part = _Candidates(c.mentee[keep], c.mentor[keep], c.weight[keep], c.keys[keep])
        assigned = _solve_flow(p, part, capacity, active)
        duals = _duals(p, part, assigned, capacity)
        if duals is None:
            raise MatchingError("internal error: no optimality certificate for the flow")  # pragma: no cover
        u, v = duals
        out = np.flatnonzero(~keep)
        slack = u[c.mentee[out]] + v[c.mentor[out]] - big - c.weight[out]
        if not (slack < 0).any():
            return assigned, u, v, solves
        broken = np.unique(c.mentee[out[slack < 0]])
        if len(broken) <= tuning.REPAIR * p.n:
            repaired = _repair(p, c, capacity, (assigned, u, v), broken)
            if repaired is not None:
                return (*repaired, solves)
        keep[out[slack < tuning.NEAR_SLACK * SCALE]] = True


def _repair(
    p: _Prepared, c: _Candidates, capacity: IntArray, previous: tuple[IntArray, IntArray, IntArray], broken: IntArray
) -> tuple[IntArray, IntArray, IntArray] | None:
    """The previous optimum made optimal over the grown arcs: the mentees with an arc that breaks the prices get
    the value of their best arc and leave their mentor, then re-enter by shortest augmenting paths
    (kernels.repair). None if that fails or the result is not proved optimal."""
    assigned, u, v = (x.copy() for x in previous)
    value = _big(p) + c.weight
    best = np.zeros(p.n, dtype=I64)
    np.maximum.at(best, c.mentee, value - v[c.mentor])
    u[broken] = best[broken]
    left = np.full(p.n, -1, dtype=I64)
    left[broken] = assigned[broken]
    assigned[broken] = -2
    ptr = np.searchsorted(c.mentee, np.arange(p.n + 1))
    if not kernels.repair(ptr, c.mentor, value, capacity, assigned, left, u, v):
        return None  # pragma: no cover - a path always exists: back to the mentor it left
    duals = _duals(p, c, assigned, capacity)
    return None if duals is None else (assigned, *duals)


def _solve_flow(p: _Prepared, c: _Candidates, capacity: IntArray, active: BoolArray) -> IntArray:
    """Min-cost flow over the candidate arcs (OR-Tools). Returns the mentor index per mentee (-1 unmatched).

    "Most matched" is a maximum flow of minimum cost (no large match bonus in the costs: the solver's cost
    scaling stays short); "best score" lets every mentee bypass to the sink at no cost.
    """
    n, m = p.n, p.m
    source, sink = n + m, n + m + 1
    mentees = np.flatnonzero(active)
    most = p.problem.rules.objective == "most_matched"
    bypass = np.zeros(0, dtype=I64) if most else mentees
    flow = min_cost_flow.SimpleMinCostFlow()
    tails = np.concatenate([np.full(len(mentees), source), bypass, c.mentee, n + np.arange(m)])
    heads = np.concatenate([mentees, np.full(len(bypass), sink), n + c.mentor, np.full(m, sink)])
    caps = np.concatenate([np.ones(len(mentees) + len(bypass) + len(c.mentee), dtype=I64), capacity])
    costs = np.concatenate([np.zeros(len(mentees) + len(bypass), dtype=I64), -c.weight, np.zeros(m, dtype=I64)])
    flow.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    supplies = np.zeros(n + m + 2, dtype=I64)
    supplies[source], supplies[sink] = len(mentees), -len(mentees)
    flow.set_nodes_supplies(np.arange(n + m + 2), supplies)
    status = flow.solve_max_flow_with_min_cost() if most else flow.solve()
    if status != flow.OPTIMAL:
        raise MatchingError(f"the solver failed (status {status})")  # pragma: no cover
    first = len(mentees) + len(bypass)
    used = flow.flows(np.arange(first, first + len(c.mentee))) > 0
    assigned = np.full(n, -1, dtype=I64)
    assigned[c.mentee[used]] = c.mentor[used]
    return assigned


def _duals(p: _Prepared, c: _Candidates, assigned: IntArray, capacity: IntArray) -> tuple[IntArray, IntArray] | None:
    """Mentee values u and mentor prices v with u_i + v_j >= BIG + score on every candidate arc and complementary
    slackness (kernels.duals); None if there are none (then the flow was not optimal)."""
    if p.m == 0:
        return np.zeros(p.n, dtype=I64), np.zeros(0, dtype=I64)
    u, v, ok = kernels.duals(p.n, p.m, c.mentee, c.mentor, _big(p) + c.weight, assigned, capacity)
    return (u, v) if ok else None


# ---------------------------------------------------------------------------------------------------------
# The first prices (an auction) and the first arcs


@dataclass
class _Prices:
    """What the auction leaves: mentor prices (score units), the mentor position each mentee row holds (-1 none),
    how many lists it made, and the mentees' prices (a reverse auction's; zeros after a forward one)."""

    mentor: FloatArray
    held: IntArray
    lists: int
    mentee: FloatArray


def _auction_prices(
    p: _Prepared, rows: IntArray, mentors: IntArray, capacity: IntArray, warm: _Prices | None = None
) -> _Prices:
    """Mentor prices close to the final ones (score units) before the first flow, from an auction over every pair
    (a list: one row or one mentor scored against the whole other side).

    The flow's prices decide which pairs the optimum needs; candidates picked by score alone miss most of them and
    cost several solves from scratch. The side with fewer places bids, so that the auction ends by itself: with
    at least as many places as mentees the mentees bid for places (`_forward_prices`), with fewer the places bid
    for mentees (`_reverse_prices`). Bidding the other way round, the bidders who must lose would keep raising
    every price in steps of AUCTION_EPS until it passed what they get unmatched. `warm`: the prices of a solve of
    the same pool with other weights (the cross-department share's prices) to start from, without a sample."""
    if not len(rows) or not len(mentors):
        return _Prices(np.zeros(len(mentors)), np.full(len(rows), -1, dtype=I64), 0, np.zeros(len(rows)))
    if capacity[mentors].sum() < len(rows):
        return _reverse_prices(p, rows, mentors, capacity, warm)
    return _forward_prices(p, rows, mentors, capacity, warm)


def _forward_prices(
    p: _Prepared, rows: IntArray, mentors: IntArray, capacity: IntArray, warm: _Prices | None
) -> _Prices:
    """Mentees bid for mentor places. A large pool first runs the auction on a sample of the mentees, each bidding
    for AUCTION_COPIES places, so that the prices rise where the whole pool's demand would push them at a fraction
    of the scoring; the whole pool then bids on from those prices."""
    slot_ptr = np.r_[0, np.cumsum(capacity[mentors])]
    price = np.zeros(len(mentors)) if warm is None else warm.mentor.copy()
    slot_price = np.repeat(price, capacity[mentors])

    def best_of(at: IntArray) -> tuple[Any, Any]:
        nothing = np.full(len(at), NONE)
        found = _scan(p, at, mentors, price, nothing, nothing, tuning.AUCTION_LIST)
        return found.best, found.value

    scored = 0
    if len(rows) >= tuning.AUCTION_SAMPLE_FROM and warm is None:
        sample = np.sort(np.random.default_rng(1).choice(len(rows), len(rows) // tuning.AUCTION_COPIES, replace=False))
        copies = np.repeat(np.arange(len(sample)), tuning.AUCTION_COPIES)
        scored += _auction(p, lambda todo: best_of(rows[sample[todo]]), copies, slot_ptr, slot_price, price)[1]
    holder, count = _auction(p, lambda todo: best_of(rows[todo]), np.arange(len(rows)), slot_ptr, slot_price, price)
    held = np.flatnonzero(holder >= 0)
    mentor_of = np.full(len(rows), -1, dtype=I64)
    mentor_of[holder[held]] = np.searchsorted(slot_ptr, held, side="right") - 1
    return _Prices(price, mentor_of, scored + count, np.zeros(len(rows)))


def _reverse_prices(
    p: _Prepared, rows: IntArray, mentors: IntArray, capacity: IntArray, warm: _Prices | None
) -> _Prices:
    """Mentor places bid for mentees, raising the mentees' prices; each mentor's list holds its best mentees by
    score less their price (a pass of every mentee against the mentors whose lists ran out). (A first run on a
    sample of the mentors, as `_forward_prices` does with the mentees, made some pools slower: 50k at 0.5 places per
    mentee spent 11 s more repairing the first flow than it saved.) A mentor's price is then the least a place of it
    keeps (score less its mentee's price), 0 with a place left over: at the end of an auction run to the last
    bidder, every placed mentee's mentor is within AUCTION_EPS of its best by score less mentor price and no
    unplaced mentee gains from any mentor, as with the forward auction's prices."""
    owner = np.repeat(np.arange(len(mentors)), capacity[mentors])
    mentee_price = np.zeros(len(rows)) if warm is None else warm.mentee.copy()
    slot_price, slot_ptr = mentee_price.copy(), np.arange(len(rows) + 1)
    nothing = np.full(len(rows), NONE)

    def best_of(todo: IntArray) -> tuple[Any, Any]:
        found = _scan(p, rows, mentors[todo], np.zeros(len(todo)), nothing, nothing, 0, tuning.AUCTION_LIST,
                      mentee_price)  # fmt: skip
        at, rank = _ranked(found.column_mentors, found.column_values)
        best = np.full((len(todo), tuning.AUCTION_LIST), -1, dtype=np.int32)
        value = np.full(best.shape, NONE, dtype=F32)
        best[found.column_mentors[at], rank] = found.column_rows[at]
        value[found.column_mentors[at], rank] = found.column_values[at]
        return best, value

    holder, count = _auction(p, best_of, owner, slot_ptr, slot_price, mentee_price)
    placed = np.flatnonzero(holder >= 0)
    mentor_of = np.full(len(rows), -1, dtype=I64)
    mentor_of[placed] = owner[holder[placed]]
    kept = _exact_weights(p, rows[placed], mentors[mentor_of[placed]]) / SCALE - mentee_price[placed]
    price = np.full(len(mentors), np.inf)
    np.minimum.at(price, mentor_of[placed], kept)
    price[np.bincount(mentor_of[placed], minlength=len(mentors)) < capacity[mentors]] = 0.0
    return _Prices(price, mentor_of, count, mentee_price)


def _ranked(group: IntArray, value: Any) -> tuple[IntArray, IntArray]:
    """Of pairs listed per group, the AUCTION_LIST best of each group (positions) and their rank in it."""
    order = np.lexsort((-value, group))
    rank = np.arange(len(order)) - np.searchsorted(group[order], group[order], side="left")
    keep = rank < tuning.AUCTION_LIST
    return order[keep], rank[keep]


def _auction(
    p: _Prepared,
    best_of: Callable[[IntArray], tuple[Any, Any]],
    owner: IntArray,
    slot_ptr: IntArray,
    slot_price: FloatArray,
    price: FloatArray,
) -> tuple[IntArray, int]:
    """One auction (kernels.auction): bidders are copies of the bidding side's members (`owner`), each member's
    list (`best_of`: positions and values at the current prices) made again whenever it no longer proves the
    member's best. Prices change in place; returns the bidder per place and how many lists were made.

    The auction stops when few bidders (AUCTION_TAIL) are left, or after AUCTION_LISTS lists per member: what is
    left then are fights over the last places in steps of AUCTION_EPS (where a group of mentees, or of places,
    is larger than what it can have), which the exact flow settles far faster."""
    members = int(owner.max()) + 1 if len(owner) else 0
    slot_holder = np.full(slot_ptr[-1], -1, dtype=I64)
    list_j = np.full((members, tuning.AUCTION_LIST), -1, dtype=np.int32)
    list_s = np.zeros((members, tuning.AUCTION_LIST))
    theta = np.zeros(members)
    rescan = np.empty(len(owner), dtype=I64)
    outside = -(_max_score(p) + 1.0) if p.problem.rules.objective == "most_matched" else 0.0
    bidders, scored, budget = np.arange(len(owner)), 0, tuning.AUCTION_LISTS * members
    while len(bidders) > (tuning.AUCTION_TAIL * len(owner) if scored else 0) and scored < budget:
        todo = np.unique(owner[bidders])
        scored += len(todo)
        best, value = best_of(todo)
        list_j[todo] = best
        list_s[todo] = value + price[np.maximum(best, 0)]
        theta[todo] = np.where((best >= 0).all(axis=1), value.min(axis=1), -np.inf)
        count = kernels.auction(bidders.copy(), len(bidders), owner, list_j, list_s, theta, slot_ptr, slot_price,
                                slot_holder, price, outside, tuning.AUCTION_EPS, rescan)  # fmt: skip
        bidders = rescan[:count].copy()
    return slot_holder, scored


def _candidates(
    p: _Prepared, rows: IntArray, mentors: IntArray, limit: int, prices: _Prices
) -> tuple[_Candidates, _Scan]:
    """The `limit` best eligible mentors of each mentee by score less the mentor's price, the best eligible mentees
    of each mentor by score less the mentee's price (after a reverse auction; else by score), and the pairs the
    auction made.

    Both sides matter: when every mentee prefers the same few mentors, mentee-side lists alone leave most mentors
    without arcs and the first flow cannot match everyone. None of this decides optimality (the certificate
    does), only how close the first flow comes. The pass itself is returned too, its values less the mentor's
    price only: it starts the certificate."""
    price, held, mentee_price = prices.mentor, prices.held, prices.mentee
    nothing = np.full(len(rows), NONE)
    has = held >= 0
    columns = min(tuning.COLUMN_CANDIDATES, limit)
    found = _scan(p, rows, mentors, price, nothing, nothing, limit, columns, mentee_price)
    found.value += np.where(found.best >= 0, mentee_price[:, None], 0.0).astype(F32)
    r, k = np.nonzero(found.best >= 0)
    rng = np.random.default_rng(0)
    rand_e = np.repeat(rows, tuning.RANDOM_ARCS) if len(mentors) else np.zeros(0, dtype=I64)
    rand_m = mentors[rng.integers(0, len(mentors), size=len(rand_e))] if len(mentors) else rand_e
    eligible = _eligible(p, rand_e, rand_m)
    mentee = np.concatenate([rows[r], rows[found.column_rows], rand_e[eligible], rows[has]])
    mentor = np.concatenate(
        [mentors[found.best[r, k]], mentors[found.column_mentors], rand_m[eligible], mentors[held[has]]]
    )
    allowed = _not_forbidden(p, mentee, mentor)
    return _arcs(p, mentee[allowed], mentor[allowed]), found


# ---------------------------------------------------------------------------------------------------------
# The solve


@dataclass
class _Solved:
    assigned: IntArray  # mentor per mentee from the flow (-1: none; pinned mentees are not in the flow)
    pinned: list[tuple[int, int]]
    stats: dict[str, Any]
    prices: _Prices  # the auction's, to start a solve of the same pool with other weights from


def _solve(p: _Prepared, started: float, warm: _Prices | None = None) -> _Solved:
    capacity, active, pinned_pairs = _apply_pins(p)
    prepared_at = time.perf_counter()
    rows = np.flatnonzero(active)
    mentors = np.flatnonzero(p.usable & (capacity > 0))
    prices = _auction_prices(p, rows, mentors, capacity, warm)
    priced_at = time.perf_counter()
    c, found = _candidates(p, rows, mentors, max(1, p.problem.candidates), prices)
    certificate = _Certificate(p, rows, mentors, found, prices.mentor)
    first_arcs = len(c.mentee)
    scored_at = time.perf_counter()
    rounds, added, repairs = 0, 0, 0
    flow_seconds = 0.0
    state: tuple[IntArray, IntArray, IntArray] | None = None
    last_added = 0
    while True:
        flow_started = time.perf_counter()
        few = last_added < tuning.PRUNE_AFTER * len(c.mentee)
        assigned, u, v, solves = _flow_and_duals(p, c, capacity, active, state, few)
        state = assigned, u, v
        rounds += solves
        repairs += solves == 0
        flow_seconds += time.perf_counter() - flow_started
        if not len(rows) or not len(mentors):
            break
        extra_e, extra_m = certificate.check(u, v)
        if not len(extra_e):
            break
        keys = extra_e * max(p.m, 1) + extra_m
        at = np.minimum(np.searchsorted(c.keys, keys), max(len(c.keys) - 1, 0))
        fresh = c.keys[at] != keys if len(c.keys) else np.ones(len(keys), dtype=bool)
        extra_e, extra_m = extra_e[fresh], extra_m[fresh]
        added += len(extra_e)
        last_added = len(extra_e)
        c = _extend(p, c, extra_e, extra_m)
    solved_at = time.perf_counter()
    on = assigned[c.mentee] == c.mentor
    primal = int((_big(p) + c.weight[on]).sum())
    dual = int(u.sum() + (v * capacity).sum())
    stats = {
        "mentees": p.n,
        "mentors": p.m,
        "candidate_pairs": int(len(c.mentee)),
        "pruned_pairs": int(len(rows) * len(mentors) - len(c.mentee)),
        "certificate": {
            "method": "LP dual prices: u_i + v_j >= a_ij for every eligible pair (each mentee's pairs scored in a pass "
            "or bounded since its last one, exact integer weights deciding); primal = dual",
            "rounds": rounds,
            "repairs": repairs,
            "first_candidate_pairs": first_arcs,
            "auction": {
                "bidders": "mentees" if capacity[mentors].sum() >= len(rows) else "mentor places",
                "lists": prices.lists,
            },
            "full_passes": certificate.full_passes,
            "rows_rescored": certificate.rescored_rows,
            "pairs_added": added,
            "primal": primal,
            "dual": dual,
            "optimal": primal == dual,
        },
        "seconds": {
            "prepare": round(prepared_at - started, 3),
            "prices": round(priced_at - prepared_at, 3),
            "score": round(scored_at - priced_at, 3),
            "flow": round(flow_seconds, 3),
            "certify": round(solved_at - scored_at - flow_seconds, 3),
        },
    }
    return _Solved(assigned, pinned_pairs, stats, prices)


def _pairs_of(solved: _Solved) -> tuple[IntArray, IntArray]:
    flow = np.flatnonzero(solved.assigned >= 0)
    pinned = np.array(solved.pinned, dtype=I64).reshape(-1, 2)
    return np.concatenate([flow, pinned[:, 0]]), np.concatenate([solved.assigned[flow], pinned[:, 1]])
