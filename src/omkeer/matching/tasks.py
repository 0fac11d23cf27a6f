"""Celery finds the matching app's tasks here; they are defined beside the services that queue them."""

from __future__ import annotations

from omkeer.matching.services import run_match

__all__ = ["run_match"]
