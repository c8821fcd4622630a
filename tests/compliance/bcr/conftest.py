from __future__ import annotations

from typing import Any

import pytest

# Registers the BCR admin while compliance/admin.py does not import it yet (idempotent after).
import compliance.bcr.admin  # noqa: F401
from compliance.bcr import services as bcr
from compliance.bcr.models import BCRApplication
from compliance.registry.models import CorporateGroup, SupervisoryAuthority
from tests.factories import CorporateGroupFactory, GroupEntityFactory


@pytest.fixture
def authorities(db: Any) -> dict[str, SupervisoryAuthority]:
    keys = ("gb_ico", "de_nw_ldi", "nl_ap", "fr_cnil", "ie_dpc", "jp_ppc")
    return {a.key: a for a in SupervisoryAuthority.objects.filter(key__in=keys)}


@pytest.fixture
def group(db: Any) -> CorporateGroup:
    group = CorporateGroupFactory(name="BCR Group")
    GroupEntityFactory(group=group, short_name="Düsseldorf")
    GroupEntityFactory(
        group=group, short_name="Tokyo", country_id="JP", region="", time_zone="Asia/Tokyo"
    )
    GroupEntityFactory(
        group=group, short_name="US", country_id="US", region="", time_zone="America/New_York"
    )
    return group


@pytest.fixture
def application(group: CorporateGroup, dpo_user: Any) -> BCRApplication:
    return bcr.start_application(
        group=group, kind="BCR-C", title="Controller BCRs of BCR Group", by=dpo_user
    )
