"""The mentor training through the real pages: an accepted mentor passes module after module (wrong answers say
what to read again and save nothing) and becomes ready to match; the admin composes the modules."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from omkeer.accounts.models import AuditEntry
from omkeer.enrolment import training
from omkeer.enrolment.defaults import TRAINING
from omkeer.enrolment.funnel import mentor_stage, with_progress
from omkeer.enrolment.models import (
    ApplicationStatus,
    MentorApplication,
    Recommendation,
    TrainingModule,
    TrainingProgress,
    TrainingQuestion,
)
from omkeer.matching.services import ready_mentors
from omkeer.programmes.models import Participation, Role
from tests.enrolment.conftest import invite, link_in, one_h1, sent_to
from tests.factories import make_participant, make_programme


def flashed(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def accept(programme, user, **kw):
    """An accepted application (and the mentor role) for `user`, as the admin's decision leaves it."""
    application = MentorApplication.objects.create(
        programme=programme,
        employee=user.employee,
        teaching="LinkedIn",
        capacity=1,
        pledged=timezone.now(),
        status=ApplicationStatus.ACCEPTED,
        decided=timezone.now(),
        **kw,
    )
    Participation.objects.get_or_create(programme=programme, employee=user.employee, role=Role.MENTOR)
    return application


def right_answers(module):
    questions = list(module.questions.all())
    if not questions:
        return {"acknowledge": "on"}
    return {f"question_{q.pk}": [str(n) for n in q.correct] for q in questions}


def modules_of(programme):
    return list(TrainingModule.objects.filter(programme=programme).order_by("position", "id"))


def module_url(module):
    return reverse("enrolment:training-module", args=[module.programme_id, module.pk])


@pytest.fixture
def trainee(programme, enrolment, junior):
    """Jo, accepted as mentor of the open programme, with the default training set up."""
    accept(programme, junior)
    return junior


# --- the mentor --------------------------------------------------------------------------------------------------


def test_an_accepted_mentor_passes_every_module_and_becomes_ready_to_match(
    admin, programme, enrolment, junior, colleague, client_for
):
    # Jo applied, Cora recommended, the admin accepts: the email links to the training.
    invite(programme, junior, Role.MENTOR)
    application = MentorApplication.objects.create(
        programme=programme, employee=junior.employee, teaching="LinkedIn", capacity=1, pledged=timezone.now()
    )
    now = timezone.now()
    Recommendation.objects.create(
        application=application, colleague=colleague.employee, requested=now, expires=now, submitted=now
    )
    client_for(admin).post(reverse("enrolment:application-accept", args=[application.pk]))
    [decision] = sent_to(junior.email)
    assert "Start the mentor training" in decision.body and "Start the mentor training" in decision.alternatives[0][0]
    assert link_in(decision) == reverse("enrolment:training", args=[programme.pk])
    assert not ready_mentors(programme).filter(pk=application.pk).exists()  # accepted, not trained: not ready

    jo = client_for(junior)
    page = jo.get(link_in(decision))
    assert page.status_code == 200 and one_h1(page)
    html = page.content.decode()
    assert "0 of 6 modules passed." in html
    assert '<progress class="progress" max="6" value="0"' in html
    modules = modules_of(programme)
    assert [m.title_en for m in modules] == [m["title"]["en"] for m in TRAINING]

    for n, module in enumerate(modules, start=1):
        shown = jo.get(module_url(module))
        assert shown.status_code == 200 and one_h1(shown)
        assert f"Module {n} of 6" in shown.content.decode()
        response = jo.post(module_url(module), right_answers(module))
        if n < len(modules):
            assert response["Location"] == module_url(modules[n])
            assert f"“{module.title_en}” passed." in flashed(response)
    assert response["Location"] == reverse("enrolment:training", args=[programme.pk])
    assert "You completed the mentor training" in flashed(response)

    application.refresh_from_db()
    assert application.trained is not None
    assert ready_mentors(programme).filter(pk=application.pk).exists()
    assert mentor_stage(with_progress(MentorApplication.objects.filter(pk=application.pk)).get()) == "ready"
    assert AuditEntry.objects.filter(action="training.module-pass", actor=junior).count() == 6
    assert AuditEntry.objects.get(action="training.complete").actor == junior
    done = jo.get(reverse("enrolment:training", args=[programme.pk])).content.decode()
    assert "6 of 6 modules passed." in done and "You completed the training on" in done


