"""Registry import: read a CSV/XLSX file or a working group's pad, and plan the changes.

Nothing here writes. ``reading.read_registry_file`` returns a ``plan.RegistryPlan`` that
lists exactly what would be created, updated or left unchanged, and every error (row and
column, or line) — ``services.imports.registry_import`` applies a plan without errors in
one transaction. The same plan feeds the staff page's preview and
``cairn import recommendations``.

- ``tables``: CSV and XLSX files, their columns and aliases;
- ``pad_markdown`` and ``pads``: a working group's Markdown pad;
- ``planner``: rows (from either) compared with the registry, filling the plan.

Idempotent on cycle + theme + number: importing the same file twice plans no change the
second time. The columns and the pad format are documented in ``docs/registry-import.md``.
"""
