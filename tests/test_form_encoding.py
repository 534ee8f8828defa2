"""A form's fields encoded as urllib encodes them (issue 22 item 3: the client's cost)."""

from __future__ import annotations

import urllib.parse

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stsm_graph.stores.form_encoding import form_encoded


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ([], ""),
        ([("query", "")], "query="),
        ([("query", "a b+c")], "query=a+b%2Bc"),
        ([("q", "x&y=z#w")], "q=x%26y%3Dz%23w"),
        ([("q", "~_.-"), ("r", "/:?")], "q=~_.-&r=%2F%3A%3F"),
        ([("q", "é\n𝄞")], "q=%C3%A9%0A%F0%9D%84%9E"),
    ],
)
def test_known_forms(fields: list[tuple[str, str]], expected: str) -> None:
    assert form_encoded(fields) == expected


@given(st.lists(st.tuples(st.text(), st.text()), max_size=4))
def test_as_urllib_encodes_any_text(fields: list[tuple[str, str]]) -> None:
    encoded = form_encoded(fields)
    assert encoded == urllib.parse.urlencode(fields)
    assert urllib.parse.parse_qsl(encoded, keep_blank_values=True) == fields


def test_a_lone_surrogate_is_refused_as_urllib_refuses_it() -> None:
    with pytest.raises(UnicodeEncodeError):
        urllib.parse.urlencode([("q", "\ud800")])
    with pytest.raises(UnicodeEncodeError):
        form_encoded([("q", "\ud800")])
