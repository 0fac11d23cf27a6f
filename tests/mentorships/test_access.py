"""The access layer's answers for a pair: 404 out of scope, 403 when seen but not one's to do."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from omkeer.access.mentorships import get_flag_for_user, get_mentorship_for_user, get_session_for_user
from omkeer.mentorships.models import Flag

ALLOWED = {
    "see": {"mentor", "mentee", "coach", "admin"},
    "act": {"mentor", "mentee"},
    "lead": {"mentor"},
    "manage": {"admin"},
    "coordinate": {"coach", "admin"},
}
PERSONAS = ["mentor", "mentee", "coach", "admin", "other_mentor", "outsider"]


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def _answer(call):
    try:
        call()
    except Http404:
        return 404
    except PermissionDenied:
        return 403
    return 200


@pytest.mark.parametrize("to", sorted(ALLOWED))
@pytest.mark.parametrize("persona", PERSONAS)
def test_a_pair_is_hidden_from_outsiders_and_refused_to_those_it_is_not_for(request, pair, to, persona):
    user = request.getfixturevalue(persona)
    status = _answer(lambda: get_mentorship_for_user(_request(user), pair.pk, to=to))
    seen = persona in ALLOWED["see"]
    assert status == (200 if persona in ALLOWED[to] else 403 if seen else 404)


def test_the_403_carries_the_message_it_was_given(pair, coach):
    with pytest.raises(PermissionDenied, match="only the pair"):
        get_mentorship_for_user(_request(coach), pair.pk, to="act", message="only the pair")


@pytest.mark.parametrize("persona", PERSONAS)
def test_sessions_are_the_partners_and_flags_the_coordinators(request, planned, persona):
    user = request.getfixturevalue(persona)
    session = planned[0]
    flag = Flag.objects.create(mentorship=session.mentorship, kind=Flag.Kind.HEALTH)
    seen = persona in ALLOWED["see"]
    expected_session = 200 if persona in ALLOWED["act"] else 403 if seen else 404
    expected_flag = 200 if persona in ALLOWED["coordinate"] else 403 if seen else 404
    assert _answer(lambda: get_session_for_user(_request(user), session.pk)) == expected_session
    assert _answer(lambda: get_flag_for_user(_request(user), flag.pk)) == expected_flag
