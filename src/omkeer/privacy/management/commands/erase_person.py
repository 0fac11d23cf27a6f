"""`omkeer erase-person EMPLOYEE_ID --yes`: erase a person (see `omkeer.privacy.services.erase_person`)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from omkeer.people.models import Employee
from omkeer.privacy.services import erase_person


class Command(BaseCommand):
    help = (
        "Erase a person's personal data: names, email and ids become a placeholder, their notes and participation "
        "go, counts and figures stay. Cannot be undone; needs --yes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("employee_id", help="the employee id from the HR file")
        parser.add_argument("--yes", action="store_true", help="confirm: erase now, for good")

    def handle(self, *args: Any, employee_id: str, yes: bool, **options: Any) -> str:
        employee = Employee.objects.filter(employee_id=employee_id).first()
        if employee is None:
            raise CommandError(f"no employee with id {employee_id!r}; nothing was changed")
        if not yes:
            raise CommandError("erasure cannot be undone: add --yes to erase; nothing was changed")
        ref, changed = erase_person(actor=None, employee=employee)
        lines = [f"  {label}: {count}" for label, count in sorted(changed.items())]
        self.stdout.write("\n".join(lines))
        return (
            f"erased employee #{employee.pk} (reference {ref}): {sum(changed.values())} rows in {len(changed)} tables"
        )
