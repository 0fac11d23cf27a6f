"""Junk in every form: whatever is posted, by someone allowed to post it, the answer is never a server error.

The pages come from the access matrix (tests/test_access_matrix.py): every route it posts to, and every page whose
GET renders a `<form method="post">` posting back to itself (`FORM_PAGES`, checked against the pages themselves).
Each form's fields are read from the page that renders it, as the persona who sees it, in the matrix's world; then
Hypothesis posts mixes of the fields' own values and adversarial ones (empty, 10 000 characters, control characters
and NUL, huge and non-finite numbers, impossible dates, values outside a select, lists for single fields, missing
fields, unknown fields, random files), as the least privileged persona the matrix lets through.

OMKEER_FUZZ_EXAMPLES=500 runs a deeper search than CI's; OMKEER_FUZZ_RANDOM=1 draws other examples than the
fixed ones CI draws (derandomized, like the project's other property tests).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import override_settings
from django.urls import Resolver404, resolve, reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from omkeer.board.forms import AttendanceForm
from omkeer.matching.forms import PairForm
from omkeer.mentorships.forms import CancelForm, DelegateMoveForm, KickoffHeldForm, KickoffPlanForm
from omkeer.voice.forms import TagForm
from tests.test_access_matrix import MATRIX, build_world

EXAMPLES = int(os.environ.get("OMKEER_FUZZ_EXAMPLES", "25"))
RANDOM = os.environ.get("OMKEER_FUZZ_RANDOM", "") == "1"
# least privileged first: the persona who posts is the first of these the matrix lets through
PRIVILEGE = ["anon", "outsider", "mentee", "mentor", "coach", "hr", "admin", "staff"]
POST_ROUTES = sorted(name for name, (method, *_) in MATRIX.items() if method == "post")
GET_PAGES = sorted(name for name, (method, *_) in MATRIX.items() if method == "get" and not name.startswith("api:"))
# GET pages of the matrix that render a form posting back to themselves (test_form_pages_are_listed checks it)
FORM_PAGES = [
    "accounts:login",
    "accounts:password-change",
    "accounts:password-reset",
    "accounts:two-factor-setup",
    "accounts:two-factor-verify",
    "board:idea-create",
    "board:idea-publish",
    "board:meetup-create",
    "board:meetup-edit",
    "board:note-publish",
    "board:post-create",
    "board:post-edit",
    "enrolment:application-edit",
    "enrolment:enrolment-open",
    "enrolment:faq-create",
    "enrolment:faq-edit",
    "enrolment:intake-edit",
    "enrolment:page-edit",
    "enrolment:recommendation-submit",
    "enrolment:training-module-create",
    "enrolment:training-module-edit",
    "enrolment:training-question-create",
    "enrolment:training-question-edit",
    "evaluation:checkin",
    "evaluation:surveys",
    "matching:settings-edit",
    "mentorships:agreement-propose",
    "mentorships:end",
    "mentorships:session-edit",
    "mentorships:session-plan",
    "mentorships:track-edit",
    "people:import-upload",
    "privacy:erase",
    "programmes:programme-create",
    "programmes:programme-edit",
    "voice:pulse-answer",
    "voice:reply-create",
    "voice:reply-edit",
    "voice:settings",
    "voice:speak",
]
TARGETS = POST_ROUTES + FORM_PAGES
# POST routes whose form the matrix's world does not render (the pair is past kick-off, the run has no proposals,
# the session was held, …): their fields come from the form class
UNRENDERED = {
    "board:meetup-attendance": AttendanceForm,
    "matching:pair-forbid": PairForm,
    "matching:pair-pin": PairForm,
    "mentorships:delegate-move": DelegateMoveForm,
    "mentorships:kickoff-held": KickoffHeldForm,
    "mentorships:kickoff-plan": KickoffPlanForm,
    "mentorships:session-cancel": CancelForm,
    "voice:feedback-tag": TagForm,
}


# --- reading the forms a page renders -------------------------------------------------------------------------


@dataclass
class Field:
    name: str
    kind: str  # an input's type, or "select" / "textarea"
    options: list[str] = field(default_factory=list)  # a select's options, a radio's or hidden input's values
    multiple: bool = False


@dataclass
class Form:
    action: str
    fields: dict[str, Field] = field(default_factory=dict)


class FormParser(HTMLParser):
    """The `<form method="post">`s of a page: their action and their named inputs, selects and textareas."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.select: Field | None = None
        self.option: list[str] | None = None  # the text of an option without a value attribute

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            if a.get("method", "get").lower() == "post":
                self.form = Form(action=a.get("action") or self.page)
                self.forms.append(self.form)
            return
        if self.form is None:
            return
        name = a.get("name", "")
        if tag == "input" and name and name != "csrfmiddlewaretoken":
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset") and "value" not in a:
                return
            entry = self.form.fields.setdefault(name, Field(name, kind))
            if "value" in a and a["value"] not in entry.options:
                entry.options.append(a["value"])
            entry.multiple = entry.multiple or kind == "checkbox" and len(entry.options) > 1
        elif tag == "textarea" and name:
            self.form.fields.setdefault(name, Field(name, "textarea"))
        elif tag == "select" and name:
            self.select = self.form.fields.setdefault(name, Field(name, "select", multiple="multiple" in a))
        elif tag == "option" and self.select is not None:
            if "value" in a:
                self.select.options.append(a["value"])
            else:
                self.option = []

    def handle_data(self, data: str) -> None:
        if self.option is not None:
            self.option.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "option" and self.option is not None and self.select is not None:
            self.select.options.append("".join(self.option).strip())
            self.option = None
        elif tag == "select":
            self.select = None
        elif tag == "form":
            self.form = None


