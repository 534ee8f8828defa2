"""What a SPARQL server says, made fit for a message; the credentials a URL may carry.

A server's words (an error page, a parser's complaint about its results, a redirect's
``Location``) reach the user only through :func:`detail` and :func:`one_line`: one line,
no control character (a NUL, a terminal's escape sequence), cut short. A URL is shown
only through :func:`without_credentials`: a password in it is never printed.
"""

from __future__ import annotations

import html
import re
import urllib.parse

__all__ = [
    "credentials",
    "detail",
    "one_line",
    "origin",
    "without_credentials",
]


def detail(body: bytes, content_type: str = "") -> str:
    """Return a server's error body as one short line: an HTML page as its text.

    The body is decoded by its charset (UTF-8 if none), control characters become spaces,
    an HTML page (by its Content-Type) is reduced to its text, and a long text keeps its
    head and its tail, where a parser's message usually is.

    Examples
    --------
    >>> detail(b"<html><head><title>Oops</title></head><body><h1>Error 501</h1> <p>No &amp; no"
    ...         b"</p></body></html>", "text/html; charset=utf-8")
    'Oops Error 501 No & no'
    >>> detail(b"Parse error: SELECT ?s WHERE { ?s <p> ?o }", "text/plain")
    'Parse error: SELECT ?s WHERE { ?s <p> ?o }'
    >>> text = detail(b"head " + b"x" * 1000 + b" the message")
    >>> len(text), text[:6], text[-11:]
    (300, 'head x', 'the message')
    """
    charset = re.search(r"charset=([\w.:-]+)", content_type, re.IGNORECASE)
    try:
        text = body.decode(charset.group(1) if charset else "utf-8", "replace")
    except LookupError:  # a charset Python does not know
        text = body.decode("utf-8", "replace")
    if content_type.split(";")[0].strip().lower() in ("text/html", "application/xhtml+xml"):
        text = re.sub(r"<!--.*?-->", " ", text, flags=re.DOTALL)
        text = re.sub(r"<(script|style)\b.*?</\1\s*>", " ", text, flags=re.IGNORECASE | re.DOTALL)
        text = html.unescape(re.sub(r"<[^>]*>", " ", text))
    return one_line(text)


def one_line(text: str, limit: int = 300) -> str:
    r"""Return a server's text fit for a message: one line, no control character, short.

    Control characters (a NUL, an escape sequence's ESC, a bell) become spaces, runs of
    white space one space, and a long text keeps its head and its tail.

    Examples
    --------
    >>> one_line("bad\x00 byte\x1b]0;PWNED\x07 here\n")
    'bad byte ]0;PWNED here'
    """
    text = " ".join("".join(c if c.isprintable() else " " for c in text).split())
    return text if len(text) <= limit else text[:100] + " … " + text[-(limit - 103) :]


def without_credentials(url: str) -> str:
    """Return ``url`` without the user name and password it may carry, to show or to send.

    Examples
    --------
    >>> without_credentials("https://bob:secret@sparql.example.org:8443/q?x=1")
    'https://sparql.example.org:8443/q?x=1'
    >>> without_credentials("http://127.0.0.1:7878/query")
    'http://127.0.0.1:7878/query'
    """
    parts = urllib.parse.urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urllib.parse.urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def credentials(url: str) -> tuple[str, str] | None:
    """Return the ``(user, password)`` a URL carries (percent-decoded), or ``None``."""
    parts = urllib.parse.urlsplit(url)
    if "@" not in parts.netloc:
        return None
    user, _, password = parts.netloc.rpartition("@")[0].partition(":")
    return urllib.parse.unquote(user), urllib.parse.unquote(password)


def origin(url: str) -> tuple[str, str, int | None]:
    """Return a URL's origin: scheme, host and port (the scheme's own if none is given)."""
    parts = urllib.parse.urlsplit(url)
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme.lower(), (parts.hostname or "").lower(), port
