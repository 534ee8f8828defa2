"""Where the graph lives: the store port, its kinds, and the stores themselves."""

from __future__ import annotations

from stsm_graph.stores.base import Reach, Rows, Store
from stsm_graph.stores.memory import MemoryStore
from stsm_graph.stores.oxigraph import OxigraphStore, is_store_directory

__all__ = ["MemoryStore", "OxigraphStore", "Reach", "Rows", "Store", "is_store_directory"]
