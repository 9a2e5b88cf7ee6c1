"""Printed pages: the ``pdf`` options and the print stylesheet made from them."""

from __future__ import annotations

import datetime as dt

import pytest

from clausebook.core.settings import PdfSettings, Settings, margins_mm, parse_settings
from clausebook.render.labels import Labels
from clausebook.render.printing import footer_lines, print_date_rule, print_stylesheet

AS_OF = dt.date(2026, 12, 1)


def test_pdf_true_still_means_build_pdfs() -> None:
    # The option was a boolean before it became a group: manuals written for it keep working.
    assert Settings.model_validate({"pdf": True}).pdf == PdfSettings(build=True)
    assert Settings.model_validate({"pdf": False}).pdf.build is False
    group = Settings.model_validate({"pdf": {"paper": "Letter", "margins": "1in"}}).pdf
    assert (group.build, group.paper, group.margin_mm()) == (False, "Letter", (25.4,) * 4)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20mm", (20, 20, 20, 20)),
        ("20mm 16mm", (20, 16, 20, 16)),
        ("2cm 1cm 15mm", (20, 10, 15, 10)),
        ("72pt 10mm 1in 5mm", (25.4, 10, 25.4, 5)),
    ],
)
def test_margins_read_as_css_reads_a_shorthand(text: str, expected: tuple[float, ...]) -> None:
    assert margins_mm(text) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("margins", "message"),
    [
        ("20", "'20' is not a length"),
        ("20mm 1mm 2mm 3mm 4mm", "has 5 lengths"),
        ("5mm 16mm", "at least 12mm"),
        ("20mm 16mm 8mm", "at least 12mm"),
    ],
)
def test_bad_margins_are_a_configuration_problem(margins: str, message: str) -> None:
    settings, problems = parse_settings({"pdf": {"margins": margins}})
    assert settings is None
    assert [p.code for p in problems] == ["CB505"]
    assert message in problems[0].message
    assert problems[0].field == "plugins.clausebook.pdf.margins"


def test_unknown_paper_is_refused() -> None:
    settings, problems = parse_settings({"pdf": {"paper": "A5"}})
    assert settings is None and problems[0].field == "plugins.clausebook.pdf.paper"


def test_stylesheet_sets_paper_margins_footer_and_page_numbers() -> None:
    pdf = PdfSettings(paper="Letter", margins="25mm 18mm")
    css = print_stylesheet(pdf, Labels("en"), edition="2026.2", as_of=AS_OF)
    assert "size: Letter;" in css
    assert "margin: 25.0mm 18.0mm 25.0mm 18.0mm;" in css
    assert '"Page " counter(page) " of " counter(pages)' in css
    assert "Edition 2026.2 · as of 2026-12-01" in css
    assert "font-synthesis: none" in css  # no synthetic bold: it would print as Type 3


def test_stylesheet_in_chinese_and_for_a_working_copy() -> None:
    css = print_stylesheet(PdfSettings(), Labels("zh"), edition=None, as_of=AS_OF)
    assert '"第 " counter(page) " 页\\ff0c 共 " counter(pages) " 页"' in css
    assert "工作副本" in css and "size: A4;" in css


def test_print_date_rule_adds_the_date_to_the_last_footer_line() -> None:
    lines = footer_lines(Labels("en"), edition="2026.2", as_of=AS_OF)
    rule = print_date_rule(lines, "Printed on 2026-12-04")
    assert rule.startswith("@page { @bottom-left { content: ")
    assert '"Edition 2026.2 · as of 2026-12-01 · Printed on 2026-12-04"' in rule
    assert r'"\A"' in rule  # the notice on its own line
