"""Five more mentors beside the personas, so a programme can reach the threshold of 5 contributors."""

from __future__ import annotations

import pytest

from omkeer.programmes.models import Role
from tests.factories import make_participant


@pytest.fixture
def mentors(programme, mentor, other_mentor):
    """Six mentors of `programme`: the two personas and four more."""
    more = [make_participant(programme, Role.MENTOR, level=2, first_name=f"Junior{i}") for i in range(4)]
    return [mentor, other_mentor, *more]
