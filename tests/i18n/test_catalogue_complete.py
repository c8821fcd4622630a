"""Every word the product shows has a German and a Japanese wording (issue 18: "the admin fully
translated in de and ja").

The catalogues are edited by hand, so a new ``_("…")`` in the code or ``{% translate %}`` in a
template would otherwise show English to German and Japanese readers without anyone noticing. This
test extracts the messages of a copy of the source tree with ``makemessages`` (the same extraction
a translator would run) and requires that none is missing or only guessed (fuzzy).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

SOURCES = ("api", "compliance", "config", "transfers", "templates", "locale", "manage.py")


def _entries(po: str, *, flag: str) -> list[str]:
    done = subprocess.run(  # noqa: S603 - our own arguments
        ["msgattrib", flag, "--no-obsolete", "--no-wrap", po],  # noqa: S607 - gettext on PATH
        capture_output=True,
        text=True,
        check=True,
    )
    return [
        line.removeprefix("msgid ")
        for line in done.stdout.splitlines()
        if line.startswith("msgid ") and line != 'msgid ""'
    ]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("catalogue")
    base = Path(settings.BASE_DIR)
    for name in SOURCES:
        source = base / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, root / name)
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "de",
            "-l",
            "ja",
            "--no-obsolete",
            "--ignore=compliance/rules/*",
            "--ignore=transfers/rules/*",
        ],
        cwd=root,
        env={**os.environ, "DJANGO_SECRET_KEY": "catalogue-check"},
        capture_output=True,
        check=True,
    )
    return root


@pytest.mark.parametrize("language", ["de", "ja"])
def test_no_message_lacks_a_wording(extracted: Path, language: str) -> None:
    po = str(extracted / "locale" / language / "LC_MESSAGES" / "django.po")

    assert _entries(po, flag="--untranslated") == []
    assert _entries(po, flag="--only-fuzzy") == []
