"""The write path of a remote store: loads in batches, a graph replaced, what a failure knows.

:class:`RemoteWrites` is a part of :class:`stsm_graph.stores.remote.RemoteStore`: it turns the
triples
of a staging area (:class:`~stsm_graph.stores.staging.Staging`) into ``INSERT DATA`` requests of
:attr:`~RemoteWrites.batch_size` triples, replaces the portfolio's graph through a temporary one
(:meth:`RemoteWrites.replace_from`), and
says, when a request fails, what the server acknowledged and what is not known
(:class:`WriteError`). Sending a request is the store's (``_send_update``, which follows no
redirect: only a 2xx from the server asked acknowledges a write).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

from rdflib.term import Node

from stsm_graph.common.terms import sparql_term
from stsm_graph.errors import QueryError, StoreError, WriteError
from stsm_graph.stores.http_client import NotSentError, RefusedError
from stsm_graph.stores.staging import Staging

__all__ = ["Progress", "RemoteWrites", "WriteError", "too_large"]

#: called after each batch with (triples written so far, total)
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class _Batch:
    """One ``INSERT DATA``/``DELETE DATA`` request: its triples, into ``graph``, after ``first``."""

    lines: list[str]
    first: str
    verb: str
    graph: str | None


#: what servers say when a request is too large for them: Virtuoso's SP030 (memory exhausted)
#: and SP031 (generated SQL text too long), an HTTP 413
_TOO_LARGE = re.compile(
    r"\bSP030\b|SP031\b.*too long|memory exhausted|HTTP 413|too large", re.IGNORECASE
)


#: what a server says when it writes no triple to its default graph (Virtuoso's SP031)
_DEFAULT_GRAPH = re.compile(r"default graph", re.IGNORECASE)
_NAME_A_GRAPH = (
    "load it into a named graph instead (--graph IRI on the command line, graph= in Python), "
    "and give the same graph to every command that reads it"
)


def too_large(exc: Exception) -> bool:
    """Tell whether the server refused a request for its size (and did not apply it).

    Examples
    --------
    >>> too_large(StoreError("... failed (HTTP 500): Virtuoso 42000 Error SP030: ... memory "
    ...                      "exhausted"))
    True
    >>> too_large(StoreError("... Error SP031: No plain default graph specified"))
    False
    """
    timed_out = isinstance(exc.__cause__, TimeoutError)  # no answer: nothing to split
    return not timed_out and bool(_TOO_LARGE.search(server_text(exc)))


def server_text(exc: BaseException) -> str:
    """Return the whole text of the server's refusal behind ``exc`` (else its message)."""
    seen: BaseException | None = exc
    while seen is not None:
        found = getattr(seen, "server_text", None)
        if isinstance(found, str):
            return found
        seen = seen.__cause__
    return str(exc)


def _not_applied(exc: StoreError) -> bool:
    """Tell whether a failed request is known not to have been applied by the server.

    An answer that is not a 2xx (:class:`RefusedError`: the server refused the request), or a
    request that could not be sent whole (:class:`NotSentError`), is known; a timeout
    waiting for the answer, or a connection lost while reading it, leaves it unknown.
    """
    return isinstance(exc.__cause__, RefusedError | NotSentError)


def _written(exc: WriteError) -> str:
    """Say what part of a file a failed write left in the graph, as far as it is known."""
    if exc.known or not exc.in_flight:
        return f"first {exc.acknowledged:,} triples"
    return f"first {exc.acknowledged:,} to {exc.acknowledged + exc.in_flight:,} triples"


