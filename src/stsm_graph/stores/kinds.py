"""Store kinds by name: the built-in ones, and those other packages register.

A store kind is a name and an *opener*, a callable ``opener(path, **options) -> Store``:
``path`` is where the kind keeps or finds its data (a folder for ``oxigraph``, the query URL
for ``remote``; ``None`` for a store in memory), ``options`` whatever else the kind takes.
The built-in kinds, ``oxigraph``, ``memory`` and ``remote``, are registered here in code, so
they work from a source checkout too; another package adds a kind through the
``stsm_graph.stores`` entry point group, as rdflib's plugins do, in its ``pyproject.toml``::

    [project.entry-points."stsm_graph.stores"]
    fuseki = "my_package.stores:open_fuseki"

and :func:`register_store` adds one at run time (a test's toy store, say). The entry points
are read only when a name is not built in or registered, or when the kinds are listed.

Examples
--------
>>> open_store("memory").kind
'memory'
>>> "oxigraph" in store_kinds()
True
>>> open_store("fuseki")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
stsm_graph.errors.StoreKindError: unknown store 'fuseki'; choose one of oxigraph, memory, remote...
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from importlib.metadata import entry_points
from typing import Any

from stsm_graph.errors import StoreKindError
from stsm_graph.stores.base import Store
from stsm_graph.stores.memory import MemoryStore
from stsm_graph.stores.oxigraph import OxigraphStore

__all__ = [
    "ENTRY_POINT_GROUP",
    "Opener",
    "open_memory",
    "open_oxigraph",
    "open_remote",
    "open_store",
    "register_store",
    "store_kinds",
    "unregister_store",
]

#: the entry point group a package registers its store kinds in
ENTRY_POINT_GROUP = "stsm_graph.stores"

#: makes a store of one kind: ``opener(path, **options)``
Opener = Callable[..., Store]


def open_oxigraph(path: str | None = None) -> Store:
    """Open embedded Oxigraph: in memory, or the on-disk store in the folder ``path``."""
    return OxigraphStore(path)


def open_memory(path: str | None = None) -> Store:
    """Open rdflib's in-memory store (it keeps nothing on disk: ``path`` must be ``None``)."""
    if path is not None:
        raise StoreKindError("the memory store cannot be persisted; use store='oxigraph'")
    return MemoryStore()


def open_remote(path: str | None = None, **options: Any) -> Store:
    """Open a SPARQL 1.1 server: ``path`` is its query URL.

    ``options`` are those of :class:`~stsm_graph.stores.remote.RemoteStore` (``update_url``,
    ``graph``, ``auth``, ...).
    """
    if path is None:
        raise StoreKindError("the remote store needs the query URL of a SPARQL server as its path")
    from stsm_graph.stores.remote import RemoteStore  # its HTTP machinery only when asked for

    return RemoteStore(path, **options)


_BUILT_IN: dict[str, Opener] = {
    "oxigraph": open_oxigraph,
    "memory": open_memory,
    "remote": open_remote,
}
#: kinds added by :func:`register_store`, and entry points once loaded
_REGISTERED: dict[str, Opener] = {}


def register_store(kind: str, opener: Opener) -> None:
    """Make ``kind`` a name :func:`open_store` (and ``Portfolio(store=...)``) opens.

    A kind registered here takes the place of an entry point of the same name; the built-in
    kinds cannot be replaced.

    Raises
    ------
    StoreKindError
        If ``kind`` is a built-in kind, or not a name (letters, digits, ``-``, ``_``).

    Examples
    --------
    >>> from stsm_graph.stores.memory import MemoryStore
    >>> register_store("scratch", lambda path=None: MemoryStore())
    >>> open_store("scratch").kind, "scratch" in store_kinds()
    ('memory', True)
    >>> unregister_store("scratch")
    """
    if kind in _BUILT_IN:
        raise StoreKindError(f"the store kind {kind!r} is built in and cannot be replaced")
    if not kind or not kind.replace("-", "").replace("_", "").isalnum():
        raise StoreKindError(
            f"a store kind is a name of letters, digits, '-' and '_'; got {kind!r}"
        )
    _REGISTERED[kind] = opener


def unregister_store(kind: str) -> None:
    """Forget a kind :func:`register_store` added (an entry point of that name comes back)."""
    _REGISTERED.pop(kind, None)


def _entry_points() -> dict[str, Any]:
    """Return the entry points of :data:`ENTRY_POINT_GROUP` by name (none without metadata)."""
    return {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP)}


def store_kinds() -> tuple[str, ...]:
    """Return the names of every store kind: built in, registered, then from entry points."""
    names = [*_BUILT_IN, *_REGISTERED]
    names += sorted(set(_entry_points()) - set(names))
    return tuple(names)


def _opener(kind: str) -> Opener:
    found = _BUILT_IN.get(kind) or _REGISTERED.get(kind)
    if found is not None:
        return found
    ep = _entry_points().get(kind)
    if ep is None:
        raise StoreKindError(f"unknown store {kind!r}; choose one of {', '.join(store_kinds())}")
    try:
        opener = ep.load()
    except Exception as exc:  # an entry point's module may fail in any way on import
        raise StoreKindError(
            f"the store kind {kind!r} ({ep.value}) could not be loaded: {exc}"
        ) from exc
    if not callable(opener):
        raise StoreKindError(f"the store kind {kind!r} ({ep.value}) is not a callable opener")
    _REGISTERED[kind] = opener
    return opener  # type: ignore[no-any-return]


def open_store(kind: str | Store = "oxigraph", *, path: str | None = None, **options: Any) -> Store:
    """Open a store by kind (see :func:`store_kinds`), or pass a ready one through.

    Parameters
    ----------
    kind
        A store kind's name, or a :class:`~stsm_graph.stores.base.Store`, returned as it is.
    path
        Where the kind keeps or finds its data: a folder (``oxigraph``), the query URL of a
        server (``remote``); ``None`` for a store in memory.
    **options
        Passed to the kind's opener (``update_url=...`` for ``remote``).

    Raises
    ------
    StoreKindError
        For an unknown kind (the message lists the valid ones), or a ``path`` or option the
        kind does not take. A ``ValueError``, as the same mistake was before kinds
        registered.
    """
    if isinstance(kind, Store):
        return kind
    opener = _opener(kind)
    try:
        inspect.signature(opener).bind(path, **options)
    except TypeError as exc:  # an option the opener does not take
        raise StoreKindError(f"the store kind {kind!r} cannot be opened so: {exc}") from exc
    except ValueError:  # a callable without a signature Python can read: just call it
        pass
    store = opener(path, **options)
    if not isinstance(store, Store):
        raise StoreKindError(
            f"the store kind {kind!r} opened a {type(store).__name__}, not a Store"
        )
    return store
