"""Portfolios from elsewhere: ArchiMate models in and out, CPSV-AP catalogues in (docs/interop.md)."""
