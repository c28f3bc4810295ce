"""Read an uploaded registry file — a table or a pad — into its plan."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from cairn.core.tabular import TabularError, read_table, read_text
from cairn.recommendations.imports.pads import parse_pad, plan_pad_import
from cairn.recommendations.imports.plan import ImportFileError, RegistryPlan
from cairn.recommendations.imports.tables import ALIASES, plan_table_import
from cairn.recommendations.models import Cycle, ThemeCategory

PAD_SUFFIXES = (".md", ".markdown")
TABLE_SUFFIXES = (".csv", ".xlsx", ".txt")

# --- reading ----------------------------------------------------------------------------


def read_registry_file(data: bytes, filename: str, *, cycle: Cycle | None = None, category: ThemeCategory | None = None) -> RegistryPlan:
    """Read an uploaded file and plan its import. Raises ``ImportFileError`` when the file
    as a whole is refused (size, format, encoding, the limits of ``cairn.core.tabular``)."""
    max_bytes = settings.CAIRN_REGISTRY_IMPORT_MAX_BYTES
    lower = filename.lower()
    if lower.endswith(PAD_SUFFIXES):
        try:
            text = read_text(
                data, max_bytes=max_bytes, undecodable=_("Le document n’est pas en UTF-8 : exportez le pad en Markdown (UTF-8).")
            )
        except TabularError as exc:
            raise ImportFileError(str(exc)) from exc
        if cycle is None:
            raise ImportFileError(_("Un pad ne dit pas à quel cycle il appartient : choisissez le cycle."))
        plan = plan_pad_import(parse_pad(text), cycle=cycle, category=category)
    else:
        try:
            table = read_table(data, filename, ALIASES, max_bytes=max_bytes)
        except TabularError as exc:
            raise ImportFileError(str(exc)) from exc
        plan = plan_table_import(table, default_cycle=cycle)
    plan.filename = filename
    return plan
