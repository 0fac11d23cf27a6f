"""Read settings from environment variables, refusing values that are not what they claim to be."""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, *, default: bool) -> bool:
    """A boolean environment variable; anything other than yes/no words is a configuration error."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {raw!r}")


def env_list(name: str, *, default: list[str]) -> list[str]:
    """A comma-separated list environment variable."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


@dataclass(frozen=True)
class EmailConfig:
    backend: str
    host: str = "localhost"
    port: int = 25
    user: str = ""
    password: str = ""
    use_tls: bool = False
    use_ssl: bool = False


_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "dummy": "django.core.mail.backends.dummy.EmailBackend",
}


def parse_email_url(url: str) -> EmailConfig:
    """`console://`, `locmem://`, `dummy://`, `smtp://user:pass@host:587?tls=1` or `smtps://…` (implicit TLS)."""
    parts = urlsplit(url)
    if parts.scheme in _BACKENDS:
        return EmailConfig(backend=_BACKENDS[parts.scheme])
    if parts.scheme not in {"smtp", "smtps"}:
        raise ImproperlyConfigured(f"EMAIL_URL scheme must be console, locmem, dummy, smtp or smtps: {url!r}")
    query = dict(item.split("=", 1) for item in parts.query.split("&") if "=" in item)
    ssl = parts.scheme == "smtps"
    return EmailConfig(
        backend="django.core.mail.backends.smtp.EmailBackend",
        host=parts.hostname or "localhost",
        port=parts.port or (465 if ssl else 25),
        user=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        use_tls=query.get("tls", "0").lower() in _TRUE,
        use_ssl=ssl,
    )


def env_int(name: str, *, default: int, minimum: int = 0) -> int:
    """A whole-number environment variable of at least `minimum`; anything else is a configuration error."""
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}")
    return value
