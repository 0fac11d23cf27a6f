"""The programme page's texts and its FAQ, as the programme's admin edits them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import model_to_dict
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from omkeer.access.enrolment import get_faq_for_user
from omkeer.access.http import AuthenticatedHttpRequest
from omkeer.access.programmes import get_programme_for_user
from omkeer.enrolment import pagetexts
from omkeer.enrolment.forms import FaqForm, MoveForm, PageTextsForm, form_errors
from omkeer.enrolment.models import FaqEntry
from omkeer.programmes.models import Programme


@require_http_methods(["GET", "POST"])
@login_required
def page_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = get_programme_for_user(request, pk, to="manage")
    page = pagetexts.set_up_page(programme=programme, actor=request.user)
    initial = {name: getattr(page, name) for name in pagetexts.TEXT_FIELDS}
    form = PageTextsForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_valid():
        try:
            pagetexts.update_page(actor=request.user, programme=programme, texts=form.cleaned_data)
        except ValidationError as error:
            form.attach(error)
        else:
            messages.success(request, _("The programme page is saved."))
            return redirect("enrolment:page-edit", pk=pk)
    context = {"programme": programme, "form": form, "faq": FaqEntry.objects.filter(programme=programme)}
    return render(request, "enrolment/page_form.html", context)


def _save_faq(request: AuthenticatedHttpRequest, programme: Programme, entry: FaqEntry | None) -> HttpResponse:
    initial = model_to_dict(entry, fields=pagetexts.FAQ_FIELDS) if entry else None
    form = FaqForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_valid():
        try:
            if entry is None:
                pagetexts.add_faq(actor=request.user, programme=programme, fields=form.cleaned_data)
                messages.success(request, _("Question added to the FAQ."))
            else:
                pagetexts.update_faq(actor=request.user, entry=entry, fields=form.cleaned_data)
                messages.success(request, _("Question saved."))
        except ValidationError as error:
            form.attach(error)
        else:
            return redirect("enrolment:page-edit", pk=programme.pk)
    return render(request, "enrolment/faq_form.html", {"programme": programme, "entry": entry, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
def faq_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _save_faq(request, get_programme_for_user(request, pk, to="manage"), None)


@require_http_methods(["GET", "POST"])
@login_required
def faq_edit(request: AuthenticatedHttpRequest, pk: int, faq_pk: int) -> HttpResponse:
    entry = get_faq_for_user(request, pk, faq_pk)
    return _save_faq(request, entry.programme, entry)


@require_POST
@login_required
def faq_delete(request: AuthenticatedHttpRequest, pk: int, faq_pk: int) -> HttpResponse:
    entry = get_faq_for_user(request, pk, faq_pk)
    pagetexts.remove_faq(actor=request.user, entry=entry)
    messages.success(request, _("Question removed from the FAQ."))
    return redirect("enrolment:page-edit", pk=pk)


@require_POST
@login_required
def faq_move(request: AuthenticatedHttpRequest, pk: int, faq_pk: int) -> HttpResponse:
    entry = get_faq_for_user(request, pk, faq_pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        pagetexts.move_faq(actor=request.user, entry=entry, up=form.up)
    else:
        messages.error(request, form_errors(form))
    return redirect("enrolment:page-edit", pk=pk)
