"""The programme page's texts and FAQ: defaults in both languages until the admin edits them, then the admin's
own words, each employee reading their language."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils.html import escape

from omkeer.accounts.models import AuditEntry
from omkeer.enrolment import pagetexts
from omkeer.enrolment.defaults import FAQ, PAGE_TEXTS
from omkeer.enrolment.models import FaqEntry, ProgrammePage
from omkeer.programmes.models import Participation, Role
from tests.enrolment.conftest import one_h1


def flashed(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def info(client, programme, language="en") -> str:
    client.post(reverse("set_language"), {"language": language})
    return client.get(reverse("enrolment:programme-info", args=[programme.pk])).content.decode()


def texts(**changes):
    data = {f"{section}_{lang}": text[lang] for section, text in PAGE_TEXTS.items() for lang in ("en", "nl")}
    data.update(changes)
    return data


def first_paragraph(text: str) -> str:
    """As the page shows it: HTML-escaped."""
    return escape(text.split("\n\n")[0])


def test_every_employee_reads_the_default_texts_in_their_language(programme, enrolment, junior, client_for):
    client = client_for(junior)
    english = info(client, programme)
    for section in PAGE_TEXTS.values():
        assert first_paragraph(section["en"]) in english
    question, answer = FAQ[0]
    assert escape(question["en"]) in english and escape(answer["en"]) in english
    dutch = info(client, programme, "nl")
    for section in PAGE_TEXTS.values():
        assert first_paragraph(section["nl"]) in dutch
    assert escape(question["nl"]) in dutch and first_paragraph(PAGE_TEXTS["why"]["en"]) not in dutch
    assert not ProgrammePage.objects.exists()  # reading stores nothing


def test_the_admin_rewrites_the_page_and_employees_read_it_in_their_language(
    admin, programme, enrolment, junior, client_for
):
    client = client_for(admin)
    editor = client.get(reverse("enrolment:page-edit", args=[programme.pk]))
    assert editor.status_code == 200 and one_h1(editor)
    assert editor.context["form"].initial["why_nl"] == PAGE_TEXTS["why"]["nl"]  # the defaults, ready to edit
    assert FaqEntry.objects.filter(programme=programme).count() == len(FAQ)

    response = client.post(
        reverse("enrolment:page-edit", args=[programme.pk]),
        texts(why_en="We want every leader online.\n\nBy 2027.", why_nl="Elke leider online.\n\nIn 2027."),
    )
    assert response["Location"] == reverse("enrolment:page-edit", args=[programme.pk])
    assert "The programme page is saved." in flashed(response)
    assert AuditEntry.objects.get(action="page.update").data == {"fields": ["why_en", "why_nl"]}

    reader = client_for(junior)
    english = info(reader, programme)
    assert "<p>We want every leader online.</p>\n\n<p>By 2027.</p>" in english
    assert "Elke leider online." not in english
    dutch = info(reader, programme, "nl")
    assert "<p>Elke leider online.</p>" in dutch and "We want every leader online." not in dutch


@pytest.mark.parametrize("field", ["mentors_nl", "confidentiality_en"])
def test_a_missing_text_is_named_and_nothing_is_saved(field, admin, programme, client_for):
    client = client_for(admin)
    client.get(reverse("enrolment:page-edit", args=[programme.pk]))
    response = client.post(reverse("enrolment:page-edit", args=[programme.pk]), texts(why_en="Changed", **{field: ""}))
    assert response.status_code == 200
    assert response.context["form"].errors == {field: ["This field is required."]}
    assert "Nothing was saved" in response.content.decode()
    assert ProgrammePage.objects.get().why_en == PAGE_TEXTS["why"]["en"]
    assert not AuditEntry.objects.filter(action="page.update").exists()


def test_the_service_refuses_an_empty_text_on_its_field(admin, programme):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        pagetexts.update_page(actor=admin, programme=programme, texts=texts(time_nl="  "))
    assert list(refused.value.error_dict) == ["time_nl"]
    assert not ProgrammePage.objects.exists()


def test_the_admin_adds_changes_orders_and_removes_faq_entries(admin, programme, enrolment, junior, client_for):
    client = client_for(admin)
    client.get(reverse("enrolment:page-edit", args=[programme.pk]))
    create = reverse("enrolment:faq-create", args=[programme.pk])
    assert one_h1(client.get(create))
    entry = {
        "question_en": "Do I get time for it?",
        "question_nl": "Krijg ik er tijd voor?",
        "answer_en": "Yes: sessions are work time.",
        "answer_nl": "Ja: sessies zijn werktijd.",
    }
    response = client.post(create, entry | {"answer_nl": ""})
    assert response.status_code == 200 and response.context["form"].errors == {"answer_nl": ["This field is required."]}
    assert FaqEntry.objects.count() == len(FAQ)

    client.post(create, entry)
    added = FaqEntry.objects.get(question_en="Do I get time for it?")
    assert added.position == len(FAQ) + 1

    client.post(reverse("enrolment:faq-edit", args=[programme.pk, added.pk]), entry | {"answer_en": "Yes, always."})
    added.refresh_from_db()
    assert added.answer_en == "Yes, always."
    assert AuditEntry.objects.get(action="faq.update").data == {"fields": ["answer_en"]}

    move = reverse("enrolment:faq-move", args=[programme.pk, added.pk])
    for _ in range(len(FAQ)):
        client.post(move, {"direction": "up"})
    client.post(move, {"direction": "up"})  # already first: nothing changes
    assert FaqEntry.objects.filter(programme=programme).first() == added
    html = info(client_for(junior), programme, "nl")
    assert html.index("Krijg ik er tijd voor?") < html.index(escape(FAQ[0][0]["nl"]))

    first_default = FaqEntry.objects.get(question_en=FAQ[0][0]["en"])
    client.post(reverse("enrolment:faq-delete", args=[programme.pk, first_default.pk]))
    assert not FaqEntry.objects.filter(pk=first_default.pk).exists()
    assert escape(FAQ[0][0]["en"]) not in info(client_for(junior), programme)
    assert {"faq.add", "faq.move", "faq.remove"} <= set(AuditEntry.objects.values_list("action", flat=True))


def test_an_faq_without_entries_says_so(admin, programme, enrolment, junior):
    pagetexts.set_up_page(programme=programme)
    FaqEntry.objects.all().delete()
    from django.test import Client

    reader = Client()
    reader.force_login(junior)
    assert "No questions yet. Ask the programme admin." in info(reader, programme)


@pytest.mark.parametrize(
    ("name", "method", "entry"),
    [
        ("enrolment:page-edit", "get", False),
        ("enrolment:page-edit", "post", False),
        ("enrolment:faq-create", "post", False),
        ("enrolment:faq-edit", "post", True),
        ("enrolment:faq-delete", "post", True),
        ("enrolment:faq-move", "post", True),
    ],
)
def test_only_this_programmes_admin_edits_its_page(
    name, method, entry, programme, enrolment, other_programme, mentor, client_for
):
    pagetexts.set_up_page(programme=programme)
    faq = FaqEntry.objects.filter(programme=programme).first()
    url = reverse(name, args=[programme.pk, faq.pk] if entry else [programme.pk])
    stranger = Participation.objects.get(programme=other_programme, role=Role.ADMIN).employee.user
    data = texts(why_en="Hacked") | {"question_en": "x", "direction": "down"}
    assert getattr(client_for(stranger), method)(url, data).status_code == 404
    assert getattr(client_for(mentor), method)(url, data).status_code == 403
    assert ProgrammePage.objects.get().why_en == PAGE_TEXTS["why"]["en"]
    assert FaqEntry.objects.filter(programme=programme).count() == len(FAQ)
    assert FaqEntry.objects.filter(programme=programme).first() == faq


def test_an_faq_entry_of_another_programme_is_not_found(admin, programme, other_programme, client_for):
    Participation.objects.create(programme=other_programme, employee=admin.employee, role=Role.ADMIN)
    pagetexts.set_up_page(programme=other_programme)
    theirs = FaqEntry.objects.filter(programme=other_programme).first()
    assert client_for(admin).post(reverse("enrolment:faq-delete", args=[programme.pk, theirs.pk])).status_code == 404
    assert FaqEntry.objects.filter(pk=theirs.pk).exists()
