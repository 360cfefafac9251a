"""Who a request comes from once its token is checked, and the two ways of refusing it.

An :class:`Identity` is what the rest of the authentication layer works
with, whether the token was one of our credentials or a verified JWT: the
organizations and scopes it is good for, the roles an acting person must
hold under it, the person it names (a JWT names one; a credential, which a
calling system holds for all its users, names none), and what the audit and
the access log say about it (:meth:`Identity.via`, :attr:`Identity.log_id`:
never the token).

Refusals are :class:`~sqmy_core.errors.PermissionDenied` (the one error
hierarchy): :class:`~sqmy_core.errors.AuthRefused` carries the HTTP status, 401 when the
caller is not known (no token, a wrong, revoked or expired one) and 403 when
it is known but may not (another organization, a missing scope, an acting
person it may not act for), and the ``WWW-Authenticate`` challenge of
RFC 6750.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final, Literal

from attrs import frozen

from sqmy_core.errors import AuthRefused, Problem

REALM: Final = "sqmy"


@frozen
class Identity:
    """A caller whose token was accepted.

    ``organizations`` is None for a credential: it was found in the
    organization's own registry, which is what makes it valid there.
    """

    kind: Literal["credential", "jwt"]
    id: str
    name: str
    scopes: frozenset[str]
    roles: tuple[str, ...] = ()
    person: str | None = None
    organizations: frozenset[str] | None = None

    def via(self) -> Mapping[str, Any]:
        """What an audit record keeps of it (``detail.via``)."""
        if self.kind == "credential":
            return {"credential": self.id, "name": self.name}
        return {"jwt": self.id, "issuer": self.name}

    @property
    def log_id(self) -> str:
        """What the access log keeps: the credential's id, or the JWT's (``jwt:`` and a digest)."""
        return self.id if self.kind == "credential" else f"jwt:{self.id}"


def unauthenticated(code: str, path: str = "Authorization", **params: Any) -> AuthRefused:
    """401: the caller is not known; ``invalid_token`` unless no token was sent at all."""
    error = "" if code == "service.auth.missing" else ', error="invalid_token"'
    return AuthRefused(401, [Problem(path, code, params)], f'Bearer realm="{REALM}"{error}')


def forbidden(code: str, path: str, *, scope: str | None = None, **params: Any) -> AuthRefused:
    """403: known, but not allowed (with the scope it lacks, when that is why)."""
    challenge = f'Bearer realm="{REALM}", error="insufficient_scope"'
    if scope is not None:
        challenge += f', scope="{scope}"'
    return AuthRefused(403, [Problem(path, code, params)], challenge)


__all__ = ["REALM", "AuthRefused", "Identity", "forbidden", "unauthenticated"]
