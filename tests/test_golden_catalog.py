"""Golden tests of the ``catalog`` and ``init`` commands (see ``tests/golden_runner.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from golden_runner import cases, check_case


@pytest.mark.parametrize(
    "case", cases("catalog", "init"), ids=lambda p: f"{p.parent.name}/{p.name}"
)
def test_golden(case: Path, tmp_path: Path) -> None:
    check_case(case, tmp_path)
