from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

# The roles each every-form test runs as.
ROLES = ("dpo_user", "legal_user", "coordinator_user")


@pytest.fixture
def demo(reference_data: Any) -> None:
    """The demo group: a row of most models to open, copy and save."""
    call_command("seed_demo", force=True)
