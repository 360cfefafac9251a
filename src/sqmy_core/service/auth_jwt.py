"""Optional JWT (OIDC) bearer tokens, for a deployment whose users sign in elsewhere.

When ``sqmy serve`` is given ``--jwt-issuer``, ``--jwt-audience`` and a key
(``--jwt-jwks URL``: the issuer's key set, fetched and cached by PyJWT; or
``--jwt-key-file PEM``), a bearer token shaped like a JWT is verified here
instead of being looked up as a credential:

- the signature, by the key the token's ``kid`` names in the key set (or
  the one key), with an **asymmetric** algorithm of :data:`ALGORITHMS`
  only -- never ``none``, never an HMAC one (with a public key as the
  "secret", HS256 would let anyone who has the public key sign);
- ``exp`` (required), ``nbf`` and ``iat`` when present, ``iss`` equal to
  the issuer, ``aud`` naming the audience, with :data:`LEEWAY` seconds of
  clock skew;
- the claims that give authority: ``sqmy_orgs`` (the organizations: a list
  of ids, or one space-separated string), ``scope`` (space-separated, as
  OAuth 2.0 writes it, or a list), optionally ``sqmy_roles`` (the roles an
  acting person must hold one of), and the actor claim (``sub`` unless
  ``--jwt-actor-claim`` says another): the person the token was issued to.
  Every ``actor`` a request names must be that person.

A token that fails any of this is a 401 naming why (expired, wrong
audience, bad signature ...); PyJWT's message is the reason, never the token.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

import jwt
from attrs import field, frozen

from sqmy_core.errors import ConfigurationError, Problem
from sqmy_core.service.auth_identity import Identity, unauthenticated

ALGORITHMS: Final = (
    "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA",
)
"""The signature algorithms a JWT may use: asymmetric ones only."""

LEEWAY: Final = 30
"""Seconds of clock skew allowed on ``exp``, ``nbf`` and ``iat``."""

ORGS_CLAIM: Final = "sqmy_orgs"
SCOPE_CLAIM: Final = "scope"
ROLES_CLAIM: Final = "sqmy_roles"


def _algorithms(value: Sequence[str]) -> tuple[str, ...]:
    return tuple(value)


@frozen
class JwtSettings:
    """How JWTs are verified (see the module docstring); refused at once if incomplete."""

    issuer: str
    audience: str
    jwks_url: str | None = None
    key_file: str | None = None
    actor_claim: str = "sub"
    algorithms: tuple[str, ...] = field(default=ALGORITHMS, converter=_algorithms)

    def __attrs_post_init__(self) -> None:
        if not self.issuer or not self.audience or (self.jwks_url is None) == (
            self.key_file is None
        ):
            raise ConfigurationError([Problem("--jwt", "service.auth.jwt_settings", {})])
        for alg in self.algorithms:
            if alg not in ALGORITHMS:
                raise ConfigurationError([Problem("--jwt", "service.auth.jwt_algorithm", {
                    "found": repr(alg), "allowed": ", ".join(ALGORITHMS)})])


def looks_like_jwt(token: str) -> bool:
    """Three dot-separated parts (a credential of ours has none)."""
    return token.count(".") == 2


class JwtVerifier:
    """Verifies tokens under :class:`JwtSettings`; the key (file) is read when it is made."""

    def __init__(self, settings: JwtSettings) -> None:
        self.settings = settings
        self._key: str | None = None
        self._jwks: jwt.PyJWKClient | None = None
        if settings.key_file is not None:
            try:
                self._key = Path(settings.key_file).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise ConfigurationError([Problem("--jwt-key-file", "service.auth.jwt_key_file", {
                    "found": repr(settings.key_file), "reason": str(exc)})]) from None
        else:
            assert settings.jwks_url is not None
            self._jwks = jwt.PyJWKClient(settings.jwks_url, cache_keys=True, lifespan=300,
                                         timeout=10)

    def verify(self, token: str) -> Identity:
        """The identity a valid token gives; :class:`AuthRefused` (401) naming why otherwise."""
        s = self.settings
        try:
            key: Any = self._key
            if self._jwks is not None:
                key = self._jwks.get_signing_key_from_jwt(token).key
            claims = jwt.decode(
                token, key, algorithms=list(s.algorithms), audience=s.audience, issuer=s.issuer,
                leeway=LEEWAY, options={"require": ["exp", "iss", "aud", s.actor_claim]},
            )
        except jwt.PyJWTError as exc:
            reason = f"{type(exc).__name__}: {str(exc)[:200]}"
            raise unauthenticated("service.auth.jwt_invalid", reason=reason) from None
        person = claims.get(s.actor_claim)
        if not isinstance(person, str) or not person:
            raise _claim(s.actor_claim, person, "jwt_text")
        orgs = _words(claims.get(ORGS_CLAIM), ORGS_CLAIM)
        scopes = _words(claims.get(SCOPE_CLAIM), SCOPE_CLAIM)
        roles = _words(claims.get(ROLES_CLAIM, []), ROLES_CLAIM)
        digest = hashlib.sha256(f"{claims['iss']}\n{person}".encode()).hexdigest()[:16]
        return Identity(kind="jwt", id=digest, name=str(claims["iss"]), scopes=frozenset(scopes),
                        roles=tuple(roles), person=person, organizations=frozenset(orgs))


def _words(value: Any, claim: str) -> list[str]:
    """A claim holding names: a list of strings, or one string of space-separated names."""
    if isinstance(value, str):
        return value.split()
    if isinstance(value, list) and all(isinstance(v, str) and v for v in value):
        return list(value)
    raise _claim(claim, value, "jwt_list")


def _claim(claim: str, value: Any, expected: str) -> Exception:
    return unauthenticated("service.auth.jwt_claim", claim=claim, expected=expected,
                           found=repr(value)[:80])


__all__ = ["ALGORITHMS", "LEEWAY", "JwtSettings", "JwtVerifier", "looks_like_jwt"]
