"""Small shared parts below every layer: terms, text made safe, files."""

from __future__ import annotations
