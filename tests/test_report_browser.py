"""The report site in a real browser: it opens offline, without a complaint, fetching nothing.

Headless Chromium (``chromium`` on the ``PATH``, or ``STSM_TEST_CHROMIUM``) opens each page
the ``report`` command wrote, with a network log: no request may go anywhere but the page's
own files, and the console must stay silent (a Content-Security-Policy refusal is a console
error). Skipped when no such browser is installed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser import BROWSER, open_page
from cli_runner import run

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "northwind-it-services.yaml"
pytestmark = pytest.mark.skipif(BROWSER is None, reason="no headless Chromium installed")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "report"
    code, _stdout, err = run("report", str(EXAMPLE), "-o", str(out))
    assert code == 0, err
    return out


@pytest.mark.parametrize("name", ["index.html", "traceability.html", "impact-hub.html"])
def test_each_page_opens_offline_without_a_complaint(site: Path, tmp_path: Path, name: str) -> None:
    dom, console, urls = open_page(site / name, tmp_path)
    assert "</html>" in dom.lower() or "<body" in dom.lower()
    assert console == ""
    leaving = [u for u in urls if not u.startswith(("file:", "data:", "about:", "chrome"))]
    assert leaving == []


def test_the_front_page_reads_top_down(site: Path, tmp_path: Path) -> None:
    dom, _console, _urls = open_page(site / "index.html", tmp_path)
    order = [
        "What the portfolio holds",
        "Coverage, worst first",
        "Unmet needs",
        "Partially met needs",
        "Orphaned services",
        "Integrity findings and shape validation",
        "Impact hubs",
        "Strategy",
        "Pictures and matrices",
    ]
    positions = [dom.index("<h2>" + h) for h in order]
    assert positions == sorted(positions)
    assert "Fabrikam Manufacturing" in dom  # labels, not IRIs, where a person reads


def test_a_request_leaving_the_page_would_be_seen(tmp_path: Path) -> None:
    page = tmp_path / "leak.html"
    page.write_text('<html><body><img src="http://leak.invalid/x.png"></body></html>', "utf-8")
    _dom, _console, urls = open_page(page, tmp_path)
    assert urls == ["http://leak.invalid/x.png"]
