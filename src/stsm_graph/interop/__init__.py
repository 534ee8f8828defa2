"""Portfolios from elsewhere: ArchiMate exchange files in and out (docs/interop.md)."""
