"""Imported by a test's worker (``worker_settings``): with ``DPO_DESK_TEST_SWEEP_DELAY`` set, the
sweep pauses that many seconds after claiming its reminders and before recording a delivery,
so that a test can kill the worker mid-sweep, holding the claims."""

from __future__ import annotations

import os
import time
from typing import Any

from compliance.reminders import sweep

_deliver_batch = sweep._deliver_batch


def _slow_deliver_batch(*args: Any, **kwargs: Any) -> Any:
    time.sleep(float(os.environ.get("DPO_DESK_TEST_SWEEP_DELAY", "0")))
    return _deliver_batch(*args, **kwargs)


sweep._deliver_batch = _slow_deliver_batch
