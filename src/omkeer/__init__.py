"""Omkeer: reverse mentoring programmes, from pilot to proof."""

from __future__ import annotations

from omkeer.celery import app as celery_app

__all__ = ["celery_app"]
