"""Settings from the environment: values that are not what they claim to be stop the server from starting."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from omkeer.lib.envparse import EmailConfig, env_bool, env_list, parse_email_url

SMTP = "django.core.mail.backends.smtp.EmailBackend"


@pytest.mark.parametrize("raw", ["1", "true", "Yes", " ON "])
def test_env_bool_reads_true_words(raw, monkeypatch):
    monkeypatch.setenv("OMKEER_FLAG", raw)
    assert env_bool("OMKEER_FLAG", default=False) is True


@pytest.mark.parametrize("raw", ["0", "false", "No", "off", ""])
def test_env_bool_reads_false_words(raw, monkeypatch):
    monkeypatch.setenv("OMKEER_FLAG", raw)
    assert env_bool("OMKEER_FLAG", default=True) is False


def test_env_bool_uses_the_default_when_unset(monkeypatch):
    monkeypatch.delenv("OMKEER_FLAG", raising=False)
    assert env_bool("OMKEER_FLAG", default=True) is True


@pytest.mark.parametrize("raw", ["maybe", "2", "tru"])
def test_env_bool_rejects_anything_else_naming_the_variable(raw, monkeypatch):
    monkeypatch.setenv("OMKEER_FLAG", raw)
    with pytest.raises(ImproperlyConfigured, match=f"OMKEER_FLAG must be a boolean .*'{raw}'"):
        env_bool("OMKEER_FLAG", default=False)


def test_env_list_splits_on_commas_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("OMKEER_HOSTS", " omkeer.example.com, ,localhost,")
    assert env_list("OMKEER_HOSTS", default=[]) == ["omkeer.example.com", "localhost"]


def test_env_list_default_when_unset_and_empty_when_blank(monkeypatch):
    monkeypatch.delenv("OMKEER_HOSTS", raising=False)
    assert env_list("OMKEER_HOSTS", default=["127.0.0.1"]) == ["127.0.0.1"]
    monkeypatch.setenv("OMKEER_HOSTS", "")
    assert env_list("OMKEER_HOSTS", default=["127.0.0.1"]) == []


def test_console_email_url():
    assert parse_email_url("console://") == EmailConfig(backend="django.core.mail.backends.console.EmailBackend")


def test_smtp_email_url_with_credentials_and_starttls():
    config = parse_email_url("smtp://mailer%40example.com:p%40ss@mail.example.com:587?tls=1")
    assert config == EmailConfig(
        backend=SMTP,
        host="mail.example.com",
        port=587,
        user="mailer@example.com",
        password="p@ss",
        use_tls=True,
        use_ssl=False,
    )


def test_smtp_email_url_defaults_to_port_25_without_tls():
    config = parse_email_url("smtp://relay.internal")
    assert (config.host, config.port, config.user) == ("relay.internal", 25, "")
    assert (config.use_tls, config.use_ssl) == (False, False)


def test_smtps_email_url_uses_implicit_tls_on_465():
    config = parse_email_url("smtps://user:secret@mail.example.com")
    assert (config.backend, config.port, config.use_ssl, config.use_tls) == (SMTP, 465, True, False)
    assert (config.user, config.password) == ("user", "secret")


@pytest.mark.parametrize("url", ["imap://mail.example.com", "mail.example.com", "http://mail.example.com"])
def test_an_unknown_email_url_scheme_is_refused(url):
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL scheme must be"):
        parse_email_url(url)
