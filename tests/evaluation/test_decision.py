"""The pilot decision: each branch of the recommendation, the rule that decided, the decision recorded."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from omkeer.accounts.models import AuditEntry
from omkeer.evaluation import services
from omkeer.evaluation.decide import check, recommend
from omkeer.evaluation.impact import Evaluation, Figure, Seniors
from omkeer.evaluation.models import Comparison, Decision, DecisionRule, Outcome
from omkeer.evaluation.stats import Interval, Paired
from omkeer.programmes.models import Status


def _paired(change, low, high, n=10):
    return Paired(
        n=n,
        before_mean=2.0,
        after_mean=2.0 + change,
        mean_change=change,
        change_ci=Interval(low, high),
        wilcoxon_p=0.01,
        t_p=0.01,
        effect_size=1.0,
        effect_ci=Interval(0.5, 1.5),
        conclusive=n >= 5,
    )


def _figure(key, value, *, n=10, ci=None, paired=None, conclusive=True):
    return Figure(key=key, label=key, unit="", value=value, n=n, how="", ci=ci, paired=paired, conclusive=conclusive)


def _evaluation(programme, figures):
    return Evaluation(
        programme=programme,
        full=True,
        generated=None,
        kpis=figures,
        effectiveness=[],
        growth=[],
        familiarity=[],
        activity=[],
        seniors=Seniors(0, 0, 0, 0),
        juniors=None,
        responses=[],
        checkins={},
    )


def _rule(programme, metric, threshold, *, at_least=True, ci_clear=False, essential=False):
    return DecisionRule(
        programme=programme,
        metric=metric,
        threshold=Decimal(threshold),
        ci_clear=ci_clear,
        essential=essential,
        comparison=Comparison.AT_LEAST if at_least else Comparison.AT_MOST,
    )


def test_a_change_of_one_with_its_interval_above_zero_holds(programme):
    skill = _figure("skill", 3.2, ci=Interval(0.6, 1.8), paired=_paired(1.2, 0.6, 1.8))
    assert check(_rule(programme, "skill", "1", ci_clear=True), skill)[0] is True


def test_an_interval_that_reaches_zero_fails_a_ci_rule(programme):
    skill = _figure("skill", 3.2, ci=Interval(-0.1, 2.5), paired=_paired(1.2, -0.1, 2.5))
    held, why = check(_rule(programme, "skill", "1", ci_clear=True), skill)
    assert held is False and "reaches 0" in why
    assert check(_rule(programme, "skill", "1"), skill)[0] is True  # without the CI condition


def test_too_few_people_cannot_be_checked(programme):
    small = _figure("skill", 3.0, n=4, paired=_paired(1.0, 0.2, 1.8, n=4), conclusive=False)
    held, why = check(_rule(programme, "skill", "1"), small)
    assert held is None and why == "n = 4: too few to conclude"
    assert check(_rule(programme, "missing", "1"), None) == (None, "no figure yet")


def test_at_most_rules(programme):
    assert check(_rule(programme, "x", "10", at_least=False), _figure("x", 8.0))[0] is True
    assert check(_rule(programme, "x", "10", at_least=False), _figure("x", 12.0))[0] is False


def test_all_rules_held_means_permanent(programme):
    e = _evaluation(programme, [_figure("a", 80.0), _figure("b", 90.0)])
    result = recommend([_rule(programme, "a", "70"), _rule(programme, "b", "80")], e)
    assert result.outcome == Outcome.PERMANENT
    assert [r.deciding for r in result.results] == [True, True]


def test_a_failed_essential_rule_means_stop_and_names_it(programme):
    e = _evaluation(programme, [_figure("a", 50.0), _figure("b", 60.0)])
    result = recommend([_rule(programme, "a", "70", essential=True), _rule(programme, "b", "80")], e)
    assert result.outcome == Outcome.STOP
    assert [r.label for r in result.deciding] == ["a"]


def test_a_failed_ordinary_rule_or_an_open_question_means_extend(programme):
    e = _evaluation(programme, [_figure("a", 80.0), _figure("b", 60.0), _figure("c", 1.0, n=3, conclusive=False)])
    result = recommend(
        [_rule(programme, "a", "70", essential=True), _rule(programme, "b", "80"), _rule(programme, "c", "1")], e
    )
    assert result.outcome == Outcome.EXTEND
    assert [r.label for r in result.deciding] == ["b", "c"]


def test_no_rules_means_extend(programme):
    assert recommend([], _evaluation(programme, [])).outcome == Outcome.EXTEND


@pytest.mark.parametrize(
    ("outcome", "status"), [("permanent", Status.PERMANENT), ("stop", Status.STOPPED), ("extend", Status.PILOT)]
)
def test_the_decision_sets_the_status_and_is_audited(admin, programme, outcome, status):
    services.decide(
        actor=admin, programme=programme, outcome=outcome, rationale="The board agreed.", recommended="extend", rules=[]
    )
    programme.refresh_from_db()
    assert programme.status == status
    entry = AuditEntry.objects.get(action="evaluation.decide")
    assert entry.data["rationale"] == "The board agreed."


@pytest.mark.parametrize(("outcome", "rationale", "field"), [("forever", "x", "outcome"), ("stop", "  ", "rationale")])
def test_a_bad_decision_names_the_field_and_changes_nothing(admin, programme, outcome, rationale, field):
    with pytest.raises(ValidationError) as caught:
        services.decide(
            actor=admin, programme=programme, outcome=outcome, rationale=rationale, recommended="stop", rules=[]
        )
    assert field in caught.value.message_dict
    programme.refresh_from_db()
    assert programme.status == Status.PILOT and not Decision.objects.exists()


def test_the_decision_page_adds_rules_and_records_the_decision(cohort, admin, programme, client_for):
    client = client_for(admin)
    url = reverse("evaluation:decision", args=[programme.pk])
    assert client.get(url).status_code == 200
    bad = client.post(
        reverse("evaluation:rule-add", args=[programme.pk]),
        {"metric": "sessions", "comparison": "at-least", "threshold": "eighty"},
    )
    assert bad.status_code == 200 and "is not a number" in bad.text and not DecisionRule.objects.exists()
    client.post(
        reverse("evaluation:rule-add", args=[programme.pk]),
        {"metric": "sessions", "comparison": "at-least", "threshold": "80", "essential": "on"},
    )
    rule = DecisionRule.objects.get()
    assert (rule.metric, rule.threshold, rule.essential) == ("sessions", Decimal("80.00"), True)
    page = client.get(url)
    assert "Sessions held" in page.text
    response = client.post(
        reverse("evaluation:decide", args=[programme.pk]), {"outcome": "extend", "rationale": "Too early to tell."}
    )
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert decision.recommended == "extend" and decision.rules[0]["figure"] == "Sessions held"
    client.post(reverse("evaluation:rule-delete", args=[programme.pk, rule.pk]))
    assert not DecisionRule.objects.exists()
