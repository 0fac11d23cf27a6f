"""What lib's helpers read of a person, as Protocols: lib sits below the apps and imports none of them, so
notices and calendar files name the attributes they use instead of `omkeer.people.models.Employee` (which
is what every caller passes)."""

from __future__ import annotations

from typing import Protocol


class Login(Protocol):
    """A person's login: the language and time zone they chose for Omkeer."""

    @property
    def language(self) -> str: ...

    @property
    def time_zone(self) -> str: ...


class Person(Protocol):
    """Someone an email greets or a calendar file names. `user` raises `ObjectDoesNotExist` when the person
    has no login (`omkeer.lib.notices` then falls back to the site's language and zone)."""

    @property
    def email(self) -> str: ...

    @property
    def first_name(self) -> str: ...  # the greeting of the notice templates

    @property
    def full_name(self) -> str: ...

    @property
    def user(self) -> Login: ...
