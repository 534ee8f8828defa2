"""Headless Chromium for the tests that open pages: the page's DOM after its scripts ran,
its console messages, and every URL it asked for.

The browser is ``STSM_TEST_CHROMIUM`` or the first of ``chromium``, ``chromium-browser`` and
``google-chrome`` on the ``PATH`` (``None``: the browser tests skip; ``.ci/run`` installs
Debian's ``chromium`` where it can). Names resolve nowhere, and the browser's own background
traffic is off, so what the network log holds is what the page asked for.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

__all__ = ["BROWSER", "open_page"]

BROWSER = os.environ.get("STSM_TEST_CHROMIUM") or next(
    (b for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None
)

#: Chromium's traffic annotation of the requests a page's resource loader makes
_PAGE_LOADS = 101845102


def open_page(page: Path, tmp_path: Path) -> tuple[str, str, list[str]]:
    """Return the page's DOM, the console messages, and every URL the page asked for."""
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
