"""Human reports of the analyses: the text report (worst first) and the Markdown tables."""

from __future__ import annotations

import re

import pytest
from rdflib import Graph

from stsm_graph import Portfolio
from stsm_graph.analysis import AnalysisReport, analyze, impact
from stsm_graph.report import FORMATTERS, analysis_markdown, analysis_text, impact_markdown

PREFIXES = """\
@prefix stsm: <https://w3id.org/stsm#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix : <https://example.org/t/> .
"""

#: one finding of every kind, and two stakeholders with different coverage
EVERYTHING = """
:good a stsm:Customer ; rdfs:label "Good customer" ; stsm:hasNeed :n-ok .
:poor a stsm:Customer ; rdfs:label "Poor customer" ; stsm:hasNeed :n-unmet, :n-gap .
:n-unmet a stsm:Need ; rdfs:label "Unmet need" .
:n-gap a stsm:Need ; rdfs:label "Gap need" ; stsm:requiresLevel :r .
:n-ok a stsm:Need ; rdfs:label "Fine need" .
:r a stsm:LevelRequirement ; rdfs:label "R" ; stsm:metric "rto" ;
    stsm:targetValue 4 ; stsm:unit "h" ; stsm:comparator stsm:AtMost .
:o-lonely a stsm:StrategicObjective ; rdfs:label "Lonely objective" .
:s a stsm:StandardService ; rdfs:label "Backup | restore" ; stsm:addresses :n-gap, :n-ok ;
    stsm:hasServiceLevel :l, :l2 ; stsm:inServiceLine :line .
:l a stsm:ServiceLevel ; rdfs:label "L" ; stsm:metric "rto" ;
    stsm:targetValue 8 ; stsm:unit "h" ; stsm:comparator stsm:AtMost .
:l2 a stsm:ServiceLevel ; rdfs:label "L2" ; stsm:metric "rto" ;
    stsm:targetValue 30 ; stsm:unit "GB" ; stsm:comparator stsm:AtMost .
:line a stsm:ServiceLine ; rdfs:label "Line" .
:fax a stsm:StandardService ; rdfs:label "Fax gateway" ; stsm:status stsm:Planned .
:sys-a a stsm:ServiceSystem ; rdfs:label "Sys A" ; stsm:dependsOn :sys-b .
:sys-b a stsm:ServiceSystem ; rdfs:label "Sys B" ; stsm:dependsOn :sys-a .
"""


@pytest.fixture(scope="module")
def report() -> AnalysisReport:
    p = Portfolio(store="memory")
    p.parse(PREFIXES + EVERYTHING, format="turtle")
    return analyze(p)


def position(text: str, needle: str) -> int:
    assert needle in text, f"{needle!r} missing from:\n{text}"
    return text.index(needle)


def test_text_puts_violations_and_unmet_needs_before_warnings_and_coverage(
    report: AnalysisReport,
) -> None:
    text = analysis_text(report, title="demo")
    order = [
        "Integrity violations (1):",
        "Unmet needs (1):",
        "Level gaps (1 need):",
        "Orphaned services (1):",
        "Integrity warnings (",
        "Coverage by stakeholder (lowest first):",
        "Coverage by objective (0 of 1 supported; unsupported first):",
        "Coverage by service line:",
    ]
    positions = [position(text, h) for h in order]
    assert positions == sorted(positions)
    # the worst finding is the first one listed
    first_item = next(line for line in text.splitlines() if line.startswith("  - "))
    assert first_item.startswith("  - [dependency-cycle]")


def test_text_content(report: AnalysisReport) -> None:
    lines = analysis_text(report, title="demo").splitlines()
    assert lines[0] == "stsm-graph analysis of demo"
    assert lines[2] == "Needs: 3, covered 2 (67%), fully met 1; objectives supported 0 of 1"
    assert "  - [dependency-cycle] dependency cycle: Sys A -> Sys B -> Sys A" in lines
    assert "  - Unmet need (n-unmet; held by Poor customer)" in lines  # by label
    assert "  - Gap need: rto needs <= 4 h, best offered 8 h; offered in other units: GB" in lines
    assert "  - Fax gateway (fax, Planned)" in lines
    assert "     no  Lonely objective: no active service supports it" in lines
    assert "  - Line: 1 of 1 service active; they cover 2 needs and support 0 objectives" in lines
    coverage = lines[lines.index("Coverage by stakeholder (lowest first):") + 1 :][:2]
    assert coverage == [
        "    50%  Poor customer: 1/2 covered, 0 fully met",
        "   100%  Good customer: 1/1 covered, 1 fully met",
    ]


def test_text_leaves_out_empty_sections() -> None:
    text = analysis_text(analyze(Portfolio(store="memory")), title="empty")
    assert text.splitlines()[2:4] == [
        "Needs: 0, covered 0 (n/a: no needs), fully met 0; objectives supported 0 of 0",
        "Unmet needs: 0; partially met: 0; orphaned services: 0; integrity findings: 0",
    ]
    for heading in ("Integrity", "Unmet needs (", "Level gaps", "Orphaned services (", "Coverage"):
        assert heading not in text


def table(md: str, heading: str) -> list[str]:
    """Return the lines of the table under ``## heading``."""
    lines = md.splitlines()
    start = lines.index(f"## {heading}") + 2
    end = start
    while end < len(lines) and lines[end].startswith("|"):
        end += 1
    return lines[start:end]


