"""A double submit of a form, or an API call repeated with the same Idempotency-Key, writes once."""

from __future__ import annotations

import datetime as dt
import json
import re
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from omkeer.accounts.admin import IdempotencyKeyAdmin
from omkeer.accounts.models import IdempotencyKey
from omkeer.board.models import Post
from omkeer.matching.models import PairConstraint
from omkeer.privacy import retention

LEARNING = {"title": "Homework works", "body": "End every session with one task."}


def form_key(client, url):
    """The idempotency key of the form on the page at `url`, as a browser would send it back."""
    page = client.get(url).content.decode()
    return re.search(r'name="idempotency_key" value="([0-9a-f]{32})"', page).group(1)


@pytest.fixture
def post_url(programme):
    return reverse("board:post-create", args=[programme.pk])


def test_every_form_render_carries_a_fresh_key(mentor, post_url, client_for):
    client = client_for(mentor)
    assert form_key(client, post_url) != form_key(client, post_url)


def test_a_double_submit_of_a_form_writes_one_row_and_both_land_on_it(mentor, post_url, client_for):
    client = client_for(mentor)
    data = {**LEARNING, "idempotency_key": form_key(client, post_url)}
    first, second = client.post(post_url, data), client.post(post_url, data)
    post = Post.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == post.get_absolute_url()
    assert second["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first


def test_without_a_key_each_submit_is_its_own(mentor, post_url, client_for):
    client = client_for(mentor)
    client.post(post_url, LEARNING)
    client.post(post_url, LEARNING)
    assert Post.objects.count() == 2


def test_a_form_shown_again_with_errors_frees_its_key(mentor, post_url, client_for):
    client = client_for(mentor)
    key = form_key(client, post_url)
    refused = client.post(post_url, {"title": "", "body": "", "idempotency_key": key})
    assert refused.status_code == 200 and not Post.objects.exists() and not IdempotencyKey.objects.exists()
    assert client.post(post_url, {**LEARNING, "idempotency_key": key}).status_code == 302
    assert Post.objects.count() == 1


def test_a_key_is_per_user(mentor, other_mentor, post_url, client_for):
    data = {**LEARNING, "idempotency_key": "k" * 32}
    client_for(mentor).post(post_url, data)
    client_for(other_mentor).post(post_url, data)
    assert sorted(Post.objects.values_list("author__first_name", flat=True)) == ["Mila", "Omar"]


def test_a_key_used_on_another_form_is_refused_and_changes_nothing(programme, mentor, post_url, client_for):
    client = client_for(mentor)
    client.post(post_url, {**LEARNING, "idempotency_key": "same-key"})
    other = reverse("board:idea-create", args=[programme.pk])
    refused = client.post(other, {"title": "An idea", "body": "Why not?", "idempotency_key": "same-key"})
    assert refused.status_code == 422 and b"another request" in refused.content
    assert Post.objects.count() == 1


@pytest.mark.parametrize("key", ["", "with space", "x" * 101, "naïve"])
def test_a_malformed_key_is_refused_and_changes_nothing(key, mentor, post_url, client_for):
    refused = client_for(mentor).post(post_url, {**LEARNING, "idempotency_key": key})
    assert refused.status_code == 400 and b"idempotency key" in refused.content
    assert not Post.objects.exists() and not IdempotencyKey.objects.exists()


def test_the_refusal_is_in_dutch_for_a_dutch_user(mentor, post_url, client_for):
    mentor.language = "nl"
    mentor.save(update_fields=["language"])
    client = client_for(mentor)
    refused = client.post(post_url, {**LEARNING, "idempotency_key": "a b"}, HTTP_ACCEPT_LANGUAGE="nl")
    assert "idempotentiesleutel" in refused.content.decode()


def test_anonymous_posts_ignore_the_key(db, client):
    response = client.post(reverse("accounts:login"), {"username": "x", "password": "y", "idempotency_key": "k"})
    assert response.status_code == 200 and not IdempotencyKey.objects.exists()


def test_the_kept_answer_stays_out_of_the_admin_and_goes_after_a_day(mentor, post_url, client_for):
    client_for(mentor).post(post_url, {**LEARNING, "idempotency_key": "kept"})
    record = IdempotencyKey.objects.get()
    assert record.user == mentor and record.status == 302
    assert "body" not in IdempotencyKeyAdmin.fields
    today = timezone.localdate()
    assert retention.purge(today=today)["idempotency_keys"] == 0
    assert retention.purge(today=today + dt.timedelta(days=2))["idempotency_keys"] == 1
    assert not IdempotencyKey.objects.exists()


# --- the API -------------------------------------------------------------------------------------------------------


@pytest.fixture
def api(programme, admin, mentor, mentee, client_for):
    url = f"/api/programmes/{programme.pk}/pair-constraints"
    body = {"mentor": mentor.employee.employee_id, "mentee": mentee.employee.employee_id, "kind": "forbidden"}
    client = client_for(admin)

    def call(payload=None, key="retry-1"):
        headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
        return client.post(url, json.dumps(payload or body), content_type="application/json", **headers)

    return call


def test_an_api_call_repeated_with_its_key_writes_once_and_answers_the_same(api):
    first, second = api(), api()
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json() and second["Idempotent-Replayed"] == "true"
    assert PairConstraint.objects.count() == 1


def test_the_same_key_with_another_body_is_refused(api, mentor, other_mentor, mentee):
    api()
    other = {"mentor": other_mentor.employee.employee_id, "mentee": mentee.employee.employee_id, "kind": "forbidden"}
    refused = api(other)
    assert refused.status_code == 422 and "another request" in refused.json()["detail"]
    assert PairConstraint.objects.count() == 1


def test_while_the_first_call_runs_the_second_is_told_to_retry(api):
    first = api(key="retry-2")
    IdempotencyKey.objects.filter(key="retry-2").update(status=None)  # as if the first were still running
    busy = api(key="retry-2")
    assert first.status_code == 201 and busy.status_code == 409 and busy["Retry-After"] == "1"
    assert PairConstraint.objects.count() == 1


def test_a_refused_call_frees_its_key(api, mentor, mentee):
    wrong = {"mentor": "nobody", "mentee": mentee.employee.employee_id, "kind": "forbidden"}
    assert api(wrong, key="fix-me").status_code == 400
    assert not IdempotencyKey.objects.exists()
    assert api(key="fix-me").status_code == 201


def test_a_call_without_a_key_is_not_kept(api):
    assert api(key=None).status_code == 201
    assert not IdempotencyKey.objects.exists()


# --- at the same moment (PostgreSQL: real concurrent transactions) ---------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
def test_ten_simultaneous_submits_of_one_form_write_one_row(mentor, post_url):
    barrier, answers = threading.Barrier(10), []
    session = Client()
    session.force_login(mentor)
    cookie = session.cookies

    def submit():
        client = Client()
        client.cookies = cookie
        barrier.wait()
        answers.append(client.post(post_url, {**LEARNING, "idempotency_key": "c" * 32}))
        connection.close()

    threads = [threading.Thread(target=submit) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Post.objects.count() == 1
    assert [answer.status_code for answer in answers] == [302] * 10
    assert {answer["Location"] for answer in answers} == {Post.objects.get().get_absolute_url()}
