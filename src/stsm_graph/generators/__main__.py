"""Regenerate every generated file: ``python -m stsm_graph.generators`` from the repository root.

In order: the vocabulary's code, shapes and reference (:mod:`.generate`), the shared rules in
the packaged queries (:mod:`.rules`), then the query cookbook (:mod:`.cookbook`), which runs
the queries the rules wrote, and the reference of the YAML format (:mod:`.yaml_format`, in a
new interpreter, so that it reads the models just written).
"""

from __future__ import annotations

import subprocess
import sys

from stsm_graph.generators import cookbook, generate, rules


def main(root: str = ".") -> int:
    """Run every generator under ``root`` (the repository root); return the exit status."""
    return generate.main(root) or rules.main(root) or cookbook.main(root) or _yaml_format(root)


def _yaml_format(root: str) -> int:
    """Write ``docs/yaml-format.md`` in a new interpreter (the models may have just changed)."""
    command = [sys.executable, "-m", "stsm_graph.generators.yaml_format", root]
    return subprocess.run(command, check=False).returncode


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(*sys.argv[1:]))
