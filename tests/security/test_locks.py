"""The production lock: the runtime dependencies only, at the development lock's versions."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEV_TOOLS = {
    "pytest",
    "pytest-django",
    "factory-boy",
    "time-machine",
    "ruff",
    "mypy",
    "django-stubs",
    "celery-types",
    "playwright",
}


def _pins(name: str) -> dict[str, str]:
    text = (ROOT / name).read_text()
    return dict(re.findall(r"^([a-z0-9][a-z0-9._-]*)==(\S+) \\$", text, re.M | re.I))


def test_production_lock_has_no_test_or_development_tool() -> None:
    production = _pins("requirements-production.lock")

    assert sorted(DEV_TOOLS & set(production)) == []
    assert {"django", "gunicorn", "whitenoise", "django-axes", "django-otp"} <= set(production)


def test_development_lock_is_the_production_lock_plus_the_tools() -> None:
    production = _pins("requirements-production.lock")
    development = _pins("requirements.lock")

    assert {n: development.get(n) for n in production} == production
    assert set(development) >= DEV_TOOLS