def test_a_wrong_answer_names_what_to_read_again_and_is_not_saved(trainee, programme, client_for):
    training.set_up_training(programme=programme)
    module = modules_of(programme)[2]  # leading the sessions: three questions, the last with two right options
    first, second, third = module.questions.all()
    answers = right_answers(module) | {f"question_{first.pk}": ["1"], f"question_{third.pk}": ["0"]}
    response = client_for(trainee).post(module_url(module), answers)
    assert response.status_code == 200
    html = response.content.decode()
    assert "2 answers are not right yet." in html
    assert "Nothing was saved" in html
    errors = response.context["form"].errors
    assert errors[f"question_{first.pk}"] == ["Not right yet. Read again: the first paragraph, on who leads."]
    assert f"question_{second.pk}" not in errors
    assert "how to end a session" in errors[f"question_{third.pk}"][0]
    assert not TrainingProgress.objects.exists()
    assert not AuditEntry.objects.filter(action="training.module-pass").exists()


def test_an_unanswered_question_is_named_and_nothing_is_saved(trainee, programme, client_for):
    training.set_up_training(programme=programme)
    module = modules_of(programme)[0]
    first, second = module.questions.all()
    response = client_for(trainee).post(module_url(module), {f"question_{first.pk}": "0"})
    assert response.context["form"].errors[f"question_{second.pk}"] == ["Choose an answer."]
    assert not TrainingProgress.objects.exists()


def test_a_module_without_questions_ends_with_an_explicit_acknowledgement(trainee, programme, client_for):
    training.set_up_training(programme=programme)
    module = modules_of(programme)[1]  # what is expected of a mentor
    assert not module.questions.exists()
    client = client_for(trainee)
    page = client.get(module_url(module)).content.decode()
    assert "I will prepare every session, keep my appointments" in page
    response = client.post(module_url(module), {})
    assert response.context["form"].errors["acknowledge"] == ["Confirm the statement to finish the module."]
    assert not TrainingProgress.objects.exists()
    client.post(module_url(module), {"acknowledge": "on"})
    assert TrainingProgress.objects.get().module == module


def test_progress_is_saved_and_the_mentor_sees_what_is_left(trainee, programme, client_for):
    client = client_for(trainee)
    client.get(reverse("enrolment:training", args=[programme.pk]))  # sets up the default modules
    modules = modules_of(programme)
    for module in modules[:2]:
        client.post(module_url(module), right_answers(module))
    html = client.get(reverse("enrolment:training", args=[programme.pk])).content.decode()
    assert "2 of 6 modules passed." in html
    assert '<progress class="progress" max="6" value="2"' in html
    assert html.count("not done yet") == 4
    assert f"Continue: {modules[2].title_en}" in html
    passed = client.get(module_url(modules[0])).content.decode()
    assert "You passed this module." in passed and "Check my answers" not in passed
    info = client.get(reverse("enrolment:programme-info", args=[programme.pk])).content.decode()
    assert "Mentor training: 2 of 6 modules passed." in info and "Continue the training" in info


def test_a_mentor_reads_the_training_in_dutch(trainee, programme, client_for):
    trainee.language = "nl"
    trainee.save(update_fields=["language"])
    client = client_for(trainee)
    client.post(reverse("set_language"), {"language": "nl"})
    client.get(reverse("enrolment:training", args=[programme.pk]))
    module = modules_of(programme)[0]
    html = client.get(module_url(module)).content.decode()
    assert "<h1>Het doel van het programma</h1>" in html
    assert "Wie begeleidt wie in dit programma?" in html and "Who mentors whom" not in html
    first = module.questions.first()
    response = client.post(module_url(module), right_answers(module) | {f"question_{first.pk}": ["2"]})
    assert response.context["form"].errors[f"question_{first.pk}"] == [
        "Nog niet goed. Lees nog eens: de eerste alinea, over hoe de rollen zijn omgedraaid."
    ]


