"""A real Celery worker consuming from Redis runs a large matching run: queued, then ready for review.

Runs only with CELERY_BROKER_URL set (CI points it at the local Redis); tasks are eager otherwise.
"""

from __future__ import annotations

import os

import pytest
from django.urls import reverse

from omkeer.matching import services
from omkeer.matching.models import MatchRun
from tests.integration.test_celery_worker import wait_for, worker  # noqa: F401 (fixture)
from tests.matching.conftest import pool  # noqa: F401 (fixture)

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.skipif(not os.environ.get("CELERY_BROKER_URL"), reason="needs CELERY_BROKER_URL (a real broker)"),
]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("worker", "pool")
def test_worker_matches_a_large_pool_while_the_page_shows_progress(client, programme, admin, monkeypatch):
    monkeypatch.setattr(services, "LARGE_RUN", 1)  # any pool counts as large: it goes to the worker
    client.force_login(admin)
    response = client.post(reverse("matching:run-create", args=[programme.pk]))
    run = MatchRun.objects.get()
    assert response["Location"] == reverse("matching:run-detail", args=[run.pk])
    run = wait_for(run, {MatchRun.State.DONE, MatchRun.State.FAILED})
    assert run.state == MatchRun.State.DONE and run.matched == 2
    assert client.get(reverse("matching:run-status", args=[run.pk])).json()["done"] is True
