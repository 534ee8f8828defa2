"""Portfolios from elsewhere: ArchiMate models in and out, CPSV-AP catalogues in.

See docs/interop.md.
"""

from __future__ import annotations

from stsm_graph.common.lazy import submodules

#: its other modules (``interop.X``) are imported when first named
__getattr__ = submodules(__name__)
