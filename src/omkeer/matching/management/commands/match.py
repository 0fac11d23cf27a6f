"""`omkeer match --programme ID [--dry-run]`: match a programme's ready pool and print the summary."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from omkeer.matching import services
from omkeer.matching.models import MatchRun
from omkeer.programmes.models import Programme


def summary(run: MatchRun) -> str:
    """The run's figures in one line."""
    share = f"{100 * run.cross_department / run.matched:.0f} %" if run.matched else "–"
    gap = f"{run.level_gap:.1f}" if run.level_gap is not None else "–"
    return (
        f"{run.matched} of {run.mentees} mentees matched, {run.mentors_used} of {run.mentors} mentors used, "
        f"total score {run.total_score:.3f}, across departments {share}, average level gap {gap}; "
        f"optimal: {'yes' if run.optimal else 'no'}"
    )


class Command(BaseCommand):
    help = "Match a programme's ready pool (trained mentors, completed intakes) and store the run for review."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--programme", type=int, required=True, help="the programme's id")
        parser.add_argument("--dry-run", action="store_true", help="print the summary, store nothing")

    def handle(self, *args: Any, programme: int, dry_run: bool, **options: Any) -> str:
        found = Programme.objects.filter(pk=programme).first()
        if found is None:
            raise CommandError(f"no programme with id {programme}")
        try:
            if dry_run:
                return f"{found.name}: {summary(services.preview_matching(programme=found))}; dry run, nothing stored"
            run = services.run_matching(actor=None, programme=found, background=False)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        return f"{found.name}: {summary(run)}; run {run.pk} stored for review"
