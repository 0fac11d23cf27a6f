from __future__ import annotations

from omkeer.evaluation.services import send_evaluation_reminders

__all__ = ["send_evaluation_reminders"]
