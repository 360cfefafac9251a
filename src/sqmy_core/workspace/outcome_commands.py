"""The Workspace's outcome commands: 报送 (dispatch), 采用, 批示 and 办理 on a piece.

They are thin: each names its pure workflow decider and hands it to the
Workspace's one command runner (``_act``), which checks the arguments, reads
the stream once, decides, and writes the events with their notifications.

Each of them adds to the points, so a repeat would count twice: every call
must carry ``expected_version`` (the piece version the caller saw),
``idempotency_key`` or ``request_id`` -- else
:class:`~sqmy_core.errors.GuardRequired`, nothing written
(:mod:`~sqmy_core.workspace.guards`, ``docs/design.md`` §10).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqmy_core import workflow
from sqmy_core.storage import NewEvent
from sqmy_core.workflow import PieceState
from sqmy_core.workspace.audit import command


class OutcomeCommands:
    """What happens to an approved piece: routes, adoptions, instructions, handling."""

    def _act(
        self,
        decide: Callable[..., list[NewEvent]],
        piece_id: str,
        actor: str,
        key: str | None,
        *,
        expected_version: int | None,
        request_id: str | None,
        **params: Any,
    ) -> PieceState:
        raise NotImplementedError  # the Workspace's

    @command("dispatch", "piece:{piece_id}")
    def dispatch(
        self,
        piece_id: str,
        *,
        actor: str,
        route: str,
        now: datetime,
        to: str | None = None,
        note: str | None = None,
        idempotency_key: str | None = None,
        request_id: str | None = None,
        expected_version: int | None = None,
    ) -> PieceState:
        """报送 by one route (直报 direct, 参阅件 reference, 转办函 transfer, 编入刊物 bulletin)."""
        return self._act(
            workflow.dispatch,
            piece_id,
            actor,
            idempotency_key,
            expected_version=expected_version,
            request_id=request_id,
            route=route,
            now=now,
            to=to,
            note=note,
        )

    @command("record_adoption", "piece:{piece_id}")
    def record_adoption(
        self,
        piece_id: str,
        *,
        actor: str,
        body: str,
        now: datetime,
        note: str | None = None,
        idempotency_key: str | None = None,
        request_id: str | None = None,
        expected_version: int | None = None,
    ) -> PieceState:
        """登记采用 by a body of the contract (``cppcc-city`` ...)."""
        return self._act(
            workflow.record_adoption,
            piece_id,
            actor,
            idempotency_key,
            expected_version=expected_version,
            request_id=request_id,
            body=body,
            now=now,
            note=note,
        )

    @command("record_instruction", "piece:{piece_id}")
    def record_instruction(
        self,
        piece_id: str,
        *,
        actor: str,
        level: str,
        rank: str,
        now: datetime,
        note: str | None = None,
        idempotency_key: str | None = None,
        request_id: str | None = None,
        expected_version: int | None = None,
    ) -> PieceState:
        """登记批示: the leader's level and rank (主要领导 principal / 分管领导 deputy)."""
        return self._act(
            workflow.record_instruction,
            piece_id,
            actor,
            idempotency_key,
            expected_version=expected_version,
            request_id=request_id,
            level=level,
            rank=rank,
            now=now,
            note=note,
        )

    @command("record_handling", "piece:{piece_id}")
    def record_handling(
        self,
        piece_id: str,
        *,
        actor: str,
        outcome: str,
        now: datetime,
        department: str | None = None,
        note: str | None = None,
        idempotency_key: str | None = None,
        request_id: str | None = None,
        expected_version: int | None = None,
    ) -> PieceState:
        """登记办理结果 (落实并书面反馈 implemented, 列入研究 under_study, declined)."""
        return self._act(
            workflow.record_handling,
            piece_id,
            actor,
            idempotency_key,
            expected_version=expected_version,
            request_id=request_id,
            outcome=outcome,
            department=department,
            now=now,
            note=note,
        )
