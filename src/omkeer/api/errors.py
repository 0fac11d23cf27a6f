"""The error answers of the API, declared on every operation so that its OpenAPI schema lists what it really sends.

Every operation can answer 401 (no or an unknown token), 403 (the access table refuses the caller's roles, the object
is theirs to see but not to change, or a session still owes its second factor) and 429 (the rate limit, with
`Retry-After`). Operations with parameters add 422 (a parameter or body that does not fit the schema, per field);
those that look an object up add 404 (outside the caller's scope, so its existence does not leak); those whose
service refuses add 400 (`detail` names the field at fault).
"""

from __future__ import annotations

from typing import Any

from ninja import Schema


class ErrorOut(Schema):
    detail: str


class FieldErrorOut(Schema):
    type: str
    loc: list[str | int]
    msg: str


class ValidationErrorOut(Schema):
    """Ninja's answer to input that does not fit the schema: one entry per field at fault."""

    detail: list[FieldErrorOut]


ALWAYS = (401, 403, 429)


def answers(ok: dict[int, Any], *errors: int) -> dict[int, Any]:
    """The operation's own answers `ok`, the errors every operation can give and `errors` (400, 404, 422)."""
    declared: dict[int, Any] = dict.fromkeys((*ALWAYS, *errors), ErrorOut)
    if 422 in errors:
        declared[422] = ValidationErrorOut
    return {**declared, **ok}
