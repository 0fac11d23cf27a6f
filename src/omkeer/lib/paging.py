"""Pagination that stays fast on large tables: the count stops at a bound, and so do the pages.

Django's Paginator counts every matching row on every page view (a `COUNT(*)` over 100,000 employees) and lets
`?page=2000` make the database skip 100,000 rows. `BoundedPaginator` counts at most `limit` + 1 rows
(`SELECT COUNT(*) FROM (… LIMIT limit + 1)`): a page says "more than 10,000" rather than the exact figure, and
the last page is the one that holds row `limit` + 1. A search or a filter narrows a longer list.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

COUNT_LIMIT = 10_000


class BoundedPaginator(Paginator):  # type: ignore[type-arg]
    def __init__(self, object_list: Any, per_page: int, *, limit: int | None = None, known: int | None = None) -> None:
        """`known`: the number of rows when the page has counted them already (no count query then)."""
        super().__init__(object_list, per_page)
        self.limit = COUNT_LIMIT if limit is None else limit
        self.known = known

    @cached_property
    def count(self) -> int:
        """The number of rows, up to `limit` + 1 (`more` says whether there are more than `limit`)."""
        if self.known is not None:
            return min(self.known, self.limit + 1)
        head = self.object_list[: self.limit + 1]
        return int(head.count()) if isinstance(head, QuerySet) else len(head)

    @property
    def more(self) -> bool:
        return self.count > self.limit

    @property
    def known_pages(self) -> int:
        """The pages that `limit` rows fill: with `more`, there are more pages than this."""
        return self.limit // int(self.per_page)
