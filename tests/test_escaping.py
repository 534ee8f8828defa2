"""Text from a portfolio made safe for where it is shown: the terminal, Markdown, HTML."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from stsm_graph.common.escaping import for_html, for_markdown, for_terminal

CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
HOSTILE = (
    "</script><script>alert(1)</script> ![x](http://evil.example/p.png)\n| \x1b]0;PWNED\x07\x1b[2J"
)


def test_the_terminal_sees_no_escape_sequence() -> None:
    shown = for_terminal(HOSTILE)
    assert not CONTROL.search(shown)
    assert "\\x1b]0;PWNED\\x07\\x1b[2J" in shown and "\\n" in shown


def test_markdown_gets_no_html_no_picture_no_link_and_no_line_break() -> None:
    shown = for_markdown(HOSTILE)
    assert "<" not in shown and ">" not in shown
    assert "![" not in shown and "](" not in shown.replace("\\](", "")
    assert "\n" not in shown and not CONTROL.search(shown)
    assert re.search(r"(?<!\\)\|", shown) is None  # no cell border


def test_html_gets_no_markup() -> None:
    assert for_html(HOSTILE).count("<") == 0 and "&lt;/script&gt;" in for_html(HOSTILE)


@given(st.text())
def test_escaped_text_never_holds_a_control_character(text: str) -> None:
    assert not CONTROL.search(for_terminal(text))
    assert not CONTROL.search(for_markdown(text))


@given(st.text())
def test_markdown_text_never_holds_raw_markup_or_an_unescaped_cell_border(text: str) -> None:
    shown = for_markdown(text)
    assert "<" not in shown and ">" not in shown and "\n" not in shown and "\r" not in shown
    # every | [ ] * _ ` ~ is preceded by an odd run of backslashes: escaped
    for m in re.finditer(r"(\\*)([|\[\]*_`~])", shown):
        assert len(m.group(1)) % 2 == 1


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc",))))
def test_printable_text_reaches_the_terminal_as_it_is(text: str) -> None:
    if not re.search("[\u202a-\u202e\u2066-\u2069]", text):
        assert for_terminal(text) == text