def forms_of(html: str, page: str) -> list[Form]:
    parser = FormParser(page)
    parser.feed(html)
    return parser.forms


def view_name(action: str) -> str | None:
    try:
        return resolve(urlsplit(action).path).view_name
    except Resolver404:
        return None


# --- who posts where --------------------------------------------------------------------------------------------


def allowed(name: str) -> list[str]:
    """The personas the matrix lets through to `name`, least privileged first; a GET page only where it renders."""
    method, _, _, expected = MATRIX[name]
    ok = [p for p in PRIVILEGE if expected[p] not in (403, 404) and not (p == "anon" and expected[p] == 302)]
    if method == "get":
        return [p for p in ok if expected[p] == 200]
    return [p for p in ok if expected[p] < 300] or ok  # an answered page before a redirect (e.g. to 2FA set-up)


def page_url(name: str, kwargs: dict[str, dict[str, Any]]) -> str:
    builder = MATRIX[name][1]
    return reverse(name, kwargs=kwargs[builder] if builder else None)


@dataclass
class Catalogue:
    """Where each form is rendered: target URL name -> [(page that renders it, persona who sees it)]."""

    sources: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    self_posting: set[str] = field(default_factory=set)  # GET pages with a form posting back to themselves


_catalogue: Catalogue | None = None


def catalogue(world, client_for) -> Catalogue:
    """Every GET page of the matrix, as every persona who may open it, once per run (rolled back after)."""
    global _catalogue
    if _catalogue is None:
        users, kwargs = world
        found = Catalogue()
        with transaction.atomic():
            for name in GET_PAGES:
                url = page_url(name, kwargs)
                for persona in allowed(name):
                    response = client_for(users.get(persona)).get(url)
                    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                        continue
                    for form in forms_of(response.content.decode(), url):
                        target = view_name(form.action)
                        if target is None:
                            continue
                        entries = found.sources.setdefault(target, [])
                        if (name, persona) not in entries:
                            entries.append((name, persona))
                        if target == name:
                            found.self_posting.add(name)
            transaction.set_rollback(True)
        cache.clear()
        _catalogue = found
    return _catalogue


# --- junk -------------------------------------------------------------------------------------------------------

NASTY = [
    "",
    " ",
    "0",
    "-1",
    "-0",
    "2147483648",
    "-2147483649",
    "9223372036854775808",
    "-9223372036854775809",
    "1" * 400,
    "1e309",
    "-1e309",
    "1e-400",
    "nan",
    "NaN",
    "inf",
    "-Infinity",
    "0x10",
    "1_000",
    "1,5",
    " 1 ",
    "١٢",
    "½",
    "2026-02-30",
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "2026-13-01",
    "2026-01-01T25:61",
    "2026-03-29T02:30",  # a time that does not exist in Amsterdam
    "2026-10-25T02:30",  # a time that happens twice there
    "31/12/2026",
    "24:00",
    "23:59:60",
    "2026-Q5",
    "2026-00",
    "true",
    "on",
    "None",
    "null",
    "[]",
    "{}",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%00",
    "\x00",
    "a\x00b",
    "\r\n",
    "\u202e\u200b\ufeff",
    "a@",
    "@example.com",
    "E99999",
]

text = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=40)  # surrogates cannot be sent
junk = st.one_of(
    st.sampled_from(NASTY),
    text,
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.integers(min_value=0, max_value=60).map(str),  # near the world's primary keys
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.builds(lambda c, n: c * n, st.characters(exclude_categories=["Cs"]), st.sampled_from([256, 1000, 10_000])),
)
files = st.builds(
    SimpleUploadedFile,
    st.sampled_from(["people.csv", "data.xlsx", "x", "../../x.csv", "naïve\u202efdp.csv", "a" * 300 + ".csv"]),
    st.one_of(
        st.binary(max_size=2000),
        st.sampled_from([b"", b"\x00" * 100, "é;ü\n".encode("latin-1"), b"PK\x03\x04junk"]),
        st.lists(st.sampled_from(["a", ",", ";", '"', "\n", "\r", "1", "2026-Q1", "nan", "\x00"]), max_size=80).map(
            lambda parts: "".join(parts).encode()
        ),
    ),
)


def value(spec: Field) -> st.SearchStrategy[Any]:
    one = st.one_of(st.sampled_from(spec.options), junk) if spec.options else junk
    if spec.kind == "file":
        one = st.one_of(files, junk)
    return st.one_of(one, st.lists(one, min_size=2, max_size=3))  # a list: several values for a single field


def payloads(form: Form) -> st.SearchStrategy[dict[str, Any]]:
    known = {name: value(spec) for name, spec in form.fields.items()}
    return st.fixed_dictionaries({}, optional=known | {"unknown-field": junk})


def post(client, action: str, data: dict[str, Any], urlencoded: bool):
    if urlencoded and not any(isinstance(v, SimpleUploadedFile) for v in data.values()):
        body = urlencode(data, doseq=True)
        return client.post(action, body, content_type="application/x-www-form-urlencoded")
    return client.post(action, data)


@pytest.fixture
def world(programme, admin, coach, mentor, other_mentor, mentee, outsider, hr, staff):
    """The access matrix's world, with the rate limits off (a 429 would stand in for the page under test)."""
    with override_settings(RATE_LIMITS_ON=False):
        yield build_world(programme, admin, coach, mentor, other_mentor, mentee, outsider, hr, staff)


@pytest.mark.parametrize("target", TARGETS)
def test_junk_never_gets_a_server_error(target, world, client_for):
    users, kwargs = world
    found = catalogue(world, client_for)
    candidates = allowed(target)
    viewers = {viewer for _, viewer in found.sources.get(target, [])}
    # the least privileged who may post and is shown the form; nobody in the world may: the refusal must hold too
    persona = next((p for p in candidates if p in viewers), candidates[0] if candidates else "outsider")
    client = client_for(users.get(persona))
    sources = sorted(found.sources.get(target, []), key=lambda s: (s[1] != persona, PRIVILEGE.index(s[1])))
    forms: list[Form] = []
    if sources:
        source, viewer = sources[0]
        url = page_url(source, kwargs)
        html = (client if viewer == persona else client_for(users.get(viewer))).get(url).content.decode()
        forms = [form for form in forms_of(html, url) if view_name(form.action) == target]
    if not forms:  # not rendered in this world: the matrix's URL, with the form class's or the matrix's fields
        fields = {k: Field(k, "text", [str(v)]) for k, v in (MATRIX[target][2] or {}).items()}
        if target in UNRENDERED:
            fields |= {k: Field(k, "text") for k in UNRENDERED[target].base_fields}
        forms = [Form(page_url(target, kwargs), fields)]

    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=not RANDOM,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(data=st.data())
    def fuzz(data):
        form = data.draw(st.sampled_from(forms), label="form")
        payload = data.draw(payloads(form), label="payload")
        response = post(client, form.action, payload, urlencoded=data.draw(st.booleans(), label="urlencoded"))
        assert response.status_code < 500, (target, persona, form.action, response.status_code)
        answers.add(response.status_code)

    answers: set[int] = set()
    fuzz()
    if candidates:  # the junk reached the view, not only the access table's refusal
        assert answers - {403}, (target, persona, answers)


def test_form_pages_are_listed(world, client_for):
    """Every GET page of the matrix with a form posting back to itself is fuzzed, and every form posts somewhere
    fuzzed: a new form page fails here until it is added to FORM_PAGES."""
    found = catalogue(world, client_for)
    assert sorted(found.self_posting) == FORM_PAGES
    assert sorted(set(found.sources) - set(TARGETS)) == []
    assert len(POST_ROUTES) >= 70 and len(found.sources) >= 90, "the matrix's forms were not found"
