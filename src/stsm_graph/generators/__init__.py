"""Developer tools that write the generated files; not imported at run time."""

from __future__ import annotations
