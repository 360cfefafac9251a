"""Tools built on the workspace, not part of it: synthetic data and its replay.

:mod:`~sqmy_core.tools.synth` generates a synthetic ``sqmy-dataset/1`` year,
:mod:`~sqmy_core.tools.replay` replays it as commands on a real
:class:`~sqmy_core.workspace.workspace.Workspace`, and
:mod:`~sqmy_core.tools.demo` is what ``sqmy demo`` runs.  Tools may import
the workspace; the workspace and the pure core never import tools.
"""
