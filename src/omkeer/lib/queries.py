"""Query helpers for lists that grow: a row's count of related rows as a correlated subquery.

`annotate(n=Count("related"))` joins every related row and groups the whole list before it is sorted and cut to
a page; `count_of(...)` is computed only for the rows the page shows.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import F, Func, Subquery, Value
from django.db.models.functions import Coalesce


def count_of(rows: models.QuerySet[Any]) -> Coalesce:
    """The number of `rows` (which filter on an `OuterRef`), 0 for none."""
    counted = rows.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted, output_field=models.IntegerField()), Value(0))
