"""Deployment settings: check --deploy, HSTS, CSP, secure cookies, static files under gunicorn."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from tests.compliance.reports.breach_setup import PortalBreach, portal_breach

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
OPERATIONS = ROOT / "docs" / "operations.md"


def documented_production_environment(tmp_path: Path) -> dict[str, str]:
    """The ```dotenv block of docs/operations.md, with its placeholders filled in."""
    block = re.search(r"```dotenv\n(.*?)```", OPERATIONS.read_text(), re.S)
    assert block is not None, "docs/operations.md has no ```dotenv block"
    env: dict[str, str] = {}
    for line in block.group(1).splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            env[name] = value
    env["DJANGO_SECRET_KEY"] = "k3Yq-" + "x9ZpL2vR8sT1uW4yB7nM0cF6hJ3dG5aE" * 2
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'prod.sqlite3'}"
    env["CELERY_BROKER_URL"] = "filesystem://"
    env["DPO_DESK_VAR_DIR"] = str(tmp_path / "var")
    env["DJANGO_STATIC_ROOT"] = str(tmp_path / "static")
    env.pop("SENTRY_DSN", None)
    return env


def _environment(extra: dict[str, str]) -> dict[str, str]:
    keep = {"PATH", "HOME", "LANG", "LC_ALL", "PYTHONPATH", "VIRTUAL_ENV", "TMPDIR"}
    return {**{k: v for k, v in os.environ.items() if k in keep}, **extra}


def test_check_deploy_is_silent_with_the_documented_environment(tmp_path: Path) -> None:
    env = _environment(documented_production_environment(tmp_path))

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_debug_off_redirects_plain_http_to_https(client: Any, settings: Any) -> None:
    settings.SECURE_SSL_REDIRECT = True

    response = client.get("/login/")

    assert response.status_code == 301
    assert response["Location"] == "https://testserver/login/"


def test_responses_carry_hsts_and_csp(client: Any, settings: Any) -> None:
    settings.SECURE_SSL_REDIRECT = True

    response = client.get("/login/", headers={"X-Forwarded-Proto": "https"})

    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    policy = dict(d.strip().split(" ", 1) for d in response["Content-Security-Policy"].split(";"))
    assert policy == {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self'",
        "font-src": "'self'",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'none'",
        "frame-ancestors": "'none'",
        "form-action": "'self'",
    }
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_session_and_csrf_cookies_are_secure(client: Any, dpo_user: Any) -> None:
    dpo_user.set_password("correct horse battery")
    dpo_user.save()
    page = client.get("/login/", headers={"X-Forwarded-Proto": "https"})
    response = client.post(
        "/login/",
        {"username": "dpo-user", "password": "correct horse battery"},
        headers={"X-Forwarded-Proto": "https"},
    )

    assert response.status_code == 302
    assert page.cookies["csrftoken"]["secure"] is True
    assert response.cookies["sessionid"]["secure"] is True
    assert response.cookies["sessionid"]["httponly"] is True


class _InlineFinder(HTMLParser):
    """Inline scripts and styles, which the Content-Security-Policy refuses."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "style":
            self.found.append("<style>")
        if tag == "script" and not named.get("src") and named.get("type") != "application/json":
            self.found.append("<script> without src")
        for name, _ in attrs:
            if name == "style" or name.startswith("on"):
                self.found.append(f"<{tag} {name}=>")
        if named.get("href", "") and str(named["href"]).startswith("javascript:"):
            self.found.append(f"<{tag} href=javascript:>")


def _pages(breach: PortalBreach) -> list[str]:
    return [
        "/",
        reverse("admin:compliance_breachincident_changelist"),
        reverse("admin:compliance_breachincident_add"),
        reverse("admin:compliance_breachincident_change", args=[breach.incident.pk]),
        reverse("admin:compliance_breachnotification_change", args=[breach.eu.pk]),
        reverse("admin:compliance_corporategroup_change", args=[breach.group.pk]),
        reverse("admin:compliance_groupentity_changelist"),
        reverse("admin:compliance_usernotification_changelist"),
        reverse("admin:transfers_datatransfer_changelist"),
        reverse("admin:transfers_datatransfer_add"),
        reverse("admin:axes_accessattempt_changelist"),
        reverse("admin:otp_totp_totpdevice_changelist"),
        reverse("admin:password_change"),
        "/account/second-factor/enrol/",
        "/account/reauthenticate/",
    ]


def test_admin_pages_have_no_inline_script_or_style(client: Any, dpo_user: Any) -> None:
    breach = portal_breach(dpo_user)
    client.force_login(dpo_user)
    found: dict[str, list[str]] = {}
    for url in _pages(breach):
        response = client.get(url)
        assert response.status_code == 200, url
        finder = _InlineFinder()
        finder.feed(response.content.decode())
        if finder.found:
            found[url] = finder.found
    client.logout()
    login = _InlineFinder()
    login.feed(client.get("/login/").content.decode())

    assert found == {}
    assert login.found == []


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def gunicorn(tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    """The documented web process: gunicorn, debug off, static files collected."""
    env = _environment(documented_production_environment(tmp_path))
    env["DJANGO_ALLOWED_HOSTS"] = "127.0.0.1"
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )
    port = _free_port()
    log = (tmp_path / "gunicorn.log").open("wb")
    proc = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    pytest.fail((tmp_path / "gunicorn.log").read_text())
                time.sleep(0.2)
        yield base, env
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


def _get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https", **headers})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_static_files_are_served_with_debug_off_under_gunicorn(
    gunicorn: tuple[str, dict[str, str]],
) -> None:
    base, _ = gunicorn

    status, _, page = _get(f"{base}/login/")
    stylesheets = re.findall(rb'href="(/static/[^"]+\.css)"', page)
    hashed = [s.decode() for s in stylesheets if re.search(rb"\.[0-9a-f]{12}\.css$", s)]
    css_status, css_headers, css = _get(f"{base}{hashed[0]}")
    br_status, br_headers, _ = _get(f"{base}{hashed[0]}", **{"Accept-Encoding": "br, gzip"})

    assert status == 200
    assert hashed == [s.decode() for s in stylesheets]
    assert "/static/dpo_desk/admin." in " ".join(hashed)
    assert css_status == 200
    assert css_headers["Content-Type"].startswith("text/css")
    assert css_headers["Cache-Control"] == "max-age=315360000, public, immutable"
    assert len(css) > 100
    assert br_status == 200
    assert br_headers["Content-Encoding"] == "br"
