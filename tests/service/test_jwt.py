"""JWT (OIDC) bearer tokens: verified by a local key set (JWKS over HTTP) or a PEM key file.

The issuer is played here: an RSA key made for the test, its JWKS served
by a tiny HTTP server on 127.0.0.1.  A token is accepted only when its
signature, ``exp``, ``iss`` and ``aud`` hold and it is signed with an
allowed asymmetric algorithm; its claims give the organizations, the
scopes and the acting person.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi.testclient import TestClient

from sqmy_core.errors import ConfigurationError
from sqmy_core.plugins import open_store
from sqmy_core.service import create_app
from sqmy_core.service.auth import AuthSettings
from sqmy_core.service.auth_jwt import JwtSettings
from sqmy_core.testing.service_flow import ORG, T0, bearer, ok
from sqmy_core.workspace.audit_verify import verify

ISSUER = "https://sso.example.invalid/realms/district"
AUDIENCE = "sqmy"
BASE = f"/orgs/{ORG}/pieces"


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


KEY = _key()
OTHER_KEY = _key()


def _pem(key: rsa.RSAPrivateKey) -> bytes:
    return key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def claims(**changes: Any) -> dict[str, Any]:
    now = datetime.now(UTC)
    doc = {"iss": ISSUER, "aud": AUDIENCE, "sub": "p001", "iat": now, "exp": now + timedelta(
        minutes=5), "sqmy_orgs": [ORG], "scope": "read workflow"}
    doc.update(changes)
    return {k: v for k, v in doc.items() if v is not None}


def signed(key: rsa.RSAPrivateKey = KEY, kid: str = "k1", **changes: Any) -> str:
    return jwt.encode(claims(**changes), key, algorithm="RS256", headers={"kid": kid})


@pytest.fixture(scope="module")
def jwks_url() -> Iterator[str]:
    """The issuer's key set, served on 127.0.0.1 while the module's tests run."""
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(KEY.public_key()))
    body = json.dumps({"keys": [{**jwk, "kid": "k1", "use": "sig", "alg": "RS256"}]}).encode()

    class KeySet(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), KeySet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/certs"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def app(client: TestClient, db: Path, jwks_url: str) -> Any:
    """A service over the synced database that accepts the issuer's JWTs (and credentials)."""
    settings = JwtSettings(issuer=ISSUER, audience=AUDIENCE, jwks_url=jwks_url)
    return create_app(str(db), auth=AuthSettings(jwt=settings))


def call(app: Any, method: str, url: str, token: str, **kw: Any) -> Any:
    with TestClient(app, headers=bearer(token)) as c:
        return c.request(method, url, **kw)


def code_of(answer: Any) -> str:
    found: str = answer.json()["problems"][0]["code"]
    return found


def submit(actor: str = "p001") -> dict[str, Any]:
    return {"id": "2024-070", "actor": actor, "title": "关于公交线路优化的建议",
            "authors": ["p001"], "unit": "sec-econ", "now": T0}


def test_a_valid_token_reads_and_acts_as_its_subject_and_is_audited(app: Any, db: Path) -> None:
    token = signed()
    assert call(app, "GET", BASE, token).status_code == 200
    assert call(app, "POST", BASE, token, json=submit()).status_code == 201
    store = open_store(f"sqlite:///{db}", ORG)
    try:
        last = store.audit_records()[-1].entry
        assert (last.action, last.actor) == ("submit", "p001")
        assert last.detail["via"]["issuer"] == ISSUER and token not in json.dumps(last.detail)
        assert verify(store).ok
    finally:
        store.close()


def test_a_body_naming_another_actor_than_the_token_is_403(app: Any) -> None:
    answer = call(app, "POST", BASE, signed(), json=submit(actor="p002"))
    assert answer.status_code == 403
    problem = answer.json()["problems"][0]
    assert (problem["path"], problem["code"]) == ("actor", "service.auth.actor_not_token")
    assert (problem["expected"], problem["found"]) == ("'p001'", "'p002'")


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda: signed(exp=datetime.now(UTC) - timedelta(minutes=5)), "ExpiredSignatureError"),
        (lambda: signed(aud="another-service"), "InvalidAudienceError"),
        (lambda: signed(iss="https://evil.invalid"), "InvalidIssuerError"),
        (lambda: signed(key=OTHER_KEY), "InvalidSignatureError"),
        (lambda: signed(kid="unknown"), "PyJWKClientError"),
        (lambda: signed(exp=None), "MissingRequiredClaimError"),
        (lambda: signed(nbf=datetime.now(UTC) + timedelta(hours=1)), "ImmatureSignatureError"),
    ],
    ids=["expired", "audience", "issuer", "wrong-key", "unknown-kid", "no-exp", "not-yet"],
)
def test_a_token_failing_verification_is_401_naming_why(app: Any, make: Any, reason: str) -> None:
    answer = call(app, "GET", BASE, make())
    assert answer.status_code == 401, answer.text
    assert code_of(answer) == "service.auth.jwt_invalid"
    assert reason in answer.json()["detail"]
    assert 'error="invalid_token"' in answer.headers["WWW-Authenticate"]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unsigned(header: dict[str, Any], secret: bytes | None) -> str:
    body = {**claims(), "iat": None, "exp": int((datetime.now(UTC) + timedelta(minutes=5))
                                                .timestamp())}
    payload = json.dumps({k: v for k, v in body.items() if v is not None}).encode()
    start = f"{_b64(json.dumps(header).encode())}.{_b64(payload)}"
    sig = b"" if secret is None else hmac.new(secret, start.encode(), hashlib.sha256).digest()
    return f"{start}.{_b64(sig)}"


