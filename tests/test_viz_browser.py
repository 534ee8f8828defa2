"""The pictures in a real browser: headless Chromium draws them, and runs nothing else.

These tests open the written pages in headless Chromium (``chromium`` on the ``PATH``, or
``STSM_TEST_CHROMIUM``) and read back the page after its scripts ran. They are skipped when
no such browser is installed; ``.ci/run`` installs Debian's ``chromium`` where it can.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from stsm_graph import Portfolio, model
from stsm_graph.analysis import impact
from stsm_graph.viz.picture import impact_view, to_html, traceability_view

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "acme-it-services.ttl"
EVIL = '</script><img src=x onerror="document.title=1">&amp;'
BROWSER = os.environ.get("STSM_TEST_CHROMIUM") or next(
    (b for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None
)

pytestmark = pytest.mark.skipif(BROWSER is None, reason="no headless Chromium installed")


def _open(page: str, tmp_path: Path) -> tuple[str, str]:
    """Return the page's DOM after its scripts ran, and the browser's console messages."""
    assert BROWSER is not None
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    done = subprocess.run(
        [
            BROWSER,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=5000",
            "--dump-dom",
            path.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    console = "\n".join(line for line in done.stderr.splitlines() if ":CONSOLE" in line)
    return done.stdout, console


@pytest.fixture(scope="module")
def example() -> Portfolio:
    p = Portfolio()
    p.load(EXAMPLE)
    return p


def test_the_traceability_picture_is_drawn_without_a_complaint(
    example: Portfolio, tmp_path: Path
) -> None:
    dom, console = _open(to_html(traceability_view(example), title="Traceability"), tmp_path)
    assert "<canvas" in dom  # vis-network ran and drew
    assert console == ""  # no blocked script, no layout warning, no error


def test_the_impact_picture_is_drawn_with_its_legend(example: Portfolio, tmp_path: Path) -> None:
    report = impact(example, "comp-itsm-platform")
    dom, console = _open(to_html(impact_view(example, report), title="Impact"), tmp_path)
    assert "<canvas" in dom and console == ""
    assert '<li class="star">' in dom  # the changed node's star is in the legend


def test_a_label_is_drawn_as_text_and_never_runs(tmp_path: Path) -> None:
    p = Portfolio()
    p.add(model.StandardService(id="s", label=EVIL), base="https://example.org/v/")
    dom, console = _open(to_html(traceability_view(p), title=EVIL, subtitle=EVIL), tmp_path)
    assert "<canvas" in dom and console == ""
    assert "<title>&lt;/script&gt;&lt;img" in dom  # the title was not changed by the label
    assert "<img" not in dom


def test_a_script_that_slipped_into_the_page_is_refused(tmp_path: Path) -> None:
    p = Portfolio()
    p.add(model.StandardService(id="s", label="S"), base="https://example.org/v/")
    page = to_html(traceability_view(p), title="Safe")
    # as if some text had reached the page unescaped: only the page's own scripts may run
    page = page.replace("</body>", '<script>document.title = "ran";</script></body>')
    dom, console = _open(page, tmp_path)
    assert "<title>Safe</title>" in dom
    assert "Content Security Policy" in console
    assert "<canvas" in dom  # the picture itself still draws
