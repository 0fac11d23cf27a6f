"""Verbs on organisation data: reporting lines, HR import and export."""

from __future__ import annotations

from django.db import transaction

from omkeer.people.models import Employee


def compute_paths(managers: dict[int, int | None]) -> dict[int, str]:
    """Materialised reporting paths for every employee pk, given pk -> manager pk. Cycles must be excluded first."""
    paths: dict[int, str] = {}

    def path_of(pk: int) -> str:
        stack = []
        node: int | None = pk
        while node is not None and node not in paths:
            stack.append(node)
            node = managers.get(node)
        prefix = paths[node] if node is not None else "/"
        for item in reversed(stack):
            prefix = f"{prefix}{item}/"
            paths[item] = prefix
        return paths[pk]

    for pk in managers:
        path_of(pk)
    return paths


@transaction.atomic
def rebuild_reporting_paths() -> int:
    """Recompute every stored reporting path; returns how many changed."""
    rows = list(Employee.objects.values_list("pk", "manager_id", "reporting_path"))
    paths = compute_paths({pk: manager for pk, manager, _ in rows})
    changed = [Employee(pk=pk, reporting_path=paths[pk]) for pk, _, old in rows if paths[pk] != old]
    Employee.objects.bulk_update(changed, ["reporting_path"], batch_size=2000)
    return len(changed)


def refresh_reporting_path(employee: Employee) -> None:
    """After one employee changed manager: fix their path and the paths of everyone under them."""
    manager_path = (
        Employee.objects.values_list("reporting_path", flat=True).get(pk=employee.manager_id)
        if employee.manager_id
        else "/"
    )
    new_path = f"{manager_path}{employee.pk}/"
    old_path = employee.reporting_path
    if new_path == old_path:
        return
    with transaction.atomic():
        Employee.objects.filter(pk=employee.pk).update(reporting_path=new_path)
        if old_path:
            below = list(Employee.objects.filter(reporting_path__startswith=old_path).exclude(pk=employee.pk))
            for other in below:
                other.reporting_path = new_path + other.reporting_path[len(old_path) :]
            Employee.objects.bulk_update(below, ["reporting_path"], batch_size=2000)
    employee.reporting_path = new_path
