"""The breach page at 1400 px in German and Japanese, in headless Chromium: the title and the
object-tools buttons do not overlap, and the deadlines table's headers do not break a word."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from compliance.preferences.models import UserPreference
from tests.builders import breach, example_group
from tests.e2e.conftest import login

pytestmark = pytest.mark.django_db(transaction=True)

# Every box a heading of the page may take: the title (h1) and the record's name (h2).
BOXES = """() => {
  const box = e => { const r = e.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
  return {
    titles: [...document.querySelectorAll('#content > h1, #content > h2')].map(box),
    tools: [...document.querySelectorAll('.object-tools li')].map(box),
  };
}"""

# Each header of the deadlines table, and whether a word of it was broken across two lines.
HEADERS = """() => [...document.querySelectorAll('#deadlines table thead th')]
  .filter(th => th.innerText.trim())
  .map(th => {
    const walker = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    let broken = false;
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      for (const word of text.textContent.matchAll(/\\S+/g)) {
        range.setStart(text, word.index);
        range.setEnd(text, word.index + word[0].length);
        const tops = [...range.getClientRects()].map(r => Math.round(r.top));
        if (new Set(tops).size > 1) broken = true;
      }
    }
    return {text: th.innerText.trim(), broken};
  })"""


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return not (
        a["right"] <= b["left"]
        or b["right"] <= a["left"]
        or a["bottom"] <= b["top"]
        or b["bottom"] <= a["top"]
    )


@pytest.fixture
def breach_page(page: Any, live_server: Any, dpo_user: Any, reference_data: Any) -> Any:
    _group, _tokyo, duesseldorf = example_group()
    incident = breach(
        duesseldorf,
        dpo_user,
        title="Customer database exfiltrated through a misconfigured backup bucket",
        aware_at=timezone.now() - timedelta(hours=5),
        affected_countries=("DE", "FR"),
    )

    def open_in(language: str) -> Any:
        UserPreference.objects.update_or_create(user=dpo_user, defaults={"language": language})
        login(page, live_server, dpo_user.username)
        page.goto(f"{live_server.url}/compliance/breachincident/{incident.pk}/change/")
        assert page.get_attribute("html", "lang") == language
        return page

    return open_in


@pytest.mark.parametrize("language", ["de", "ja"])
def test_title_and_object_tools_do_not_overlap(breach_page: Any, language: str) -> None:
    page = breach_page(language)

    boxes = page.evaluate(BOXES)

    assert len(boxes["titles"]) == 2
    assert len(boxes["tools"]) >= 3
    overlapping = [
        (title, tool)
        for title in boxes["titles"]
        for tool in boxes["tools"]
        if _overlap(title, tool)
    ]
    assert overlapping == []


@pytest.mark.parametrize("language", ["de", "ja"])
def test_deadline_headers_do_not_break_a_word(breach_page: Any, language: str) -> None:
    page = breach_page(language)

    headers = page.evaluate(HEADERS)

    assert len(headers) >= 9
    assert [h["text"] for h in headers if h["broken"]] == []
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 1400
