"""``python -m stsm_graph.cli``: the ``stsm-graph`` command, run as a module."""

from __future__ import annotations

import sys

from stsm_graph.cli.main import main

sys.exit(main())
