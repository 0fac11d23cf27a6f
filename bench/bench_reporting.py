"""Reporting-line queries at 100,000 employees: stored paths vs walking the manager chain.

`python bench/bench_reporting.py [--employees 100000]`. Uses a fresh SQLite database in a temporary directory.
Baselines, in the same run: "everyone under B" by a breadth-first walk (one query per level), and
"is A in B's management chain?" by following manager ids one query per hop.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

FAN_OUT = 8


def _setup() -> str:
    tmp = tempfile.mkdtemp(prefix="omkeer-bench-")
    os.environ["OMKEER_VAR_DIR"] = tmp
    os.environ["DJANGO_SETTINGS_MODULE"] = "omkeer.settings"
    os.environ.pop("DATABASE_URL", None)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    return tmp


def _build(count: int) -> float:
    from omkeer.people.models import Department, Employee
    from omkeer.people.services import rebuild_reporting_paths

    department = Department.objects.create(name="Bench")
    people = [
        Employee(employee_id=f"B{n:06d}", first_name="B", last_name=str(n), email=f"b{n}@bench.test",
                 department=department, level=max(1, 10 - len(oct(n))), reporting_path="")
        for n in range(1, count + 1)
    ]  # fmt: skip
    Employee.objects.bulk_create(people, batch_size=5000)
    ids = list(Employee.objects.order_by("pk").values_list("pk", flat=True))
    managed = [Employee(pk=pk, manager_id=ids[(i - 1) // FAN_OUT]) for i, pk in enumerate(ids) if i]
    Employee.objects.bulk_update(managed, ["manager_id"], batch_size=5000)
    start = time.perf_counter()
    rebuild_reporting_paths()
    return time.perf_counter() - start


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def _under_by_walk(manager_pk: int) -> int:
    from omkeer.people.models import Employee

    total, frontier = 0, [manager_pk]
    while frontier:
        frontier = list(Employee.objects.filter(manager_id__in=frontier).values_list("pk", flat=True))
        total += len(frontier)
    return total


def _in_chain_by_walk(a: int, b: int) -> bool:
    from omkeer.people.models import Employee

    node = Employee.objects.values_list("manager_id", flat=True).get(pk=b)
    while node is not None:
        if node == a:
            return True
        node = Employee.objects.values_list("manager_id", flat=True).get(pk=node)
    return False


def main(argv: list[str] | None = None) -> list[dict[str, Any]]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--samples", type=int, default=200)
    args = parser.parse_args(argv)
    tmp = _setup()
    try:
        return _run(args.employees, args.samples)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _run(count: int, samples: int) -> list[dict[str, Any]]:
    from omkeer.people.models import Employee

    rebuild = _build(count)
    rng = random.Random(7)
    by_pk = {e.pk: e for e in Employee.objects.only("pk", "reporting_path")}
    managers = rng.sample([pk for pk in by_pk if pk <= count // FAN_OUT], samples)
    pairs = [(rng.choice(list(by_pk)), rng.choice(list(by_pk))) for _ in range(samples)]

    path_under, a = _timed(lambda: [Employee.objects.under(by_pk[m]).count() for m in managers])
    walk_under, b = _timed(lambda: [_under_by_walk(m) for m in managers])
    assert a == b, "path and walk disagree on 'everyone under'"
    path_chain, c = _timed(lambda: [by_pk[x].is_in_chain_of(by_pk[y]) for x, y in pairs])
    walk_chain, d = _timed(lambda: [_in_chain_by_walk(x, y) for x, y in pairs])
    assert c == d, "path and walk disagree on 'in chain'"
    rows = [
        {"query": f"rebuild all reporting paths ({count:,})", "stored path": rebuild, "walk baseline": None},
        {"query": f"everyone under B ×{samples}", "stored path": path_under, "walk baseline": walk_under},
        {"query": f"is A in B's chain ×{samples}", "stored path": path_chain, "walk baseline": walk_chain},
    ]
    _print(rows)
    return rows


def _print(rows: list[dict[str, Any]]) -> None:
    print(f"\nReporting lines — {'query':<40} | {'stored path (s)':>15} | {'walk (s)':>9} | {'speed-up':>8}")
    for row in rows:
        walk = row["walk baseline"]
        ratio = f"{walk / row['stored path']:.0f}×" if walk else "—"
        walk_text = f"{walk:.3f}" if walk else "—"
        print(f"{'':18}{row['query']:<40} | {row['stored path']:>15.3f} | {walk_text:>9} | {ratio:>8}")


if __name__ == "__main__":
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "src"))
    main(sys.argv[1:])