class RemoteWrites:
    """The writes of a remote store (a part of :class:`stsm_graph.stores.remote.RemoteStore`)."""

    graph: str | None
    update_url: str | None
    batch_size: int
    progress: Progress | None

    def _send_update(self, sparql: str) -> None:
        raise NotImplementedError  # the store's: one update request, no redirect followed

    def ask(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> bool:
        """Run an ``ASK`` query (the store's)."""
        raise NotImplementedError

    def _target(self, graph: str | None) -> str:
        return f"GRAPH <{graph}>" if graph else "DEFAULT"

    def _data(self, lines: list[str], verb: str, graph: str | None) -> str:
        body = "\n".join(lines)
        if graph:
            body = f"GRAPH <{graph}> {{\n{body}\n}}"
        return f"{verb} DATA {{\n{body}\n}}"

    def _write(
        self,
        lines: Iterable[str],
        total: int,
        verb: str = "INSERT",
        *,
        graph: str | None = None,
        first: str = "",
    ) -> None:
        """Send ``lines`` in batches into ``graph``; ``first`` goes before the first batch.

        Raises
        ------
        WriteError
            If a batch fails: what the server acknowledged before it, and whether the
            failed batch's outcome is known.
        """
        batch: list[str] = []
        done = 0
        size = self.batch_size  # smaller once the server refused a batch for its size
        try:
            for line in lines:
                batch.append(line)
                if len(batch) >= size:
                    size = self._flush(_Batch(batch, first, verb, graph), done, total)
                    done += len(batch)
                    batch, first = [], ""
            if batch or first:
                self._flush(_Batch(batch, first, verb, graph), done, total)
        finally:
            # a generator over a pyoxigraph store is closed here, on this thread: pyoxigraph's
            # iterators must not be freed on another (the error's traceback would keep it)
            close = getattr(lines, "close", None)
            if close is not None:
                close()

    def _flush(self, batch: _Batch, done: int, total: int) -> int:
        """Send one batch; return the most triples the server took in one request.

        A batch the server refuses for its size (:func:`too_large`) is split in two halves,
        each sent (and split again) in turn; ``first`` goes with the first half.
        """
        size = len(batch.lines)
        try:
            self._send_update(batch.first + self._data(batch.lines, batch.verb, batch.graph))
        except (StoreError, QueryError) as exc:
            if size > 1 and too_large(exc):
                half = size // 2
                head = _Batch(batch.lines[:half], batch.first, batch.verb, batch.graph)
                tail = _Batch(batch.lines[half:], "", batch.verb, batch.graph)
                took = self._flush(head, done, total)
                return max(took, self._flush(tail, done + half, total))
            if not isinstance(exc, StoreError):
                raise
            raise WriteError(
                str(exc), acknowledged=done, in_flight=size, total=total, known=_not_applied(exc)
            ) from exc
        if self.progress is not None:
            self.progress(done + size, total)
        return max(size, 1)

    def add_from(self, staging: Staging) -> None:
        """Add the staging store's triples to the portfolio's graph in ``INSERT DATA`` batches.

        Raises
        ------
        WriteError
            If a batch fails. The batches the server acknowledged before it stay written:
            the message says how many triples, whether the failed batch's outcome is known
            (an error answer: not written; a timeout or a lost connection: unknown), and how
            to clear the graph.
        """
        graph = self._graph_name()
        try:
            with self._landing(staging):
                self._write(staging.ntriples_lines(), len(staging), graph=self.graph)
        except WriteError as exc:
            if exc.known and exc.acknowledged == 0:
                exc.explain(f"{graph} was not changed", "")
            else:
                exc.explain(
                    f"{graph} holds what it held and the {_written(exc)} of the file",
                    "load the file again without append, to replace the graph with it, or "
                    f"clear the graph: {self._drop_hint(self.graph)}",
                )
            raise

    def replace_from(self, staging: Staging) -> None:
        """Replace the portfolio's graph on the server with the staging store's triples.

        Nothing is removed until the server holds the whole file:

        - a file of one batch (:attr:`batch_size` triples or fewer) goes as one request,
          ``DROP SILENT <graph> ; INSERT DATA { ... }``;
        - into an empty graph the batches go straight in; if one fails the graph is
          dropped again, so it is left as empty as it was;
        - else the batches go into a fresh temporary named graph (``urn:stsm:loading:...``),
          which then takes the portfolio's place in one request, ``MOVE <tmp> TO <graph>``;
          if a batch or the move fails, the temporary graph is dropped and the portfolio is
          as it was.

        Oxigraph runs one request as one transaction, as most servers do, so readers see the
        old graph or the new one, never a mixture (except while an empty graph fills); on a
        server that does not, a ``MOVE`` may be seen half done. A ``MOVE`` costs the server
        time in proportion to the graph (Oxigraph: about three times the inserts): a large
        replacement may need a longer ``timeout``.
        On a server whose default graph is the union of the named graphs, the portfolio in
        the default graph shows the temporary graph's triples while they are written.

        Raises
        ------
        WriteError
            If a request fails: the message says what the graph holds now, or that the
            outcome is unknown (a timeout), and what to send to clear the leftovers.
        """
        with self._landing(staging):
            self._replace(staging)

    def _replace(self, staging: Staging) -> None:
        total = len(staging)
        graph = self._graph_name()
        if total <= self.batch_size:
            first = f"DROP SILENT {self._target(self.graph)} ;\n"
            try:
                self._write(staging.ntriples_lines(), total, graph=self.graph, first=first)
            except WriteError as exc:
                if exc.known:
                    exc.explain(f"{graph} was not changed", "")
                else:
                    exc.explain(
                        f"the server gave no answer: {graph} holds either what it held or the "
                        "whole file (if the server runs one request as one transaction)",
                        "load the file again to be sure",
                    )
                raise
            return
        if not self.ask("ASK { ?s ?p ?o }"):
            try:
                self._write(staging.ntriples_lines(), total, graph=self.graph)
            except WriteError as exc:
                dropped = self._drop_quietly(self.graph)
                if dropped is True:
                    exc.explain(f"{graph} was empty, and was emptied again", "load the file again")
                else:
                    exc.explain(
                        f"{graph} was empty and now holds the {_written(exc)} of the file; "
                        f"emptying it failed too ({dropped})",
                        f"load the file again, or clear the graph: {self._drop_hint(self.graph)}",
                    )
                raise
            return
        temporary = f"urn:stsm:loading:{uuid.uuid4()}"
        try:
            self._write(staging.ntriples_lines(), total, graph=temporary)
        except WriteError as exc:
            self._tidy(exc, f"{graph} was not changed", temporary)
            raise
        try:
            self._send_update(f"MOVE GRAPH <{temporary}> TO {self._target(self.graph)}")
        except StoreError as err:
            known = _not_applied(err)
            failed = WriteError(str(err), acknowledged=total, in_flight=0, total=total, known=known)
            if known:
                self._tidy(failed, f"{graph} was not changed", temporary)
            else:
                failed.explain(
                    "the server gave no answer to the update that puts the file in the place "
                    f"of {graph}: it holds either what it held or the whole file, and the "
                    f"temporary graph <{temporary}> may remain",
                    f"load the file again, and drop the temporary graph: "
                    f"{self._drop_hint(temporary)}",
                )
            raise failed from err

    @contextmanager
    def _landing(self, staging: Staging) -> Iterator[None]:
        """Around a load into the server's default graph: make sure the triples landed there.

        Some servers write no triple to their default graph (Virtuoso refuses ``INSERT DATA``
        without ``GRAPH``; another may take it and keep nothing): a refusal that says so
        gets the advice to load into a named graph, and a load the server took is checked by
        asking for its first triple.

        Raises
        ------
        StoreError
            If the server acknowledged the load but does not hold its first triple.
        """
        if self.graph is not None or not len(staging):
            yield
            return
        try:
            yield
        except WriteError as exc:
            if exc.known and _DEFAULT_GRAPH.search(exc.cause + server_text(exc)):
                exc.explain("the server writes no triple to its default graph", _NAME_A_GRAPH)
            raise
        except QueryError as exc:  # a 400: the server refused the update
            if _DEFAULT_GRAPH.search(str(exc) + server_text(exc)):
                raise StoreError(
                    f"{exc}. The server writes no triple to its default graph, and the default "
                    f"graph was not changed: {_NAME_A_GRAPH}"
                ) from exc
            raise
        lines = staging.ntriples_lines()
        try:
            first = next(iter(lines)).removesuffix(" .")
        finally:
            getattr(lines, "close", lambda: None)()  # on this thread (see _write)
        if not self.ask(f"ASK {{ {first} }}"):
            raise StoreError(
                f"the SPARQL endpoint {self.update_url} acknowledged the load into its default "
                f"graph, but a query to it does not find the triples: {_NAME_A_GRAPH}"
            )

    def _tidy(self, exc: WriteError, state: str, temporary: str) -> None:
        """Drop the temporary graph after a failure, and say so in ``exc``."""
        dropped = self._drop_quietly(temporary)
        if dropped is True:
            exc.explain(f"{state}; the temporary graph was dropped", "load the file again")
        else:
            exc.explain(
                f"{state}; the temporary graph <{temporary}> could not be dropped ({dropped})",
                f"load the file again, and drop the temporary graph: {self._drop_hint(temporary)}",
            )

    def _drop_hint(self, graph: str | None) -> str:
        return f"send the update `{self._drop(graph)}` to {self.update_url}"

    def _graph_name(self) -> str:
        return f"the graph <{self.graph}>" if self.graph else "the default graph"

    def _drop(self, graph: str | None) -> str:
        return f"DROP SILENT {self._target(graph)}"

    def _drop_quietly(self, graph: str | None) -> bool | str:
        """Drop ``graph`` after a failure; return True, or why it failed."""
        try:
            self._send_update(self._drop(graph))
        except StoreError as exc:
            return str(exc)
        return True

    def add_triples(self, triples: Iterable[tuple[Node, Node, Node]]) -> None:
        """Insert rdflib triples."""
        items = [f"{sparql_term(s)} {sparql_term(p)} {sparql_term(o)} ." for s, p, o in triples]
        self._write(items, len(items), graph=self.graph)

    def remove_triples(self, triples: Iterable[tuple[Node, Node, Node]]) -> None:
        """Delete rdflib triples."""
        items = [f"{sparql_term(s)} {sparql_term(p)} {sparql_term(o)} ." for s, p, o in triples]
        self._write(items, len(items), verb="DELETE", graph=self.graph)

    def clear(self) -> None:
        """Remove every triple of the portfolio's graph on the server."""
        self._send_update(self._drop(self.graph))
