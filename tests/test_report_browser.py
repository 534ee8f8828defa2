"""The report site in a real browser: it opens offline, without a complaint, fetching nothing.

Headless Chromium (``chromium`` on the ``PATH``, or ``STSM_TEST_CHROMIUM``) opens each page
the ``report`` command wrote, with a network log: no request may go anywhere but the page's
own files, and the console must stay silent (a Content-Security-Policy refusal is a console
error). Skipped when no such browser is installed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from cli_runner import run

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "acme-it-services.yaml"
BROWSER = os.environ.get("STSM_TEST_CHROMIUM") or next(
    (b for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None
)

#: Chromium's traffic annotation of the requests a page's resource loader makes
_PAGE_LOADS = 101845102

pytestmark = pytest.mark.skipif(BROWSER is None, reason="no headless Chromium installed")


def _open(page: Path, tmp_path: Path) -> tuple[str, str, list[str]]:
    """Return the page's DOM, the console messages, and every URL the browser asked for."""
    assert BROWSER is not None
    log = tmp_path / f"{page.stem}.netlog.json"
    done = subprocess.run(
        [
            BROWSER,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            # the browser's own traffic (updates, time, dictionaries) is not the page's
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-default-apps",
            "--disable-features=SpellCheck,OptimizationHints,MediaRouter",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--enable-logging=stderr",
            "--v=0",
            f"--log-net-log={log}",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--virtual-time-budget=5000",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    )
    console = "\n".join(line for line in done.stderr.splitlines() if ":CONSOLE" in line)
    assert log.exists()
    # every URL a page asked for: requests the page's resource loader made (Chromium's
    # traffic annotation of Blink's loads), not the browser's own (updates, time); the log
    # may be cut short at exit, so it is searched, not parsed whole
    text = log.read_text("utf-8", "replace")
    pattern = rf'"traffic_annotation":{_PAGE_LOADS},"url":("(?:[^"\\]|\\.)*")'
    urls = [json.loads(found.group(1)) for found in re.finditer(pattern, text)]
    return done.stdout, console, urls


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "report"
    code, _stdout, err = run("report", str(EXAMPLE), "-o", str(out))
    assert code == 0, err
    return out


@pytest.mark.parametrize("name", ["index.html", "traceability.html", "impact-hub.html"])
def test_each_page_opens_offline_without_a_complaint(site: Path, tmp_path: Path, name: str) -> None:
    dom, console, urls = _open(site / name, tmp_path)
    assert "</html>" in dom.lower() or "<body" in dom.lower()
    assert console == ""
    leaving = [u for u in urls if not u.startswith(("file:", "data:", "about:", "chrome"))]
    assert leaving == []


def test_the_front_page_reads_top_down(site: Path, tmp_path: Path) -> None:
    dom, _console, _urls = _open(site / "index.html", tmp_path)
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
    _dom, _console, urls = _open(page, tmp_path)
    assert urls == ["http://leak.invalid/x.png"]
