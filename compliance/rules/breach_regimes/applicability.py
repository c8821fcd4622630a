"""Whether a regime governs a breach: in force at awareness, and a territorial link.

A regime applies when it is in force at ``aware_at`` and either the entity is established in its
territory, or people in its territory are affected and the regime reaches the entity from outside
(``targeted_regimes``; None = not assessed: applied, marked assumed). Domain brief §6, §8.1, §8.5.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from compliance.rules.breach_regimes.vocabulary import BreachFacts, Obligation, RuleSet
from compliance.rules.text import Text

__all__ = [
    "Link",
    "RegimeRules",
    "Trigger",
    "assumed_prefix",
    "authority_in",
    "in_force",
    "link",
    "mark_assumed",
]


@dataclass(frozen=True, slots=True)
class Link:
    """How a breach is tied to a regime's territory.

    ``established`` is the authority country of the entity's establishment (None when not
    established there); ``affected`` the authority countries of the affected people inside the
    territory. ``applies`` is the verdict, ``assumed`` whether it rests on an unassessed
    extraterritorial reach, ``excluded`` whether ``targeted_regimes`` ruled the regime out.
    """

    in_force: bool
    established: str | None
    affected: tuple[str, ...]
    applies: bool
    assumed: bool
    excluded: bool

    @property
    def recipients(self) -> tuple[str, ...]:
        """The authorities' countries: the entity's own when established in the territory, else
        every affected country in it (no one-stop shop without an establishment: EDPB Guidelines
        9/2022, para. 73)."""
        return (self.established,) if self.established is not None else self.affected

    @property
    def territorial(self) -> bool:
        """True when the entity or any affected person is in the territory."""
        return self.established is not None or bool(self.affected)


def in_force(rule: RuleSet, at: datetime) -> bool:
    # Compare UTC instants: two datetimes sharing a ZoneInfo compare by wall-clock time.
    return at.astimezone(UTC) >= rule.starts_at.astimezone(UTC)


def authority_in(rule: RuleSet, country: str, at: datetime) -> str | None:
    """The country of the authority competent for ``country`` under the regime, or None when
    ``country`` is outside the regime's territory at ``at``."""
    if rule.authority_in is not None:
        return rule.authority_in(country, at)
    return country if country == rule.home else None


def link(rule: RuleSet, facts: BreachFacts) -> Link:
    established = authority_in(rule, facts.entity_country, facts.aware_at)
    inside = {authority_in(rule, c, facts.aware_at) for c in facts.affected_countries}
    affected = tuple(sorted(c for c in inside if c is not None))
    targeted = facts.targeted_regimes
    reaches = established is None and bool(affected)
    excluded = reaches and targeted is not None and rule.regime not in targeted
    assumed = reaches and targeted is None
    active = in_force(rule, facts.aware_at)
    return Link(
        in_force=active,
        established=established,
        affected=affected,
        applies=active and (established is not None or (reaches and not excluded)),
        assumed=assumed,
        excluded=excluded,
    )


def assumed_prefix(rule: RuleSet) -> str:
    """The start of an assumed obligation's basis; a ``Text``, so that the basis it starts keeps
    its templates (``mark_assumed``)."""
    return Text(
        "Assumed: extraterritorial applicability ({provision}) not assessed; ",
        provision=rule.extraterritorial,
    )


def mark_assumed(
    rule: RuleSet, found: Link, obligations: tuple[Obligation, ...]
) -> tuple[Obligation, ...]:
    """The obligations, marked assumed with the basis prefix when the link is assumed."""
    if not found.assumed:
        return obligations
    prefix = assumed_prefix(rule)
    return tuple(replace(o, assumed=True, basis=prefix + o.basis) for o in obligations)


@dataclass(frozen=True, slots=True)
class Trigger:
    """Whether the breach owes anything under a §8.5 regime (its "reportable when" column), and
    a sentence saying why or why not for ``explain`` (a ``Text``, so that it is worded in the
    reader's language)."""

    owed: bool
    why: str


def _always(facts: BreachFacts) -> bool:
    return True


@dataclass(frozen=True, slots=True)
class RegimeRules:
    """One §8.5 regime: its rule set, its trigger and its obligations (called only when owed,
    with the link that made it apply; ``mark_assumed`` is applied by the caller).

    ``considered`` says whether the regime is worth a line in ``explain`` at all when the breach
    has a territorial link (NIS2: only for an entity under NIS2).
    """

    rule: RuleSet
    trigger: Callable[[BreachFacts], Trigger]
    obligations: Callable[[BreachFacts, Link], tuple[Obligation, ...]]
    considered: Callable[[BreachFacts], bool] = _always
