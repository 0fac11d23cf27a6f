"""AES-256-GCM for text at rest, under a ring of keys that live in the environment, never in the database.

A stored value reads `enc1:<key id>:<base64 of nonce + ciphertext + tag>`. The first key of `settings.DATA_KEYS`
encrypts; every key of the ring decrypts, so a new key can go first while `omkeer rotate-key` re-encrypts what
the old one wrote. The version, the key id and a context (the column: `app.model.field`) are authenticated with
the text, so a value copied to another column, or whose key id was edited, fails to decrypt instead of reading
as something else.
"""

from __future__ import annotations

import base64
import binascii
import functools
import re
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

VERSION = "enc1"
DEV_KEY_ID = "dev"
ENV_VAR = "OMKEER_DATA_KEYS"
_KEY_ID = re.compile(r"[a-z0-9_-]{1,32}")  # lower case: SQLite compares prefixes (LIKE) without case
_NONCE_BYTES = 12


class DecryptionError(ValueError):
    """A stored value that cannot be read: unknown key, tampered, truncated or not encrypted at all."""


def parse_keys(raw: str) -> dict[str, bytes]:
    """`id:base64,id:base64…` → {id: 32-byte key}, in order (the first encrypts); '' gives {}."""
    keys: dict[str, bytes] = {}
    for item in (part.strip() for part in raw.split(",")):
        if not item:
            continue
        key_id, sep, encoded = item.partition(":")
        if not sep or not _KEY_ID.fullmatch(key_id):
            raise ImproperlyConfigured(
                f"{ENV_VAR}: each key is `id:base64` with an id of lower-case letters, digits, - or _"
            )
        try:
            key = base64.b64decode(encoded, validate=True)
        except binascii.Error:
            raise ImproperlyConfigured(f"{ENV_VAR}: key {key_id!r} is not valid base64") from None
        if len(key) != 32:
            raise ImproperlyConfigured(f"{ENV_VAR}: key {key_id!r} must be 32 bytes, not {len(key)}")
        if key_id in keys:
            raise ImproperlyConfigured(f"{ENV_VAR}: key id {key_id!r} appears twice")
        keys[key_id] = key
    return keys


def valid_entry(key_id: object, key: object) -> bool:
    return isinstance(key_id, str) and bool(_KEY_ID.fullmatch(key_id)) and isinstance(key, bytes) and len(key) == 32


def dev_key(secret_key: str) -> bytes:
    """The development key: derived from SECRET_KEY, so a dev database reads back only with the same secret."""
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"omkeer data key")
    return hkdf.derive(secret_key.encode())


def generate_key() -> str:
    """A fresh `id:base64` entry for OMKEER_DATA_KEYS."""
    return f"k{secrets.token_hex(4)}:{base64.b64encode(AESGCM.generate_key(bit_length=256)).decode()}"


def current_key_id() -> str:
    return next(iter(settings.DATA_KEYS))


@functools.lru_cache(maxsize=16)
def _cipher(key: bytes) -> AESGCM:
    return AESGCM(key)


def _associated(key_id: str, context: str) -> bytes:
    return f"{VERSION}:{key_id}:{context}".encode()


def encrypt(text: str, *, context: str = "") -> str:
    """Encrypt `text` under the current key; `context` (the column) must be the same to decrypt."""
    key_id = current_key_id()
    nonce = secrets.token_bytes(_NONCE_BYTES)
    sealed = _cipher(settings.DATA_KEYS[key_id]).encrypt(nonce, text.encode(), _associated(key_id, context))
    return f"{VERSION}:{key_id}:{base64.b64encode(nonce + sealed).decode()}"


def key_id_of(value: str) -> str:
    """The id of the key a stored value is under; DecryptionError when it is not a value of ours."""
    version, sep, rest = value.partition(":")
    key_id, sep2, _payload = rest.partition(":")
    if version != VERSION or not sep or not sep2:
        raise DecryptionError(f"not an encrypted value (expected the prefix {VERSION}:<key id>:)")
    return key_id


def decrypt(value: str, *, context: str = "") -> str:
    """The text of a stored value, or DecryptionError naming the key id: never a guess."""
    key_id = key_id_of(value)
    key = settings.DATA_KEYS.get(key_id)
    if key is None:
        raise DecryptionError(f"value encrypted under key {key_id!r}, which is not in {ENV_VAR}")
    try:
        blob = base64.b64decode(value.split(":", 2)[2], validate=True)
        plain = _cipher(key).decrypt(blob[:_NONCE_BYTES], blob[_NONCE_BYTES:], _associated(key_id, context))
    except (binascii.Error, InvalidTag, ValueError):
        raise DecryptionError(
            f"value under key {key_id!r} does not authenticate ({context or 'no context'}): "
            "it was altered, moved from another column, or that key id holds a different key"
        ) from None
    return plain.decode()
