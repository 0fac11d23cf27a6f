"""The base of the API's JSON request bodies, and the type of every text the API reads."""

from __future__ import annotations

from typing import Annotated, Any

from ninja import Schema
from pydantic import AfterValidator, ValidationInfo, model_validator
from pydantic.functional_validators import ModelWrapValidatorHandler


def _no_nul(value: str) -> str:
    # As Django's form fields (ProhibitNullCharactersValidator): PostgreSQL cannot store or compare a NUL.
    if "\x00" in value:
        raise ValueError("Null characters are not allowed.")
    return value


Text = Annotated[str, AfterValidator(_no_nul)]
"""A string from a request (query, path, form or JSON): refused with a 422 naming it when it holds a NUL."""

JSON_TYPES = {list: "an array", str: "a string", bool: "a boolean", int: "a number", float: "a number"}


class BodyIn(Schema):
    """A JSON object. Ninja's `Schema` reads its fields by attribute from whatever it is given (so that it can be
    built from a model instance), which would take a body of `5` or `[]` for an object with every field left out:
    a request body that is not an object is refused with a 422."""

    @model_validator(mode="wrap")
    @classmethod
    def _an_object(cls, data: Any, handler: ModelWrapValidatorHandler[BodyIn], info: ValidationInfo) -> BodyIn:
        # Runs before ninja's own wrap validator (a subclass's wraps its parent's), so `data` is still the JSON.
        if not isinstance(data, dict):
            given = "null" if data is None else JSON_TYPES.get(type(data), type(data).__name__)
            raise ValueError(f"Input should be a JSON object, not {given}")  # noqa: TRY004 - answered with a 422
        return handler(data)
