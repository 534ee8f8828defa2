"""Golden tests of the command line: a folder per behaviour (see ``tests/golden_runner.py``).

To add a behaviour, add a folder under ``tests/golden/GROUP/``;
``STSM_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py`` writes what it gives.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from golden_runner import cases, check_case


@pytest.mark.parametrize("case", cases(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_golden(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")  # argparse wraps its usage to the terminal's width
    check_case(case, tmp_path)
