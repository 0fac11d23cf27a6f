"""The evaluation report: one `Evaluation` rendered as an HTML document, a PDF for the board (WeasyPrint), a CSV of
the aggregated figures and JSON. The page, the download and `omkeer evaluation-report` all come through here.

A report holds aggregates only: no session note, no check-in note, no voice result under its threshold (the
`Evaluation` never reads a note's text, and the pulse figure comes through voice's suppression).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from omkeer.accounts.models import User
from omkeer.accounts.services import audit
from omkeer.evaluation.decide import Recommendation, recommend
from omkeer.evaluation.impact import Evaluation, Figure, evaluate
from omkeer.evaluation.models import Decision, DecisionRule
from omkeer.lib.spreadsheet import safe_cell
from omkeer.programmes.models import Programme

FORMATS = ("html", "pdf", "csv", "json")
STYLESHEET = Path(__file__).resolve().parent.parent / "static" / "omkeer" / "report.css"


@dataclass
class Report:
    evaluation: Evaluation
    recommendation: Recommendation
    decision: Decision | None

    @property
    def programme(self) -> Programme:
        return self.evaluation.programme


def build(programme: Programme, *, full: bool = True) -> Report:
    evaluation = evaluate(programme, full=full)
    rules = list(DecisionRule.objects.filter(programme=programme))
    decision = Decision.objects.filter(programme=programme).select_related("decided_by").first()
    return Report(evaluation, recommend(rules, evaluation), decision)


def html(report: Report, *, standalone: bool = True) -> str:
    """The report as a whole HTML document (`standalone`: its stylesheet inlined, for a file or the PDF)."""
    css = STYLESHEET.read_text(encoding="utf-8") if standalone else ""
    return render_to_string("evaluation/report.html", {"report": report, "inline_css": css, "standalone": standalone})


def pdf(report: Report) -> bytes:
    """The report as a PDF: the one-page summary first, then every section with its charts."""
    import weasyprint  # imported here: it loads Pango, which only the PDF needs

    document: bytes = weasyprint.HTML(string=html(report)).write_pdf()
    return document


COLUMNS = [
    "section",
    "key",
    "figure",
    "unit",
    "value",
    "ci_low",
    "ci_high",
    "n",
    "conclusive",
    "baseline",
    "target",
    "mean_change",
    "wilcoxon_p",
    "t_test_p",
    "holm_p",
    "effect_size_dz",
    "effect_ci_low",
    "effect_ci_high",
    "how",
]


def _row(section: str, figure: Figure) -> dict[str, Any]:
    paired = figure.paired
    return {
        "section": section,
        "key": figure.key,
        "figure": figure.label,
        "unit": figure.unit,
        "value": figure.value,
        "ci_low": figure.ci.low if figure.ci else None,
        "ci_high": figure.ci.high if figure.ci else None,
        "n": figure.n,
        "conclusive": figure.conclusive and not figure.hidden,
        "baseline": figure.baseline,
        "target": figure.target,
        "mean_change": paired.mean_change if paired else None,
        "wilcoxon_p": paired.wilcoxon_p if paired else None,
        "t_test_p": paired.t_p if paired else None,
        "holm_p": figure.p_adjusted,
        "effect_size_dz": paired.effect_size if paired else None,
        "effect_ci_low": paired.effect_ci.low if paired and paired.effect_ci else None,
        "effect_ci_high": paired.effect_ci.high if paired and paired.effect_ci else None,
        "how": figure.how,
    }


def rows(report: Report) -> list[dict[str, Any]]:
    e = report.evaluation
    sections = [
        ("kpi", e.kpis),
        ("effectiveness", e.effectiveness),
        ("mentor-growth", e.growth),
        ("digital-familiarity", e.familiarity),
        ("activity", e.activity),
        ("junior-outcomes", e.outcomes),
    ]
    return [_row(name, figure) for name, figures in sections for figure in figures]


def _round(value: Any) -> Any:
    return round(value, 4) if isinstance(value, float) else value


def as_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows(report):
        writer.writerow({k: "" if v is None else safe_cell(_round(v)) for k, v in row.items()})
    return out.getvalue()


def as_json(report: Report) -> dict[str, Any]:
    e, r = report.evaluation, report.recommendation
    juniors = e.juniors
    return {
        "programme": {"id": e.programme.pk, "name": e.programme.name, "status": e.programme.status},
        "generated": e.generated.isoformat(),
        "figures": [{k: _round(v) for k, v in row.items()} for row in rows(report)],
        "seniors": {
            "commitments": e.seniors.commitments,
            "done": e.seniors.done,
            "overdue": e.seniors.overdue,
            "ideas": e.seniors.ideas,
        },
        "juniors": None
        if juniors is None
        else {
            "followed_days": juniors.followed_days,
            "mentors": {"n": juniors.mentors.n, "promoted": juniors.mentors.promoted.k, "left": juniors.mentors.left},
            "comparison": {
                "n": juniors.comparison.n,
                "promoted": juniors.comparison.promoted.k,
                "left": juniors.comparison.left,
            },
            "unmatched": juniors.unmatched,
            "logrank_p": _round(juniors.logrank.p),
            "promotion_fisher_p": _round(juniors.promotion.p),
        },
        "checkins": e.checkins,
        "responses": [{"survey": x.survey.kind, "invited": x.invited, "answered": x.answered} for x in e.responses],
        "recommendation": {
            "outcome": r.outcome.value,
            "rules": [
                {"figure": x.label, "held": x.held, "why": x.why, "deciding": x.deciding, "essential": x.rule.essential}
                for x in r.results
            ],
        },
        "decision": None
        if report.decision is None
        else {
            "outcome": report.decision.outcome,
            "rationale": report.decision.rationale,
            "decided": report.decision.decided.isoformat(),
        },
    }


def render(report: Report, fmt: str) -> tuple[bytes, str, str]:
    """(content, content type, file name) of the report in one of FORMATS."""
    name = f"evaluation-{report.programme.pk}"
    if fmt == "pdf":
        return pdf(report), "application/pdf", f"{name}.pdf"
    if fmt == "csv":
        return as_csv(report).encode("utf-8"), "text/csv; charset=utf-8", f"{name}.csv"
    if fmt == "json":
        text = json.dumps(as_json(report), indent=2, ensure_ascii=False)
        return text.encode("utf-8"), "application/json", f"{name}.json"
    if fmt == "html":
        return html(report).encode("utf-8"), "text/html; charset=utf-8", f"{name}.html"
    raise ValueError(_("Unknown format %(fmt)s: use html, pdf, csv or json.") % {"fmt": fmt})


def download(programme: Programme, fmt: str, *, actor: User | None) -> tuple[bytes, str, str]:
    """(content, content type, file name) of the programme's whole report in one of FORMATS, audited: a report
    that leaves the site is an export."""
    content = render(build(programme), fmt)
    audit(actor=actor, action="evaluation.report-export", target=programme, data={"format": fmt})
    return content
