"""Country and supervisory-authority names in the reader's language (en, de, ja).

The reference data stores one English name per row (``countries.csv``, ``authorities.csv``):
that row is what the loader compares, what history records and what a reference file cites. The
reader's language is applied here, at display time, so that admin, dashboard, reminders and PDFs
all call a country or an authority the same way, and a German or Japanese document carries no
English country name.

- A country's name comes from the Unicode CLDR territory names shipped with ``babel`` (maintained
  with each CLDR release; no hand-kept table of 249 names). English keeps the ISO 3166-1 short
  name of ``countries.csv`` (the source the rows cite); a code CLDR does not know keeps it too.
- An authority's name is a proper name, kept as recorded; the catalogs (``locale/*/django.po``,
  context "supervisory authority") give the name under which German and Japanese readers know it,
  the official name where the authority has one in that language (a German Land authority, Japan's
  個人情報保護委員会) and a descriptive translation beside the official name elsewhere. A name
  without a catalog entry (an authority added later) is shown as recorded, never hidden.

This module imports no feature, so the infrastructure (reminders, reports, dashboard) may use it.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from django.conf import settings
from django.utils import translation

AUTHORITY_CONTEXT = "supervisory authority"


def _language(language: str | None) -> str:
    return language or translation.get_language() or settings.LANGUAGE_CODE


@lru_cache(maxsize=16)
def _territories(language: str) -> Mapping[str, str]:
    try:
        return Locale.parse(translation.to_locale(language)).territories
    except (UnknownLocaleError, ValueError):
        return {}


def country_name(code: str, language: str | None = None, *, fallback: str = "") -> str:
    """The name of the country ``code`` (ISO 3166-1 alpha-2) in ``language`` (the active
    language by default).

    ``fallback`` is the stored English name: English readers get it, and so does any reader
    where CLDR has no name for the code; without it the code itself is shown.
    """
    code = (code or "").upper()
    language = _language(language)
    if language.split("-")[0].lower() == "en":
        return fallback or _territories("en").get(code) or code
    return _territories(language).get(code) or fallback or code


def authority_name(name: str, language: str | None = None) -> str:
    """The name of a supervisory authority recorded as ``name`` (English), in ``language``."""
    if not name:
        return ""
    with translation.override(_language(language)):
        return translation.pgettext(AUTHORITY_CONTEXT, name)
