"""CSV and XLSX registry files: their columns (and accepted aliases), and their plan."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from cairn.accounts.models import Department, Language
from cairn.core.forms import check_date_range
from cairn.core.tabular import Table, normalise_header
from cairn.recommendations.imports.plan import NewCycle, Problem, RegistryPlan, _fold
from cairn.recommendations.imports.planner import Planner, Row, _parse_date, _split_list
from cairn.recommendations.models import STATUSES_NEEDING_RATIONALE, Cycle, Kind, Status

COLUMNS = [
    "cycle", "country", "theme", "theme_category", "groups", "section", "number", "title", "text", "kind",
    "departments", "status", "status_date", "public_comment", "parent", "language", "theme_code",
]  # fmt: skip
REQUIRED = ["cycle", "theme", "title"]  # a row without a number gets one from Cairn
ALIASES = {
    normalise_header(alias): key
    for key, names in {
        "cycle": ["cycle", "cyclus"],
        "country": ["country", "pays", "land"],
        "theme": ["theme", "thème", "thématique", "thema"],
        "theme_category": ["theme category", "category", "grande thématique", "catégorie", "hoofdthema", "categorie"],
        "groups": ["groups", "group", "groupes", "groupe", "groupes de travail", "werkgroepen", "werkgroep"],
        "section": ["section", "sous-thème", "sectie", "onderdeel"],
        "number": ["number", "numéro", "n°", "no", "nummer", "nr"],
        "title": ["title", "titre", "intitulé", "titel"],
        "text": ["text", "texte", "tekst", "description"],
        "kind": ["kind", "nature", "type", "soort"],
        "departments": ["departments", "department", "directions", "direction", "directies", "directie"],
        "status": ["status", "état", "état d'avancement", "état d’avancement", "statut", "stand van zaken"],
        "status_date": ["status date", "date", "date d'effet", "date d’effet", "date de l'état", "date du statut", "datum"],
        "public_comment": ["public comment", "comment", "commentaire public", "commentaire", "publieke opmerking", "opmerking"],
        "parent": ["parent", "recommandation parente", "parent number", "numéro parent", "hoofdaanbeveling"],
        "language": ["language", "langue", "taal"],
        "theme_code": ["theme code", "code thématique", "code", "themacode"],
    }.items()
    for alias in names
}

_STATUS_WORDS = {
    **{value: value for value in Status.values},
    "realisee": Status.DONE, "realise": Status.DONE, "faite": Status.DONE, "gerealiseerd": Status.DONE,
    "en cours": Status.IN_PROGRESS, "lopend": Status.IN_PROGRESS, "in progress": Status.IN_PROGRESS, "bezig": Status.IN_PROGRESS,
    "non realisee": Status.NOT_DONE, "non realise": Status.NOT_DONE, "niet gerealiseerd": Status.NOT_DONE, "not done": Status.NOT_DONE,
    "rejetee": Status.REJECTED, "rejete": Status.REJECTED, "verworpen": Status.REJECTED,
    "reportee": Status.POSTPONED, "reporte": Status.POSTPONED, "uitgesteld": Status.POSTPONED,
    "non evaluee": Status.NOT_ASSESSED, "niet beoordeeld": Status.NOT_ASSESSED, "not assessed": Status.NOT_ASSESSED,
}  # fmt: skip
_KIND_WORDS = {
    "": Kind.RECOMMENDATION, "recommendation": Kind.RECOMMENDATION, "recommandation": Kind.RECOMMENDATION,
    "aanbeveling": Kind.RECOMMENDATION, "line of thought": Kind.LINE_OF_THOUGHT, "line_of_thought": Kind.LINE_OF_THOUGHT,
    "piste de reflexion": Kind.LINE_OF_THOUGHT, "piste": Kind.LINE_OF_THOUGHT, "denkpiste": Kind.LINE_OF_THOUGHT,
}  # fmt: skip

_LANGUAGE_WORDS = {"fr": "fr", "francais": "fr", "nl": "nl", "nederlands": "nl", "neerlandais": "nl", "en": "en", "english": "en"}

# --- CSV and XLSX --------------------------------------------------------------------


def plan_table_import(table: Table, *, default_cycle: Cycle | None = None, new_cycle: NewCycle | None = None) -> RegistryPlan:
    plan = RegistryPlan(source="table")
    required = [c for c in REQUIRED if c not in table.columns and not (c == "cycle" and (default_cycle or new_cycle))]
    if required:
        plan.errors.append(
            Problem(1, ", ".join(required), _("Colonne obligatoire absente de l’en-tête : %(columns)s.") % {"columns": ", ".join(required)})
        )
        return plan
    if not table.rows:
        plan.errors.append(Problem(1, "", _("Le fichier ne contient aucune recommandation.")))
        return plan
    planner = Planner(plan)
    departments: dict[str, Department] = {}
    for department in Department.objects.all():
        for name in (department.code, department.name_fr, department.name_nl, department.name_en):
            if name:
                departments.setdefault(name.casefold(), department)
    default = planner.cycle_plan_for(default_cycle) if default_cycle else None
    if new_cycle is not None and default is None:
        default = planner.plan_new_cycle(0, new_cycle)
        if default is None:
            return plan

    rows: list[Row] = []
    numbers_seen: dict[tuple[str, str, str], int] = {}
    for line, values in table.rows:
        errors_before = len(plan.errors)
        get = values.get
        cycle_value = (get("cycle") or "").strip()
        cycle = planner.resolve_cycle(line, cycle_value, (get("country") or "").strip()) if cycle_value else default
        if cycle is None and not cycle_value:
            planner.error(line, "cycle", _("Le cycle est obligatoire."))
        theme_title = " ".join((get("theme") or "").split())
        if not theme_title:
            planner.error(line, "theme", _("La thématique est obligatoire."))
        elif len(theme_title) > 200:
            planner.error(line, "theme", _("La thématique dépasse 200 caractères."))
        number = (get("number") or "").strip()
        if number and (len(number) > 20 or not re.fullmatch(r"[\w.\-]+", number)):
            planner.error(
                line,
                "number",
                _("Numéro « %(value)s » invalide : chiffres, lettres, points ou tirets, 20 caractères au plus.") % {"value": number},
            )
        title = " ".join((get("title") or "").split())
        if not title:
            planner.error(line, "title", _("Le titre est obligatoire."))
        elif len(title) > 300:
            planner.error(line, "title", _("Le titre dépasse 300 caractères."))
        kind_value = (get("kind") or "").strip()
        kind = _KIND_WORDS.get(_fold(kind_value))
        if kind is None:
            planner.error(line, "kind", _("Nature inconnue « %(value)s » : recommandation ou piste de réflexion.") % {"value": kind_value})
        language_value = (get("language") or "").strip()
        language = _LANGUAGE_WORDS.get(_fold(language_value)) if language_value else None
        if language_value and language not in Language.values:
            planner.error(line, "language", _("Langue inconnue « %(value)s » : fr, nl ou en.") % {"value": language_value})
        section = " ".join((get("section") or "").split())
        if len(section) > 200:
            planner.error(line, "section", _("La section dépasse 200 caractères."))
        category_value = " ".join((get("theme_category") or "").split())
        category = planner.resolve_category(category_value) if category_value else None
        department_list: list[Department] | None = None
        if get("departments"):
            department_list = []
            for name in _split_list(get("departments") or ""):
                found = departments.get(name.casefold())
                if found is None:
                    planner.error(line, "departments", _("Direction inconnue « %(value)s » (code ou nom).") % {"value": name})
                elif found not in department_list:
                    department_list.append(found)
        groups = [g[:200] for g in _split_list(get("groups") or "")] if get("groups") else None
        status_value = (get("status") or "").strip()
        status = ""
        if status_value:
            status = _STATUS_WORDS.get(_fold(status_value), "")
            if not status:
                planner.error(
                    line,
                    "status",
                    _("État inconnu « %(value)s » : réalisée, en cours, non réalisée, rejetée ou reportée.") % {"value": status_value},
                )
        status_date = None
        date_value = (get("status_date") or "").strip()
        if date_value:
            try:
                parsed = _parse_date(date_value)
            except ValueError:
                planner.error(
                    line, "status_date", _("Date illisible « %(value)s » : écrivez-la AAAA-MM-JJ ou JJ/MM/AAAA.") % {"value": date_value}
                )
            else:
                status_date = parsed
                try:
                    check_date_range(parsed)
                except ValidationError as error:
                    planner.error(line, "status_date", error.messages[0])
                    parsed = timezone.localdate()  # reported once: not also "in the future"
                if parsed > timezone.localdate():
                    planner.error(line, "status_date", _("La date d’effet ne peut pas être dans le futur."))
        comment = (get("public_comment") or "").strip()
        if status and status != Status.NOT_ASSESSED:
            if not date_value:
                planner.error(line, "status_date", _("Un état d’avancement a besoin de sa date d’effet."))
            if status in STATUSES_NEEDING_RATIONALE and not comment:
                planner.error(line, "public_comment", _("Une recommandation rejetée ou reportée doit être expliquée publiquement."))
        parent = (get("parent") or "").strip() or None
        if cycle is not None and theme_title and number:
            key = (cycle.slug, theme_title.casefold(), number)
            if key in numbers_seen:
                planner.error(
                    line,
                    "number",
                    _("Le numéro %(number)s de cette thématique figure déjà à la ligne %(row)s.")
                    % {"number": number, "row": numbers_seen[key]},
                )
            numbers_seen.setdefault(key, line)
        if len(plan.errors) == errors_before and cycle is not None:
            rows.append(
                Row(
                    line, cycle, theme_title, number, title, (get("text") or "").replace("\r\n", "\n").strip(), section, kind or Kind.RECOMMENDATION,
                    language, parent, category, (get("theme_code") or "").strip(), groups, department_list, status, status_date, comment,
                )
            )  # fmt: skip
    if plan.errors:
        return plan
    planner.plan_rows(rows)
    return plan
