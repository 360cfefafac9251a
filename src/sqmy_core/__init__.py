"""sqmy_core: executable rules for 社情民意信息 work.

The curated facade: import from here, not from submodules, in integrations.
"""

from __future__ import annotations

from sqmy_core.errors import (
    BackupError,
    BulletinError,
    ConcurrencyConflict,
    ConfigurationError,
    DatasetError,
    NotFound,
    PermissionDenied,
    PluginError,
    Problem,
    RulesetError,
    SettingsError,
    SourceError,
    SqmyError,
    TransitionNotAllowed,
    UnknownEntity,
)
from sqmy_core.model import Call, Clue, Dataset, Event, Person, Piece, Unit
from sqmy_core.plugins import hookimpl
from sqmy_core.rules import Ruleset
from sqmy_core.rules.kinds import (
    EntityView,
    PieceView,
    RuleContext,
    RuleKind,
    StepDelta,
    StepKind,
    VerdictView,
)
from sqmy_core.scoring import Assessment, assess
from sqmy_core.workspace.files import load_dataset_file, load_ruleset
from sqmy_core.workspace.workspace import Workspace

__version__ = "0.1.0"

__all__ = [
    "Assessment",
    "BackupError",
    "BulletinError",
    "Call",
    "Clue",
    "ConcurrencyConflict",
    "ConfigurationError",
    "Dataset",
    "DatasetError",
    "EntityView",
    "Event",
    "NotFound",
    "PermissionDenied",
    "Person",
    "Piece",
    "PieceView",
    "PluginError",
    "Problem",
    "RuleContext",
    "RuleKind",
    "Ruleset",
    "RulesetError",
    "SettingsError",
    "SourceError",
    "SqmyError",
    "StepDelta",
    "StepKind",
    "TransitionNotAllowed",
    "Unit",
    "UnknownEntity",
    "VerdictView",
    "Workspace",
    "__version__",
    "assess",
    "hookimpl",
    "load_dataset_file",
    "load_ruleset",
]
