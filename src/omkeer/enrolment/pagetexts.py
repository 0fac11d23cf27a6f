"""Verbs of the programme page: its texts and FAQ in English and Dutch, edited by the programme admin.

Until the admin opens the editor a programme has no `ProgrammePage`, and every reader sees the defaults in their
own language. Opening the editor stores the defaults (texts and FAQ) so the admin edits real text; a text left
empty later falls back to the default again, so the page never shows an empty section.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from omkeer.accounts.models import User
from omkeer.accounts.services import audit
from omkeer.enrolment.defaults import FAQ, PAGE_TEXTS
from omkeer.enrolment.models import PAGE_SECTIONS, FaqEntry, ProgrammePage, in_language, move_within
from omkeer.programmes.models import Programme

TEXT_FIELDS = tuple(f"{section}_{language}" for section in PAGE_SECTIONS for language in ("en", "nl"))
FAQ_FIELDS = ("question_en", "question_nl", "answer_en", "answer_nl")
TEXT_MAX = 3000


def texts_of(programme: Programme) -> dict[str, str]:
    """The page's sections in the reader's language: the admin's text, or the default where there is none."""
    page = ProgrammePage.objects.filter(programme=programme).first()
    texts = {}
    for section, default in PAGE_TEXTS.items():
        en = getattr(page, f"{section}_en", "") or default["en"]
        nl = getattr(page, f"{section}_nl", "") or default["nl"]
        texts[section] = in_language(en, nl)
    return texts


def faq_of(programme: Programme) -> list[tuple[str, str]]:
    """The FAQ as (question, answer) in the reader's language: the admin's entries, or the defaults before the
    admin first opened the editor."""
    if ProgrammePage.objects.filter(programme=programme).exists():
        return [(entry.question, entry.answer) for entry in FaqEntry.objects.filter(programme=programme)]
    return [(in_language(**question), in_language(**answer)) for question, answer in FAQ]


@transaction.atomic
def set_up_page(*, programme: Programme, actor: User | None = None) -> ProgrammePage:
    """Store the default texts and FAQ for the admin to edit; idempotent (the first call does the work)."""
    defaults = {f"{section}_{lang}": text[lang] for section, text in PAGE_TEXTS.items() for lang in ("en", "nl")}
    page, created = ProgrammePage.objects.get_or_create(programme=programme, defaults=defaults)
    if created:
        FaqEntry.objects.bulk_create(
            FaqEntry(
                programme=programme,
                position=n,
                question_en=question["en"],
                question_nl=question["nl"],
                answer_en=answer["en"],
                answer_nl=answer["nl"],
            )
            for n, (question, answer) in enumerate(FAQ, start=1)
        )
        audit(actor=actor, action="page.set-up", target=page, summary=programme.name)
    return page


def _check_texts(values: Mapping[str, str], names: tuple[str, ...]) -> dict[str, str]:
    cleaned = {}
    for name in names:
        value = str(values.get(name, "")).strip()
        if not value:
            raise ValidationError({name: _("Write this text in both languages.")})
        if len(value) > TEXT_MAX:
            raise ValidationError({name: _("Keep it under %(n)s characters.") % {"n": TEXT_MAX}})
        cleaned[name] = value
    return cleaned


@transaction.atomic
def update_page(*, actor: User, programme: Programme, texts: Mapping[str, str]) -> None:
    """Change the page's texts; every section needs its English and its Dutch text."""
    cleaned = _check_texts(texts, TEXT_FIELDS)
    page = set_up_page(programme=programme, actor=actor)
    changed = [name for name, value in cleaned.items() if getattr(page, name) != value]
    for name in changed:
        setattr(page, name, cleaned[name])
    page.save(update_fields=[*changed, "updated"])
    audit(actor=actor, action="page.update", target=page, data={"fields": sorted(changed)})


@transaction.atomic
def add_faq(*, actor: User, programme: Programme, fields: Mapping[str, str]) -> FaqEntry:
    """Add a question and answer at the end of the FAQ."""
    cleaned = _check_texts(fields, FAQ_FIELDS)
    set_up_page(programme=programme, actor=actor)
    last = FaqEntry.objects.filter(programme=programme).aggregate(last=models.Max("position"))["last"]
    entry = FaqEntry(programme=programme, position=(last or 0) + 1, **cleaned)
    entry.full_clean(exclude=["programme"])
    entry.save()
    audit(actor=actor, action="faq.add", target=entry, summary=entry.question_en)
    return entry


@transaction.atomic
def update_faq(*, actor: User, entry: FaqEntry, fields: Mapping[str, str]) -> None:
    """Change a question or its answer."""
    cleaned = _check_texts(fields, FAQ_FIELDS)
    changed = [name for name, value in cleaned.items() if getattr(entry, name) != value]
    for name in changed:
        setattr(entry, name, cleaned[name])
    entry.full_clean(exclude=["programme"])
    entry.save(update_fields=changed)
    audit(actor=actor, action="faq.update", target=entry, data={"fields": sorted(changed)})


@transaction.atomic
def remove_faq(*, actor: User, entry: FaqEntry) -> None:
    """Remove a question from the FAQ."""
    audit(actor=actor, action="faq.remove", target=entry, summary=entry.question_en)
    entry.delete()


@transaction.atomic
def move_faq(*, actor: User, entry: FaqEntry, up: bool) -> None:
    """Move a question one place up or down."""
    move_within(entry, FaqEntry.objects.filter(programme=entry.programme_id), up=up)
    audit(actor=actor, action="faq.move", target=entry, summary="up" if up else "down")
