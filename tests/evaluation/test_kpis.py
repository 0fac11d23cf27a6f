"""KPIs: a source per KPI; values per period by hand or by CSV (row-by-row errors, all or nothing)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from omkeer.accounts.models import AuditEntry
from omkeer.evaluation import services
from omkeer.evaluation.impact import evaluate
from omkeer.evaluation.models import KpiSource, Measurement, Source, period_bounds
from omkeer.programmes.models import Goal, Kpi


@pytest.fixture
def enps(programme):
    goal = Goal.objects.create(programme=programme, title="Engagement")
    return Kpi.objects.create(goal=goal, name="Employee satisfaction (eNPS)", unit="eNPS", baseline=4, target=15)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2026-03", "2026-03"), ("2026-3", "2026-03"), ("2026-q2", "2026-Q2"), ("2026", "2026"), (" 2026-Q4 ", "2026-Q4")],
)
def test_periods_parse_to_one_canonical_form(text, expected):
    assert period_bounds(text)[1] == expected


@pytest.mark.parametrize("text", ["2026-13", "2026-Q5", "26-01", "March 2026", "", "2026-00", "1800"])
def test_periods_that_do_not_parse(text):
    assert period_bounds(text) is None


def test_the_admin_enters_a_value_per_period_and_corrects_it(admin, enps):
    services.record_measurement(actor=admin, kpi=enps, period="2026-Q1", value="5")
    services.record_measurement(actor=admin, kpi=enps, period="2026-q1", value="6,5", note="corrected")
    row = Measurement.objects.get(kpi=enps)
    assert (row.period, row.value, row.note) == ("2026-Q1", Decimal("6.50"), "corrected")
    assert AuditEntry.objects.filter(action="evaluation.measure").count() == 2


@pytest.mark.parametrize(("period", "value", "field"), [("2026-13", "5", "period"), ("2026-Q1", "many", "value")])
def test_a_bad_value_names_its_field_and_writes_nothing(admin, enps, period, value, field):
    with pytest.raises(ValidationError) as caught:
        services.record_measurement(actor=admin, kpi=enps, period=period, value=value)
    assert field in caught.value.message_dict
    assert not Measurement.objects.exists()


def test_only_the_admin_enters_values_or_sets_sources(coach, mentor, enps):
    for actor in (coach, mentor):
        with pytest.raises(PermissionDenied):
            services.record_measurement(actor=actor, kpi=enps, period="2026", value="1")
        with pytest.raises(PermissionDenied):
            services.set_source(actor=actor, kpi=enps, source=Source.SESSIONS)


def test_a_csv_upload_writes_every_row(admin, programme, enps, kpi):
    data = (
        f"kpi,period,value,note\n{enps.name},2026-Q1,5,first\n{enps.pk},2026-Q2,8,\n"
        f"social-media confidence,2026-03,2.5,\n"
    ).encode()
    result = services.import_measurements(actor=admin, programme=programme, data=data)
    assert (result.problems, result.written) == ([], 3)
    assert list(Measurement.objects.filter(kpi=enps).values_list("period", "value")) == [
        ("2026-Q1", Decimal("5.00")),
        ("2026-Q2", Decimal("8.00")),
    ]


def test_a_csv_with_bad_rows_names_each_and_writes_nothing(admin, programme, enps):
    data = (
        f"kpi,period,value,note\n{enps.name},2026-Q1,5,\nNo such KPI,2026-Q2,1,\n{enps.name},2026-13,1,\n"
        f"{enps.name},2026-Q3,lots,\n{enps.name},2026-q1,6,\n"
    ).encode()
    result = services.import_measurements(actor=admin, programme=programme, data=data)
    assert result.written == 0
    assert not Measurement.objects.exists()
    text = "\n".join(result.problems)
    assert "Row 3, kpi: no KPI “No such KPI”" in text
    assert "Row 4, period: “2026-13” is not a period" in text
    assert "Row 5, value: “lots” is not a number" in text
    assert "Row 6, period: 2026-Q1 of this KPI is also in row 2" in text
    assert len(result.problems) == 4


def test_a_csv_without_the_columns_is_refused(admin, programme, enps):
    result = services.import_measurements(actor=admin, programme=programme, data=b"name,when\nx,2026\n")
    assert result.problems == ["Row 1: missing column kpi, period, value (expected kpi,period,value,note)."]


def test_a_carriage_return_in_a_csv_line_ends_the_line(admin, programme, enps):
    """A lone CR inside a line was a 500 (csv.Error: new-line character seen in unquoted field)."""
    data = f"kpi,period,value\n{enps.pk},2026-Q1\r,5\n".encode()
    result = services.import_measurements(actor=admin, programme=programme, data=data)
    assert "Row 2, value: “” is not a number." in result.problems and not Measurement.objects.exists()


def test_a_csv_field_too_large_to_read_is_refused(admin, programme, enps, client_for):
    """A field past the csv module's limit (128 KiB) was a 500; now the file is refused, naming the row."""
    data = b"kpi,period,value,note\n" + f"{enps.pk},2026-Q1,5,".encode() + b"x" * 200_000 + b"\n"
    result = services.import_measurements(actor=admin, programme=programme, data=data)
    assert result.problems == ["Row 2: cannot read CSV: field larger than field limit (131072)"]
    response = client_for(admin).post(
        reverse("evaluation:measurement-upload", args=[programme.pk]), {"file": _file(data)}, follow=True
    )
    assert response.status_code == 200 and "cannot read CSV" in response.text
    assert not Measurement.objects.exists()


