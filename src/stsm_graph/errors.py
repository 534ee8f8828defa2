"""The one exception hierarchy of stsm-graph.

Every error a user can cause says where (file, entry, field), what was expected,
and what to do next. Each also subclasses the builtin a caller would naturally catch::

    StsmGraphError                      base of everything raised on purpose
    ├── InputError (ValueError)         a file or document could not be accepted
    │   ├── ParseError                  malformed syntax (names the line)
    │   ├── UnknownTermError            an stsm: class or property the vocabulary lacks
    │   ├── UnknownReferenceError       a link to an id that does not exist (near matches)
    │   ├── DuplicateIdError            the same id declared twice
    │   ├── DatatypeError               a value of the wrong type (e.g. a non-numeric target)
    │   ├── BlankNodeError              a blank node in portfolio data
    │   └── NetworkAccessError          a document that would need the network to load
    ├── PortfolioFileNotFoundError (FileNotFoundError)
    ├── UnsupportedFormatError (ValueError)
    ├── UnknownNodeError (KeyError)     a node asked for is not in the portfolio
    ├── OutputError (OSError)           a file to write could not be written (nothing was)
    ├── QueryError (ValueError)         a SPARQL query failed to parse or run
    ├── StoreKindError (ValueError)     a store kind not registered, or opened with a wrong option
    ├── UsageError (ValueError)         a command line the stsm-graph command cannot run
    ├── ViewTooLargeError (ValueError)  a picture would hold too many nodes to draw
    └── StoreError (RuntimeError)       the store itself failed (server down, timeout, ...)

Examples
--------
>>> from stsm_graph.errors import InputError, StsmGraphError
>>> err = InputError("target_value must be a number", file="p.yaml", entry="sl-1",
...                  field="target_value", expected="a decimal number such as 99.9")
>>> print(err)  # doctest: +ELLIPSIS
p.yaml: entry 'sl-1', field 'target_value': target_value must be a number (expected a decimal...)
>>> isinstance(err, ValueError) and isinstance(err, StsmGraphError)
True
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = [
    "BlankNodeError",
    "DatatypeError",
    "DuplicateIdError",
    "InputError",
    "NetworkAccessError",
    "OutputError",
    "ParseError",
    "PortfolioFileNotFoundError",
    "QueryError",
    "StoreError",
    "StoreKindError",
    "StsmGraphError",
    "UnknownNodeError",
    "UnknownReferenceError",
    "UnknownTermError",
    "UnsupportedFormatError",
    "UsageError",
    "ViewTooLargeError",
    "WriteError",
]


class StsmGraphError(Exception):
    """Base class of every error stsm-graph raises on purpose."""


class InputError(StsmGraphError, ValueError):
    """A file or document could not be accepted; nothing was changed.

    Parameters
    ----------
    message
        What is wrong.
    file
        The file the input came from, if any.
    entry
        The entry (id, IRI or line) at fault, if known.
    field
        The field or property at fault, if known.
    expected
        What would have been accepted.
    hint
        What to do next.
    line
        The line of the file (from 1) where the problem is, if known.
    position
        The section and index of the entry in an authoring document (``("needs", 1)``),
        when the entry's id does not tell it (two entries share it); the line of an
        entry is found by it.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        entry: str | None = None,
        field: str | None = None,
        expected: str | None = None,
        hint: str | None = None,
        line: int | None = None,
        position: tuple[str, int] | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.line = line
        self.position = position
        self.entry = entry
        self.field = field
        self.expected = expected
        self.hint = hint
        super().__init__(self._render())

    def at_line(self, line: int | None) -> InputError:
        """Say the line of the file where the problem is (``None``: unknown); return the error.

        Examples
        --------
        >>> str(InputError("bad", file="p.yaml").at_line(3))
        'p.yaml, line 3: bad'
        """
        self.line = line
        self.args = (self._render(),)
        return self

    def _render(self) -> str:
        where = []
        if self.entry is not None:
            where.append(f"entry {self.entry!r}")
        if self.field is not None:
            where.append(f"field {self.field!r}")
        text = self.message
        if where:
            text = ", ".join(where) + ": " + text
        line = getattr(self, "line", None)
        at = f"line {line}" if line is not None else None
        if self.file is not None:
            at = f"{self.file}, {at}" if at else self.file
        if at is not None:
            text = f"{at}: {text}"
        if self.expected:
            text += f" (expected {self.expected})"
        if self.hint:
            text += f". {self.hint}"
        return text

    def __str__(self) -> str:
        return self._render()


class ParseError(InputError):
    """Malformed syntax; ``line`` says where when the parser knows it."""


class UnknownTermError(InputError):
    """A class or property in the ``stsm:`` namespace that the vocabulary does not define."""


