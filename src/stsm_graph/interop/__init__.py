"""Portfolios from elsewhere: ArchiMate models in and out, CPSV-AP catalogues in.

See docs/interop.md.
"""