def test_a_manual_kpi_shows_baseline_now_target_and_its_trend(admin, programme, enps):
    for period, value in (("2026-Q1", 5), ("2026-Q2", 8), ("2026-Q3", 11)):
        services.record_measurement(actor=admin, kpi=enps, period=period, value=value)
    figure = evaluate(programme, full=True).figure(f"kpi:{enps.pk}")
    assert (figure.baseline, figure.value, figure.target) == (4.0, 11.0, 15.0)
    assert figure.progress == pytest.approx((11 - 4) / (15 - 4))
    assert figure.trend == [("2026-Q1", 5.0), ("2026-Q2", 8.0), ("2026-Q3", 11.0)]


def test_a_skill_source_must_be_a_programme_skill(admin, programme, kpi):
    with pytest.raises(ValidationError) as caught:
        services.set_source(actor=admin, kpi=kpi, source=Source.SKILL, skill="juggling")
    assert "skill" in caught.value.message_dict
    assert not KpiSource.objects.exists()


def test_the_kpis_page_and_its_forms(admin, programme, enps, client_for):
    client = client_for(admin)
    page = client.get(reverse("evaluation:kpis", args=[programme.pk]))
    assert page.status_code == 200 and enps.name in page.text
    response = client.post(
        reverse("evaluation:measurement-add", args=[programme.pk, enps.pk]),
        {"period": "2026-13", "value": "3"},
        follow=True,
    )
    assert "is not a period" in response.text and not Measurement.objects.exists()
    client.post(
        reverse("evaluation:measurement-add", args=[programme.pk, enps.pk]), {"period": "2026-Q2", "value": "3"}
    )
    row = Measurement.objects.get()
    client.post(reverse("evaluation:kpi-source", args=[programme.pk, enps.pk]), {f"k{enps.pk}-source": "sessions"})
    assert KpiSource.objects.get(kpi=enps).source == Source.SESSIONS
    client.post(reverse("evaluation:measurement-delete", args=[programme.pk, row.pk]))
    assert not Measurement.objects.exists()
    upload = client.post(
        reverse("evaluation:measurement-upload", args=[programme.pk]),
        {"file": _file(b"kpi,period,value\nnope,2026,1\n")},
        follow=True,
    )
    assert "Row 2, kpi" in upload.text


def _file(data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("values.csv", data, content_type="text/csv")


def test_another_programmes_kpi_is_404(admin, other_programme, client_for):
    goal = Goal.objects.create(programme=other_programme, title="Theirs")
    theirs = Kpi.objects.create(goal=goal, name="Theirs", unit="%", baseline=1, target=2)
    client = client_for(admin)
    url = reverse("evaluation:measurement-add", args=[other_programme.pk, theirs.pk])
    assert client.post(url, {"period": "2026", "value": "1"}).status_code == 404
    assert not Measurement.objects.exists()
