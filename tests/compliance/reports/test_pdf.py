from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import override_settings
from PIL import Image

from compliance.registry.models import GroupEntity
from compliance.reports.fetcher import FetchAttempt, StaticFileFetcher
from compliance.reports.pdf import render_pdf
from tests.compliance.reports.conftest import (
    Nordlicht,
    page_texts,
    pdf_reader,
    render_group_status,
    squeeze,
)
from tests.factories import GroupEntityFactory

pytestmark = pytest.mark.django_db

LABELS = {
    "en": {
        "title": "Group compliance status",
        "lead": "Lead supervisory authority",
        "page": "Page {n} of 4",
        "as_of": "Data as of March 31, 2025",
        "roles_fr": "Controller, Processor",
        "main_yes": "Yes · since Jan. 1, 2019",
        "countries": ("Germany", "France", "Japan"),
        "lead_authority": "LDI NRW — State Commissioner for Data Protection and Freedom of "
        "Information North Rhine-Westphalia (Germany, DE-NW)",
    },
    "de": {
        "title": "Compliance-Status der Unternehmensgruppe",
        "lead": "Federführende Aufsichtsbehörde",
        "page": "Seite {n} von 4",
        "as_of": "Datenstand 31. März 2025",
        "roles_fr": "Verantwortlicher, Auftragsverarbeiter",
        "main_yes": "Ja · seit 1. Januar 2019",
        "countries": ("Deutschland", "Frankreich", "Japan"),
        "lead_authority": "LDI NRW — Landesbeauftragte für Datenschutz und Informationsfreiheit "
        "Nordrhein-Westfalen (Deutschland, DE-NW)",
    },
    "ja": {
        "title": "グループのコンプライアンス状況",
        "lead": "主監督機関",
        "page": "ページ {n} / 4",
        "as_of": "データ基準日 2025年3月31日",
        "roles_fr": "管理者, 処理者",
        "main_yes": "はい · 2019年1月1日 から",
        "countries": ("ドイツ", "フランス", "日本"),
        "lead_authority": "LDI NRW — ノルトライン＝ヴェストファーレン州データ保護・情報自由監察官 "
        "(ドイツ, DE-NW)",
    },
}
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]")


@pytest.mark.parametrize("lang", ["en", "de", "ja"])
def test_group_status_pdf_prints_the_records_with_translated_labels(
    nordlicht: Nordlicht, lang: str
) -> None:
    labels = LABELS[lang]
    germany, france_name, japan_name = labels["countries"]

    pages = [squeeze(t) for t in page_texts(render_group_status(nordlicht.group, lang=lang))]

    assert len(pages) == 4
    for number, page in enumerate(pages, start=1):
        assert squeeze(labels["page"].format(n=number)) in page
        assert squeeze(labels["as_of"]) in page
        assert squeeze(f"Nordlicht Holding AG {labels['title']}") in page  # running header
    summary, hq, france, japan = pages
    assert squeeze(f"{labels['lead']} {labels['lead_authority']}") in summary
    # The table of contents points at the pages the entities landed on.
    assert squeeze("Nordlicht Deutschland GmbH (NL-DE) DE 2") in summary
    assert squeeze("Nordlicht France SAS (NL-FR) FR 3") in summary
    assert squeeze("ノルドリヒト・ジャパン株式会社 (NL-JP) JP 4") in summary
    assert squeeze(f"{germany} (DE) 1") in summary
    assert squeeze(f"{labels['main_yes']}") in hq
    assert squeeze(f"{labels['lead']} {labels['lead_authority']}") in hq
    assert squeeze(f"{france_name} (FR)") in france
    assert squeeze(labels["roles_fr"]) in france
    assert squeeze("Nordlicht Deutschland GmbH (NL-DE)") in france  # parent
    assert squeeze("ノルドリヒト・ジャパン株式会社") in japan
    assert squeeze(f"{japan_name} (JP)") in japan
    assert squeeze("Asia/Tokyo") in japan
    assert squeeze("Hanako Sato") in japan


