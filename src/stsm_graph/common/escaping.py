r"""Text from a portfolio made safe for where it is shown: one function per medium.

A label, an IRI or a file name is the user's text, and may hold anything: markup, a link
that makes a Markdown renderer fetch a picture, a line break that ends a table row, or a
terminal's escape sequence that retitles the window and clears the screen. Every such
string is passed through the function for the medium it is written into, at the place it
is written, and the text around it (our own markup) is not:

- :func:`for_terminal`: plain text for a terminal or a log. Control characters (C0, DEL,
  C1) and the bidirectional overrides are shown as Python-style escapes (``\x1b``,
  ``\u202e``); a line break too, so one string stays on one line.
- :func:`for_markdown`: text inside a Markdown line or table cell. ``<``, ``>`` and ``&``
  become HTML entities (no raw HTML reaches the renderer), the characters of Markdown's
  inline syntax are backslash-escaped (no link, picture, emphasis or cell border comes from
  the text), line breaks become spaces, and control characters are shown as by
  :func:`for_terminal`.
- :func:`for_html`: text inside an HTML element or a quoted attribute (``&``, ``<``, ``>``,
  ``"`` and ``'`` as entities). The pictures (:mod:`stsm_graph.viz.picture`) get the same from their
  templates' autoescaping.

Examples
--------
>>> for_terminal("\x1b]0;PWNED\x07\x1b[2J")
'\\x1b]0;PWNED\\x07\\x1b[2J'
>>> for_markdown("</script> ![x](http://evil/p.png)\nnext | cell")
'&lt;/script&gt; !\\[x\\](http://evil/p.png) next \\| cell'
>>> for_html('<b title="x">')
'&lt;b title=&quot;x&quot;&gt;'
"""

from __future__ import annotations

import html
import re

__all__ = ["for_html", "for_markdown", "for_terminal"]

#: C0 controls, DEL, C1 controls, and the bidirectional embeddings, overrides and isolates
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
#: the punctuation of Markdown's inline syntax: escapes, code, emphasis, links, pictures,
#: strikethrough, table cells
_MARKDOWN = re.compile(r"([\\`*_\[\]|~])")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _shown(match: re.Match[str]) -> str:
    char = match.group(0)
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def for_terminal(text: str) -> str:
    r"""Return ``text`` with every control character shown as an escape, for a terminal.

    Examples
    --------
    >>> for_terminal("Backup\tStaff\nline two\x9b31m")
    'Backup\\tStaff\\nline two\\x9b31m'
    >>> for_terminal("Café ✓")
    'Café ✓'
    """
    return _CONTROL.sub(_shown, text)


def for_markdown(text: str) -> str:
    r"""Return ``text`` as literal text for a Markdown line or table cell.

    Examples
    --------
    >>> for_markdown("<img src=x onerror=alert(1)>")
    '&lt;img src=x onerror=alert(1)&gt;'
    >>> for_markdown("two\r\nlines | *bold* [link](u)")
    'two lines \\| \\*bold\\* \\[link\\](u)'
    """
    escaped = html.escape(text, quote=False)
    escaped = _MARKDOWN.sub(r"\\\1", escaped)
    escaped = re.sub(r"\r\n|\r|\n", " ", escaped)
    return for_terminal(escaped)


def for_html(text: str) -> str:
    """Return ``text`` as literal text for an HTML element or a quoted attribute.

    Examples
    --------
    >>> for_html("Tom & Jerry's <script>")
    'Tom &amp; Jerry&#x27;s &lt;script&gt;'
    """
    return html.escape(text, quote=True)
