"""Deadline reminders: rows, not timers (architecture.md, "Reminders").

- ``registry``: models register their deadlines (``register_deadline_source``); breach deadlines
  and BCR clocks are registered in ``sources``, TIA and SCC reviews from the transfers app.
- ``schedule``: a policy plus a deadline give the thresholds and their instants.
- ``sync``: ``sync_reminders(obj)`` keeps one deadline's reminder rows in line (idempotent).
- ``sweep``: ``send_due_reminders()`` claims due rows with a conditional UPDATE and delivers each
  (reminder, recipient, channel) once.
- ``channels``, ``recipients``, ``calendar``/``ical``: e-mail and admin notifications, who gets
  them and in which time zone, the per-user iCalendar feed.

Test hook: the environment variable ``DPO_DESK_TEST_SEND_DELAY`` (seconds) makes each e-mail
delivery sleep inside its transaction, so that the real-worker tests can kill a worker mid-send.
It is read only by ``sweep._slow_down_for_tests`` and must never be set in a deployment.

This package must stay importable from ``compliance.models`` (``durations`` is a leaf), so this
module imports nothing.
"""