def test_markdown_has_the_tables(report: AnalysisReport) -> None:
    md = analysis_markdown(report, title="demo")
    assert md.startswith("# Traceability analysis: demo\n")
    assert table(md, "Unmet needs") == [
        "| need | stakeholders | planned services | plan actions |",
        "|---|---|---|---|",
        "| Unmet need | Poor customer |  |  |",
    ]
    assert table(md, "Level gaps") == [
        "| need | metric | comparator | required | best offered | unit | other units |",
        "|---|---|---|---|---|---|---|",
        "| Gap need | rto | AtMost | 4 | 8 | h | GB |",
    ]
    assert table(md, "Orphaned services") == [
        "| service | status |",
        "|---|---|",
        "| Fax gateway | Planned |",
    ]
    integrity = table(md, "Integrity")
    assert integrity[:2] == ["| severity | rule | node | message |", "|---|---|---|---|"]
    assert integrity[2].startswith("| violation | dependency-cycle | sys-a |")
    assert len(integrity) == 2 + len(report.integrity)
    assert table(md, "Coverage by stakeholder") == [
        "| stakeholder | needs | covered | fully met | ratio |",
        "|---|---|---|---|---|",
        "| Good customer | 1 | 1 | 1 | 100% |",
        "| Poor customer | 2 | 1 | 0 | 50% |",
    ]
    assert table(md, "Objectives")[2] == "| Lonely objective | — |"
    assert table(md, "Service lines")[2] == "| Line | 1 | 2 | 0 |"


def test_markdown_escapes_pipes_in_cells(report: AnalysisReport) -> None:
    md = analysis_markdown(report)
    warning_rows = [row for row in table(md, "Integrity") if "Backup" in row]
    assert warning_rows
    assert all("Backup \\| restore" in row for row in warning_rows)
    # an escaped pipe keeps the row at four cells
    assert all(row.replace("\\|", "").count("|") == 5 for row in warning_rows)


def test_a_section_without_findings_says_none_instead_of_an_empty_table() -> None:
    md = analysis_markdown(analyze(Portfolio(store="memory")))
    for heading in ("Unmet needs", "Level gaps", "Orphaned services", "Integrity"):
        assert table(md, heading) == []
        assert f"## {heading}\n\nnone\n" in md


def test_formatters_registry() -> None:
    assert sorted(FORMATTERS) == ["markdown", "text"]
    assert FORMATTERS["text"] is analysis_text
    assert FORMATTERS["markdown"] is analysis_markdown


#: a customer and a need whose labels attack the reader of a report
HOSTILE = (
    r":evil a stsm:Customer ; stsm:hasNeed :n-evil ; rdfs:label "
    r'"Evil</script><script>alert(1)</script> ![p](http://evil.example/p.png)\n'
    r'next | row \u001B]0;PWNED\u0007\u001B[2J" .'
    "\n"
    r':n-evil a stsm:Need ; rdfs:label "Need \u001B[31m<b>red</b>\r\n| forged | row |" .'
)


def _stored(turtle: str) -> Portfolio:
    """A portfolio holding ``turtle`` as a store would that was written by another tool.

    Loading refuses control characters in texts; data already on a server or in a store
    can still hold them, and the reports must show them safely.
    """
    p = Portfolio(store="memory")
    p.store.add_triples(Graph().parse(data=PREFIXES + turtle, format="turtle"))
    return p


@pytest.fixture(scope="module")
def hostile() -> AnalysisReport:
    return analyze(_stored(HOSTILE))


CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def test_hostile_labels_reach_the_markdown_as_text(hostile: AnalysisReport) -> None:
    md = analysis_markdown(hostile, title="<i>title</i>\x1b[2J")
    assert "<script" not in md and "</script" not in md and "<b>" not in md and "<i>" not in md
    assert "&lt;/script&gt;" in md
    assert "![" not in md  # no picture for a renderer to fetch
    assert not CONTROL.search(md)
    for heading in ("Unmet needs", "Coverage by stakeholder"):
        rows = table(md, heading)
        assert len(rows) == 3  # header, rule, one row: no line break left the table
        assert all(
            len(re.findall(r"(?<!\\)\|", row)) == len(re.findall(r"\|", rows[0])) for row in rows
        )


def test_hostile_labels_reach_the_terminal_as_escapes(hostile: AnalysisReport) -> None:
    text = analysis_text(hostile, title="demo\x1b]0;x\x07")
    assert not CONTROL.search(text)
    assert "\\x1b]0;PWNED\\x07\\x1b[2J" in text
    # each label stays on its own line
    assert [line for line in text.splitlines() if "Need \\x1b[31m" in line] == [
        "  - Need \\x1b[31m<b>red</b>\\r\\n| forged | row | (n-evil; held by "
        "Evil</script><script>alert(1)</script> ![p](http://evil.example/p.png)\\nnext | row "
        "\\x1b]0;PWNED\\x07\\x1b[2J)"
    ]


def test_hostile_labels_reach_the_impact_markdown_as_text() -> None:
    p = _stored(
        HOSTILE
        + "\n:svc a stsm:StandardService ; stsm:addresses :n-evil ;"
        + ' rdfs:label "Svc ```\\n# forged" .'
    )
    md = impact_markdown(
        impact(p, "https://example.org/t/svc", retire=True),
        title="t",
        labels={"https://example.org/t/svc": "Svc ```\n# forged <b>"},
    )
    assert not CONTROL.search(md)
    assert md.count("```") in (0, 2)  # no label opens or closes a code block
    outside = re.sub(r"```.*?```", "", md, flags=re.DOTALL)  # a code block shows HTML as text
    assert "<b>" not in outside and "<script" not in outside and "![" not in outside
    assert "\n# forged" not in md
