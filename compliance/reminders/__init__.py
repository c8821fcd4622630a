"""Deadline reminders: rows, not timers (architecture.md, "Reminders").

- ``registry``: models register their deadlines (``register_deadline_source``); breach deadlines
  and BCR clocks are registered in ``sources``, TIA and SCC reviews from the transfers app.
- ``schedule``: a policy plus a deadline give the thresholds and their instants.
- ``sync``: ``sync_reminders(obj)`` keeps one deadline's reminder rows in line (idempotent).
- ``sweep``: ``send_due_reminders()`` claims due rows with a conditional UPDATE and records each
  (reminder, recipient, channel) once: the in-admin notification at once, the e-mail as intent.
- ``mail``: ``send_pending_mail()`` sends the recorded e-mails, with retries and a cap;
  ``failures`` tells the DPO group of a delivery given up.
- ``limits``: the tasks' time limits, the leases sized to them, "late" and "stale".
- ``health``, ``beat``, ``panels``: heartbeats of each beat and worker, the scheduler's status
  (admin banner, ``/healthz``, outage alert), the dashboard panel.
- ``channels``, ``recipients``, ``calendar``/``ical``: e-mail and admin notifications, who gets
  them and in which time zone, the per-user iCalendar feed.

This package must stay importable from ``compliance.models`` (``durations`` is a leaf), so this
module imports nothing.
"""
