"""Logins that resist attack: lockout, rate limits, session lifetimes, a second factor, and what the
browser may keep."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from omkeer.accounts.models import ApiToken, AuditEntry
from omkeer.people.hrfile import COLUMNS
from omkeer.people.hrimport import import_people
from tests.factories import PASSWORD, make_employee, make_user

NEW_PASSWORD = "tulip-orbit-lantern-42"


def log_in(client: Client, username: str, password: str = PASSWORD):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def logged_in(client: Client) -> bool:
    return SESSION_KEY in client.session


def app_code(device: TOTPDevice) -> str:
    """The code an authenticator app shows now for this device."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def clock():
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False) as traveller:
        yield traveller


# --- lockout ------------------------------------------------------------------------------------------------------


def test_ten_wrong_passwords_lock_the_account_even_for_the_right_one(mentor, client, clock):
    for _ in range(9):
        assert log_in(client, mentor.username, "wrong").status_code == 200
    locked = log_in(client, mentor.username, "wrong")
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.content.decode()
    assert "Reset your password" in locked.content.decode()
    assert log_in(client, mentor.username).status_code == 429
    assert not logged_in(client)


def test_the_lock_counts_the_address_in_any_case(mentor, client, clock):
    for _ in range(10):
        log_in(client, f" {mentor.username.upper()}", "wrong")
    assert log_in(client, mentor.username).status_code == 429


def test_the_lock_ends_after_15_minutes_and_failures_during_it_do_not_extend_it(mentor, client, clock):
    for _ in range(10):
        log_in(client, mentor.username, "wrong")
    clock.shift(dt.timedelta(minutes=10))
    for _ in range(5):  # an attacker keeps trying during the lock
        assert log_in(client, mentor.username, "wrong").status_code == 429
    clock.shift(dt.timedelta(minutes=6))
    assert log_in(client, mentor.username).status_code == 302
    assert logged_in(client)


def test_other_accounts_are_not_locked(mentor, mentee, client, clock):
    for _ in range(10):
        log_in(client, mentor.username, "wrong")
    assert log_in(client, mentee.username).status_code == 302


def test_an_unknown_address_gets_the_same_answers_as_a_wrong_password(mentor, clock):
    wrong, unknown = Client(), Client()
    for attempt in range(11):
        a = log_in(wrong, mentor.username, "wrong")
        b = log_in(unknown, "nobody@example.com", "wrong")
        assert a.status_code == b.status_code == (200 if attempt < 9 else 429)
        if a.status_code == 200:
            assert a.context["form"].non_field_errors() == b.context["form"].non_field_errors()


def test_the_password_reset_email_unlocks_the_account_at_once(mentor, client, clock):
    for _ in range(10):
        log_in(client, mentor.username, "wrong")
    client.post(reverse("accounts:password-reset"), {"email": mentor.email})
    link = re.search(r"https?://\S+/accounts/password-reset/\S+/", mail.outbox[0].body).group(0)
    set_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert log_in(Client(), mentor.username, NEW_PASSWORD).status_code == 302


def test_a_reset_link_lasts_one_hour(mentor, client, clock):
    client.post(reverse("accounts:password-reset"), {"email": mentor.email})
    link = re.search(r"https?://\S+/accounts/password-reset/\S+/", mail.outbox[0].body).group(0)
    clock.shift(dt.timedelta(minutes=61))
    assert not client.get(link, follow=True).context["validlink"]


@pytest.mark.parametrize(
    ("password", "problem"),
    [("short-pass1", "at least 12 characters"), ("password1234", "too common"), ("123456789012", "entirely numeric")],
)
def test_weak_passwords_are_refused(mentor, client_for, password, problem):
    client = client_for(mentor)
    data = {"old_password": PASSWORD, "new_password1": password, "new_password2": password}
    response = client.post(reverse("accounts:password-change"), data)
    assert response.status_code == 200
    assert problem in " ".join(response.context["form"].errors["new_password2"])
    mentor.refresh_from_db()
    assert mentor.check_password(PASSWORD)


# --- rate limits --------------------------------------------------------------------------------------------------

LIMITED = {  # route -> (method, url) reaching it; the limiter counts before the view looks at the object
    "accounts:login": ("post", "/accounts/login/"),
    "accounts:password-reset": ("post", "/accounts/password-reset/"),
    "accounts:two-factor-verify": ("post", "/accounts/two-factor/verify/"),
    "voice:feedback": ("post", "/voice/999999/feedback/"),
    "people:import-upload": ("post", "/people/import/"),
    "people:export": ("get", "/people/export.csv"),
    "evaluation:report-file": ("get", "/evaluation/999999/report.csv"),
    "api": ("get", "/api/me"),
}


