"""A junior's whole way in, through the real pages: invited by filter, applies, asks a colleague, who recommends
once; the admin accepts (or declines with a reason the applicant sees). Emails carry links that work."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from omkeer.accounts.models import AuditEntry
from omkeer.enrolment.models import ApplicationStatus, Invitation, MentorApplication, Recommendation
from omkeer.programmes.models import Participation, Role
from tests.enrolment.conftest import application_data, invite, link_in, one_h1, sent_to


def flashed(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def test_junior_applies_colleague_recommends_once_and_admin_accepts(
    admin, programme, enrolment, junior, colleague, technology, cycling, client_for
):
    # The admin invites juniors (level ≤ 3) of one department: only Jo matches.
    admin_client = client_for(admin)
    data = {"role": "mentor", "level_max": "3", "department": technology.pk}
    preview = admin_client.get(reverse("enrolment:invitation-create", args=[programme.pk]), data)
    assert (preview.context["matches"], preview.context["new"]) == (1, 1)
    assert "1 of them would get an invitation now." in preview.content.decode()
    response = admin_client.post(reverse("enrolment:invitation-create", args=[programme.pk]), data)
    assert response["Location"] == reverse("enrolment:funnel", args=[programme.pk])
    assert "1 invited; 0 skipped" in flashed(response)
    assert list(Invitation.objects.values_list("employee", "role")) == [(junior.employee_id, Role.MENTOR)]
    [invitation] = mail.outbox
    assert invitation.to == [junior.email]
    assert invitation.subject == "You are invited to become a mentor in “Digital leadership”"
    assert "Apply as mentor" in invitation.alternatives[0][0]

    # Jo follows the link to the form and applies.
    jo = client_for(junior)
    form_page = jo.get(link_in(invitation))
    assert form_page.status_code == 200 and one_h1(form_page)
    assert "Apply as mentor" in form_page.content.decode()
    response = jo.post(link_in(invitation), application_data(interests=[cycling.pk]))
    application = MentorApplication.objects.get()
    assert response["Location"] == reverse("enrolment:application-detail", args=[application.pk])
    assert application.employee == junior.employee and application.status == ApplicationStatus.APPLIED
    assert application.skills == {"social_media": 4, "linkedin": 3, "cloud": 1}
    assert application.wants == {"strategy": 3}
    assert (application.capacity, list(application.interests.all())) == (2, [cycling])
    assert application.pledged is not None
    assert AuditEntry.objects.filter(action="application.submit", actor=junior).exists()

    # Jo asks Cora for a recommendation; Cora gets a personal link.
    response = jo.post(
        reverse("enrolment:recommendation-request", args=[application.pk]), {"colleague": colleague.email}
    )
    assert "Cora Colleague got an email" in flashed(response)
    [request] = sent_to(colleague.email)
    assert request.subject == "Jo Junior asks you for a recommendation"
    assert "works once" in request.body and "works once" in request.alternatives[0][0]

    # Cora writes it once; the same link then says it was used.
    cora = client_for(colleague)
    link = link_in(request)
    page = cora.get(link)
    assert page.status_code == 200 and one_h1(page)
    assert "Recommend Jo Junior" in page.content.decode()
    texts = {"trustworthiness": "Always keeps promises.", "discretion": "Never gossips.", "explaining": "Patient."}
    assert cora.post(link, texts)["Location"] == reverse("home")
    recommendation = Recommendation.objects.get()
    assert recommendation.submitted is not None and recommendation.discretion == "Never gossips."
    again = cora.get(link)
    assert again.status_code == 410
    assert "This recommendation has already been sent" in again.content.decode()
    assert cora.post(link, {**texts, "discretion": "Changed"}).status_code == 410
    assert Recommendation.objects.get().discretion == "Never gossips."

    # Jo sees that Cora recommended, not what she wrote.
    own = jo.get(reverse("enrolment:application-detail", args=[application.pk])).content.decode()
    assert "Cora Colleague" in own and "recommended" in own
    assert "Never gossips." not in own

    # The admin sees the application, the recommendation, and accepts.
    listing = admin_client.get(reverse("enrolment:application-list", args=[programme.pk])).content.decode()
    assert "Jo Junior" in listing and "Recommended" in listing
    detail = admin_client.get(reverse("enrolment:application-detail", args=[application.pk])).content.decode()
    assert "Never gossips." in detail
    response = admin_client.post(
        reverse("enrolment:application-accept", args=[application.pk]), {"accept-reason": "Welcome!"}
    )
    assert "Jo Junior is accepted as mentor." in flashed(response)
    application.refresh_from_db()
    assert (application.status, application.decided_by, application.decision_reason) == ("accepted", admin, "Welcome!")
    assert Participation.objects.filter(programme=programme, employee=junior.employee, role=Role.MENTOR).exists()
    [decision] = [m for m in sent_to(junior.email) if m is not invitation]
    assert decision.subject == "You are accepted as mentor in “Digital leadership”"
    assert jo.get(link_in(decision)).status_code == 200
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"enrolment.invite", "recommendation.request", "recommendation.submit", "application.accept"} <= actions

    # Decided: Jo can read the application but no longer change it.
    assert jo.get(reverse("enrolment:application-edit", args=[application.pk])).status_code == 403
    assert jo.get(link_in(invitation))["Location"] == reverse("enrolment:application-detail", args=[application.pk])


@pytest.fixture
def applied(programme, enrolment, junior):
    """Jo, invited as mentor (each test applies through the page)."""
    invite(programme, junior, Role.MENTOR)
    return junior


def apply(client, programme, **overrides):
    return client.post(reverse("enrolment:application-create", args=[programme.pk]), application_data(**overrides))


def recommend(application, colleague, client_for):
    client_for(application.employee.user).post(
        reverse("enrolment:recommendation-request", args=[application.pk]), {"colleague": colleague.email}
    )
    token = Recommendation.objects.get(application=application, colleague=colleague.employee).token
    texts = {"trustworthiness": "Yes.", "discretion": "Yes.", "explaining": "Yes."}
    client_for(colleague).post(reverse("enrolment:recommendation-submit", args=[token]), texts)


def test_admin_declines_with_a_reason_the_applicant_sees(admin, programme, applied, client_for):
    apply(client_for(applied), programme)
    application = MentorApplication.objects.get()
    url = reverse("enrolment:application-decline", args=[application.pk])
    client_for(admin).post(url, {"decline-reason": "Apply again next cohort: we need cloud skills."})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DECLINED
    page = client_for(applied).get(reverse("enrolment:application-detail", args=[application.pk])).content.decode()
    assert "Your application was not accepted this time." in page
    assert "Apply again next cohort: we need cloud skills." in page
    [decision] = [m for m in sent_to(applied.email) if "not accepted" in m.body]
    assert "Apply again next cohort: we need cloud skills." in decision.body
    assert "Apply again next cohort" in decision.alternatives[0][0]
    assert not Participation.objects.filter(employee=applied.employee).exists()
    assert AuditEntry.objects.get(action="application.decline").data == {
        "reason": "Apply again next cohort: we need cloud skills."
    }


def test_declining_without_a_reason_names_the_field_and_changes_nothing(admin, programme, applied, client_for):
    apply(client_for(applied), programme)
    application = MentorApplication.objects.get()
    response = client_for(admin).post(reverse("enrolment:application-decline", args=[application.pk]), {})
    assert "Reason: This field is required." in flashed(response)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPLIED
    assert not AuditEntry.objects.filter(action="application.decline").exists()


def test_accepting_needs_a_recommendation_first(admin, programme, applied, client_for):
    apply(client_for(applied), programme)
    application = MentorApplication.objects.get()
    response = client_for(admin).post(reverse("enrolment:application-accept", args=[application.pk]))
    assert "Wait for at least one colleague's recommendation before accepting." in flashed(response)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPLIED
    assert not Participation.objects.filter(employee=applied.employee).exists()


def test_a_decided_application_cannot_be_decided_again(admin, programme, applied, colleague, client_for):
    apply(client_for(applied), programme)
    application = MentorApplication.objects.get()
    recommend(application, colleague, client_for)
    client_for(admin).post(reverse("enrolment:application-accept", args=[application.pk]))
    response = client_for(admin).post(
        reverse("enrolment:application-decline", args=[application.pk]), {"decline-reason": "Too late"}
    )
    assert "already been decided" in flashed(response)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED


def test_the_applicant_changes_the_application_until_it_is_decided(programme, applied, client_for):
    client = client_for(applied)
    apply(client, programme)
    application = MentorApplication.objects.get()
    edit = reverse("enrolment:application-edit", args=[application.pk])
    page = client.get(edit)
    assert page.status_code == 200 and one_h1(page)
    assert page.context["form"].initial["skill_social_media"] == 4
    client.post(edit, application_data(capacity="3", skill_cloud="2"))
    application.refresh_from_db()
    assert (application.capacity, application.skills["cloud"]) == (3, 2)
    assert AuditEntry.objects.get(action="application.update").data == {"fields": ["capacity", "skills"]}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("pledge", None, "Accept the confidentiality pledge to apply."),
        ("skill_cloud", "7", "Select a valid choice. 7 is not one of the available choices."),
        ("skill_cloud", "", "This field is required."),
        ("teaching", "", "This field is required."),
        ("capacity", "4", "Select a valid choice. 4 is not one of the available choices."),
        ("want_strategy", "5", "Select a valid choice. 5 is not one of the available choices."),
    ],
)
def test_bad_application_names_the_field_and_saves_nothing(field, value, message, programme, applied, client_for):
    response = apply(client_for(applied), programme, **{field: value})
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert message in response.content.decode() or "available choices" in message
    assert "Nothing was saved" in response.content.decode()
    assert MentorApplication.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_an_employee_who_was_not_invited_is_sent_to_the_programme_page(programme, enrolment, junior, client_for):
    response = client_for(junior).get(reverse("enrolment:application-create", args=[programme.pk]))
    assert response["Location"] == reverse("enrolment:programme-info", args=[programme.pk])
    assert "Mentors apply by invitation" in flashed(response)
    assert apply(client_for(junior), programme).status_code == 302
    assert MentorApplication.objects.count() == 0


def test_applications_close_with_enrolment(programme, enrolment, applied, client_for, admin):
    client_for(admin).post(reverse("enrolment:enrolment-close", args=[programme.pk]))
    response = apply(client_for(applied), programme)
    assert "Applications for mentors are closed." in flashed(response)
    assert MentorApplication.objects.count() == 0
