"""The what-if and coverage reports say what is true (issue 15, items 3, 4, 9, 12 and 30).

- the what-if is the whole consequence of retiring, whatever ``--depth``, and says so;
- retiring a need loses no coverage, and each side of a comparison has its own denominator;
- ``impact --format markdown`` renders the what-if as lists and tables, not a code block;
- ``analyze`` shows coverage per objective and per service line;
- no needs is no coverage to measure: ``n/a``, never 100%.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_runner import run

from stsm_graph import Portfolio
from stsm_graph.analysis import analyze, impact
from stsm_graph.report import analysis_markdown, analysis_text, impact_markdown, impact_text

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "northwind-it-services.yaml"
NW = "https://example.org/northwind/"
EX = "https://example.org/t/"
PREFIXES = (
    "@prefix stsm: <https://w3id.org/stsm#> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    f"@prefix : <{EX}> .\n"
)
#: one stakeholder, two needs, one service covering both
STAFF = """
:staff a stsm:EndUser ; rdfs:label "Staff" ; stsm:hasNeed :mail, :files .
:mail a stsm:Need ; rdfs:label "Mail" .
:files a stsm:Need ; rdfs:label "Files" .
:office a stsm:StandardService ; rdfs:label "Office" ; stsm:addresses :mail, :files .
:visitors a stsm:EndUser ; rdfs:label "Visitors" .
:grow a stsm:StrategicObjective ; rdfs:label "Grow" .
:core a stsm:ServiceLine ; rdfs:label "Core" .
:office stsm:supports :grow ; stsm:inServiceLine :core .
:fax a stsm:StandardService ; rdfs:label "Fax" ; stsm:status stsm:Planned ;
    stsm:inServiceLine :core .
"""


@pytest.fixture(scope="module")
def staff() -> Portfolio:
    p = Portfolio()
    p.parse(PREFIXES + STAFF, format="turtle")
    return p


@pytest.fixture(scope="module")
def example() -> Portfolio:
    return Portfolio.open(EXAMPLE)


# ------------------------------------------------------------------ item 4: retiring a need


def test_retiring_a_need_loses_no_coverage(staff: Portfolio) -> None:
    report = impact(staff, EX + "mail", retire=True)
    text = impact_text(report)
    assert "Coverage lost" not in text
    assert "  - Staff: 100% (2 of 2 needs) -> 100% (1 of 1 need); no need becomes unmet" in text
    assert "needs covered 2 of 2 -> 1 of 1" in text
    assert report.whatif is not None and report.whatif.unmet_by_stakeholder == {}


def test_each_side_of_a_comparison_has_its_own_denominator(staff: Portfolio) -> None:
    report = impact(staff, EX + "office", retire=True)
    text = impact_text(report)
    assert "  - Staff: 100% (2 of 2 needs) -> 0% (0 of 2 needs); 2 needs become unmet" in text
    assert report.whatif is not None
    assert report.whatif.unmet_by_stakeholder == {EX + "staff": (EX + "files", EX + "mail")}


# ------------------------------------------------------------------ item 3: --depth and --retire


def test_the_what_if_is_the_whole_consequence_whatever_the_depth(example: Portfolio) -> None:
    dc = NW + "comp-dc-reading"
    whole = impact(example, dc, retire=True)
    cut = impact(example, dc, retire=True, max_depth=1)
    assert whole.whatif is not None and cut.whatif is not None
    assert len(cut.affected) < len(whole.affected)
    assert cut.whatif.model_copy(update={"reach": None}) == whole.whatif
    assert cut.whatif.reach == whole.summary  # and it says how far the change reaches
    assert whole.whatif.reach is None


def test_depth_and_retire_say_plainly_what_each_part_covers() -> None:
    code, out, err = run("impact", str(EXAMPLE), "svc-managed-backup", "--retire", "--depth", "1")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[2].startswith("Affected within 1 link: 10 nodes, among them ")
    assert "0 customers" in lines[2]
    (scope,) = [line for line in lines if line.startswith("The what-if is the whole")]
    assert "not cut at depth 1" in scope
    assert "4 customers" in scope  # the customers whose coverage the what-if shows falling
    data = json.loads(
        run(
            "impact",
            str(EXAMPLE),
            "svc-managed-backup",
            "--retire",
            "--depth",
            "1",
            "--format",
            "json",
        )[1]
    )
    assert data["max_depth"] == 1
    assert data["summary"]["customers"] == 0
    assert data["whatif_reach"]["customers"] == 4


def test_the_json_without_a_depth_only_gains_what_the_what_if_adds(example: Portfolio) -> None:
    plain = impact(example, NW + "svc-managed-backup").to_json()
    assert set(plain) == {"changed", "affected", "by_class", "summary"}
    retired = impact(example, NW + "svc-managed-backup", retire=True).to_json()
    assert set(retired) - set(plain) == {
        "taken_out_of_service",
        "newly_unmet_needs",
        "lost_full_level_needs",
        "newly_orphaned_services",
        "coverage_before",
        "coverage_after",
        "unmet_by_stakeholder",
        "blocked_launches",
        "blocked_plan_actions",
    }


# ------------------------------------------------------------------ item 9: Markdown tables


def test_the_markdown_what_if_is_lists_and_tables(staff: Portfolio) -> None:
    md = impact_markdown(impact(staff, EX + "office", retire=True), labels={})
    lines = md.splitlines()
    assert "```" not in md
    start = lines.index("## If retired")
    assert "- needs covered: 2 of 2 -> 0 of 2; fully met: 2 -> 0" in lines[start:]
    table = lines.index("### Needs that become unmet")
    assert lines[table + 2 : table + 6] == [
        "| need | id |",
        "|---|---|",
        "| Files | files |",
        "| Mail | mail |",
    ]
    assert "| Staff | 100% (2 of 2 needs) | 0% (0 of 2 needs) | 2 |" in lines


# ------------------------------------------------------------------ item 12: objectives, lines


def test_the_text_shows_coverage_by_objective_and_service_line(staff: Portfolio) -> None:
    lines = analysis_text(analyze(staff)).splitlines()
    heading = lines.index("Coverage by objective (1 of 1 supported; unsupported first):")
    assert lines[heading + 1] == "    yes  Grow: supported by Office"  # the service's label
    heading = lines.index("Coverage by service line:")
    assert lines[heading + 1] == (
        "  - Core: 1 of 2 services active; they cover 2 needs and support 1 objective"
    )


# ------------------------------------------------------------------ item 30: no needs


def test_no_needs_is_no_coverage_to_measure() -> None:
    p = Portfolio()
    p.parse(PREFIXES + ':s a stsm:StandardService ; rdfs:label "S" .', format="turtle")
    report = analyze(p)
    assert report.coverage.portfolio.ratio == 1.0  # the JSON contract is kept
    text = analysis_text(report)
    assert "(100%)" not in text
    assert "Needs: 0, covered 0 (n/a: no needs)" in text
    assert "No needs (that are not retired): there is no coverage to measure." in text
    md = analysis_markdown(report)
    assert "- needs: 0; covered: 0 (n/a: no needs); fully met: 0" in md


def test_a_stakeholder_without_needs_reads_n_a(staff: Portfolio) -> None:
    report = analyze(staff)
    text = analysis_text(report)
    assert "    n/a  Visitors: no needs" in text
    assert "| Visitors | 0 | 0 | 0 | n/a: no needs |" in analysis_markdown(report)
