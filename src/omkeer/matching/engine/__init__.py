"""The matching engine: optimal, conflict-free mentor–mentee pairs with reasons. No Django here.

Input: an organisation (employees with department, team, level, manager), mentors (capacity, skills,
interests, what they want to learn), mentees (what they want to learn with importance, their own skills,
interests), hard rules, weights, pinned and forbidden pairs. Output: pairs with score and reasons, the
unmatched mentees with the reason nobody fit, and a certificate that the result is the exact optimum.

How: an auction over all pairs finds prices close to the final ones (`_auction_prices`: the side with fewer places
bids, so that it ends by itself: mentees for mentor places, or places for mentees when there are fewer places; each
bids from a list of its best, made again by a compiled pass, `kernels.scan`, when the prices outrun it); one pass at
those prices keeps the best mentors of each mentee, the best mentees of each mentor, the auction's pairs and a few
random allowed pairs; they are the arcs of a min-cost flow (OR-Tools). Its optimum over those arcs is then proved
optimal for all pairs with LP dual prices (`_Certificate`): every pair whose score, less its mentor's price, could
exceed its mentee's value is found (floats with a margin; exact integer weights decide), by a pass or by each
mentee's list and bound kept since its last pass; the pairs that break or nearly break the prices are added and the
flow solved again, or its last optimum repaired by shortest augmenting paths (`kernels.repair`) when few mentees are
affected, until no pair breaks them.

Side constraint `min_cross_department_share`: a Lagrangian price on cross-department pairs, each price solved
exactly as above; the next price where the lines of a price that misses and one that holds cross (see
`_solve_with_share`).

The modules, each importing only those above it in this list:
- `problem`: the input and output records, `MatchingError`, the units (scores in millionths);
- `tuning`: the solver's knobs;
- `preparation`: validation, ids to indices, the arrays; `conflicts()` (the hard rules of one pair) and pins;
- `scoring`: the compiled pass as the engine uses it, the hard rules for many pairs, exact scores;
- `certificate`: the dual prices' proof of optimality over every pair;
- `flow`: the auction, the first arcs, the min-cost flow and its repair, the rounds until the proof holds;
- `side`: the cross-department share by a Lagrangian price;
- `result`: `match()`, the result with its reasons, `why_not()`.
`python -m omkeer.matching.engine` compiles the Numba loops (`omkeer.matching.kernels`) once, into their cache.
"""

from __future__ import annotations

from omkeer.matching.engine.preparation import ANY_DEPTH, conflicts, prepare
from omkeer.matching.engine.problem import (
    F32,
    I64,
    IMPORTANCE,
    LEVELS,
    OBJECTIVES,
    PROFICIENCY,
    SCALE,
    SKILL_EPSILON,
    BoolArray,
    Employee,
    FloatArray,
    IntArray,
    MatchingError,
    Mentee,
    Mentor,
    Pair,
    Parts,
    Problem,
    Reason,
    Result,
    Rules,
    Unmatched,
    Weights,
)
from omkeer.matching.engine.result import match, why_not
from omkeer.matching.engine.scoring import NONE, pair_parts, total
from omkeer.matching.engine.tuning import (
    ADD_PER_ROW,
    AUCTION_COPIES,
    AUCTION_EPS,
    AUCTION_LIST,
    AUCTION_LISTS,
    AUCTION_SAMPLE_FROM,
    AUCTION_TAIL,
    COLUMN_CANDIDATES,
    DRIFT,
    FLOW_SLACK,
    MAX_SHARE_SOLVES,
    NEAR_SLACK,
    PRICE_CAP,
    PRUNE_AFTER,
    RANDOM_ARCS,
    REPAIR,
    REPASS,
)

__all__ = [
    "ADD_PER_ROW",
    "ANY_DEPTH",
    "AUCTION_COPIES",
    "AUCTION_EPS",
    "AUCTION_LIST",
    "AUCTION_LISTS",
    "AUCTION_SAMPLE_FROM",
    "AUCTION_TAIL",
    "COLUMN_CANDIDATES",
    "DRIFT",
    "F32",
    "FLOW_SLACK",
    "I64",
    "IMPORTANCE",
    "LEVELS",
    "MAX_SHARE_SOLVES",
    "NEAR_SLACK",
    "NONE",
    "OBJECTIVES",
    "PRICE_CAP",
    "PROFICIENCY",
    "PRUNE_AFTER",
    "RANDOM_ARCS",
    "REPAIR",
    "REPASS",
    "SCALE",
    "SKILL_EPSILON",
    "BoolArray",
    "Employee",
    "FloatArray",
    "IntArray",
    "MatchingError",
    "Mentee",
    "Mentor",
    "Pair",
    "Parts",
    "Problem",
    "Reason",
    "Result",
    "Rules",
    "Unmatched",
    "Weights",
    "conflicts",
    "match",
    "pair_parts",
    "prepare",
    "total",
    "why_not",
]
