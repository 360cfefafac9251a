"""The edge around the pure core: one organization's workspace on a store.

:mod:`~sqmy_core.workspace.workspace` holds :class:`Workspace` (the commands
and queries an embedding system calls); beside it, each module owns one part
of it: :mod:`~sqmy_core.workspace.registry_commands` (units, people, calls,
clues), :mod:`~sqmy_core.workspace.transfer` (import and export of a
dataset), :mod:`~sqmy_core.workspace.outbox` (reminders and delivery),
:mod:`~sqmy_core.workspace.notifier` (the delivery-channel protocol) and
:mod:`~sqmy_core.workspace.files` (reading ruleset, dataset and settings
files).  Nothing is imported here, so importing one part does not drag in
the rest (and there is no import cycle through this package).
"""
