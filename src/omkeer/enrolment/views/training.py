"""Mentor training pages: the accepted mentor works through the modules; the programme's admin composes them
(modules, their questions, their order)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.forms import model_to_dict
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from omkeer.access.enrolment import get_training_for_user, get_training_module_for_user, get_training_question_for_user
from omkeer.access.http import AuthenticatedHttpRequest
from omkeer.access.programmes import get_programme_for_user
from omkeer.enrolment import training
from omkeer.enrolment.forms import (
    MoveForm,
    TrainingCheckForm,
    TrainingModuleForm,
    TrainingQuestionForm,
    form_errors,
)
from omkeer.enrolment.models import (
    ApplicationStatus,
    MentorApplication,
    TrainingModule,
    TrainingProgress,
    TrainingQuestion,
)
from omkeer.programmes.models import Programme

# --- the mentor ----------------------------------------------------------------------------------------------------


@require_GET
@login_required
def training_home(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme, application = get_training_for_user(request, pk)
    if application is None:  # the programme's admin, without an application of their own
        return redirect("enrolment:training-edit", pk=pk)
    training.set_up_training(programme=programme)
    steps = training.steps(application)
    passed = sum(1 for step in steps if step.passed)
    context = {
        "programme": programme,
        "application": application,
        "steps": steps,
        "passed": passed,
        "total": len(steps),
        "next_step": next((step for step in steps if not step.passed), None),
    }
    return render(request, "enrolment/training.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def training_module(request: AuthenticatedHttpRequest, pk: int, module_pk: int) -> HttpResponse:
    programme, application = get_training_for_user(request, pk)
    if application is None:  # the programme's admin, without an application of their own
        return redirect("enrolment:training-module-edit", pk=pk, module_pk=module_pk)
    module = get_object_or_404(programme.training_modules, pk=module_pk)
    form = TrainingCheckForm(request.POST if request.method == "POST" else None, module=module)
    if form.is_valid():
        try:
            outcome = training.pass_module(
                actor=request.user, application=application, module=module, answers=form.answers()
            )
        except ValidationError as error:
            form.attach(error)
        else:
            return _after_passing(request, application, outcome)
    steps = training.steps(application)
    context = {
        "programme": programme,
        "module": module,
        "form": form,
        "steps": steps,
        "number": next(n for n, step in enumerate(steps, start=1) if step.module.pk == module.pk),
        "passed": TrainingProgress.objects.filter(application=application, module=module).first(),
    }
    return render(request, "enrolment/training_module.html", context)


def _after_passing(
    request: AuthenticatedHttpRequest, application: MentorApplication, outcome: training.Outcome
) -> HttpResponse:
    if outcome.completed:
        messages.success(
            request, _("You completed the mentor training. You are ready to be matched with a senior leader.")
        )
        return redirect("enrolment:training", pk=application.programme_id)
    following = next((step for step in training.steps(application) if not step.passed), None)
    messages.success(request, _("“%(title)s” passed.") % {"title": outcome.module.title})
    if following is None:
        return redirect("enrolment:training", pk=application.programme_id)
    return redirect("enrolment:training-module", pk=application.programme_id, module_pk=following.module.pk)


# --- the admin -----------------------------------------------------------------------------------------------------


@require_GET
@login_required
def training_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = get_programme_for_user(request, pk, to="manage")
    if training.set_up_training(programme=programme, actor=request.user):
        messages.info(request, _("The six default modules are ready. Adapt them to your programme, in both languages."))
    accepted = programme.mentor_applications.filter(status=ApplicationStatus.ACCEPTED)
    modules = (
        TrainingModule.objects.filter(programme=programme)
        .annotate(n_questions=Count("questions", distinct=True), n_passed=Count("progress", distinct=True))
        .order_by("position", "id")
    )
    context = {
        "programme": programme,
        "modules": modules,
        "accepted": accepted.count(),
        "trained": accepted.filter(trained__isnull=False).count(),
    }
    return render(request, "enrolment/training_edit.html", context)


def _save_module(
    request: AuthenticatedHttpRequest, programme: Programme, module: TrainingModule | None
) -> HttpResponse:
    # initial, not instance: a bound ModelForm would write the answers onto `module` before the service compares
    initial = model_to_dict(module, fields=training.MODULE_FIELDS) if module else None
    form = TrainingModuleForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_valid():
        try:
            if module is None:
                module = training.add_module(actor=request.user, programme=programme, fields=form.cleaned_data)
                messages.success(
                    request, _("Module added. Add questions, or leave it to end with the acknowledgement.")
                )
            else:
                training.update_module(actor=request.user, module=module, fields=form.cleaned_data)
                messages.success(request, _("Module saved."))
        except ValidationError as error:
            form.attach(error)
        else:
            return redirect("enrolment:training-module-edit", pk=programme.pk, module_pk=module.pk)
    questions = module.questions.all() if module else []
    context = {"programme": programme, "module": module, "form": form, "questions": questions}
    return render(request, "enrolment/training_module_form.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def training_module_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _save_module(request, get_programme_for_user(request, pk, to="manage"), None)


@require_http_methods(["GET", "POST"])
@login_required
def training_module_edit(request: AuthenticatedHttpRequest, pk: int, module_pk: int) -> HttpResponse:
    module = get_training_module_for_user(request, pk, module_pk)
    return _save_module(request, module.programme, module)


@require_POST
@login_required
def training_module_delete(request: AuthenticatedHttpRequest, pk: int, module_pk: int) -> HttpResponse:
    module = get_training_module_for_user(request, pk, module_pk)
    try:
        training.remove_module(actor=request.user, module=module)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("enrolment:training-module-edit", pk=pk, module_pk=module_pk)
    messages.success(request, _("“%(title)s” removed.") % {"title": module.title})
    return redirect("enrolment:training-edit", pk=pk)


@require_POST
@login_required
def training_module_move(request: AuthenticatedHttpRequest, pk: int, module_pk: int) -> HttpResponse:
    module = get_training_module_for_user(request, pk, module_pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        training.move_module(actor=request.user, module=module, up=form.up)
    else:
        messages.error(request, form_errors(form))
    return redirect("enrolment:training-edit", pk=pk)


def _save_question(
    request: AuthenticatedHttpRequest, module: TrainingModule, question: TrainingQuestion | None
) -> HttpResponse:
    form = TrainingQuestionForm(request.POST if request.method == "POST" else None, instance=question)
    if form.is_valid():
        try:
            if question is None:
                training.add_question(actor=request.user, module=module, fields=form.question_fields())
                messages.success(request, _("Question added."))
            else:
                training.update_question(actor=request.user, question=question, fields=form.question_fields())
                messages.success(request, _("Question saved."))
        except ValidationError as error:
            form.attach(error)
        else:
            return redirect("enrolment:training-module-edit", pk=module.programme_id, module_pk=module.pk)
    context = {"programme": module.programme, "module": module, "question": question, "form": form}
    return render(request, "enrolment/training_question_form.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def training_question_create(request: AuthenticatedHttpRequest, pk: int, module_pk: int) -> HttpResponse:
    return _save_question(request, get_training_module_for_user(request, pk, module_pk), None)


@require_http_methods(["GET", "POST"])
@login_required
def training_question_edit(request: AuthenticatedHttpRequest, pk: int, question_pk: int) -> HttpResponse:
    question = get_training_question_for_user(request, pk, question_pk)
    return _save_question(request, question.module, question)


@require_POST
@login_required
def training_question_delete(request: AuthenticatedHttpRequest, pk: int, question_pk: int) -> HttpResponse:
    question = get_training_question_for_user(request, pk, question_pk)
    training.remove_question(actor=request.user, question=question)
    messages.success(request, _("Question removed."))
    return redirect("enrolment:training-module-edit", pk=pk, module_pk=question.module_id)
