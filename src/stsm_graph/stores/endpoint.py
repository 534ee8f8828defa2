"""A SPARQL 1.1 server as a remote store reaches it: where, as whom, how long; requests and answers.

:class:`Endpoint` is the part of :class:`stsm_graph.stores.remote.RemoteStore` that talks to
the server: it checks the URLs, the graph name, the credentials and the timeout it is given,
sends each request through :mod:`stsm_graph.stores.http_client` (httpcore: a query on a
kept-alive connection, an update on one of its own; a redirect refused, not followed;
authentication by :mod:`stsm_graph.stores.http_auth`), reads the results (TSV, SPARQL
JSON or XML, parsed by pyoxigraph) and turns every failure into the library's errors, told
on one line. What is asked is the store's.

Examples
--------
>>> Endpoint("ftp://example.org/sparql")
Traceback (most recent call last):
...
stsm_graph.errors.StoreError: the query URL 'ftp://example.org/sparql' is not an http(s) URL
"""

from __future__ import annotations

import re
import urllib.parse
import weakref
from collections.abc import Mapping
from typing import Any

import pyoxigraph as ox
from rdflib.term import Node

from stsm_graph.common.terms import from_ox, valid_iri
from stsm_graph.errors import QueryError, StoreError, StsmGraphError
from stsm_graph.stores.form_encoding import form_encoded
from stsm_graph.stores.http_auth import Auth, Sent, auth_of, token_from_environment
from stsm_graph.stores.http_client import (
    BrokenResponseError,
    HttpClient,
    LostError,
    NotSentError,
    RefusedError,
    Response,
)
from stsm_graph.stores.server_text import (
    credentials,
    detail,
    one_line,
    origin,
    without_credentials,
)
from stsm_graph.stores.sparql_values import inject_values

__all__ = ["Endpoint"]

#: results asked for: TSV first (the least to write, send and parse), then JSON and XML
_RESULTS = (
    "text/tab-separated-values, application/sparql-results+json;q=0.9, "
    "application/sparql-results+xml;q=0.8"
)
_RESULT_FORMATS = {
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
}

#: a query's Content-Type: form-encoded (``query=...``), which every server answers; Virtuoso 7
#: never answers a ``POST`` of ``application/sparql-query`` (openlink/virtuoso-opensource#842)
_FORM = "application/x-www-form-urlencoded"

#: the longest timeout taken, in seconds (a week): sockets refuse much larger ones
_MAX_TIMEOUT = 604_800


def _version() -> str:
    from stsm_graph.common.version import __version__

    return __version__


def _checked_urls(
    query_url: str, update_url: str | None, auth: Auth | None, scheme: str
) -> tuple[str, str | None, dict[tuple[str, str, int | None], Sent]]:
    """Return the URLs without credentials, and the authentication for each origin.

    The user and password in a URL are for its origin only; ``auth`` (else the token in
    the environment) is for both URLs' origins.

    Raises
    ------
    StoreError
        If a URL is not http(s), has a bad port, or carries credentials other than ``auth``.
    """
    authorization: dict[tuple[str, str, int | None], Sent] = {}
    if isinstance(auth, list):  # a pair read from JSON or YAML
        auth = (auth[0], auth[1])
    fallback = auth if auth is not None else token_from_environment()
    urls: list[str | None] = []
    for name, given in (("query URL", query_url), ("update URL", update_url)):
        if given is None:
            urls.append(None)
            continue
        url = without_credentials(given)  # the password is never shown, nor sent in a URL
        if not re.match(r"https?://", url):
            raise StoreError(f"the {name} {url!r} is not an http(s) URL")
        try:
            urllib.parse.urlsplit(url).port  # noqa: B018 - raises for a bad port
        except ValueError as exc:
            raise StoreError(
                f"the {name} {url!r} has a bad port ({exc}): give a number from 1 to 65535"
            ) from exc
        in_url = credentials(given)
        if in_url is not None and auth is not None and in_url != auth:
            raise StoreError(
                f"the {name} {url!r} carries a user and password, and other ones were "
                "given too: give them one way"
            )
        chosen = in_url if in_url is not None else fallback
        if chosen is not None:
            authorization[origin(url)] = auth_of(chosen, scheme)
        urls.append(url)
    return str(urls[0]), urls[1], authorization


