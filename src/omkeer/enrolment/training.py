"""Verbs of the mentor training: set up a programme's default modules, let its admin compose them, and let an
accepted mentor pass them one by one. Passing the last one sets `MentorApplication.trained`, the mark the
matching pool reads.

Changing the training later does not take it away from anyone: mentors already trained stay trained when a
module is added or a check changes (the new module shows up for them as optional reading), and removing a
module completes the training of mentors who had passed all the others.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from omkeer.accounts.models import User
from omkeer.accounts.services import audit
from omkeer.enrolment.defaults import TRAINING
from omkeer.enrolment.models import (
    ApplicationStatus,
    MentorApplication,
    TrainingModule,
    TrainingProgress,
    TrainingQuestion,
    move_within,
)
from omkeer.programmes.models import Programme

MODULE_FIELDS = ("title_en", "title_nl", "body_en", "body_nl", "statement_en", "statement_nl")
QUESTION_FIELDS = ("text_en", "text_nl", "options", "correct", "hint_en", "hint_nl")
OPTIONS_MIN, OPTIONS_MAX = 2, 8


@dataclass(frozen=True)
class Outcome:
    """What passing a module led to: the module is passed; `completed` when it was the last one."""

    module: TrainingModule
    completed: bool


# --- setting up and composing --------------------------------------------------------------------------------


@transaction.atomic
def set_up_training(*, programme: Programme, actor: User | None = None) -> bool:
    """Give a programme without modules the six default modules (English and Dutch). Idempotent: a programme
    keeps at least one module once it has any, so this never brings back modules the admin removed."""
    Programme.objects.select_for_update().filter(pk=programme.pk).first()  # one set-up at a time
    if TrainingModule.objects.filter(programme=programme).exists():
        return False
    for position, default in enumerate(TRAINING, start=1):
        module = TrainingModule.objects.create(
            programme=programme,
            position=position,
            title_en=default["title"]["en"],
            title_nl=default["title"]["nl"],
            body_en=default["body"]["en"],
            body_nl=default["body"]["nl"],
            statement_en=default["statement"]["en"],
            statement_nl=default["statement"]["nl"],
        )
        TrainingQuestion.objects.bulk_create(
            TrainingQuestion(
                module=module,
                position=n,
                text_en=q["text"]["en"],
                text_nl=q["text"]["nl"],
                options=[dict(option) for option in q["options"]],
                correct=list(q["correct"]),
                hint_en=q["hint"]["en"],
                hint_nl=q["hint"]["nl"],
            )
            for n, q in enumerate(default["questions"], start=1)
        )
    audit(actor=actor, action="training.set-up", target=programme, summary=f"{len(TRAINING)} modules")
    return True


def _check_module(module: TrainingModule) -> None:
    module.full_clean(exclude=["programme", "position"])


@transaction.atomic
def add_module(*, actor: User, programme: Programme, fields: Mapping[str, str]) -> TrainingModule:
    """Add a module at the end of the training. Mentors already trained stay trained."""
    last = TrainingModule.objects.filter(programme=programme).aggregate(last=models.Max("position"))["last"]
    module = TrainingModule(programme=programme, position=(last or 0) + 1, **_only(fields, MODULE_FIELDS))
    _check_module(module)
    module.save()
    audit(actor=actor, action="training.module-add", target=module, summary=module.title_en)
    return module


@transaction.atomic
def update_module(*, actor: User, module: TrainingModule, fields: Mapping[str, str]) -> None:
    """Change a module's texts. Who passed it stays passed."""
    changed = [name for name, value in _only(fields, MODULE_FIELDS).items() if getattr(module, name) != value]
    for name in changed:
        setattr(module, name, fields[name])
    _check_module(module)
    module.save(update_fields=[*changed, "updated"])
    audit(actor=actor, action="training.module-update", target=module, data={"fields": sorted(changed)})


@transaction.atomic
def remove_module(*, actor: User, module: TrainingModule) -> None:
    """Remove a module and everyone's progress on it; a training keeps at least one module. Mentors who had
    passed every other module are trained from now on."""
    programme = module.programme
    if TrainingModule.objects.filter(programme=programme).count() <= 1:
        raise ValidationError(_("A training needs at least one module: change this one instead of removing it."))
    audit(actor=actor, action="training.module-remove", target=module, summary=module.title_en)
    module.delete()
    for application in _untrained(programme):
        _complete_if_done(application, actor=actor)


@transaction.atomic
def move_module(*, actor: User, module: TrainingModule, up: bool) -> None:
    """Move a module one place earlier (`up`) or later in the training."""
    move_within(module, TrainingModule.objects.filter(programme=module.programme_id), up=up)
    audit(actor=actor, action="training.module-move", target=module, summary="up" if up else "down")


def _check_question(question: TrainingQuestion) -> None:
    options = question.options
    if not isinstance(options, list) or not OPTIONS_MIN <= len(options) <= OPTIONS_MAX:
        message = _("Give %(low)s to %(high)s options.") % {"low": OPTIONS_MIN, "high": OPTIONS_MAX}
        raise ValidationError({"options": message})
    for option in options:
        if not (isinstance(option, dict) and str(option.get("en", "")).strip() and str(option.get("nl", "")).strip()):
            raise ValidationError({"options": _("Every option needs an English and a Dutch text.")})
    correct = question.correct
    if (
        not isinstance(correct, list)
        or not correct
        or len(set(correct)) != len(correct)
        or not all(isinstance(n, int) and 0 <= n < len(options) for n in correct)
    ):
        raise ValidationError({"correct": _("Mark at least one of the options as correct.")})
    question.full_clean(exclude=["module", "position"])