def test_alg_none_and_an_hmac_token_keyed_by_the_public_key_are_401(app: Any) -> None:
    none = _unsigned({"alg": "none", "typ": "JWT", "kid": "k1"}, None)
    confused = _unsigned({"alg": "HS256", "typ": "JWT", "kid": "k1"}, _pem(KEY))
    for token in (none, confused):
        answer = call(app, "GET", BASE, token)
        assert answer.status_code == 401, answer.text
        assert code_of(answer) == "service.auth.jwt_invalid"


def test_the_claims_limit_organizations_and_scopes(app: Any) -> None:
    answer = call(app, "GET", BASE, signed(sqmy_orgs=["party"]))
    assert answer.status_code == 403 and code_of(answer) == "service.auth.other_org"
    assert call(app, "GET", "/orgs/party/pieces", signed(sqmy_orgs=["party"])).status_code == 404
    assert call(app, "GET", "/orgs/district/pieces", signed(sqmy_orgs="district party")
                ).status_code == 200
    refused = call(app, "PUT", f"/orgs/{ORG}/people/p009", signed(sub="s1"), json={
        "actor": "s1", "name": "新人", "roles": ["member"], "now": T0})
    assert refused.status_code == 403 and code_of(refused) == "service.auth.scope"
    bad = call(app, "GET", BASE, signed(sqmy_orgs=[1, 2]))
    assert bad.status_code == 401 and code_of(bad) == "service.auth.jwt_claim"


def test_the_subject_must_be_a_registered_person_in_office(app: Any) -> None:
    answer = call(app, "POST", BASE, signed(sub="ghost"), json=submit(actor="ghost"))
    assert answer.status_code == 403 and code_of(answer) == "service.auth.actor_unknown"


def test_credentials_still_work_beside_jwts(app: Any, token: str) -> None:
    assert call(app, "GET", BASE, token).status_code == 200


def test_a_pem_key_file_verifies_too(client: TestClient, db: Path, tmp_path: Path) -> None:
    pem = tmp_path / "issuer.pem"
    pem.write_bytes(_pem(KEY))
    settings = JwtSettings(issuer=ISSUER, audience=AUDIENCE, key_file=str(pem))
    app = create_app(str(db), auth=AuthSettings(jwt=settings))
    ok(call(app, "GET", BASE, signed()))
    assert call(app, "GET", BASE, signed(key=OTHER_KEY)).status_code == 401


@pytest.mark.parametrize(
    "changes",
    [{"jwks_url": None}, {"key_file": "k.pem"}, {"algorithms": ("HS256",)},
     {"algorithms": ("none",)}, {"audience": ""}],
    ids=["no-key", "two-keys", "hmac", "none", "no-audience"],
)
def test_incomplete_or_unsafe_settings_are_refused(changes: dict[str, Any]) -> None:
    given: dict[str, Any] = {"issuer": ISSUER, "audience": AUDIENCE,
                             "jwks_url": "http://127.0.0.1:9/certs", **changes}
    with pytest.raises(ConfigurationError):
        JwtSettings(**given)


def test_sqmy_serve_passes_its_jwt_options_to_the_app(
    client: TestClient, db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import logging

    import uvicorn

    from sqmy_core.service.logs import LOGGER
    from tests.cli.conftest import sqmy

    pem = tmp_path / "issuer.pem"
    pem.write_bytes(_pem(KEY))
    served: list[Any] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **_: served.append(app))
    try:
        ran = sqmy("serve", "--db", str(db), "--jwt-issuer", ISSUER, "--jwt-audience", AUDIENCE,
                   "--jwt-key-file", str(pem), "--jwt-actor-claim", "preferred_username")
    finally:
        logger = logging.getLogger(LOGGER)
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
        logger.propagate = True
    assert ran.code == 0, ran.err
    (app,) = served
    named = signed(sub="someone-else", preferred_username="p001")
    assert call(app, "POST", BASE, named, json=submit()).status_code == 201
    assert call(app, "GET", BASE, signed()).status_code == 401  # no preferred_username claim
