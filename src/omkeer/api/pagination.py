"""Limit/offset pagination for the API's lists, bounded by what the database can count to."""

from __future__ import annotations

from ninja import Field, Schema
from ninja.conf import settings as ninja_settings
from ninja.pagination import LimitOffsetPagination

# LIMIT and OFFSET are bigints in PostgreSQL (and SQLite): past this a query fails with "bigint out of range".
MAX_ROWS = 2**63 - 1


class Pagination(LimitOffsetPagination):
    """Ninja's `limit` and `offset`, refused with a 422 that names the parameter when no database could use them,
    instead of a server error from the query."""

    class Input(Schema):
        limit: int = Field(ninja_settings.PAGINATION_PER_PAGE, ge=1, le=MAX_ROWS)
        offset: int = Field(0, ge=0, le=MAX_ROWS)
