"""The pilot decision: the admin's rules checked against the evaluation, and the recommendation they give.

- An **essential** rule that fails means *stop*.
- Every rule held means *make it permanent*.
- Anything else — a rule failed, or a figure with too few people to conclude — means *extend the pilot*.
The rules that decided are marked, so the recommendation names the rule that made it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from omkeer.evaluation.impact import Evaluation, Figure, too_few
from omkeer.evaluation.models import Comparison, DecisionRule, Outcome


@dataclass
class RuleResult:
    rule: DecisionRule
    label: str
    held: bool | None  # None: cannot be checked yet
    why: str
    deciding: bool = False


@dataclass
class Recommendation:
    outcome: Outcome
    results: list[RuleResult]

    @property
    def deciding(self) -> list[RuleResult]:
        return [r for r in self.results if r.deciding]


def metric_choices(evaluation: Evaluation) -> list[tuple[str, str]]:
    """Every figure a rule can name: the KPIs, effectiveness, activity and the junior mentors' outcomes."""
    figures = [*evaluation.kpis, *evaluation.effectiveness, *evaluation.activity, *evaluation.outcomes]
    return [(f.key, f.label) for f in figures]


def _number(value: float) -> str:
    return f"{value:.2f}"


def check(rule: DecisionRule, figure: Figure | None) -> tuple[bool | None, str]:
    """Whether the rule holds, and why, in words."""
    if figure is None or figure.hidden:
        return None, _("no figure yet")
    value, ci = (figure.paired.mean_change, figure.ci) if figure.paired else (figure.value, figure.ci)
    if value is None:
        return None, _("no data yet")
    if not figure.conclusive:
        return None, too_few(figure.n)
    at_least = rule.comparison == Comparison.AT_LEAST
    threshold = float(rule.threshold)
    what = _("change") if figure.paired else _("value")
    sign = "≥" if at_least else "≤"
    held = value >= threshold if at_least else value <= threshold
    text = _("%(what)s %(value)s, needed %(sign)s %(threshold)s") % {
        "what": what,
        "value": _number(value),
        "sign": sign,
        "threshold": _number(threshold),
    }
    if held and rule.ci_clear:
        if ci is None:
            return None, _("no confidence interval for this figure")
        if not (ci.low > 0 if at_least else ci.high < 0):
            return False, text + "; " + _("but the 95 %% interval (%(low)s to %(high)s) reaches 0") % {
                "low": _number(ci.low),
                "high": _number(ci.high),
            }
    return held, text


def recommend(rules: Sequence[DecisionRule], evaluation: Evaluation) -> Recommendation:
    labels = dict(metric_choices(evaluation))
    results = []
    for rule in rules:
        held, why = check(rule, evaluation.figure(rule.metric))
        results.append(RuleResult(rule, labels.get(rule.metric, rule.metric), held, why))
    failed_essential = [r for r in results if r.rule.essential and r.held is False]
    if failed_essential:
        outcome, deciding = Outcome.STOP, failed_essential
    elif results and all(r.held for r in results):
        outcome, deciding = Outcome.PERMANENT, results
    else:
        outcome, deciding = Outcome.EXTEND, [r for r in results if not r.held]
    for result in deciding:
        result.deciding = True
    return Recommendation(outcome, results)
