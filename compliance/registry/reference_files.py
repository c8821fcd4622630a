"""The registry's reference data files (see ``reference_loader``): countries, memberships of the
EU and the EEA, supervisory authorities."""

from __future__ import annotations

from typing import Any

from compliance.registry.choices import AuthorityBody, Bloc, Sector
from compliance.registry.models import Country, Membership, SupervisoryAuthority
from compliance.registry.reference_loader import (
    ReferenceFile,
    choice,
    country_code,
    iso_date,
    register,
    text,
)


def _remember_countries(rows: list[dict[str, Any]], known: dict[str, Any]) -> None:
    known.setdefault("countries", set()).update(row["code"] for row in rows)


def _code(value: str, known: dict[str, Any]) -> str:
    value = value.strip()
    if len(value) != 2 or not (value.isascii() and value.isalpha() and value.isupper()):
        raise ValueError(f"{value!r} is not an ISO 3166-1 alpha-2 code (two capital letters)")
    return value


COUNTRIES = ReferenceFile(
    filename="countries.csv",
    model=Country,
    key=("code",),
    columns={"code": _code, "name": text(max_length=100), "source": text(required=False)},
    remember=_remember_countries,
)

MEMBERSHIPS = ReferenceFile(
    filename="memberships.csv",
    model=Membership,
    key=("country", "bloc", "valid_from"),
    columns={
        "country": country_code(),
        "bloc": choice(*Bloc.values),
        "valid_from": iso_date(),
        "valid_to": iso_date(required=False),
        "source": text(),
    },
    field_names={"country": "country_id"},
)


def _region(value: str, known: dict[str, Any]) -> str:
    value = value.strip()
    if value and (len(value) > 6 or "-" not in value):
        raise ValueError(f"{value!r} is not an ISO 3166-2 subdivision code such as DE-NW")
    return value


AUTHORITIES = ReferenceFile(
    filename="authorities.csv",
    model=SupervisoryAuthority,
    key=("key",),
    columns={
        "key": text(max_length=40),
        "country": country_code(),
        "region": _region,
        "sector": choice(*Sector.values),
        "name": text(max_length=200),
        "short_name": text(max_length=40),
        "website": text(required=False),
        "breach_portal": text(required=False),
        "valid_from": iso_date(required=False),
        "valid_to": iso_date(required=False),
        "source": text(required=False),
        "body": choice(*AuthorityBody.values),
    },
    field_names={"country": "country_id"},
)


def register_files() -> None:
    for spec in (COUNTRIES, MEMBERSHIPS, AUTHORITIES):
        register(spec)
