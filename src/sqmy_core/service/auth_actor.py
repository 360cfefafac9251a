"""Whether the person a request names may act under the credential that sent it.

Every write body names its acting person (``actor``) and may give the act's
time (``now``); a read naming a person (``?for=``, ``?awaiting_review=``,
``?reader=``) acts for that person now.  Each such person must be:

1. the token's own person, when the token names one (a JWT's actor claim);
2. registered in the organization;
3. in office at the act's time (``since`` inclusive, ``until`` exclusive, as
   the workflow counts a term);
4. holding at least one role the ruleset in force declares (the contract's
   roles, the review stages' and the ruleset's vocabulary);
5. and, when the credential lists roles, one of those;
6. for an office write (the registry's records, rulesets, webhooks: the
   scopes of :data:`OFFICE_SCOPES`), the office's role ``staff`` -- as an
   import of the same records requires -- so a member's OA account cannot
   register people or units in bulk.

An organization whose registry holds nobody yet (its ruleset just applied
over HTTP) has no one to check either: there an office write's actor is
not looked up -- the credential, issued by an administrator with the
``registry`` or ``admin`` scope, is the authority for that first
registration, which should be the office's own staff member.

These checks say *who may use this credential*; *what* a role may do to a
piece (review at a stage, record an adoption) stays the Workspace's
commands' own check, not repeated here.  An organization with no ruleset in
force has nobody registered to check: only the token's own person (1) is
checked there -- such an organization's first call applies its ruleset.
Pure: the records and the time are passed in.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, Final

from attrs import frozen
from pydantic import AwareDatetime, TypeAdapter, ValidationError

from sqmy_core.interchange.dataset_common import id_problem
from sqmy_core.rules import Ruleset
from sqmy_core.rules.declared import declarations_of
from sqmy_core.service.auth_identity import Identity, forbidden
from sqmy_core.storage import records
from sqmy_core.workflow.permissions import STAFF_ROLE, in_office_at

OFFICE_SCOPES: Final = ("registry", "admin")
"""The scopes whose writes are the office's own: their ``actor`` must hold ``staff``."""

PERSON_QUERIES: Final = ("for", "awaiting_review", "reader", "actor")
"""Query parameters naming the person a request acts for (``actor``: a ``DELETE``'s, which
carries no body)."""

_MOMENT: Final = TypeAdapter(AwareDatetime)
"""The parser the bodies' ``now`` uses (so the two never disagree on a time)."""


@frozen
class Acting:
    """One person a request names: where (``actor``, a query name), who, and at what time
    (None: the server's clock)."""

    path: str
    person: str
    at: datetime | None


def named(body: bytes, content_type: str | None, query: Mapping[str, str]) -> list[Acting]:
    """The people a request names as acting, from its JSON body and its query.

    A body that is not a JSON object, or whose ``actor`` or ``now`` is not
    the right type, names nobody here: the endpoint's own validation
    refuses it (422) before anything is done.
    """
    out = []
    if body and (content_type or "").split(";")[0].strip().endswith("json"):
        try:
            doc = json.loads(body)
        except ValueError:
            doc = None
        if isinstance(doc, dict) and isinstance(doc.get("actor"), str):
            at: datetime | None = None
            try:
                if doc.get("now") is not None:
                    at = _MOMENT.validate_python(doc["now"])
                out.append(Acting("actor", doc["actor"], at))
            except ValidationError:
                pass
    for name in PERSON_QUERIES:
        value = query.get(name)
        if value is not None:
            out.append(Acting(name, value, None))
    return out


def check_acting(
    identity: Identity,
    acting: list[Acting],
    person_doc: Any,
    ruleset: Ruleset | None,
    now: datetime,
    scope: str | None = None,
    anyone_registered: Callable[[], bool] = lambda: True,
) -> None:
    """Refuse (403, naming the path) the first person who may not act; ``person_doc(id)`` is the
    registry's record of a person or None; ``scope`` the one the operation needs;
    ``anyone_registered()`` whether the organization's registry holds any person (asked only
    when an office write's actor is not found, so a large registry is not read per request)."""
    for one in acting:
        if identity.person is not None and one.person != identity.person:
            raise forbidden("service.auth.actor_not_token", one.path,
                            expected=repr(identity.person), found=repr(one.person))
        if ruleset is None:
            continue
        # an id no registry can hold (a lone surrogate, a NUL) is nobody's, and never looked up
        doc = None if id_problem(one.person) is not None else person_doc(one.person)
        if doc is None:
            if scope in OFFICE_SCOPES and one.path == "actor" and not anyone_registered():
                continue  # the organization's first registration (see the module's docstring)
            raise forbidden("service.auth.actor_unknown", one.path, found=repr(one.person))
        person = records.person_of(doc)
        at = one.at or now
        if not in_office_at(person, at):
            raise forbidden("service.auth.actor_out_of_term", one.path, found=repr(one.person),
                            at=at.isoformat(), since=_shown(person.since),
                            until=_shown(person.until))
        roles = ", ".join(person.roles) or "—"
        declared = declarations_of(ruleset).roles
        if not person.has_any_role(declared):
            raise forbidden("service.auth.actor_no_role", one.path, found=repr(one.person),
                            expected=", ".join(declared), roles=roles)
        if identity.roles and not person.has_any_role(identity.roles):
            raise forbidden("service.auth.actor_role_limited", one.path, found=repr(one.person),
                            expected=", ".join(identity.roles), roles=roles)
        if scope in OFFICE_SCOPES and one.path == "actor" and STAFF_ROLE not in person.roles:
            raise forbidden("service.auth.actor_not_staff", one.path, found=repr(one.person),
                            expected=STAFF_ROLE, roles=roles)


def _shown(at: datetime | None) -> str:
    return "—" if at is None else at.isoformat()


__all__ = ["OFFICE_SCOPES", "PERSON_QUERIES", "Acting", "check_acting", "named"]