@pytest.mark.parametrize("status", [ApplicationStatus.APPLIED, ApplicationStatus.DECLINED])
def test_an_applicant_who_is_not_accepted_cannot_open_the_training(status, programme, enrolment, junior, client_for):
    MentorApplication.objects.create(
        programme=programme, employee=junior.employee, teaching="x", capacity=1, pledged=timezone.now(), status=status
    )
    training.set_up_training(programme=programme)
    client = client_for(junior)
    assert client.get(reverse("enrolment:training", args=[programme.pk])).status_code == 403
    module = modules_of(programme)[0]
    assert client.post(module_url(module), right_answers(module)).status_code == 403
    assert not TrainingProgress.objects.exists()


@pytest.mark.parametrize("persona", ["outsider", "coach", "mentee", "mentor"])
def test_people_without_an_application_find_no_training(persona, request, programme, enrolment, client_for):
    training.set_up_training(programme=programme)
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("enrolment:training", args=[programme.pk])).status_code == 404
    assert client.get(module_url(modules_of(programme)[0])).status_code == 404


def test_the_admin_is_sent_to_the_training_editor(admin, programme, enrolment, client_for):
    response = client_for(admin).get(reverse("enrolment:training", args=[programme.pk]))
    assert response["Location"] == reverse("enrolment:training-edit", args=[programme.pk])


def test_a_module_of_another_programme_is_not_found(trainee, programme, other_programme, client_for):
    training.set_up_training(programme=other_programme)
    elsewhere = modules_of(other_programme)[0]
    url = reverse("enrolment:training-module", args=[programme.pk, elsewhere.pk])
    assert client_for(trainee).post(url, right_answers(elsewhere)).status_code == 404
    assert not TrainingProgress.objects.exists()


def test_only_the_mentor_passes_their_own_modules(trainee, programme, mentor):
    training.set_up_training(programme=programme)
    application = MentorApplication.objects.get(employee=trainee.employee)
    module = modules_of(programme)[1]
    with pytest.raises(ValidationError, match="Only the mentor"):
        training.pass_module(actor=mentor, application=application, module=module, answers={"acknowledge": True})
    assert not TrainingProgress.objects.exists()


# --- the admin composes the training -----------------------------------------------------------------------------


MODULE = {
    "title_en": "Working with the coach",
    "title_nl": "Samenwerken met de coach",
    "body_en": "The coach is there for you.\n\nAsk early.",
    "body_nl": "De coach is er voor jou.\n\nVraag het op tijd.",
    "statement_en": "",
    "statement_nl": "",
}
QUESTION = {
    "text_en": "When do you call the coach?",
    "text_nl": "Wanneer bel je de coach?",
    "options_en": "Early\nNever\nWhen it is too late",
    "options_nl": "Op tijd\nNooit\nAls het te laat is",
    "correct": "1",
    "hint_en": "the second paragraph",
    "hint_nl": "de tweede alinea",
}


def test_the_admin_gets_the_default_modules_once(admin, programme, client_for):
    client = client_for(admin)
    page = client.get(reverse("enrolment:training-edit", args=[programme.pk]))
    assert page.status_code == 200 and one_h1(page)
    assert "The six default modules are ready" in flashed(page)
    client.get(reverse("enrolment:training-edit", args=[programme.pk]))
    assert TrainingModule.objects.filter(programme=programme).count() == 6
    assert TrainingQuestion.objects.filter(module__programme=programme).count() == sum(
        len(m["questions"]) for m in TRAINING
    )
    assert all(m.title_nl and m.body_nl for m in modules_of(programme))
    assert AuditEntry.objects.filter(action="training.set-up").count() == 1


def test_opening_enrolment_sets_up_the_training(admin, programme, client_for):
    client_for(admin).post(reverse("enrolment:enrolment-open", args=[programme.pk]), {})
    assert TrainingModule.objects.filter(programme=programme).count() == 6


