"""Screenshots of the main pages at 1400 px, per role and language, with a layout check.

Run by ``make screenshots``: against a server with the demo data (``--base``, default
http://127.0.0.1:8765), signed in as the demo users, in en, de and ja (the browser's
Accept-Language). Writes artifacts/screenshots/<role>-<lang>-<page>.png and exits 1 when a
page is wider than the window or a table is cut off at its right edge.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
CHROMIUM = os.environ.get("DPO_DESK_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
PASSWORD = "dpo-desk-demo"
WIDTH = 1400

PAGES = {
    "dashboard": "/",
    "breaches": "/compliance/breachincident/",
    "deadlines": "/compliance/notificationdeadline/",
    "breach": "/compliance/breachincident/{breach}/change/",
    "transfers": "/transfers/datatransfer/",
    "transfer": "/transfers/datatransfer/{transfer}/change/",
    "bcr": "/compliance/bcrapplication/{bcr}/change/",
    "calendar": "/compliance/reminder/calendar/",
    "reminders": "/compliance/reminder/",
}
ROLES = {"dpo": "dpo", "legal": "legal", "coordinator": "coordinator.nl"}
LAYOUT = """() => ({
  width: document.documentElement.scrollWidth,
  clipped: [...document.querySelectorAll('table')]
    .filter(t => t.getBoundingClientRect().right > window.innerWidth + 1
      || t.parentElement.scrollWidth > t.parentElement.clientWidth + 1)
    .map(t => t.id || t.className || 'table'),
})"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base", default="http://127.0.0.1:8765")
    parser.add_argument("--ids", default="{}", help='JSON: {"breach": 1, "transfer": 1, "bcr": 1}')
    args = parser.parse_args()
    ids = {"breach": 1, "transfer": 1, "bcr": 1, **json.loads(args.ids)}
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    problems = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        for role, username in ROLES.items():
            for lang in ("en", "de", "ja"):
                context = browser.new_context(viewport={"width": WIDTH, "height": 900}, locale=lang)
                page = context.new_page()
                page.goto(args.base + "/login/")
                page.fill("#id_username", username)
                page.fill("#id_password", PASSWORD)
                page.click("input[type=submit]")
                page.wait_for_load_state()
                for name, path in PAGES.items():
                    response = page.goto(args.base + path.format(**ids))
                    status = response.status if response is not None else 0
                    page.screenshot(path=str(OUT / f"{role}-{lang}-{name}.png"), full_page=True)
                    layout = page.evaluate(LAYOUT)
                    line = f"{role:12} {lang} {name:10} {status} width {layout['width']}"
                    if status == 200 and (layout["width"] > WIDTH or layout["clipped"]):
                        problems.append(line)
                        line += f" CLIPPED {layout['clipped']}"
                    print(line)
                context.close()
        browser.close()
    print(f"{len(problems)} page(s) do not fit {WIDTH} px; screenshots in {OUT}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