def test_every_rate_limit_has_a_case_here(settings):
    assert sorted(LIMITED) == sorted(settings.RATE_LIMITS)


@pytest.mark.parametrize("name", sorted(LIMITED))
def test_a_route_past_its_limit_answers_429_with_retry_after(name, staff, client_for, settings):
    limit, seconds, per, methods = settings.RATE_LIMITS[name]
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, name: (2, seconds, per, methods)}
    method, url = LIMITED[name]
    client = client_for(None if per == "ip" else staff)
    for _ in range(2):
        assert getattr(client, method)(url).status_code != 429
    refused = getattr(client, method)(url)
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= seconds
    text = refused.json()["detail"] if name == "api" else refused.content.decode()
    assert "Too many requests" in text


def test_a_limit_per_user_leaves_other_users_alone(staff, hr, client_for, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": (1, 60, "user", "*")}
    first = client_for(staff)
    first.get("/api/me")
    assert first.get("/api/me").status_code == 429
    assert client_for(hr).get("/api/me").status_code == 200


def test_the_login_limit_counts_per_address(mentor, settings, clock):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "accounts:login": (3, 300, "ip", "POST")}
    for _ in range(3):
        log_in(Client(REMOTE_ADDR="10.0.0.1"), mentor.username, "wrong")
    assert log_in(Client(REMOTE_ADDR="10.0.0.1"), mentor.username).status_code == 429
    assert log_in(Client(REMOTE_ADDR="10.0.0.2"), mentor.username).status_code == 302
    clock.shift(dt.timedelta(minutes=5))
    assert log_in(Client(REMOTE_ADDR="10.0.0.1"), mentor.username).status_code == 302


# --- sessions -----------------------------------------------------------------------------------------------------


def test_login_gives_a_new_session_key(mentor, client):
    client.get(reverse("accounts:login"))
    session = client.session
    session["anything"] = 1
    session.save()
    before = client.cookies["sessionid"].value
    log_in(client, mentor.username)
    assert client.cookies["sessionid"].value != before


def test_a_session_ends_after_30_idle_minutes(mentor, client, clock):
    log_in(client, mentor.username)
    clock.shift(dt.timedelta(minutes=29))
    assert client.get(reverse("home")).status_code == 200
    clock.shift(dt.timedelta(minutes=31))
    response = client.get(reverse("home"))
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "after 30 minutes without activity" in client.get(response["Location"]).content.decode()


def test_a_session_ends_12_hours_after_login_however_active(mentor, client, clock):
    log_in(client, mentor.username)
    for _ in range(12 * 3 + 1):
        clock.shift(dt.timedelta(minutes=20))
        response = client.get(reverse("home"))
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "at most 12 hours" in client.get(response["Location"]).content.decode()


def test_deactivating_an_account_ends_its_sessions(mentor, client):
    log_in(client, mentor.username)
    assert client.get(reverse("home")).status_code == 200
    mentor.is_active = False
    mentor.save(update_fields=["is_active"])
    assert client.get(reverse("home"))["Location"].startswith(reverse("accounts:login"))


def test_an_hr_import_that_drops_a_leaver_ends_their_sessions_and_tokens(hr, client, db):
    leaver = make_user(make_employee(employee_id="L00001", first_name="Lea", last_name="Leaver"))
    _, raw = ApiToken.issue(user=leaver, name="script")
    log_in(client, leaver.username)
    assert client.get(reverse("home")).status_code == 200
    stayer = make_employee(employee_id="S00001", first_name="Sam", last_name="Stayer")
    header = ",".join(COLUMNS)
    values = {"employee_id": "S00001", "first_name": "Sam", "last_name": "Stayer", "email": stayer.email}
    values.update(department=stayer.department.name, level="3")
    row = ",".join(values.get(column, "") for column in COLUMNS)
    report = import_people(data=f"{header}\n{row}\n".encode(), filename="people.csv", actor=hr, deactivate_missing=True)
    assert report.ok, report.problems
    assert client.get(reverse("home"))["Location"].startswith(reverse("accounts:login"))
    assert Client().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


# --- what the browser keeps ---------------------------------------------------------------------------------------


