"""The group, its entities, and the reference data they point at (countries, memberships of the
EU and the EEA, supervisory authorities)."""

from compliance.registry.models.entities import CorporateGroup, GroupEntity
from compliance.registry.models.reference import Country, Membership, SupervisoryAuthority

__all__ = ["CorporateGroup", "Country", "GroupEntity", "Membership", "SupervisoryAuthority"]
