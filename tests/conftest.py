from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.utils import translation

from compliance.choices import COORDINATOR_GROUP, DPO_GROUP, LEGAL_GROUP
from compliance.registry.reference_loader import load_reference_data
from compliance.roles import sync_role_permissions

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    with django_db_blocker.unblock():
        load_reference_data()


@pytest.fixture(scope="session", autouse=True)
def _without_deployment_front_door() -> Iterator[None]:
    """The suite runs with DJANGO_DEBUG off, so with the production defaults. Three of them need
    what a deployment has and a test client has not: TLS at a proxy (SSL redirect), collected
    static files (hashed names), enrolled second factors and re-authentication before decisions.
    tests/security turns them back on."""
    from django.test import override_settings

    with override_settings(
        SECURE_SSL_REDIRECT=False,
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        DPO_DESK_2FA_REQUIRED_GROUPS=[],
        DPO_DESK_REAUTH_FOR_DECISIONS=False,
    ):
        yield


@pytest.fixture(autouse=True)
def _site_language_after_each_test() -> Iterator[None]:
    """A page read in another language (the user's stored preference) leaves that language
    active in the thread; every test starts from the site's language, whatever ran before."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # The production hasher is slow by design; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def reference_data(db: Any) -> None:
    """Reference data is loaded once per session; a transactional test's flush removes it."""
    from compliance.registry.models import Country

    if not Country.objects.exists():
        load_reference_data()
        sync_role_permissions()


def _user_with_role(django_user_model: Any, username: str, role: str | None) -> Any:
    user = django_user_model.objects.create_user(
        username=username, password="pw", is_staff=True, email=f"{username}@example.com"
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def dpo_user(db: Any, django_user_model: Any) -> Any:
    return _user_with_role(django_user_model, "dpo-user", DPO_GROUP)


@pytest.fixture
def legal_user(db: Any, django_user_model: Any) -> Any:
    return _user_with_role(django_user_model, "legal-user", LEGAL_GROUP)


@pytest.fixture
def coordinator_user(db: Any, django_user_model: Any) -> Any:
    return _user_with_role(django_user_model, "coordinator-user", COORDINATOR_GROUP)


@pytest.fixture
def client_for(client: Any) -> Callable[[Any], Any]:
    def login(user: Any) -> Any:
        client.force_login(user)
        return client

    return login


def _worker_env() -> dict[str, str]:
    env = dict(os.environ)
    settings = connection.settings_dict
    if settings["ENGINE"].endswith("sqlite3"):
        env["DATABASE_URL"] = f"sqlite:///{settings['NAME']}"
    else:
        env["DATABASE_URL"] = (
            f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
        )
    env.setdefault("DJANGO_SECRET_KEY", "insecure-test-key")
    return env


class CeleryProcess:
    """A real ``celery worker`` or ``celery beat`` process on the test database."""

    def __init__(self, *args: str, log: Path, env: dict[str, str] | None = None) -> None:
        self.args = args
        self.env = env or {}
        self.log = log
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> CeleryProcess:
        handle = self.log.open("ab")
        self.proc = subprocess.Popen(  # noqa: S603 - fixed argv, our own interpreter
            [sys.executable, "-m", "celery", "-A", "config", *self.args],
            cwd=ROOT,
            env={**_worker_env(), **self.env},
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
        return self

    def stop(self, sig: int | None = None) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        if sig is None:
            self.proc.terminate()
        else:
            self.proc.send_signal(sig)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture
def celery_process(tmp_path: Path) -> Iterator[Callable[..., CeleryProcess]]:
    started: list[CeleryProcess] = []

    def start(*args: str, env: dict[str, str] | None = None) -> CeleryProcess:
        log = tmp_path / f"celery-{len(started)}.log"
        proc = CeleryProcess(*args, log=log, env=env).start()
        started.append(proc)
        return proc

    yield start
    for proc in started:
        proc.stop()


def wait_for(condition: Callable[[], Any], *, timeout: float = 60.0, what: str = "") -> Any:
    """Poll ``condition`` until it returns something truthy; fail with ``what`` after timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.25)
    pytest.fail(f"timed out after {timeout:.0f}s waiting for {what}")