class Endpoint:
    """A SPARQL 1.1 server's query URL, optional update URL, named graph, auth and timeout.

    The parameters are :class:`~stsm_graph.stores.remote.RemoteStore`'s (but its
    ``batch_size``).
    """

    def __init__(
        self,
        query_url: str,
        update_url: str | None = None,
        *,
        graph: str | None = None,
        auth: Auth | None = None,
        auth_scheme: str = "basic",
        timeout: float | None = 60.0,
    ) -> None:
        query_url, update_url, self._auth = _checked_urls(query_url, update_url, auth, auth_scheme)
        if graph is not None and not valid_iri(graph):
            raise StoreError(f"the graph name {graph!r} is not an absolute IRI")
        if timeout is not None and not (
            isinstance(timeout, int | float)
            and not isinstance(timeout, bool)
            and 0 < timeout <= _MAX_TIMEOUT
        ):
            raise StoreError(
                f"the timeout {timeout!r} is not a number of seconds above 0 and at most "
                f"{_MAX_TIMEOUT:,} (or None, to wait as long as the server takes)"
            )
        self.query_url = query_url
        self.update_url = update_url
        self.graph = graph
        self.timeout = timeout
        #: queries sent at once by the store's ``prefetching``
        self.parallel = 4
        #: kept-alive connections for queries; closed by :meth:`close` or when the store goes
        urls = [url for url in (query_url, update_url) if url is not None]
        self._http = HttpClient(urls, keep=self.parallel, user_agent=f"stsm-graph/{_version()}")
        weakref.finalize(self, self._http.close)
        self._accept = _RESULTS  # JSON only once this server's TSV failed to parse

    def _post(
        self,
        url: str,
        body: str,
        content_type: str,
        accept: str | None,
        params: Mapping[str, str],
        *,
        reuse: bool = False,
    ) -> Response:
        """POST ``body``; return the whole response (a status under 300).

        With ``reuse`` (a query: safe to send twice), the request goes on a kept-alive
        connection; otherwise on a connection of its own. On both, :attr:`timeout` bounds the
        whole request, and a redirect is refused, not followed: the request, and the
        credentials given for this URL's origin, go nowhere else.
        """
        full = url + ("?" + urllib.parse.urlencode(params) if params else "")
        headers = {"Content-Type": content_type}
        if accept:
            headers["Accept"] = accept
        auth = self._auth.get(origin(url))
        data = body.encode("utf-8")
        try:
            answer = self._http.post(full, data, headers, self.timeout, auth, query=reuse)
        except TimeoutError as exc:
            raise self._too_slow(url, answered=getattr(exc, "answered", False)) from exc
        except NotSentError as exc:
            raise StoreError(
                f"cannot reach the SPARQL endpoint {url}: {one_line(str(exc))}; "
                "is the server running?"
            ) from exc
        except BrokenResponseError as exc:  # not HTTP, or broken
            raise StoreError(
                f"the SPARQL endpoint {url} sent a broken HTTP response: {one_line(str(exc))}"
            ) from exc
        except LostError as exc:  # the connection broke while the answer came
            raise StoreError(
                f"cannot reach the SPARQL endpoint {url}: {one_line(str(exc))}"
            ) from exc
        if answer.status >= 300:
            raise self._refused(url, answer) from RefusedError(answer.status)
        return answer

    def _too_slow(self, url: str, *, answered: bool) -> StoreError:
        """Return the error for a request cut off by the timeout.

        A server that began its answer is slow to finish it (a large question); one that sent
        nothing back may be busy, or may not answer that kind of request at all.
        """
        if answered:
            return StoreError(
                f"the SPARQL endpoint {url} did not answer within {self.timeout:g} s; "
                "raise the timeout or ask a smaller question"
            )
        return StoreError(
            f"the SPARQL endpoint {url} did not answer within {self.timeout:g} s, not even "
            "the head of an answer: check that the server is up and that this is its SPARQL "
            "URL, or raise the timeout if it is busy"
        )

    @staticmethod
    def _refused(url: str, answer: Response) -> StsmGraphError:
        """Return the error for an HTTP status of 300 or more."""
        body = answer.body
        said = detail(body, answer.content_type) or "(no message)"
        error = Endpoint._refusal(url, answer, said)
        # the server's whole text (the message keeps its head and tail): what it refused for
        error.server_text = body.decode("utf-8", "replace")  # type: ignore[attr-defined]
        return error

    @staticmethod
    def _refusal(url: str, answer: Response, said: str) -> StsmGraphError:
        code = answer.status
        if 300 <= code < 400:
            location = answer.header("Location")
            where = f"to {one_line(without_credentials(location))} " if location else ""
            return StoreError(
                f"the SPARQL endpoint {url} redirects {where}(HTTP {code}); redirects are "
                "not followed, so that no query, update or password goes where it was not "
                "sent: give the URL it redirects to, if that is the endpoint you mean"
            )
        if code == 400:
            return QueryError(f"the SPARQL endpoint {url} refused the request: {said}")
        if code in (401, 403):
            return StoreError(
                f"the SPARQL endpoint {url} refused access (HTTP {code}); check the "
                "user and password"
            )
        return StoreError(f"the SPARQL endpoint {url} failed (HTTP {code}): {said}")

    def _query(self, sparql: str, bindings: Mapping[str, Node] | None, accept: str) -> Response:
        """Send a query as a form-encoded ``POST`` (the protocol's form every server answers).

        With :attr:`graph` set, the graph is the query's default graph and its one named
        graph (``default-graph-uri``, ``named-graph-uri``).
        """
        form = [("query", inject_values(sparql, bindings or {}))]
        if self.graph:
            form += [("default-graph-uri", self.graph), ("named-graph-uri", self.graph)]
        body = form_encoded(form)
        return self._post(self.query_url, body, _FORM, accept, {}, reuse=True)

    def _whole(self, response: Response, count: int, what: str) -> None:
        """Refuse an answer the server cut at its limit of rows (``X-SPARQL-MaxRows``).

        Raises
        ------
        StoreError
            If the server says it caps answers at ``count`` rows or fewer.
        """
        cap = (response.header("X-SPARQL-MaxRows") or "").strip()
        if cap.isdigit() and count >= int(cap):
            raise StoreError(
                f"the SPARQL endpoint {self.query_url} cut its answer at {int(cap):,} {what} "
                f"(X-SPARQL-MaxRows: {cap}), so the answer is not whole: raise the server's "
                "limit on result rows (Virtuoso: ResultSetMaxRows in the [SPARQL] section of "
                "virtuoso.ini) above the size of the answer, then ask again"
            )

    def _results(self, response: Response, expected: str) -> Any:
        """Parse results of the ``expected`` shape, ``"solutions"`` or ``"boolean"``.

        Solutions come as ``(variables, solutions)`` read to the end, a boolean as a bool;
        anything else the server sends (another shape, bad syntax, solutions cut at the
        server's limit of rows) is a :class:`StoreError`.
        """
        data, content_type = response.body, response.content_type
        kind = content_type.split(";")[0].strip().lower()
        fmt = _RESULT_FORMATS.get(kind, ox.QueryResultsFormat.JSON)
        parsed: Any = None
        try:
            parsed = ox.parse_query_results(data, format=fmt)
            if isinstance(parsed, ox.QuerySolutions):  # rows are parsed lazily: read them here
                found: Any = parsed.variables, list(parsed)
            else:
                found = bool(parsed)
        except (SyntaxError, ValueError) as exc:
            # drop the parser now: the traceback would keep it alive, and a pyoxigraph object
            # must not be freed on another thread
            parsed = None
            raise StoreError(
                f"the SPARQL endpoint {self.query_url} sent bad results: {one_line(str(exc))}"
            ) from exc
        parsed = None
        if isinstance(found, bool) != (expected == "boolean"):
            raise StoreError(
                f"the SPARQL endpoint {self.query_url} sent "
                + ("a boolean (an ASK query's answer)" if isinstance(found, bool) else "a table")
                + f" where {'a boolean' if expected == 'boolean' else 'a table of solutions'} "
                "was expected"
            )
        if not isinstance(found, bool):
            self._whole(response, len(found[1]), "rows")
        return found

    def _term(self, term: Any) -> Node | None:
        """Return a term of the server's results as rdflib's (one it cannot use: an error)."""
        try:
            return from_ox(term)
        except (TypeError, ValueError, StoreError) as exc:  # a triple term: StoreError
            raise StoreError(
                f"the SPARQL endpoint {self.query_url} sent a term stsm-graph cannot use "
                f"({one_line(str(term), 100)}): expected an IRI, a blank node or a literal"
            ) from exc

    def close(self) -> None:
        """Close the connections kept open for queries (a later query opens one again)."""
        self._http.close()
