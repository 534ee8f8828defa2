"""Pre-bound variables written into a query's text, as the embedded stores bind them.

The embedded stores bind variables by substitution (Oxigraph's, after SPARQL-dev SEP-0007;
rdflib's ``initBindings`` agrees on what follows): the variable takes the value everywhere
it is the same variable, that is, in the query's own pattern and in every sub-``SELECT``
that projects it, however deeply nested, but not in a sub-``SELECT`` that keeps its own
variable of that name out of its projection. A server gets the same answer from a
``VALUES`` block at the head of each of those groups: the query's ``WHERE`` group, and the
``WHERE`` group of each sub-``SELECT`` that projects the variable (by name or by ``*``). The
outermost block makes ``OPTIONAL``, ``MINUS``, ``EXISTS`` and ``UNION`` below it see the
value, as substitution does; the inner ones make a sub-``SELECT``'s ``LIMIT`` or aggregate
apply to the bound value only. A query with no group (``DESCRIBE <x>``, the short
``CONSTRUCT WHERE``) takes a trailing ``VALUES`` clause.

The query is read by its tokens, on its masked text (:func:`stsm_graph.stores.base.mask_sparql`):
a brace or a keyword inside an IRI, a string or a comment is not one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from rdflib.term import Node

from stsm_graph.common.terms import sparql_term
from stsm_graph.errors import QueryError
from stsm_graph.stores.base import mask_sparql

__all__ = ["inject_values"]

#: the tokens that matter: braces, parentheses, variables, ``*``, words; a prefixed name
#: (``ex:select``), a blank node label and a language tag are read whole, so never taken
#: for a keyword
_TOKEN = re.compile(
    r"[{}()*]|[?$][\w\u00b7\u0300-\u036f\u203f\u2040]+|@[\w-]+"
    r"|[\w.-]*:[^\s{}()<>\"',;]*|[A-Za-z_]\w*"
)
_FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def inject_values(query: str, bindings: Mapping[str, Node]) -> str:
    """Pre-bind variables by ``VALUES`` blocks, as the embedded stores' substitution does.

    Raises
    ------
    QueryError
        If a name is not a SPARQL variable name, or a ``SELECT`` does not project a bound
        variable (the embedded stores' rule).

    Examples
    --------
    >>> from rdflib import Literal, URIRef
    >>> inject_values("SELECT ?s ?p WHERE { ?s ?p ?o }", {"p": URIRef("urn:p")})
    'SELECT ?s ?p WHERE { VALUES (?p) { (<urn:p>) } ?s ?p ?o }'
    >>> inject_values("ASK { ?s ?p ?o }", {"s": URIRef("urn:s")})
    'ASK { VALUES (?s) { (<urn:s>) } ?s ?p ?o }'
    >>> inject_values("SELECT ?x ?l { ?x <urn:label> ?l { SELECT ?x WHERE { ?x a <urn:S> } } }",
    ...               {"l": Literal("A")})
    'SELECT ?x ?l { VALUES (?l) { ("A") } ?x <urn:label> ?l { SELECT ?x WHERE { ?x a <urn:S> } } }'
    """
    if not bindings:
        return query
    for name in bindings:
        if not _NAME.fullmatch(name):
            raise QueryError(f"{name!r} is not a SPARQL variable name")
    inserts = _Reader(query, frozenset(bindings)).inserts()
    out, last = [], 0
    for at, kind, names in sorted(inserts, key=lambda item: item[0]):
        out.append(query[last:at])
        block = _values(names, bindings)
        out.append(
            {"head": " " + block, "open": " " + block + " {", "close": "} ", "tail": "\n" + block}[
                kind
            ]
        )
        last = at
    out.append(query[last:])
    return "".join(out)


def _values(names: frozenset[str], bindings: Mapping[str, Node]) -> str:
    ordered = sorted(names)
    return (
        "VALUES ("
        + " ".join(f"?{n}" for n in ordered)
        + ") { ("
        + " ".join(sparql_term(bindings[n]) for n in ordered)
        + ") }"
    )


class _Reader:
    """The places a query takes ``VALUES`` blocks: ``(offset, kind, names)``.

    ``head`` goes after a group's ``{``; a group that is a bare sub-``SELECT`` takes
    ``open`` after its ``{`` and ``close`` before its ``}`` (a new group around the
    sub-``SELECT``); ``tail`` goes at the end of the query.
    """

    def __init__(self, query: str, names: frozenset[str]) -> None:
        masked = mask_sparql(query)
        self.end = len(query)
        self.names = names
        self.tokens = [(m.group(), m.start()) for m in _TOKEN.finditer(masked)]
        self.words = [t.upper() if _NAME.fullmatch(t) else t for t, _ in self.tokens]
        self.match: dict[int, int] = {}
        stack: list[int] = []
        for i, word in enumerate(self.words):
            if word == "{":
                stack.append(i)
            elif word == "}" and stack:
                self.match[stack.pop()] = i
        self.found: list[tuple[int, str, frozenset[str]]] = []

    def inserts(self) -> list[tuple[int, str, frozenset[str]]]:
        words = self.words
        form = next((i for i, w in enumerate(words) if w in _FORMS), None)
        if form is None:
            raise QueryError("cannot bind variables: no SELECT, ASK, CONSTRUCT or DESCRIBE")
        group: int | None
        if words[form] == "SELECT":
            group, plain, named, star = self._projection(form, len(words))
            self._check(plain | named, star)
        elif words[form] == "CONSTRUCT" and self._word(form + 1) == "{":
            group = self._next_brace(self.match.get(form + 1, len(words)) + 1)
        elif words[form] == "CONSTRUCT":  # CONSTRUCT WHERE { triples }: no VALUES inside
            group = None
        else:
            group = self._next_brace(form + 1)
        if group is None or group not in self.match:
            self.found.append((self.end, "tail", self.names))
        else:
            self._group(group, self.names, inject=True)
        return self.found

    # ------------------------------------------------------------------ inside
    def _word(self, i: int) -> str:
        return self.words[i] if i < len(self.words) else ""

    def _next_brace(self, start: int) -> int | None:
        """Return the first ``{`` from ``start`` outside parentheses."""
        depth = 0
        for i in range(start, len(self.words)):
            word = self.words[i]
            depth += (word == "(") - (word == ")")
            if word == "{" and depth == 0:
                return i
        return None

    def _projection(
        self, select: int, end: int
    ) -> tuple[int | None, frozenset[str], frozenset[str], bool]:
        """Return a ``SELECT``'s group, its plain and its ``AS`` variables, and ``*``."""
        plain: set[str] = set()
        named: set[str] = set()
        star, depth, i = False, 0, select + 1
        while i < end:
            word = self.words[i]
            if word == "{" and depth == 0:
                return i, frozenset(plain), frozenset(named), star
            if word == "{":
                i = self.match.get(i, end)  # EXISTS { ... } in an expression
            elif word == "(":
                depth += 1
            elif word == ")":
                depth -= 1
            elif word == "*" and depth == 0:
                star = True
            elif word[0] in "?$":
                (plain if depth == 0 else named).add(word[1:])
            i += 1
        return None, frozenset(plain), frozenset(named), star

    def _check(self, projected: frozenset[str], star: bool) -> None:
        """Refuse what the embedded stores refuse: a bound variable a SELECT does not show."""
        mentioned = {w[1:] for w in self.words if w[0] in "?$"}
        for name in sorted(self.names):
            if name not in (mentioned if star else projected):
                raise QueryError(
                    f"the SPARQL query does not contain variable ?{name} in its SELECT "
                    "projection; a bound variable must also appear in the SELECT clause"
                )

    def _group(self, open_: int, names: frozenset[str], *, inject: bool) -> None:
        close = self.match[open_]
        if self._word(open_ + 1) == "SELECT":  # the group is a bare sub-SELECT
            if inject and names:
                self.found.append((self.tokens[open_][1] + 1, "open", names))
                self.found.append((self.tokens[close][1], "close", names))
            self._subselect(open_ + 1, close, names)
            return
        if inject and names:
            self.found.append((self.tokens[open_][1] + 1, "head", names))
        i = open_ + 1
        while i < close:
            if self.words[i] == "{" and i in self.match:
                if self._word(i + 1) == "SELECT":
                    self._subselect(i + 1, self.match[i], names)
                else:
                    self._group(i, names, inject=False)
                i = self.match[i]
            i += 1

    def _subselect(self, select: int, end: int, names: frozenset[str]) -> None:
        group, plain, _named, star = self._projection(select, end)
        if group is not None and group in self.match:
            self._group(group, names if star else names & plain, inject=True)
