"""Write the shared rules of ``ontology/rules.sparql`` into the packaged queries.

Each rule the queries share ("not retired", "active", "in scope", "same unit", "meets") is
stated once, in ``ontology/rules.sparql``; a query uses one between two comment lines::

    # rule: not-retired ?service
    MINUS { ?service stsm:status stsm:Retired }
    # end rule

and the lines between them are the rule's text with its variables renamed to the query's.
The queries are checked in expanded, so that each stays a whole SPARQL query a user can run
or copy; ``tests/test_rules.py`` fails when one is not what its rules make it. Regenerate
with ``python -m stsm_graph.generators`` (from the repository root).

Examples
--------
>>> rules = read_rules('''
... # rule: not-retired ?node
... # What it means.
... MINUS { ?node stsm:status stsm:Retired }
... ''')
>>> print(expand('''SELECT ?s WHERE {
...   ?s a stsm:StandardService .
...   # rule: not-retired ?s
...   # end rule
... }''', rules))
SELECT ?s WHERE {
  ?s a stsm:StandardService .
  # rule: not-retired ?s
  MINUS { ?s stsm:status stsm:Retired }
  # end rule
}
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, RDFS, SH
from rdflib.term import Node

from stsm_graph.generators.units import unit_rules
from stsm_graph.vocabulary.namespace import STSM

#: the shape a completeness shape's first ``sh:or`` branch names: retired services are exempt
RETIRED_SHAPE = URIRef("https://w3id.org/stsm/shapes#RetiredShape")

__all__ = [
    "Rule",
    "all_rules",
    "completeness_rule",
    "expand",
    "kind_rules",
    "main",
    "read_rules",
    "rules_used",
    "shapes_of",
]

_OPEN = re.compile(r"^(?P<indent>\s*)# rule: (?P<name>[\w-]+)(?P<args>(?:\s+\?\w+)*)\s*$")
_CLOSE = re.compile(r"^\s*# end rule\s*$")


@dataclass(frozen=True)
class Rule:
    """One shared rule: its name, the variables its heading names, and its text."""

    name: str
    variables: tuple[str, ...]
    lines: tuple[str, ...]


def read_rules(text: str) -> dict[str, Rule]:
    """Return the rules of a rules file, by name.

    A rule opens with ``# rule: NAME ?var ...`` at the start of a line and runs to the next
    blank line; its other comment lines describe it and are not part of its text, except a
    use of another rule (``# rule: ...`` then ``# end rule``).

    Raises
    ------
    ValueError
        If a rule is stated twice.
    """
    rules: dict[str, Rule] = {}
    current: tuple[str, tuple[str, ...]] | None = None
    body: list[str] = []

    def close() -> None:
        if current is not None:
            if current[0] in rules:
                raise ValueError(f"rule {current[0]!r} is stated twice")
            rules[current[0]] = Rule(current[0], current[1], tuple(body))

    for line in text.splitlines():
        m = _OPEN.match(line)
        if current is None and m is not None and not m.group("indent"):
            current = (m.group("name"), tuple(m.group("args").split()))
            body = []
        elif current is not None and not line.strip():
            close()
            current = None
        elif current is not None and (m is not None or _CLOSE.match(line) or line[:1] != "#"):
            body.append(line)
    close()
    return rules


def _text(rule: Rule, args: list[str], rules: Mapping[str, Rule]) -> list[str]:
    """Return a rule's lines, the rules it uses expanded, its variables renamed to ``args``."""
    if len(args) != len(rule.variables):
        raise ValueError(f"rule {rule.name!r} takes {' '.join(rule.variables)}, given {args}")
    renames = {v[1:]: a[1:] for v, a in zip(rule.variables, args, strict=True)}
    lines = [
        re.sub(r"\?(\w+)\b", lambda m: "?" + renames.get(m.group(1), m.group(1)), line)
        for line in _expanded(list(rule.lines), rules, keep_markers=False)
    ]
    return lines


def _expanded(lines: list[str], rules: Mapping[str, Rule], *, keep_markers: bool) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(lines):
        m = _OPEN.match(lines[i])
        if m is None:
            out.append(lines[i])
            i += 1
            continue
        end = i + 1
        while end < len(lines) and not _CLOSE.match(lines[end]):
            end += 1
        if end == len(lines):
            raise ValueError(f"'# rule: {m.group('name')}' has no '# end rule'")
        name = m.group("name")
        if name not in rules:
            raise ValueError(f"no rule named {name!r}; known: {', '.join(sorted(rules))}")
        indent = m.group("indent")
        inner = [indent + t if t else t for t in _text(rules[name], m.group("args").split(), rules)]
        out.extend([lines[i], *inner, lines[end]] if keep_markers else inner)
        i = end + 1
    return out


def expand(query: str, rules: Mapping[str, Rule]) -> str:
    """Return ``query`` with the text between each rule's two comment lines rewritten.

    Raises
    ------
    ValueError
        If a query names an unknown rule, gives it the wrong number of variables, or does
        not close it.
    """
    end = "\n" if query.endswith("\n") else ""
    return "\n".join(_expanded(query.splitlines(), rules, keep_markers=True)) + end


def rules_used(query: str) -> list[str]:
    r"""Return the names of the rules a query uses, in order.

    Examples
    --------
    >>> rules_used("  # rule: active ?s\n  MINUS {}\n  # end rule\n")
    ['active']
    """
    return [m.group("name") for line in query.splitlines() if (m := _OPEN.match(line))]


def _term(node: Node) -> str:
    if isinstance(node, URIRef) and node.startswith(str(STSM)):
        return "stsm:" + node[len(str(STSM)) :]
    if isinstance(node, URIRef):
        return f"<{node}>"
    raise ValueError(f"a completeness shape names {node!r}, which is not an IRI")


def _missing(shapes: Graph, shape: Node, branch: Node) -> str:
    """Return the SPARQL pattern of what a completeness branch asks to be present."""
    path = shapes.value(branch, SH.path)
    inverse = shapes.value(path, SH.inversePath) if path is not None else None
    if path is None or (inverse is None and not isinstance(path, URIRef)):
        raise ValueError(f"{shape}: its second sh:or branch has no plain or inverse sh:path")
    link = _term(inverse if inverse is not None else path)
    pattern = f"?present {link} ?service" if inverse is not None else f"?service {link} ?present"
    qualified = shapes.value(branch, SH.qualifiedValueShape)
    count = shapes.value(branch, SH.qualifiedMinCount if qualified else SH.minCount)
    if count != Literal(1):
        raise ValueError(f"{shape}: a completeness branch asks for at least one value")
    if qualified is not None:
        value_path, value = shapes.value(qualified, SH.path), shapes.value(qualified, SH.hasValue)
        if value_path is None or value is None:
            raise ValueError(f"{shape}: its qualified shape is not a sh:path with sh:hasValue")
        pattern = f"?present {link} ?service ; {_term(value_path)} {_term(value)}"
        if inverse is None:
            raise ValueError(f"{shape}: a qualified value shape is read on an inverse path only")
    return pattern


def completeness_rule(shapes: Graph) -> Rule:
    """Return the rule ``incomplete-service ?service ?rule`` the completeness shapes state.

    Each shape with a ``dcterms:identifier`` (the integrity rule's name) and
    ``sh:or ( stsmsh:RetiredShape [ sh:path P ; sh:minCount 1 ] )`` on a ``sh:targetClass``
    becomes one branch: a node of the class, not retired, with no ``P``. A shape
    ``sh:deactivated`` (``not-in-catalog``) is a rule of the analysis that ``validate`` does
    not report. The shapes are the one statement; ``service_gaps.rq`` is written from them.

    Raises
    ------
    ValueError
        If a completeness shape is not of that form.
    """
    branches: list[tuple[str, str, str]] = []
    for shape, name in shapes.subject_objects(DCTERMS.identifier):
        target = shapes.value(shape, SH.targetClass)
        either = shapes.value(shape, SH["or"])
        members = list(Collection(shapes, either)) if either is not None else []
        if target is None or len(members) != 2 or members[0] != RETIRED_SHAPE:
            raise ValueError(f"{shape}: not sh:or ( stsmsh:RetiredShape [ ... ] ) on a class")
        branches.append((str(name), _term(target), _missing(shapes, shape, members[1])))
    lines = ["{"]
    for i, (rule, kind, missing) in enumerate(sorted(branches)):
        lines += ["  UNION"] if i else []
        lines += ["  {", f"    ?service a {kind} .", f"    MINUS {{ {missing} }}"]
        lines += [f'    BIND("{rule}" AS ?rule)', "  }"]
    lines += ["}", "# rule: not-retired ?service", "# end rule"]
    return Rule("incomplete-service", ("?service", "?rule"), tuple(lines))


def kind_rules(vocabulary: Graph) -> dict[str, Rule]:
    r"""Return a rule ``kind-of-CLASS ?type`` for each class of the vocabulary with subclasses.

    The store holds a portfolio's triples, not the vocabulary's subclass axioms, so a query
    asking for a node of a class and of its subclasses lists them in a ``VALUES`` block; the
    list is written from ``rdfs:subClassOf`` (at any depth), the class itself and each
    subclass in the order of their names, so that a new subclass joins every query at once.

    Examples
    --------
    >>> from rdflib import Graph
    >>> g = Graph().parse(data='''
    ... @prefix stsm: <https://w3id.org/stsm#> .
    ... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ... stsm:Customer rdfs:subClassOf stsm:Stakeholder .''', format="turtle")
    >>> print("\n".join(kind_rules(g)["kind-of-Stakeholder"].lines))
    VALUES ?type { stsm:Customer stsm:Stakeholder }
    """
    rules: dict[str, Rule] = {}
    for cls in set(vocabulary.objects(None, RDFS.subClassOf)):
        if not isinstance(cls, URIRef) or not cls.startswith(str(STSM)):
            continue
        found = vocabulary.transitive_subjects(RDFS.subClassOf, cls)
        kinds = sorted(_term(c) for c in found if c is not None)
        words, lines = ["VALUES ?type {", *kinds, "}"], [""]
        for word in words:  # one line while it fits, as the queries are written
            if len(lines[-1]) + len(word) + 1 > 90:
                lines.append("  ")
            lines[-1] += (" " if lines[-1].strip() else "") + word
        name = f"kind-of-{cls[len(str(STSM)) :]}"
        rules[name] = Rule(name, ("?type",), tuple(line.rstrip() for line in lines))
    return rules


def shapes_of(folder: Path) -> Graph:
    """Return the shapes of every Turtle file in ``folder`` except the vocabulary."""
    g = Graph()
    for path in sorted(folder.glob("*.ttl")):
        if path.name != "stsm.ttl":
            g.parse(path, format="turtle")
    return g


def all_rules(folder: Path) -> dict[str, Rule]:
    """Return the rules of ``folder/rules.sparql``, its completeness shapes, its classes and units.

    The rules ``unit-dimension`` and ``unit-factor`` (the units a level is compared across)
    are written by :mod:`stsm_graph.generators.units` with pint.
    """
    rules = read_rules((folder / "rules.sparql").read_text(encoding="utf-8"))
    rules["incomplete-service"] = completeness_rule(shapes_of(folder))
    vocabulary = Graph().parse(folder / "stsm.ttl", format="turtle")
    rules.update(kind_rules(vocabulary))
    rules.update({name: Rule(name, *parts) for name, parts in unit_rules().items()})
    return rules


def main(root: str = ".") -> int:
    """Rewrite the packaged queries under ``root`` (the repository root) from their rules."""
    base = Path(root) / "ontology"
    rules = all_rules(base)
    for path in sorted((base / "queries").glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        new = expand(text, rules)
        if new != text:
            path.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(*sys.argv[1:]))
