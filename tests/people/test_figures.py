"""The HR dashboard's organisation figures: counted once a minute, counted again at once after an import."""

from __future__ import annotations

from django.core.cache import cache
from django.urls import reverse

from omkeer.people import figures
from omkeer.people.hrimport import import_people
from tests.factories import make_employee

CSV = (
    b"employee_id;first_name;last_name;email;department;team;manager_id;level;job_title;birth_year;skills;interests\n"
    b"X1;Ann;New;ann.new@example.com;Sales;North;;9;Director;1970;;\n"
)


def _people(client) -> int:
    return client.get(reverse("home")).context["org"]["employees"]


def test_the_dashboard_counts_from_the_cache_for_a_minute(hr, client_for):
    client = client_for(hr)
    first = _people(client)
    make_employee(level=3)
    assert _people(client) == first  # cached
    cache.delete(figures.KEY)  # what the minute's end does
    assert _people(client) == first + 1


def test_an_import_forgets_the_figures_when_it_commits(hr, client_for, django_capture_on_commit_callbacks):
    client = client_for(hr)
    before = _people(client)
    with django_capture_on_commit_callbacks(execute=True):
        report = import_people(data=CSV, filename="people.csv", actor=hr)
    assert report.ok and report.created == 1
    assert _people(client) == before + 1


def test_a_dry_run_keeps_them(hr, client_for, django_capture_on_commit_callbacks):
    client = client_for(hr)
    before = _people(client)
    with django_capture_on_commit_callbacks(execute=True):
        import_people(data=CSV, filename="people.csv", actor=hr, dry_run=True)
    make_employee(level=3)
    assert _people(client) == before


def test_the_pyramid_puts_the_most_senior_level_first(db):
    for level in (1, 1, 5):
        make_employee(level=level)
    levels = figures.organisation()["levels"]
    assert [level for level, *_ in levels] == list(range(10, 0, -1))
    assert levels[-1][1:] == (2, 1.0) and levels[5][1:] == (1, 0.5)