@transaction.atomic
def add_question(*, actor: User, module: TrainingModule, fields: Mapping[str, Any]) -> TrainingQuestion:
    """Add a multiple-choice question to a module; a module with questions ends with them, not an acknowledgement."""
    last = module.questions.aggregate(last=models.Max("position"))["last"]
    question = TrainingQuestion(module=module, position=(last or 0) + 1, **_only(fields, QUESTION_FIELDS))
    question.correct = sorted(question.correct)
    _check_question(question)
    question.save()
    audit(actor=actor, action="training.question-add", target=question, summary=question.text_en)
    return question


@transaction.atomic
def update_question(*, actor: User, question: TrainingQuestion, fields: Mapping[str, Any]) -> None:
    """Change a question, its options or which are right. Who passed the module stays passed."""
    changed = [name for name, value in _only(fields, QUESTION_FIELDS).items() if getattr(question, name) != value]
    for name in changed:
        setattr(question, name, fields[name])
    question.correct = sorted(question.correct)
    _check_question(question)
    question.save(update_fields=changed)
    audit(actor=actor, action="training.question-update", target=question, data={"fields": sorted(changed)})


@transaction.atomic
def remove_question(*, actor: User, question: TrainingQuestion) -> None:
    """Remove a question; a module left without questions ends with its acknowledgement."""
    audit(actor=actor, action="training.question-remove", target=question, summary=question.text_en)
    question.delete()


def _only(fields: Mapping[str, Any], names: Iterable[str]) -> dict[str, Any]:
    return {name: fields[name] for name in names if name in fields}


# --- taking the training ---------------------------------------------------------------------------------------


def _untrained(programme: Programme) -> models.QuerySet[MentorApplication]:
    return MentorApplication.objects.filter(
        programme=programme, status=ApplicationStatus.ACCEPTED, trained__isnull=True
    ).select_for_update()


def grade(module: TrainingModule, answers: Mapping[str, Any]) -> dict[str, str]:
    """Check the answers to a module: {field name: what to read again} for each wrong one, empty when passed.

    Field names are `question_<pk>` (a list of option indexes) or `acknowledge` (True) for a module without
    questions. Pure apart from reading the module's questions.
    """
    questions = list(module.questions.all())
    if not questions:
        return {} if answers.get("acknowledge") is True else {"acknowledge": _("Confirm the statement to finish.")}
    wrong = {}
    for question in questions:
        given = answers.get(f"question_{question.pk}")
        chosen = sorted({int(n) for n in given}) if isinstance(given, list | tuple | set) else []
        if chosen != sorted(question.correct):
            hint = question.hint or question.text
            wrong[f"question_{question.pk}"] = _("Not right yet. Read again: %(hint)s.") % {"hint": hint}
    return wrong


@transaction.atomic
def pass_module(
    *, actor: User, application: MentorApplication, module: TrainingModule, answers: Mapping[str, Any]
) -> Outcome:
    """Answer a module's check. Right: the module is passed and saved, and passing the last one completes the
    training. Wrong: ValidationError per wrong question, naming what to read again, and nothing is saved."""
    application = MentorApplication.objects.select_for_update().get(pk=application.pk)
    if application.employee_id != actor.employee_id:
        raise ValidationError(_("Only the mentor takes their own training."))
    if application.status != ApplicationStatus.ACCEPTED:
        raise ValidationError(_("The training opens once your application is accepted."))
    if module.programme_id != application.programme_id:
        raise ValidationError(_("This module is part of another programme's training."))
    wrong = grade(module, answers)
    if "acknowledge" in wrong:
        raise ValidationError(wrong)
    if wrong:
        count = len(wrong)
        summary = ngettext("%(n)s answer is not right yet.", "%(n)s answers are not right yet.", count) % {"n": count}
        raise ValidationError({NON_FIELD_ERRORS: [summary], **wrong})
    _progress, created = TrainingProgress.objects.get_or_create(
        application=application, module=module, defaults={"passed": timezone.now()}
    )
    if created:
        audit(actor=actor, action="training.module-pass", target=application, summary=module.title_en)
    return Outcome(module=module, completed=_complete_if_done(application, actor=actor))


def _complete_if_done(application: MentorApplication, *, actor: User) -> bool:
    """Mark the training completed when every module of the programme is passed; True when that happened now."""
    if application.trained is not None:
        return False
    modules = TrainingModule.objects.filter(programme=application.programme_id)
    if modules.exclude(progress__application=application).exists() or not modules.exists():
        return False
    application.trained = timezone.now()
    application.save(update_fields=["trained", "updated"])
    audit(actor=actor, action="training.complete", target=application, summary=application.employee.employee_id)
    return True


@dataclass(frozen=True)
class Step:
    module: TrainingModule
    passed: dt.datetime | None


def steps(application: MentorApplication) -> list[Step]:
    """The programme's modules in order, each with when this mentor passed it (None: not yet)."""
    passed = dict(application.training_progress.values_list("module_id", "passed"))
    modules = TrainingModule.objects.filter(programme=application.programme_id).prefetch_related("questions")
    return [Step(module=module, passed=passed.get(module.pk)) for module in modules.order_by("position", "id")]


def progress_of(application: MentorApplication) -> tuple[int, int]:
    """(modules passed, modules in all) for one mentor; modules removed since do not count."""
    modules = TrainingModule.objects.filter(programme=application.programme_id)
    return modules.filter(progress__application=application).count(), modules.count()
