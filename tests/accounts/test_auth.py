"""Logging in and out, resetting a forgotten password by email, changing it, and personal API tokens."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from django.contrib.auth import SESSION_KEY
from django.contrib.messages import get_messages
from django.core import mail
from django.test import Client
from django.urls import reverse

from omkeer.accounts.models import ApiToken, AuditEntry
from tests.factories import PASSWORD, make_user

NEW_PASSWORD = "tulip-orbit-lantern-42"


def logged_in(client) -> bool:
    return SESSION_KEY in client.session


# --- login and logout -----------------------------------------------------------------------------------------


def test_login_with_email_and_password(mentor, client):
    response = client.post(reverse("accounts:login"), {"username": mentor.username, "password": PASSWORD})
    assert response["Location"] == reverse("home")
    assert int(client.session[SESSION_KEY]) == mentor.pk


def test_login_email_is_not_case_sensitive(mentor, client):
    client.post(reverse("accounts:login"), {"username": f" {mentor.username.upper()} ", "password": PASSWORD})
    assert int(client.session[SESSION_KEY]) == mentor.pk


def test_login_follows_a_safe_next_url(mentor, client):
    data = {"username": mentor.username, "password": PASSWORD, "next": reverse("accounts:profile")}
    assert client.post(reverse("accounts:login"), data)["Location"] == reverse("accounts:profile")


def test_login_ignores_a_next_url_on_another_site(mentor, client):
    data = {"username": mentor.username, "password": PASSWORD, "next": "https://evil.example.com/"}
    assert client.post(reverse("accounts:login"), data)["Location"] == reverse("home")


def test_wrong_password_is_refused_with_a_message(mentor, client):
    response = client.post(reverse("accounts:login"), {"username": mentor.username, "password": "wrong"})
    assert response.status_code == 200
    assert "email address and password do not match" in " ".join(response.context["form"].non_field_errors())
    assert not logged_in(client)


def test_an_inactive_user_cannot_log_in(mentor, client):
    mentor.is_active = False
    mentor.save(update_fields=["is_active"])
    client.post(reverse("accounts:login"), {"username": mentor.username, "password": PASSWORD})
    assert not logged_in(client)


def test_logout_ends_the_session(mentor, client_for):
    client = client_for(mentor)
    response = client.post(reverse("accounts:logout"))
    assert response["Location"] == reverse("accounts:login")
    assert not logged_in(client)
    assert client.get(reverse("home")).status_code == 302


def test_logout_rejects_get(mentor, client_for):
    client = client_for(mentor)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert logged_in(client)


# --- password reset by email ----------------------------------------------------------------------------------


def reset_link(message) -> str:
    return re.search(r"http://testserver(/accounts/password-reset/[^/\s\"]+/[^/\s\"]+/)", message.body).group(1)


def test_password_reset_sends_the_link_in_text_and_html(mentor, client):
    response = client.post(reverse("accounts:password-reset"), {"email": mentor.email.upper()})
    assert response["Location"] == reverse("accounts:password-reset-done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [mentor.email]
    assert message.subject == "Choose a new Omkeer password"
    path = reset_link(message)
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f"Hello {mentor}," in message.body
    assert f"Hello {mentor}," in html
    assert f'href="http://testserver{path}"' in html


def test_following_the_reset_link_sets_a_new_password(mentor, client):
    client.post(reverse("accounts:password-reset"), {"email": mentor.email})
    form_page = client.get(reset_link(mail.outbox[0]), follow=True)
    assert form_page.context["validlink"]
    set_url = form_page.redirect_chain[-1][0]
    response = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response["Location"] == reverse("accounts:password-reset-complete")
    fresh = Client()
    fresh.post(reverse("accounts:login"), {"username": mentor.username, "password": PASSWORD})
    assert not logged_in(fresh)
    fresh.post(reverse("accounts:login"), {"username": mentor.username, "password": NEW_PASSWORD})
    assert int(fresh.session[SESSION_KEY]) == mentor.pk


def test_a_reset_link_works_only_once(mentor, client):
    client.post(reverse("accounts:password-reset"), {"email": mentor.email})
    link = reset_link(mail.outbox[0])
    set_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    again = Client().get(link, follow=True)
    assert not again.context["validlink"]
    assert "This link is invalid or has already been used." in again.content.decode()


def test_a_weak_new_password_is_refused(mentor, client):
    client.post(reverse("accounts:password-reset"), {"email": mentor.email})
    set_url = client.get(reset_link(mail.outbox[0]), follow=True).redirect_chain[-1][0]
    response = client.post(set_url, {"new_password1": "short", "new_password2": "short"})
    assert "new_password2" in response.context["form"].errors
    mentor.refresh_from_db()
    assert mentor.check_password(PASSWORD)


def test_an_unknown_email_sends_nothing_but_shows_the_same_page(db, client):
    response = client.post(reverse("accounts:password-reset"), {"email": "nobody@example.com"}, follow=True)
    assert response.redirect_chain == [(reverse("accounts:password-reset-done"), 302)]
    assert "If an account exists for that address" in response.content.decode()
    assert mail.outbox == []


# --- password change ------------------------------------------------------------------------------------------


def test_password_change_needs_the_old_password(mentor, client_for):
    client = client_for(mentor)
    data = {"old_password": "not-it", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    response = client.post(reverse("accounts:password-change"), data)
    assert "old_password" in response.context["form"].errors
    mentor.refresh_from_db()
    assert mentor.check_password(PASSWORD)


def test_password_change_keeps_the_user_logged_in(mentor, client_for):
    client = client_for(mentor)
    data = {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    response = client.post(reverse("accounts:password-change"), data)
    assert response["Location"] == reverse("accounts:password-change-done")
    mentor.refresh_from_db()
    assert mentor.check_password(NEW_PASSWORD)
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_password_change_refuses_mismatched_passwords(mentor, client_for):
    data = {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x"}
    response = client_for(mentor).post(reverse("accounts:password-change"), data)
    assert "new_password2" in response.context["form"].errors
    mentor.refresh_from_db()
    assert mentor.check_password(PASSWORD)


# --- API tokens on the profile page ---------------------------------------------------------------------------


def test_a_new_token_is_shown_once_and_stored_as_a_hash(mentor, client_for):
    client = client_for(mentor)
    response = client.post(reverse("accounts:token-create"), {"name": "HR sync"})
    assert response["Location"] == reverse("accounts:profile")
    shown = " ".join(str(m) for m in get_messages(response.wsgi_request))
    raw = re.search(r"omk_\S+", shown).group(0)
    token = ApiToken.objects.get(user=mentor)
    assert token.name == "HR sync"
    assert raw not in (token.digest, token.prefix)
    assert ApiToken.lookup(raw) == token
    assert raw in client.get(reverse("accounts:profile")).content.decode()  # the flash message, once
    profile = client.get(reverse("accounts:profile")).content.decode()
    assert "HR sync" in profile
    assert raw not in profile


def test_a_token_without_a_name_is_refused(mentor, client_for):
    response = client_for(mentor).post(reverse("accounts:token-create"), {"name": ""})
    assert "Give the token a name." in " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert not ApiToken.objects.exists()


def test_revoking_a_token_stops_it_working(mentor, client_for):
    token, raw = ApiToken.issue(user=mentor, name="cli")
    client = client_for(mentor)
    assert client.post(reverse("accounts:token-revoke", args=[token.pk]))["Location"] == reverse("accounts:profile")
    assert not ApiToken.objects.exists()
    assert Client().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    assert AuditEntry.objects.filter(action="api-token.revoke", actor=mentor).count() == 1


def test_someone_elses_token_cannot_be_revoked(mentor, other_mentor, client_for):
    theirs, _ = ApiToken.issue(user=other_mentor, name="theirs")
    assert client_for(mentor).post(reverse("accounts:token-revoke", args=[theirs.pk])).status_code == 404
    assert ApiToken.objects.filter(pk=theirs.pk).exists()


def test_token_views_reject_get(mentor, client_for):
    token, _ = ApiToken.issue(user=mentor, name="cli")
    client = client_for(mentor)
    assert client.get(reverse("accounts:token-create")).status_code == 405
    assert client.get(reverse("accounts:token-revoke", args=[token.pk])).status_code == 405
    assert ApiToken.objects.count() == 1


def test_the_profile_lists_only_the_users_own_tokens(mentor, other_mentor, client_for):
    ApiToken.issue(user=other_mentor, name="not-mine")
    assert "not-mine" not in client_for(mentor).get(reverse("accounts:profile")).content.decode()


def test_a_users_password_is_not_stored_in_clear(db):
    user = make_user(username="clear@example.com")
    assert PASSWORD not in user.password


# --- hashing --------------------------------------------------------------------------------------------------


def test_argon2_is_the_first_password_hasher_outside_tests():
    """Tests swap in MD5 for speed; a server must hash with Argon2 (and be able to)."""
    code = (
        "import django; django.setup(); from django.conf import settings;"
        "from django.contrib.auth.hashers import make_password;"
        "print(settings.PASSWORD_HASHERS[0]); print(make_password('x').split('$')[0])"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"PYTEST_CURRENT_TEST", "PYTEST_VERSION"}}
    env["DJANGO_SETTINGS_MODULE"] = "omkeer.settings"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert out.split() == ["django.contrib.auth.hashers.Argon2PasswordHasher", "argon2"]