def test_logging_out_clears_what_the_browser_kept(mentor, client_for):
    response = client_for(mentor).post(reverse("accounts:logout"))
    assert response["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert response["Cache-Control"] == "no-store"


def test_a_logged_in_page_is_not_stored(mentor, client_for):
    assert client_for(mentor).get(reverse("home"))["Cache-Control"] == "no-store"


# --- two-factor authentication ------------------------------------------------------------------------------------


def test_hr_must_set_up_a_second_factor_at_the_first_login(hr, client, clock):
    response = log_in(client, hr.username)
    assert client.get(response["Location"])["Location"].startswith(reverse("accounts:two-factor-setup"))
    page = client.get(reverse("accounts:two-factor-setup"))
    assert page.status_code == 200
    assert 'src="data:image/svg+xml' in page.content.decode()
    assert client.get(reverse("people:directory"))["Location"].startswith(reverse("accounts:two-factor-setup"))
    assert client.get("/api/me").status_code == 403


def test_a_wrong_code_does_not_switch_it_on(hr, client, clock):
    log_in(client, hr.username)
    client.get(reverse("accounts:two-factor-setup"))
    response = client.post(reverse("accounts:two-factor-setup"), {"code": "000000"})
    assert response.status_code == 400
    assert "That code is not right" in response.content.decode()
    assert not TOTPDevice.objects.get(user=hr).confirmed
    assert not StaticToken.objects.filter(device__user=hr).exists()


def test_setting_up_gives_ten_recovery_codes_and_opens_the_pages(hr, client, clock):
    log_in(client, hr.username)
    client.get(reverse("accounts:two-factor-setup"))
    device = TOTPDevice.objects.get(user=hr)
    secret = client.get(reverse("accounts:two-factor-setup")).content.decode()
    assert re.search(r'data-testid="totp-secret">[A-Z2-7 ]{32,}<', secret)
    response = client.post(reverse("accounts:two-factor-setup"), {"code": app_code(device), "next": "/people/"})
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())
    assert len(set(codes)) == 10
    assert 'href="/people/"' in response.content.decode()
    assert client.get(reverse("people:directory")).status_code == 200
    assert AuditEntry.objects.filter(actor=hr, action="two-factor.enable").count() == 1


@pytest.fixture
def hr_with_app(hr):
    device = TOTPDevice.objects.create(user=hr, name="app", confirmed=True)
    return hr, device


def test_the_next_login_asks_for_the_code(hr_with_app, client, clock):
    hr, device = hr_with_app
    log_in(client, hr.username)
    assert client.get(reverse("home"))["Location"].startswith(reverse("accounts:two-factor-verify"))
    wrong = client.post(reverse("accounts:two-factor-verify"), {"code": "123456"})
    assert wrong.status_code == 400
    clock.shift(dt.timedelta(seconds=2))  # past the throttle's delay after one failure
    right = client.post(reverse("accounts:two-factor-verify"), {"code": app_code(device), "next": "/people/"})
    assert right["Location"] == "/people/"
    assert client.get(reverse("home")).status_code == 200


def test_a_next_that_is_a_url_name_goes_home(hr_with_app, client):
    """next=0 after the right code was a 500: redirect() took it for a URL name (NoReverseMatch)."""
    hr, device = hr_with_app
    log_in(client, hr.username)
    response = client.post(reverse("accounts:two-factor-verify"), {"code": app_code(device), "next": "0"})
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_a_code_works_once(hr_with_app, clock):
    hr, device = hr_with_app
    code = app_code(device)
    first, second = Client(), Client()
    log_in(first, hr.username)
    log_in(second, hr.username)
    assert first.post(reverse("accounts:two-factor-verify"), {"code": code}).status_code == 302
    assert second.post(reverse("accounts:two-factor-verify"), {"code": code}).status_code == 400


def test_a_recovery_code_logs_in_once(hr_with_app, client_for, clock):
    hr, _ = hr_with_app
    codes = re.findall(
        r"<li><code>([a-z2-7]{8})</code></li>",
        client_for(hr).post(reverse("accounts:two-factor-codes")).content.decode(),
    )
    assert len(codes) == 10
    client = Client()
    log_in(client, hr.username)
    assert client.post(reverse("accounts:two-factor-verify"), {"code": codes[3].upper()}).status_code == 302
    again = Client()
    log_in(again, hr.username)
    assert again.post(reverse("accounts:two-factor-verify"), {"code": codes[3]}).status_code == 400
    assert StaticToken.objects.filter(device__user=hr).count() == 9


