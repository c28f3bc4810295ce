"""Read an uploaded registry file — a table or a pad — into its plan."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cairn.core.tabular import TabularError, read_table, read_text
from cairn.recommendations.imports.pad_plan import plan_pad_import
from cairn.recommendations.imports.pads import parse_pad
from cairn.recommendations.imports.plan import ImportFileError, NewCycle, RegistryPlan
from cairn.recommendations.imports.tables import ALIASES, plan_table_import
from cairn.recommendations.models import Cycle, ThemeCategory

PAD_SUFFIXES = (".md", ".markdown")
TABLE_SUFFIXES = (".csv", ".xlsx", ".txt")
NO_CYCLE = gettext_lazy(
    "Ce pad ne dit pas à quel cycle il appartient, ni dans son en-tête (cycle : 2022-2023) ni dans son titre : "
    "choisissez le cycle, ou décrivez celui à créer."
)

# --- reading ----------------------------------------------------------------------------


def read_registry_file(
    data: bytes, filename: str, *, cycle: Cycle | None = None, category: ThemeCategory | None = None, new_cycle: NewCycle | None = None
) -> RegistryPlan:
    """Read an uploaded file and plan its import. Raises ``ImportFileError`` when the file
    as a whole is refused (size, format, encoding, the limits of ``cairn.core.tabular``).

    ``cycle`` is the cycle of a pad (or of table rows that leave theirs empty);
    ``new_cycle`` describes one to create in the same import instead."""
    max_bytes = settings.CAIRN_REGISTRY_IMPORT_MAX_BYTES
    lower = filename.lower()
    if lower.endswith(PAD_SUFFIXES):
        try:
            text = read_text(
                data, max_bytes=max_bytes, undecodable=_("Le document n’est pas en UTF-8 : exportez le pad en Markdown (UTF-8).")
            )
        except TabularError as exc:
            raise ImportFileError(str(exc)) from exc
        document = parse_pad(text)
        if cycle is None and new_cycle is None and not document.cycle_name:
            raise ImportFileError(str(NO_CYCLE))
        plan = plan_pad_import(document, cycle=cycle, category=category, new_cycle=new_cycle)
    else:
        try:
            table = read_table(data, filename, ALIASES, max_bytes=max_bytes)
        except TabularError as exc:
            raise ImportFileError(str(exc)) from exc
        plan = plan_table_import(table, default_cycle=cycle, new_cycle=new_cycle)
    plan.filename = filename
    return plan
