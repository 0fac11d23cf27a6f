"""Celery finds the enrolment app's tasks here; they are defined beside the reminders that queue them."""

from __future__ import annotations

from omkeer.enrolment.reminders import send_due_reminders_task as send_due_reminders
from omkeer.enrolment.reminders import send_reminders_task as send_reminders

__all__ = ["send_due_reminders", "send_reminders"]
