"""Who a remote store is to its server: HTTP Basic, Digest, or a bearer token.

A store's ``auth`` is a ``(user, password)`` pair, sent by the ``auth_scheme`` chosen
(``"basic"``, the default, or ``"digest"``: Virtuoso's ``/sparql-auth`` takes Digest only), a
bearer token (a string), or any :class:`httpx.Auth`. With no ``auth`` and no user in the
URL, the token in the environment variable :data:`TOKEN_VARIABLE`, if set, is sent as a
bearer token: a token is never read from a command line, where other users of the machine
could see it.

Examples
--------
>>> type(auth_of(("dba", "dba"), "digest")).__name__
'DigestAuth'
>>> auth_of("t0k3n", "basic").header
'Bearer t0k3n'
>>> auth_of("two words", "basic")
Traceback (most recent call last):
...
stsm_graph.errors.StoreError: the bearer token has a character a token cannot have ...
"""

from __future__ import annotations

import os
import re
from collections.abc import Generator
from typing import Union

import httpx

from stsm_graph.errors import StoreError

__all__ = ["SCHEMES", "TOKEN_VARIABLE", "Auth", "BearerToken", "auth_of", "token_from_environment"]

#: the environment variable a bearer token is read from
TOKEN_VARIABLE = "STSM_GRAPH_TOKEN"

#: how a user and password may be sent
SCHEMES = ("basic", "digest")

#: what a store's ``auth`` may be
Auth = Union[tuple[str, str], str, httpx.Auth]  # noqa: UP007 - a runtime alias

#: a bearer token's characters (RFC 6750's b64token)
_TOKEN = re.compile(r"[A-Za-z0-9._~+/-]+=*")


class BearerToken(httpx.Auth):
    """Send ``Authorization: Bearer <token>`` with every request.

    Parameters
    ----------
    token
        The token (RFC 6750's characters only).
    """

    def __init__(self, token: str) -> None:
        if not _TOKEN.fullmatch(token):
            raise StoreError(
                "the bearer token has a character a token cannot have (letters, digits and "
                "-._~+/ only, then = signs): check its value (it is not shown here)"
            )
        self.header = f"Bearer {token}"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        """Add the header to the request."""
        request.headers["Authorization"] = self.header
        yield request


def auth_of(given: Auth, scheme: str) -> httpx.Auth:
    """Return the :class:`httpx.Auth` for a store's ``auth`` (see the module).

    Raises
    ------
    StoreError
        If ``scheme`` is not one of :data:`SCHEMES`, or the token has a bad character.
    """
    if scheme not in SCHEMES:
        raise StoreError(f"the auth scheme {scheme!r} is not one of: {', '.join(SCHEMES)}")
    if isinstance(given, httpx.Auth):
        return given
    if isinstance(given, str):
        return BearerToken(given)
    user, password = given
    return (
        httpx.DigestAuth(user, password) if scheme == "digest" else httpx.BasicAuth(user, password)
    )


def token_from_environment() -> str | None:
    """Return the bearer token in :data:`TOKEN_VARIABLE`, or ``None`` if it is unset or empty."""
    return os.environ.get(TOKEN_VARIABLE) or None
