"""The service catalog in a real browser: headless Chromium opens it offline, with no console
message and no request leaving the page (skipped without a Chromium, as in test_viz_browser)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from test_viz_browser import BROWSER, _open

from stsm_graph import Portfolio, model
from stsm_graph.analysis import service_catalog
from stsm_graph.report import catalog_html

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "northwind-it-services.yaml"
EVIL = '</style><img src="https://example.com/x.png" onerror="document.title=1">&amp;'

pytestmark = pytest.mark.skipif(BROWSER is None, reason="no headless Chromium installed")


@pytest.fixture(scope="module")
def example() -> Portfolio:
    p = Portfolio()
    p.load(EXAMPLE)
    return p


def _links(dom: str) -> list[str]:
    """Every address the page's elements name in a src or href attribute (text has no "<")."""
    tags = re.findall(r"<[a-zA-Z][^>]*>", dom)
    return [a for tag in tags for a in re.findall(r'\s(?:src|href)="([^"]*)"', tag)]


@pytest.mark.parametrize("audience", ["customer", "provider"])
def test_the_catalog_opens_offline_without_a_complaint(
    example: Portfolio, tmp_path: Path, audience: str
) -> None:
    catalog = service_catalog(example, audience=audience)
    dom, console = _open(catalog_html(catalog, subtitle="example"), tmp_path)
    assert console == ""  # no error, no blocked load
    # nothing on the page points anywhere but at its own sections
    assert all(link.startswith(("#line-", "#system-")) for link in _links(dom))
    assert "<script" not in dom
    text = html.unescape(dom)
    for service in catalog.services():
        assert service.label in text
    assert "Coming: expected 2025-10-01" in text
    # IRIs only in title attributes, never as text
    assert "https://example.org/northwind/" not in re.sub(r'title="[^"]*"', "", dom)


def test_a_label_is_shown_as_text_and_loads_nothing(tmp_path: Path) -> None:
    p = Portfolio()
    p.add(
        model.ServiceLine(id="l", label=EVIL),
        model.StandardService(id="s", label=EVIL, in_service_line=["l"]),
        base="https://example.org/v/",
    )
    dom, console = _open(catalog_html(service_catalog(p), subtitle=EVIL), tmp_path)
    assert console == ""
    assert "<img" not in dom
    assert _links(dom) == ["#line-1"]
    assert "&lt;img" in dom