@pytest.mark.parametrize("lang", ["de", "ja"])
def test_group_status_pdf_in_german_and_japanese_carries_no_english_country_name(
    nordlicht: Nordlicht, lang: str
) -> None:
    text = squeeze(" ".join(page_texts(render_group_status(nordlicht.group, lang=lang))))

    # "France" alone is part of a legal name (Nordlicht France SAS); German writes "Japan".
    english = ["Germany", "France(FR)", "StateCommissioner", *(["Japan"] if lang == "ja" else [])]
    assert [name for name in english if name in text] == []


def _ink(png: Path) -> dict[str, int]:
    """Dark pixels in the header strip, the body, and the left/middle/right of the footer."""
    image = Image.open(png).convert("L")
    width, height = image.size
    strip = height // 12

    def count(left: int, top: int, right: int, bottom: int) -> int:
        return sum(image.crop((left, top, right, bottom)).histogram()[:160])

    third = width // 3
    return {
        "header": count(0, 0, width, strip),
        "body": count(0, strip, width, height - strip),
        "footer_left": count(0, height - strip, third, height),
        "footer_middle": count(third, height - strip, 2 * third, height),
        "footer_right": count(2 * third, height - strip, width, height),
    }


@pytest.mark.parametrize("page", [1, 4])
def test_group_status_pdf_pages_are_not_blank(
    nordlicht: Nordlicht, tmp_path: Path, page: int
) -> None:
    pdf = tmp_path / "status.pdf"
    pdf.write_bytes(render_group_status(nordlicht.group, lang="de"))

    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm is not None, "poppler-utils is a system dependency (make system-deps)"
    subprocess.run(  # noqa: S603 - fixed argv, our own file
        [
            pdftoppm,
            "-r",
            "50",
            "-png",
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            str(pdf),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    ink = _ink(tmp_path / "page.png")

    # A blank page has 0 everywhere; at 50 dpi a line of 8pt text is a few dozen dark pixels.
    assert ink["header"] > 40  # group name, report title
    assert ink["body"] > 1500  # the tables
    assert ink["footer_left"] > 5  # generated at
    assert ink["footer_middle"] > 5  # data as of
    assert ink["footer_right"] > 5  # "Seite X von 4"


def _runs_by_font(pdf: bytes) -> list[tuple[str, str]]:
    runs: list[tuple[str, str]] = []
    for page in pdf_reader(pdf).pages:

        def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
            if text.strip() and font is not None:
                # "/ABCDEF+Noto-Sans-CJK-JP" -> "NotoSansCJKJP" (no subset tag, no separators)
                name = str(font["/BaseFont"]).split("+")[-1]
                runs.append((re.sub(r"[-_ /]", "", name), text))

        page.extract_text(visitor_text=visit)
    return runs


def test_group_status_pdf_prints_japanese_with_a_cjk_font(nordlicht: Nordlicht) -> None:
    runs = _runs_by_font(render_group_status(nordlicht.group, lang="ja"))

    japanese = [(font, text) for font, text in runs if CJK.search(text)]
    assert any("主監督機関" in text for _, text in japanese)
    assert {font for font, _ in japanese} == {"NotoSansCJKJP", "NotoSansCJKJPBold"}
    # In a Japanese report the CJK font comes first for Latin text too (one consistent face).
    assert {font for font, text in runs if "LDI NRW" in text} == {"NotoSansCJKJP"}


def test_group_status_pdf_in_english_keeps_latin_text_in_dejavu(nordlicht: Nordlicht) -> None:
    runs = _runs_by_font(render_group_status(nordlicht.group, lang="en"))

    latin_fonts = {font for font, text in runs if "Lead supervisory" in text}
    japanese_fonts = {font for font, text in runs if CJK.search(text)}
    assert latin_fonts == {"DejaVuSansBold"}
    assert japanese_fonts == {"NotoSansCJKJP", "NotoSansCJKJPBold"}  # cells and the heading


def test_render_pdf_refuses_a_language_without_translations(nordlicht: Nordlicht) -> None:
    with pytest.raises(ValueError, match=r"^Reports are available in en, de, ja; not in 'fr'\.$"):
        render_group_status(nordlicht.group, lang="fr")


HOSTILE_NAME = (
    '<img src="http://example.com/x.png"> <link rel=stylesheet href="file:///etc/passwd"> '
    "url(file:///etc/passwd) <style>body{display:none}</style>"
)


def test_group_status_pdf_prints_markup_in_records_as_text(nordlicht: Nordlicht) -> None:
    GroupEntity.objects.filter(pk=nordlicht.france.pk).update(legal_name=HOSTILE_NAME)
    fetcher = StaticFileFetcher()

    pdf = render_group_status(nordlicht.group, lang="en", fetcher=fetcher)

    pages = [squeeze(t) for t in page_texts(pdf)]
    assert len(pages) == 4
    assert squeeze(f"{HOSTILE_NAME} (NL-FR) FR 3") in pages[0]
    assert squeeze(f"Legal name {HOSTILE_NAME}") in pages[2]
    assert squeeze("Japan (JP)") in pages[3]  # the page after it still prints
    assert fetcher.attempts == [FetchAttempt(url="static:reports/print.css", served=True)]


HOSTILE_TEMPLATE = """<!DOCTYPE html><html lang="en"><head>
<link rel="stylesheet" href="static:reports/print.css">
<link rel="stylesheet" href="file:///etc/passwd">
<style>@import url("https://example.com/x.css");
h1 { background: url(http://example.com/bg.png) }</style>
</head><body><h1>Still printed</h1>
<img src="http://127.0.0.1:9/tracker.png"><img src="data:image/png;base64,iVBORw0KGgo=">
<img src="relative.png"><img src="static:reports/print.css.png">
</body></html>"""


@override_settings(
    TEMPLATES=[
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "OPTIONS": {
                "loaders": [
                    ("django.template.loaders.locmem.Loader", {"hostile.html": HOSTILE_TEMPLATE})
                ]
            },
        }
    ]
)
def test_render_pdf_loads_nothing_but_static_files_even_from_a_template() -> None:
    fetcher = StaticFileFetcher()

    pdf = render_pdf("hostile.html", {}, lang="en", fetcher=fetcher)

    # The relative image is never asked for: without a base URL it cannot be resolved.
    assert sorted((a.url, a.served) for a in fetcher.attempts) == [
        ("data:image/png;base64,iVBORw0KGgo=", False),
        ("file:///etc/passwd", False),
        ("http://127.0.0.1:9/tracker.png", False),
        ("http://example.com/bg.png", False),
        ("https://example.com/x.css", False),
        ("static:reports/print.css", True),
        ("static:reports/print.css.png", False),
    ]
    texts = page_texts(pdf)
    assert len(texts) == 1
    assert texts[0].splitlines()[0] == "Still printed"  # then the footer's page numbers


def test_group_status_pdf_repeats_the_table_header_on_every_page(nordlicht: Nordlicht) -> None:
    for n in range(30):
        GroupEntityFactory(group=nordlicht.group, short_name=f"X{n:02}", country_id="NL")

    pages = page_texts(render_group_status(nordlicht.group, lang="en"))

    # The contents table runs over the first pages (how many depends on the fonts' metrics);
    # each page it continues on starts again with its header row.
    contents = [
        n
        for n, text in enumerate(pages)
        if "Nordlicht Holding AG (NLH)" in text or (text.splitlines()[0] == "Entity Country Page")
    ]
    assert contents == list(range(len(contents)))
    assert len(contents) >= 2
    assert len(pages) == len(contents) + 33
    assert squeeze("Contents Entity Country Page") in squeeze(pages[0])
    assert f"Nordlicht Deutschland GmbH (NL-DE) DE {len(contents) + 1}" in pages[0]
    assert f"Page 2 of {len(pages)}" in pages[1]


def test_report_modules_do_not_import_weasyprint_until_a_pdf_is_rendered() -> None:
    # A fresh interpreter: this test process has long imported WeasyPrint for other tests.
    code = (
        "import sys, django; django.setup()\n"
        "import compliance.reports.views, compliance.management.commands.export_report\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'weasyprint'))\n"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter, fixed code
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"},
        cwd=settings.BASE_DIR,
    )

    assert result.stdout == "[]\n"