def test_the_admin_adds_changes_moves_and_removes_a_module(admin, programme, client_for):
    client = client_for(admin)
    training.set_up_training(programme=programme)
    create = reverse("enrolment:training-module-create", args=[programme.pk])
    assert one_h1(client.get(create))

    response = client.post(create, MODULE | {"title_nl": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["title_nl"] == ["This field is required."]
    assert "Nothing was saved" in response.content.decode()
    assert TrainingModule.objects.count() == 6

    response = client.post(create, MODULE)
    module = TrainingModule.objects.get(title_en="Working with the coach")
    assert response["Location"] == reverse("enrolment:training-module-edit", args=[programme.pk, module.pk])
    assert module.position == 7 and module.body_nl == "De coach is er voor jou.\n\nVraag het op tijd."

    edit = reverse("enrolment:training-module-edit", args=[programme.pk, module.pk])
    client.post(edit, MODULE | {"title_nl": "Werken met de coach"})
    module.refresh_from_db()
    assert module.title_nl == "Werken met de coach"
    assert AuditEntry.objects.get(action="training.module-update").data == {"fields": ["title_nl"]}

    move = reverse("enrolment:training-module-move", args=[programme.pk, module.pk])
    client.post(move, {"direction": "up"})
    assert [m.title_en for m in modules_of(programme)][5:] == ["Working with the coach", TRAINING[5]["title"]["en"]]
    assert "Direction" in flashed(client.post(move, {"direction": "sideways"}))

    client.post(reverse("enrolment:training-module-delete", args=[programme.pk, module.pk]))
    assert not TrainingModule.objects.filter(pk=module.pk).exists()
    assert {"training.module-add", "training.module-move", "training.module-remove"} <= set(
        AuditEntry.objects.values_list("action", flat=True)
    )


def test_the_admin_writes_a_question_with_its_right_options(admin, programme, client_for):
    client = client_for(admin)
    module = training.add_module(actor=admin, programme=programme, fields=MODULE)
    create = reverse("enrolment:training-question-create", args=[programme.pk, module.pk])
    assert one_h1(client.get(create))

    for bad, field, message in [
        ({"correct": "4"}, "correct", "There is no option 4: the list has 3."),
        ({"correct": "one"}, "correct", "Give the numbers of the right options, e.g. 1 or 1, 3."),
        ({"options_nl": "Op tijd\nNooit"}, "options_nl", "Give as many Dutch options as English ones (3)"),
        ({"options_en": "Early"}, "options_en", "Give 2 to 8 options, one per line."),
        ({"text_nl": ""}, "text_nl", "This field is required."),
    ]:
        response = client.post(create, QUESTION | bad)
        assert response.status_code == 200
        assert message in response.context["form"].errors[field][0], bad
    assert not TrainingQuestion.objects.exists()

    client.post(create, QUESTION | {"correct": "1, 3"})
    question = TrainingQuestion.objects.get()
    assert question.options == [
        {"en": "Early", "nl": "Op tijd"},
        {"en": "Never", "nl": "Nooit"},
        {"en": "When it is too late", "nl": "Als het te laat is"},
    ]
    assert question.correct == [0, 2] and question.is_multiple

    edit = reverse("enrolment:training-question-edit", args=[programme.pk, question.pk])
    page = client.get(edit)
    assert page.status_code == 200 and page.context["form"].initial["correct"] == "1, 3"
    client.post(edit, QUESTION)
    question.refresh_from_db()
    assert question.correct == [0]

    html = client.get(reverse("enrolment:training-module-edit", args=[programme.pk, module.pk])).content.decode()
    assert "When do you call the coach?" in html
    client.post(reverse("enrolment:training-question-delete", args=[programme.pk, question.pk]))
    assert not TrainingQuestion.objects.exists()
    assert (
        "the module ends with this acknowledgement"
        in client.get(reverse("enrolment:training-module-edit", args=[programme.pk, module.pk])).content.decode()
    )


def test_the_last_module_cannot_be_removed(admin, programme, client_for):
    module = training.add_module(actor=admin, programme=programme, fields=MODULE)
    response = client_for(admin).post(reverse("enrolment:training-module-delete", args=[programme.pk, module.pk]))
    assert "A training needs at least one module" in flashed(response)
    assert TrainingModule.objects.filter(pk=module.pk).exists()


def test_trained_mentors_stay_trained_when_a_module_is_added(admin, trainee, programme, client_for):
    training.set_up_training(programme=programme)
    client = client_for(trainee)
    for module in modules_of(programme):
        client.post(module_url(module), right_answers(module))
    application = MentorApplication.objects.get(employee=trainee.employee)
    application.refresh_from_db()
    trained = application.trained
    assert trained is not None

    training.add_module(actor=admin, programme=programme, fields=MODULE)
    application.refresh_from_db()
    assert application.trained == trained
    assert ready_mentors(programme).filter(pk=application.pk).exists()
    html = client.get(reverse("enrolment:training", args=[programme.pk])).content.decode()
    assert "6 of 7 modules passed." in html and "A module was added since" in html


def test_removing_the_only_module_left_to_do_completes_the_training(admin, trainee, programme, client_for):
    training.set_up_training(programme=programme)
    client = client_for(trainee)
    *done, last = modules_of(programme)
    for module in done:
        client.post(module_url(module), right_answers(module))
    application = MentorApplication.objects.get(employee=trainee.employee)
    assert application.trained is None
    client_for(admin).post(reverse("enrolment:training-module-delete", args=[programme.pk, last.pk]))
    application.refresh_from_db()
    assert application.trained is not None
    assert AuditEntry.objects.get(action="training.complete").actor == admin


EDITOR_PAGES = [
    ("enrolment:training-edit", "get", "programme"),
    ("enrolment:training-module-create", "get", "programme"),
    ("enrolment:training-module-edit", "get", "module"),
    ("enrolment:training-module-delete", "post", "module"),
    ("enrolment:training-module-move", "post", "module"),
    ("enrolment:training-question-create", "get", "module"),
    ("enrolment:training-question-edit", "get", "question"),
    ("enrolment:training-question-delete", "post", "question"),
]


def _editor_url(name, kind, programme):
    question = TrainingQuestion.objects.filter(module__programme=programme).first()
    args = {
        "programme": [programme.pk],
        "module": [programme.pk, question.module_id],
        "question": [programme.pk, question.pk],
    }[kind]
    return reverse(name, args=args)


@pytest.mark.parametrize(("name", "method", "kind"), EDITOR_PAGES)
def test_only_this_programmes_admin_composes_its_training(name, method, kind, programme, other_programme, client_for):
    """Another programme's admin finds nothing (404); the programme's own mentors and coach are refused (403)."""
    training.set_up_training(programme=programme)
    url = _editor_url(name, kind, programme)
    stranger = Participation.objects.get(programme=other_programme, role=Role.ADMIN).employee.user
    assert getattr(client_for(stranger), method)(url, {"direction": "up"}).status_code == 404
    for role in (Role.MENTOR, Role.COACH):
        user = make_participant(programme, role)
        assert getattr(client_for(user), method)(url, {"direction": "up"}).status_code == 403
    assert TrainingModule.objects.filter(programme=programme).count() == 6
    assert TrainingQuestion.objects.filter(module__programme=programme).count() == sum(
        len(m["questions"]) for m in TRAINING
    )


def test_a_module_cannot_be_edited_through_another_programme(admin, programme, client_for):
    mine = make_programme(name="Mine too")
    Participation.objects.create(programme=mine, employee=admin.employee, role=Role.ADMIN)
    training.set_up_training(programme=programme)
    module = modules_of(programme)[0]
    url = reverse("enrolment:training-module-edit", args=[mine.pk, module.pk])
    assert client_for(admin).get(url).status_code == 404


@pytest.mark.parametrize("name", ["enrolment:training-module-delete", "enrolment:training-module-move"])
def test_removing_and_moving_need_a_post(name, admin, programme, client_for):
    training.set_up_training(programme=programme)
    module = modules_of(programme)[0]
    assert client_for(admin).get(reverse(name, args=[programme.pk, module.pk])).status_code == 405


def test_defaults_are_real_content_in_both_languages():
    assert len(TRAINING) == 6
    for module in TRAINING:
        for language in ("en", "nl"):
            paragraphs = module["body"][language].split("\n\n")
            assert len(paragraphs) >= 2, module["title"]["en"]
        assert bool(module["questions"]) != bool(module["statement"]["en"]), module["title"]["en"]
        for question in module["questions"]:
            assert len(question["options"]) >= 2 and question["correct"]
            assert all(option["en"] and option["nl"] for option in question["options"])
            assert question["hint"]["en"].startswith("the ") and question["hint"]["nl"].startswith("de ")


def test_paragraphs_typed_in_a_browser_stay_paragraphs(admin, trainee, programme, client_for):
    """Browsers send a textarea's line breaks as CRLF."""
    training.set_up_training(programme=programme)
    module = modules_of(programme)[1]
    edit = reverse("enrolment:training-module-edit", args=[programme.pk, module.pk])
    client_for(admin).post(edit, MODULE | {"body_en": "First part.\r\n\r\nSecond part."})
    html = client_for(trainee).get(module_url(module)).content.decode()
    assert "<p>First part.</p>\n\n<p>Second part.</p>" in html
