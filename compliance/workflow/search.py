"""Record references typed into the admin's search boxes.

The references people quote in mails and minutes (BR-2026-00006, TR-00020) are derived from the
record's number, not stored, so a text search on the stored fields never finds them. A search
term that is such a reference finds its record, in list searches and in the autocompletes that
use the same search.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest

_REFERENCE = re.compile(r"^\s*([A-Za-z]{2})-(?:(\d{4})-)?0*(\d{1,9})\s*$")


@dataclass(frozen=True, slots=True)
class Reference:
    prefix: str
    number: int
    year: int | None


def parse_reference(term: str, prefix: str) -> Reference | None:
    """``BR-2026-00006`` → Reference("BR", 6, 2026); None when ``term`` is no such reference."""
    match = _REFERENCE.match(term)
    if match is None or match.group(1).upper() != prefix:
        return None
    year = int(match.group(2)) if match.group(2) else None
    return Reference(prefix=prefix, number=int(match.group(3)), year=year)


def reference_filter(reference: Reference, *, lookup: str, year_field: str | None) -> Q:
    """The records a reference names: its number, and its year where the reference carries one
    (the year of a breach reference is the UTC year of awareness)."""
    condition = Q(**{lookup: reference.number})
    if reference.year is not None and year_field is not None:
        condition &= Q(
            **{
                f"{year_field}__gte": datetime(reference.year, 1, 1, tzinfo=UTC),
                f"{year_field}__lt": datetime(reference.year + 1, 1, 1, tzinfo=UTC),
            }
        )
    return condition


class ReferenceSearchAdminMixin:
    """Adds reference search to a ModelAdmin: set ``reference_prefix`` ("BR"), the lookup of the
    number (``reference_lookup``, "pk" or "incident_id") and, for references with a year, the
    instant field the year comes from (``reference_year_field``)."""

    reference_prefix: str = ""
    reference_lookup: str = "pk"
    reference_year_field: str | None = None

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        reference = parse_reference(search_term, self.reference_prefix)
        if reference is not None:
            # The queryset is already scoped to what the user may see.
            condition = reference_filter(
                reference, lookup=self.reference_lookup, year_field=self.reference_year_field
            )
            return queryset.filter(condition), False
        return super().get_search_results(request, queryset, search_term)  # type: ignore[misc]
