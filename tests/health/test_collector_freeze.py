"""The web process freezes what it loaded at start-up out of the cyclic collector's reach
(issue 21: a full collection during a request walked every module, model and URL pattern of the
app again, the slowest request of a page)."""

from __future__ import annotations

import gc
import importlib
import sys
from collections.abc import Iterator

import pytest
from django.urls import get_resolver

from compliance import collector


@pytest.fixture
def unfrozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_freezing_moves_the_loaded_objects_out_of_the_collectors_reach(unfrozen: None) -> None:
    loaded = get_resolver().url_patterns  # kept by the app for the life of the process
    assert any(o is loaded for o in gc.get_objects())

    frozen = collector.freeze_loaded_objects()

    assert frozen == gc.get_freeze_count()
    assert frozen > 0
    assert not any(o is loaded for o in gc.get_objects())


def test_the_wsgi_application_freezes_once_it_is_loaded(
    unfrozen: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    monkeypatch.setattr(collector, "freeze_loaded_objects", lambda: calls.append(1) or 0)
    monkeypatch.delitem(sys.modules, "config.wsgi", raising=False)

    module = importlib.import_module("config.wsgi")

    assert calls == [1]
    assert callable(module.application)
