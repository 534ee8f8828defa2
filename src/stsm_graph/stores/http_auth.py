"""Who a remote store is to its server: HTTP Basic, Digest, or a bearer token.

A store's ``auth`` is a ``(user, password)`` pair, sent by the ``auth_scheme`` chosen
(``"basic"``, the default, or ``"digest"``: Virtuoso's ``/sparql-auth`` takes Digest only), a
bearer token (a string), or any :class:`httpx.Auth`. With no ``auth`` and no user in the
URL, the token in the environment variable :data:`TOKEN_VARIABLE`, if set, is sent as a
bearer token: a token is never read from a command line, where other users of the machine
could see it.

Basic and bearer credentials are one fixed ``Authorization`` header (:class:`HeaderAuth`),
added to each request as it is; Digest, which answers the server's challenge, is httpx's
:class:`httpx.DigestAuth`, whose flow :mod:`stsm_graph.stores.http_client` runs (as it runs
any :class:`httpx.Auth` given). httpx is imported only then.

Examples
--------
>>> type(auth_of(("dba", "dba"), "digest")).__name__
'DigestAuth'
>>> auth_of(("u", "p"), "basic").header
'Basic dTpw'
>>> auth_of("t0k3n", "basic").header
'Bearer t0k3n'
>>> auth_of("two words", "basic")
Traceback (most recent call last):
...
stsm_graph.errors.StoreError: the bearer token has a character a token cannot have ...
"""

from __future__ import annotations

import base64
import os
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Union

from stsm_graph.errors import StoreError

if TYPE_CHECKING:
    import httpx

__all__ = [
    "SCHEMES",
    "TOKEN_VARIABLE",
    "Auth",
    "HeaderAuth",
    "Sent",
    "auth_of",
    "token_from_environment",
]

#: the environment variable a bearer token is read from
TOKEN_VARIABLE = "STSM_GRAPH_TOKEN"

#: how a user and password may be sent
SCHEMES = ("basic", "digest")

#: what a store's ``auth`` may be
Auth = Union[tuple[str, str], str, "httpx.Auth"]  # a runtime alias (httpx named, not imported)

#: a bearer token's characters (RFC 6750's b64token)
_TOKEN = re.compile(r"[A-Za-z0-9._~+/-]+=*")


@dataclass(frozen=True)
class HeaderAuth:
    """Credentials sent as one fixed ``Authorization`` header with every request.

    Attributes
    ----------
    header
        The header's value (``Basic ...`` or ``Bearer ...``).
    """

    header: str

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.header.split(' ')[0]} ...)"  # never the secret


#: how a store's credentials are sent: a fixed header, or an httpx authentication flow
Sent = Union[HeaderAuth, "httpx.Auth"]  # a runtime alias (httpx named, not imported)


def _bearer(token: str) -> HeaderAuth:
    if not _TOKEN.fullmatch(token):
        raise StoreError(
            "the bearer token has a character a token cannot have (letters, digits and "
            "-._~+/ only, then = signs): check its value (it is not shown here)"
        )
    return HeaderAuth(f"Bearer {token}")


def _basic(user: str, password: str) -> HeaderAuth:
    try:
        pair = f"{user}:{password}".encode()  # UTF-8, as httpx's BasicAuth sends it
    except UnicodeEncodeError:
        raise StoreError(
            "the user name or the password holds a lone surrogate, which UTF-8 cannot send: "
            "check their values (they are not shown here)"
        ) from None
    return HeaderAuth("Basic " + base64.b64encode(pair).decode("ascii"))


def auth_of(given: Auth, scheme: str) -> Sent:
    """Return how a store's ``auth`` is sent (see the module).

    Raises
    ------
    StoreError
        If ``scheme`` is not one of :data:`SCHEMES`, the token has a bad character, or
        ``given`` is none of the kinds a store's ``auth`` may be.
    """
    if scheme not in SCHEMES:
        raise StoreError(f"the auth scheme {scheme!r} is not one of: {', '.join(SCHEMES)}")
    if isinstance(given, str):
        return _bearer(given)
    if isinstance(given, tuple | list) and len(given) == 2:
        user, password = given
        if scheme == "basic":
            return _basic(user, password)
        import httpx  # Digest's challenge and answer: httpx's

        return httpx.DigestAuth(user, password)
    import httpx  # an object given: the caller has httpx

    if isinstance(given, httpx.Auth):
        return given
    raise StoreError(
        f"auth of type {type(given).__name__} cannot be sent: give a (user, password) pair, "
        "a bearer token (a string) or an httpx.Auth"
    )


def token_from_environment() -> str | None:
    """Return the bearer token in :data:`TOKEN_VARIABLE`, or ``None`` if it is unset or empty."""
    return os.environ.get(TOKEN_VARIABLE) or None
