"""One table of reason phrases: the review page, the file interface (`omkeer match-file`) and the API name a
reason with the same words, because all three take them from `explain.PHRASES`."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape

from omkeer.matching import explain, services
from omkeer.matching.engine import Reason, Result, Unmatched
from omkeer.matching.files import result_data

REASONS = [
    Reason("no_eligible_mentor"),
    Reason("mentors_taken", {"eligible": 1}),
    Reason("mentors_taken", {"eligible": 3}),
    Reason("same_team"),
    Reason("reporting_line", {"manager": "mentor", "levels": 1}),
    Reason("reporting_line", {"manager": "mentee", "levels": 2}),
    Reason("level_gap", {"gap": 1, "required": 2}),
    Reason("level_gap", {"gap": -1, "required": 2}),
    Reason("no_capacity"),
    Reason("matched"),
    Reason("better_use", {"matched_delta": 1, "score_delta": 0.2146, "mentor_now": [], "mentee_now": None}),
    Reason("something_new"),
]


@pytest.fixture
def run(programme, pool, admin):
    """A finished run whose unmatched mentees carry the reasons above (one each, in order)."""
    done = services.run_matching(actor=admin, programme=programme)
    done.unmatched_reasons = [
        {"mentee": f"X{k}", "code": reason.code, "params": dict(reason.params)} for k, reason in enumerate(REASONS)
    ]
    done.save(update_fields=["unmatched_reasons"])
    return done


def test_review_page_file_interface_and_api_name_a_reason_alike(run, admin, client_for):
    client = client_for(admin)
    html = client.get(reverse("matching:run-detail", args=[run.pk])).content.decode()
    api = [u["reason"]["text"] for u in client.get(f"/api/match-runs/{run.pk}").json()["unmatched_mentees"]]
    result = Result(
        pairs=[], unmatched=[Unmatched(mentee=f"X{k}", reason=r) for k, r in enumerate(REASONS)], objective={}, stats={}
    )
    file = [u["reason"] for u in result_data(result)["unmatched"]]
    assert api == file == [explain.describe(reason) for reason in REASONS]
    for phrase in file:
        assert f"<td>{escape(phrase)}</td>" in html, phrase
    assert file[1] == "the one eligible mentor is needed for a pair that counts for more overall"
    assert file[8] == "the mentor has no capacity left"
