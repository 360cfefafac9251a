"""Excel intake for offices without an OA: templates to fill in, and their import.

- :func:`~sqmy_core.intake.template.template_bytes` writes a workbook
  (roster, adoption / instruction / handling ledgers) for a ruleset's
  vocabularies;
- :func:`~sqmy_core.intake.reader.read_workbook` reads one back, naming every
  bad cell (``名册!C7``);
- :func:`~sqmy_core.intake.apply.import_workbook` stores it in a Workspace:
  all of it, or nothing.

The layer sits on the Workspace (like ``tools/``): it reads files and calls
the Workspace's commands; the Workspace knows nothing of it.  openpyxl (the
``reports`` extra) is imported only when a workbook is read or written.
"""

from __future__ import annotations
