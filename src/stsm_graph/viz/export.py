"""A picture as an image: a PNG screenshot of its page, taken by a headless Chromium.

The page is drawn on a canvas by vis-network, so the image is what a browser shows: the
library asks an installed Chromium (``STSM_CHROMIUM``, or ``chromium``, ``chromium-browser``
or ``google-chrome`` on the ``PATH``) to open the written page and take its screenshot. There
is no SVG: the picture has no vector form to give honestly.

Examples
--------
>>> EXPORTS
('png',)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from stsm_graph.errors import OutputError

__all__ = ["EXPORTS", "find_browser", "save_png"]

#: the image formats a picture can be exported to
EXPORTS = ("png",)
_BROWSERS = ("chromium", "chromium-browser", "google-chrome")


def find_browser() -> str | None:
    """Return the headless browser to draw with: ``STSM_CHROMIUM``, or one on the ``PATH``."""
    return os.environ.get("STSM_CHROMIUM") or next(
        (found for name in _BROWSERS if (found := shutil.which(name))), None
    )


def save_png(
    page: str | os.PathLike[str],
    path: str | os.PathLike[str],
    *,
    size: tuple[int, int] = (1600, 1000),
    fragment: str = "",
) -> None:
    """Write a screenshot of the HTML page at ``page`` (a written picture) to ``path``.

    Parameters
    ----------
    page
        The page's file, as :func:`stsm_graph.viz.save_html` wrote it.
    path
        The PNG file to write.
    size
        The browser window's width and height, in pixels.
    fragment
        A fragment for the page's address (``"matrices"`` shows the matrices tab).

    Raises
    ------
    OutputError
        If no headless Chromium is installed, or it could not draw the page; nothing is
        written then.
    """
    browser = find_browser()
    if browser is None:
        raise OutputError(
            "a PNG is drawn by a headless Chromium and none is installed: install chromium "
            "(or set STSM_CHROMIUM to one), or open the HTML page and take a screenshot"
        )
    target = Path(path).resolve()
    address = Path(page).resolve().as_uri() + (f"#{fragment}" if fragment else "")
    with tempfile.TemporaryDirectory(prefix="stsm-png-") as tmp:
        shot = Path(tmp) / "shot.png"
        try:
            subprocess.run(
                [
                    browser,
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--no-first-run",
                    "--hide-scrollbars",
                    f"--user-data-dir={Path(tmp) / 'profile'}",
                    "--virtual-time-budget=5000",
                    f"--window-size={size[0]},{size[1]}",
                    f"--screenshot={shot}",
                    address,
                ],
                capture_output=True,
                timeout=120,
                check=True,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise OutputError(f"{browser} could not draw {page}: {exc}") from exc
        if not shot.is_file():
            raise OutputError(f"{browser} drew no screenshot of {page}")
        try:
            shutil.move(str(shot), target)
        except OSError as exc:
            raise OutputError(f"cannot write {target}: {exc}") from exc
