"""Pair content stays with the pair, the Django admin included: a staff member with every permission and a
superuser walk every admin page of every registered model (list, search, add, change/view, history, delete)
and never read an agreement, note, agenda, reason, commitment, assignment, check-in note, recommendation,
intake answer, idea or anonymous feedback. The pages answer; the admin stays useful for what staff manage."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib import admin as django_admin
from django.contrib.auth.models import Permission
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from omkeer.board.models import Idea
from omkeer.enrolment.models import MenteeIntake, MentorApplication, Recommendation
from omkeer.evaluation.models import CheckIn
from omkeer.mentorships.models import (
    AgreementVersion,
    Assignment,
    Commitment,
    MentoringSession,
    Mentorship,
    Note,
    SessionChange,
)
from omkeer.voice.models import Feedback
from tests.factories import make_user
from tests.test_access_matrix import build_world

# (model, field): what only the people it belongs to may read. Each gets its own marker.
PRIVATE = [
    (AgreementVersion, "expectations"),
    (AgreementVersion, "learning_goals"),
    (AgreementVersion, "place"),
    (Note, "text"),
    (MentoringSession, "agenda"),
    (MentoringSession, "place"),
    (MentoringSession, "video_link"),
    (SessionChange, "reason"),
    (Mentorship, "kickoff_place"),
    (Mentorship, "end_reason"),
    (Commitment, "text"),
    (Assignment, "title"),
    (Assignment, "text"),
    (Assignment, "comment"),
    (Assignment, "link"),
    (CheckIn, "concerns"),
    (CheckIn, "notes"),
    (Feedback, "text"),
    (Idea, "title"),
    (Idea, "description"),
    (MentorApplication, "teaching"),
    (MentorApplication, "decision_reason"),
    (Recommendation, "trustworthiness"),
    (Recommendation, "discretion"),
    (Recommendation, "explaining"),
    (MenteeIntake, "goals"),
    (MenteeIntake, "why_now"),
    (MenteeIntake, "what_will_change"),
]
MARK = "zq-private-"


def marker(model, field):
    text = f"{MARK}{model._meta.model_name}-{field}"
    return f"https://example.com/{text}" if field in ("video_link", "link") else text


@pytest.fixture
def marked(programme, admin, coach, mentor, other_mentor, mentee, outsider, hr, staff):
    """The access matrix's world, every private text replaced by its own marker, and a moved session."""
    build_world(programme, admin, coach, mentor, other_mentor, mentee, outsider, hr, staff)
    session = MentoringSession.objects.get()
    SessionChange.objects.create(
        session=session, kind="moved", by=mentor.employee, old_start=session.starts_at, new_start=timezone.now()
    )
    MentoringSession.objects.create(
        mentorship=session.mentorship, starts_at=timezone.now() + dt.timedelta(days=7), minutes=60
    )
    for model, field in PRIVATE:
        assert model.objects.exists(), model
        model.objects.update(**{field: marker(model, field)})
    return staff


@pytest.fixture
def staff_member(db):
    """Staff, not superuser, with every permission there is: the widest an ordinary staff account gets."""
    user = make_user(None, username="staff@example.com", is_staff=True)
    user.user_permissions.set(Permission.objects.all())
    return user


def admin_urls(model):
    info = model._meta.app_label, model._meta.model_name
    yield reverse("admin:{}_{}_changelist".format(*info))
    yield reverse("admin:{}_{}_changelist".format(*info)) + "?q=private"  # a part of every marker
    yield reverse("admin:{}_{}_add".format(*info))
    for pk in model._default_manager.values_list("pk", flat=True)[:3]:
        for page in ("change", "history", "delete"):
            try:
                yield reverse(f"admin:{info[0]}_{info[1]}_{page}", args=[pk])
            except NoReverseMatch:
                continue


@pytest.mark.parametrize("who", ["superuser", "staff_member"])
def test_no_admin_page_shows_pair_content_to_staff_or_superusers(who, marked, staff_member, client_for):
    client = client_for(marked if who == "superuser" else staff_member)
    seen = 0
    for model in django_admin.site._registry:
        for url in admin_urls(model):
            response = client.get(url)
            assert response.status_code in (200, 302, 403), (url, response.status_code)
            assert MARK not in response.content.decode(errors="replace"), url
            seen += response.status_code == 200
    assert seen > 3 * len(django_admin.site._registry)  # the pages rendered, not merely refused


def test_searching_the_admin_by_private_text_finds_nothing(marked, client_for):
    client = client_for(marked)
    for model, field in PRIVATE:
        info = model._meta.app_label, model._meta.model_name
        page = client.get(reverse("admin:{}_{}_changelist".format(*info)), {"q": marker(model, field)})
        assert page.status_code == 200
        changelist = page.context["cl"]
        assert changelist.result_count == 0 or not changelist.search_fields, (model, field)


def test_the_admin_still_shows_that_content_exists_and_when(marked, client_for):
    client = client_for(marked)
    version = AgreementVersion.objects.get()
    page = client.get(reverse("admin:mentorships_agreementversion_change", args=[version.pk])).content.decode()
    assert "Meeting frequency" in page and "Session length (minutes)" in page and "Proposed by" in page
    notes = client.get(reverse("admin:mentorships_note_changelist"))
    assert notes.context["cl"].result_count == Note.objects.count() == 1
    sessions = client.get(reverse("admin:mentorships_mentoringsession_changelist"))
    assert sessions.context["cl"].result_count == 2


def test_staff_still_edit_what_they_manage(marked, client_for):
    """Programme content and the organisation stay editable; a private field left out of a form keeps its text."""
    client = client_for(marked)
    for name in ("programmes_programme", "people_employee", "enrolment_trainingmodule", "mentorships_track"):
        model = next(m for m in django_admin.site._registry if f"{m._meta.app_label}_{m._meta.model_name}" == name)
        page = client.get(reverse(f"admin:{name}_change", args=[model.objects.first().pk]))
        assert page.status_code == 200 and 'type="submit"' in page.content.decode(), name
    application = MentorApplication.objects.get()
    url = reverse("admin:enrolment_mentorapplication_change", args=[application.pk])
    form = client.get(url).context["adminform"].form
    assert "teaching" not in form.fields and "decision_reason" not in form.fields


def test_the_crawl_would_see_a_marker_an_admin_page_showed(marked, client_for, monkeypatch):
    """Keeps the crawl honest: without its private_fields the agreement's screen shows the expectations."""
    monkeypatch.setattr(django_admin.site._registry[AgreementVersion], "private_fields", ())
    version = AgreementVersion.objects.get()
    page = client_for(marked).get(reverse("admin:mentorships_agreementversion_change", args=[version.pk]))
    assert marker(AgreementVersion, "expectations") in page.content.decode()
