"""E-mail backends for the tests: scripted failures in-process, a slow server for a worker."""

from __future__ import annotations

import os
import smtplib
import time
from collections.abc import Sequence
from typing import Any

from django.core.mail.backends.filebased import EmailBackend as FileBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend


class ScriptedBackend(LocmemBackend):
    """The test outbox (``mail.outbox``), with failures set by the test: addresses the server
    refuses (with their SMTP code), or a server that cannot be reached at all."""

    refused: dict[str, int] = {}
    unreachable: BaseException | None = None
    attempts = 0

    def send_messages(self, messages: Sequence[Any]) -> int:
        type(self).attempts += 1
        if self.unreachable is not None:
            raise self.unreachable
        for message in messages:
            refused = {a: (self.refused[a], b"refused") for a in message.to if a in self.refused}
            if refused:
                raise smtplib.SMTPRecipientsRefused(refused)
        return super().send_messages(messages)


class SlowFileBackend(FileBackend):
    """The file backend of a slow mail server: each message takes
    ``DPO_DESK_TEST_MAIL_DELAY`` seconds, so that a test can kill a worker mid-send."""

    def send_messages(self, messages: Sequence[Any]) -> int:
        sent = 0
        for message in messages:
            time.sleep(float(os.environ.get("DPO_DESK_TEST_MAIL_DELAY", "0")))
            sent += super().send_messages([message])
        return sent
