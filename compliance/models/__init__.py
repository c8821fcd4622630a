from compliance.models.entities import CorporateGroup, GroupEntity
from compliance.models.reference import Country, Membership, SupervisoryAuthority
from compliance.models.scheduler import SchedulerHeartbeat

__all__ = [
    "CorporateGroup",
    "Country",
    "GroupEntity",
    "Membership",
    "SchedulerHeartbeat",
    "SupervisoryAuthority",
]
