"""A text column stored encrypted (lib/crypto.py): plain text in Python, forms and the admin; ciphertext in SQL.

The database cannot compare ciphertext, so the only lookup is `isnull`: any other filter raises FieldError
(filter in Python after reading the rows instead). Ordering, `Length` or `distinct` on the column would work on
ciphertext, so code never does them. An empty string is encrypted like any text (the stored value never says
whether something was written, beyond its length). The context of each value is its column
(`app_label.model.field`): rename the model or the field and its values no longer decrypt.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register
from django.core.exceptions import FieldError
from django.db import migrations, models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from omkeer.lib import crypto


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    description = _("Text (encrypted at rest)")

    def context(self) -> str:
        return f"{self.model._meta.label_lower}.{self.name}"

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        return None if value is None else crypto.encrypt(value, context=self.context())

    def from_db_value(self, value: str | None, expression: Any, connection: BaseDatabaseWrapper) -> str | None:
        return None if value is None else crypto.decrypt(value, context=self.context())

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        raise FieldError(self._refusal(lookup_name))

    def get_transform(self, lookup_name: str) -> Any:
        raise FieldError(self._refusal(lookup_name))

    def _refusal(self, lookup_name: str) -> str:
        return (
            f"{self.context()} is encrypted in the database: it cannot be filtered with `{lookup_name}` "
            "(only `isnull`); read the rows and compare in Python"
        )


def encrypted_fields(all_models: Iterable[type[models.Model]]) -> list[tuple[type[models.Model], str]]:
    """Every (model, field name) of the given models that is an EncryptedTextField."""
    return [
        (model, field.name)
        for model in all_models
        for field in model._meta.get_fields()
        if isinstance(field, EncryptedTextField) and field.model is model
    ]


def _raw(model: type[models.Model], name: str) -> models.QuerySet[Any]:
    """The rows with their stored value as `raw_value`, read past the field's decryption."""
    rows: models.QuerySet[Any] = model._base_manager.annotate(raw_value=Cast(name, models.TextField()))
    return rows.filter(raw_value__isnull=False)


def stale(model: type[models.Model], name: str) -> models.QuerySet[Any]:
    """The rows whose value is not under the current key (plain text left over included)."""
    current = f"{crypto.VERSION}:{crypto.current_key_id()}:"
    return _raw(model, name).exclude(raw_value__startswith=current)


def reencrypt(model: type[models.Model], name: str, *, batch_size: int = 500) -> int:
    """Re-encrypt under the current key every value under another; the number of rows rewritten."""
    with transaction.atomic():
        pks = list(stale(model, name).values_list("pk", flat=True))
        for start in range(0, len(pks), batch_size):
            rows = list(model._base_manager.filter(pk__in=pks[start : start + batch_size]).only("pk", name))
            model._base_manager.bulk_update(rows, [name])
    return len(pks)


def encrypt_existing(model: type[models.Model], name: str) -> None:
    """Migration step after AlterField to EncryptedTextField: encrypt the values still in plain text."""
    plain = _raw(model, name).exclude(raw_value__startswith=f"{crypto.VERSION}:").values_list("pk", "raw_value")
    for pk, text in list(plain):
        model._base_manager.filter(pk=pk).update(**{name: text})


def decrypt_existing(model: type[models.Model], name: str) -> None:
    """The reverse migration step, before AlterField back to TextField: write the values back in plain text."""
    pks = list(_raw(model, name).filter(raw_value__startswith=f"{crypto.VERSION}:").values_list("pk", flat=True))
    for row in model._base_manager.filter(pk__in=pks).only("pk", name):
        text = models.Value(getattr(row, name), output_field=models.TextField())
        model._base_manager.filter(pk=row.pk).update(**{name: text})


def encryption_step(app_label: str, fields: list[tuple[str, str]]) -> migrations.RunPython:
    """The migration step after AlterField to EncryptedTextField for (model, field) pairs of one app: encrypt the
    values still in plain text; reversed, write them back in plain text."""

    def encrypt(apps: Any, schema_editor: Any) -> None:
        for model, name in fields:
            encrypt_existing(apps.get_model(app_label, model), name)

    def decrypt(apps: Any, schema_editor: Any) -> None:
        for model, name in fields:
            decrypt_existing(apps.get_model(app_label, model), name)

    return migrations.RunPython(encrypt, decrypt)


@register()
def check_data_keys(**kwargs: object) -> list[CheckMessage]:
    """The key ring in settings is usable: at least one key, each with a valid id and 32 bytes."""
    keys = getattr(settings, "DATA_KEYS", None)
    if not isinstance(keys, dict) or not keys:
        return [Error(f"DATA_KEYS must be a non-empty dict of key id to key, from {crypto.ENV_VAR}", id="omkeer.E001")]
    bad = [key_id for key_id, key in keys.items() if not crypto.valid_entry(key_id, key)]
    if bad:
        return [Error(f"DATA_KEYS: {bad} need an id of a-z, 0-9, - or _ and a 32-byte key", id="omkeer.E001")]
    return []
