"""Settings of a Celery worker started by a test that needs a slow mail server."""

from config.settings import *  # noqa: F403

EMAIL_BACKEND = "tests.compliance.reminders.mail_backends.SlowFileBackend"
