"""Settings of a Celery worker started by a test that needs a slow mail server or a slow sweep
(``DPO_DESK_TEST_MAIL_DELAY``, ``DPO_DESK_TEST_SWEEP_DELAY``: seconds, none by default)."""

from config.settings import *  # noqa: F403

EMAIL_BACKEND = "tests.compliance.reminders.mail_backends.SlowFileBackend"
CELERY_IMPORTS = ("tests.compliance.reminders.slow_sweep",)
