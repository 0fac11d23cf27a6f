"""The people app's Celery tasks, for Celery's autodiscovery; they are defined in `omkeer.people.jobs`."""

from __future__ import annotations

from omkeer.people.jobs import run_import_task as run_import
from omkeer.people.jobs import validate_import_task as validate_import

__all__ = ["run_import", "validate_import"]
