"""The matching engine over shapes of pool (issue 18): `python bench/bench_matching.py --sweep [--sweep-sizes ...]`.

Mentor places are 0.5, 0.7, 0.9, 1.0, 1.2 and 2.0 times the mentees (`matchgen --capacity-ratio`), for both
objectives, at 10k x 5k and 50k x 25k, and 0.9 and 1.0 at 100k x 50k; then the conflict-heavy and sparse
organisations, and a binding cross-department target on the `affinity` organisation (same-department pairs
score higher), timed against the same organisation without it. Each run is a fresh `omkeer match-file` process
(start to file written), checked pair by pair and scored by bench_matching's own code, with greedy beside it.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import bench_matching as bm
import matchgen

RATIOS = (0.5, 0.7, 0.9, 1.0, 1.2, 2.0)
OBJECTIVES = ("most_matched", "best_score")
SIZES = {10_000: (5_000, RATIOS), 50_000: (25_000, RATIOS), 100_000: (50_000, (0.9, 1.0))}
SHAPE_SIZES = (10_000, 50_000)
CROSS_LIMIT = 3.0  # the binding target may cost at most this many times the unconstrained time
CROSS_EXTRA = 0.1  # the target: the unconstrained share plus this


def run(args: argparse.Namespace, workdir: Path) -> None:
    sizes = [int(s) for s in args.sweep_sizes.split(",") if s]
    print("\n== Shapes of pool: wall s from process start to file written, exact (certificate), greedy beside ==")
    print(HEADER)
    missed = []
    for n in sizes:
        m, ratios = SIZES.get(n, (n // 2, RATIOS))
        for ratio in ratios:
            for objective in OBJECTIVES:
                missed += _row(args, workdir, "standard", n, m, ratio, objective)
    for n in [s for s in sizes if s in SHAPE_SIZES]:
        for shape in ("conflict", "sparse"):
            for ratio in (0.9, 1.0):
                missed += _row(args, workdir, shape, n, n // 2, ratio, "most_matched")
    print("\n== A binding cross-department target (affinity organisation, most matched, ratio 1.0) ==")
    print(f"  {'size':<17}{'free s':>8}{'target':>8}{'with s':>8}{'x free':>8}{'achieved':>10}{'cost':>10}"
          f"{'gap':>10}{'solves':>7}  target <= {CROSS_LIMIT:.0f}x")  # fmt: skip
    for n in sizes:
        missed += _cross(args, workdir, n, SIZES.get(n, (n // 2,))[0])
    print(f"\nSweep: {'every target met' if not missed else 'MISSED: ' + '; '.join(missed)}")


HEADER = (f"  {'shape':<9}{'size':<17}{'ratio':>6} {'objective':<13}{'wall s':>7}{'MB':>6}{'matched':>8}"
          f"{'total':>11}{'prep':>6}{'price':>6}{'score':>6}{'flow':>6}{'cert':>6}{'greedy':>11}{'ours/gr':>8}"
          f"  target")  # fmt: skip


def _instance(workdir: Path, n: int, m: int, seed: int, **options: Any) -> tuple[Path, bm.Instance]:
    data = matchgen.generate(n, m, seed, **options)
    source = workdir / f"sweep-{n}.json"
    matchgen.write(source, data)
    return source, bm.load(data)


def _row(
    args: argparse.Namespace, workdir: Path, shape: str, n: int, m: int, ratio: float, objective: str
) -> list[str]:
    source, inst = _instance(workdir, n, m, args.seed, capacity_ratio=ratio, shape=shape,
                             rules={"objective": objective})  # fmt: skip
    ours = bm.run_method("ours", inst, source, args)
    stats = ours.stats
    greedy = bm.run_method("greedy", inst, source, args)
    source.unlink()
    label = f"  {shape:<9}{f'{n:,} x {m:,}':<17}{ratio:>6.1f} {objective:<13}"
    if ours.run is None or ours.result is None:
        print(f"{label}{ours.note}", flush=True)
        return [f"{shape} {n:,} {ratio} {objective}: failed"]
    seconds, mb = bm.TARGETS.get(n, (None, None))
    optimal = stats.get("certificate", {}).get("optimal") is True
    met = optimal and (seconds is None or ours.run.seconds <= seconds) and (mb is None or ours.run.peak_mb <= mb)
    split = "".join(f"{stats.get('seconds', {}).get(k, 0):6.1f}" for k in ("prepare", "prices", "score", "flow",
                                                                            "certify"))  # fmt: skip
    g = greedy.result.total if greedy.result else float("nan")
    ratio_text = f"{100 * ours.result.total / g:7.1f}%" if greedy.result and g else f"{'-':>8}"
    target = f"<= {seconds} s, {mb / 1024:.0f} GB: {'met' if met else 'MISSED'}" if seconds else ""
    print(f"{label}{ours.run.seconds:7.2f}{ours.run.peak_mb:6.0f}{ours.result.matched:8,}{ours.result.total:11.1f}"
          f"{split}{g:11.1f}{ratio_text}  {target}", flush=True)  # fmt: skip
    return [] if met or not seconds else [f"{shape} {n:,} x {m:,} at {ratio} ({objective})"]


def _cross(args: argparse.Namespace, workdir: Path, n: int, m: int) -> list[str]:
    """Free: the same organisation with the target 0 (the constrained code path, one solve); then the target
    CROSS_EXTRA above the share that reached."""
    runs = []
    for share in (0.0, None):
        if share is None:
            free = runs[0].stats["side_constraints"]["min_cross_department_share"]
            share = min(1.0, round(free["achieved"] + CROSS_EXTRA, 3))
        rules = {"objective": "most_matched", "min_cross_department_share": share}
        source, inst = _instance(workdir, n, m, args.seed, capacity_ratio=1.0, shape="affinity", rules=rules)
        runs.append(bm.run_method("ours", inst, source, args))
        source.unlink()
    free_row, row = runs
    stats = row.stats
    label = f"  {f'{n:,} x {m:,}':<17}"
    if free_row.run is None or row.run is None or not stats:
        print(f"{label}failed: {free_row.note or row.note}")
        return [f"cross-department {n:,}: failed"]
    side = stats["side_constraints"]["min_cross_department_share"]
    times = row.run.seconds / free_row.run.seconds
    met = times <= CROSS_LIMIT and stats["certificate"]["optimal"] is True
    gap = side["duality_gap_bound"]
    print(f"{label}{free_row.run.seconds:8.2f}{side['target']:8.3f}{row.run.seconds:8.2f}{times:8.2f}"
          f"{side['achieved']:10.3f}{side['cost_in_total_score']:10.2f}{gap if gap is not None else '-':>10}"
          f"{len(side['solves']):7}  {'met' if met else 'MISSED'}", flush=True)  # fmt: skip
    return [] if met else [f"cross-department {n:,}: {times:.1f}x"]