class UnknownReferenceError(InputError):
    """A link to an id that no entry declares; ``near`` holds the closest ids."""

    def __init__(self, message: str, *, near: Sequence[str] = (), **kwargs: Any) -> None:
        self.near = list(near)
        if self.near and kwargs.get("hint") is None:
            kwargs["hint"] = "Did you mean " + ", ".join(repr(n) for n in self.near) + "?"
        super().__init__(message, **kwargs)


class DuplicateIdError(InputError):
    """The same id (or IRI) is declared by two entries."""


class DatatypeError(InputError):
    """A value has the wrong datatype, e.g. a target value that is not a number."""


class BlankNodeError(InputError):
    """Portfolio data holds a blank node; every instance must be an IRI."""


class NetworkAccessError(InputError):
    """Loading the document would need the network (remote JSON-LD context, ``owl:imports``)."""


class PortfolioFileNotFoundError(StsmGraphError, FileNotFoundError):
    """The portfolio file or store directory does not exist."""

    def __init__(self, path: str) -> None:
        self.path = path
        super().__init__(f"{path}: no such file; check the path (relative to {_cwd()})")

    def __str__(self) -> str:
        return str(self.args[0])


class OutputError(StsmGraphError, OSError):
    """A file stsm-graph was asked to write could not be written (nothing was)."""

    def __str__(self) -> str:
        return str(self.args[0])


class UnsupportedFormatError(StsmGraphError, ValueError):
    """A serialisation format stsm-graph cannot read or write."""


class UnknownNodeError(StsmGraphError, KeyError):
    """A node that is not in the portfolio; ``near`` holds close matches by label and IRI."""

    def __init__(self, node: str, near: Sequence[str] = (), *, reason: str | None = None) -> None:
        self.node = node
        self.near = list(near)
        msg = f"{node} {reason or 'is not a node of this portfolio'}"
        if self.near:
            msg += ("; one of " if reason else "; did you mean ") + ", ".join(self.near) + "?"
        super().__init__(msg)

    def __str__(self) -> str:
        return str(self.args[0])


class ViewTooLargeError(StsmGraphError, ValueError):
    """A picture that would hold more nodes (``count``) than allowed (``max_nodes``)."""

    def __init__(self, message: str, *, count: int, max_nodes: int) -> None:
        self.count = count
        self.max_nodes = max_nodes
        super().__init__(message)


class QueryError(StsmGraphError, ValueError):
    """A SPARQL query could not be parsed or evaluated."""


class StoreError(StsmGraphError, RuntimeError):
    """The store failed: a server error, a timeout, a refused connection, a full disk."""


class WriteError(StoreError):
    """A write to a SPARQL server failed part way; the error says what is known of it.

    Attributes
    ----------
    acknowledged
        Triples in the requests the server acknowledged (a 2xx answer) before the failure.
    in_flight
        Triples in the request that failed.
    total
        Triples the write was to send.
    known
        Whether the failed request is known not to have been applied: the server answered
        it with an error, or it was never sent whole. Else (a timeout waiting for the
        answer, a connection lost) the server may or may not have applied it.
    state, todo
        What the portfolio's graph holds now, and what to do about it.
    again
        How ``todo`` says to load the file again.
    """

    def __init__(
        self, cause: str, *, acknowledged: int, in_flight: int, total: int, known: bool
    ) -> None:
        self.cause = cause
        self.acknowledged = acknowledged
        self.in_flight = in_flight
        self.total = total
        self.known = known
        self.state = ""
        self.todo = ""
        #: how :attr:`todo` says to load the file again (the command line gives its command)
        self.again = "load the file again"
        super().__init__(cause)

    def explain(self, state: str, todo: str) -> None:
        """Say what the graph holds now, and what to do about it."""
        self.state, self.todo = state, todo

    def __str__(self) -> str:
        text = self.cause.rstrip(". ")
        if self.in_flight and not (self.known and self.acknowledged == 0):
            text += (
                _stop(text) + f"The server acknowledged {self.acknowledged:,} of {self.total:,} "
                "triples "
                "before this request; "
                + (
                    f"the {self.in_flight:,} in it were not written"
                    if self.known
                    else f"the {self.in_flight:,} in it may or may not have been written "
                    "(no answer came)"
                )
            )
        if self.state:
            text += _stop(text) + self.state[0].upper() + self.state[1:]
        if self.todo:
            text += ": " + self.todo.replace("load the file again", self.again, 1)
        return text


def _stop(text: str) -> str:
    """End a sentence before the next: ``". "``, or a space after a question or an exclamation."""
    return " " if text.endswith(("?", "!")) else ". "


class StoreKindError(StsmGraphError, ValueError):
    """A store kind that is not registered, or a path or option its opener does not take."""


class UsageError(StsmGraphError, ValueError):
    """A command line the ``stsm-graph`` command cannot run (found after argument parsing)."""


def _cwd() -> str:
    import os

    return os.getcwd()