def test_the_verify_step_is_throttled(hr_with_app, client, clock):
    hr, device = hr_with_app
    log_in(client, hr.username)
    for wait in (0, 1, 2):  # each failure doubles the wait before the next code is even checked
        clock.shift(dt.timedelta(seconds=wait))
        client.post(reverse("accounts:two-factor-verify"), {"code": "000000"})
    assert client.post(reverse("accounts:two-factor-verify"), {"code": app_code(device)}).status_code == 400
    device.refresh_from_db()
    assert device.throttling_failure_count == 3
    clock.shift(dt.timedelta(seconds=4))
    assert client.post(reverse("accounts:two-factor-verify"), {"code": app_code(device)}).status_code == 302


def test_an_api_token_is_not_held_back_by_the_second_factor(hr):
    _, raw = ApiToken.issue(user=hr, name="sync")
    assert Client().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200


def test_a_mentor_logs_in_without_a_second_factor_and_may_switch_it_on_and_off(mentor, client, clock):
    log_in(client, mentor.username)
    assert client.get(reverse("home")).status_code == 200
    profile = client.get(reverse("accounts:profile")).content.decode()
    assert "Set up two-factor authentication" in profile
    client.get(reverse("accounts:two-factor-setup"))
    device = TOTPDevice.objects.get(user=mentor)
    client.post(reverse("accounts:two-factor-setup"), {"code": app_code(device)})
    later = Client()
    log_in(later, mentor.username)
    assert later.get(reverse("home"))["Location"].startswith(reverse("accounts:two-factor-verify"))
    client.post(reverse("accounts:two-factor-disable"))
    assert not TOTPDevice.objects.filter(user=mentor).exists()
    fresh = Client()
    log_in(fresh, mentor.username)
    assert fresh.get(reverse("home")).status_code == 200


def test_hr_cannot_switch_the_second_factor_off(hr, client_for):
    client = client_for(hr)
    response = client.post(reverse("accounts:two-factor-disable"), follow=True)
    assert "Your role requires two-factor authentication" in response.content.decode()
    assert TOTPDevice.objects.filter(user=hr, confirmed=True).exists()


def test_becoming_a_coach_asks_for_the_second_factor(mentor, client, programme, clock):
    from omkeer.programmes.models import Participation, Role

    log_in(client, mentor.username)
    assert client.get(reverse("home")).status_code == 200
    Participation.objects.create(programme=programme, employee=mentor.employee, role=Role.COACH)
    assert client.get(reverse("home"))["Location"].startswith(reverse("accounts:two-factor-setup"))


# --- production settings ------------------------------------------------------------------------------------------


def production_env(**extra: str) -> dict[str, str]:
    # the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; a deployment never has it
    unset = {"DEBUG", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update(
        OMKEER_DEV="0",
        SECRET_KEY="x" * 20 + "-a-long-random-production-key-for-this-test-only",
        ALLOWED_HOSTS="omkeer.example.com",
        OMKEER_DATA_KEYS="k1:" + "A" * 43 + "=",
        DJANGO_SETTINGS_MODULE="omkeer.settings",
        **extra,
    )
    return env


def test_production_settings_pass_the_deploy_check_with_no_warning(tmp_path):
    env = production_env(OMKEER_VAR_DIR=str(tmp_path))
    run = subprocess.run(  # noqa: S603 - our own interpreter and console script
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "System check identified no issues" in run.stdout


def test_production_cookies_are_secure_host_cookies(tmp_path):
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE, s.SECURE_HSTS_SECONDS)"
    )
    env = production_env(OMKEER_VAR_DIR=str(tmp_path))
    run = subprocess.run(  # noqa: S603
        [sys.executable, "-c", f"import django; django.setup(); {code}"], env=env, capture_output=True, text=True
    )
    assert run.stdout.split() == ["__Host-sessionid", "__Host-csrftoken", "True", "31536000"], run.stderr


def test_audit_rows_of_login_security_hold_no_secret(hr_with_app, client_for):
    hr, _ = hr_with_app
    client_for(hr).post(reverse("accounts:two-factor-codes"))
    codes = set(StaticToken.objects.filter(device__user=hr).values_list("token", flat=True))
    for entry in AuditEntry.objects.filter(actor=hr):
        assert not any(code in f"{entry.summary} {entry.data}" for code in codes)
