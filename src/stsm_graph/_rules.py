"""Write the shared rules of ``ontology/rules.sparql`` into the packaged queries.

Each rule the queries share ("not retired", "active", "in scope", "same unit", "meets") is
stated once, in ``ontology/rules.sparql``; a query uses one between two comment lines::

    # rule: not-retired ?service
    MINUS { ?service stsm:status stsm:Retired }
    # end rule

and the lines between them are the rule's text with its variables renamed to the query's.
The queries are checked in expanded, so that each stays a whole SPARQL query a user can run
or copy; ``tests/test_rules.py`` fails when one is not what its rules make it. Regenerate
with ``python src/stsm_graph/_rules.py`` (from the repository root).

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

__all__ = ["Rule", "expand", "main", "read_rules", "rules_used"]

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
    """Return the names of the rules a query uses, in order.

    Examples
    --------
    >>> rules_used("  # rule: active ?s\\n  MINUS {}\\n  # end rule\\n")
    ['active']
    """
    return [m.group("name") for line in query.splitlines() if (m := _OPEN.match(line))]


def main(root: str = ".") -> int:
    """Rewrite the packaged queries under ``root`` (the repository root) from their rules."""
    base = Path(root) / "ontology"
    rules = read_rules((base / "rules.sparql").read_text(encoding="utf-8"))
    for path in sorted((base / "queries").glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        new = expand(text, rules)
        if new != text:
            path.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(*sys.argv[1:]))
