"""The open data, self-described: a Frictionless Data package (``datapackage.json``) for
the CSV files of the open-data page, and those files kept ready for download.

The package describes each CSV's columns (names, types, constraints), the statuses with
their labels in French, Dutch and English (an inline resource the list's ``status``
column refers to, as a foreign key), the primary key of the list, the licence
(``CAIRN_OPEN_DATA_LICENCE``) and the definitions of the figures. Every file of the page — each language, audience and set of
filters — is built by the worker (``file_content``, through ``services.export_build``)
once per state of the data, and downloads are served from storage (``ExportFile``)."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.utils import translation

from cairn.recommendations.models import CycleCountry, Kind, Status
from cairn.recommendations.rates import STATUS_KEYS
from cairn.recommendations.selectors.registry import RegistryFilters
from cairn.reports.figures import BREAKDOWNS

LANGUAGES = ("fr", "nl", "en")

#: The licences Cairn can name, by their SPDX identifier.
LICENCES = {
    "CC-BY-4.0": ("Creative Commons Attribution 4.0 International", "https://creativecommons.org/licenses/by/4.0/"),
    "CC-BY-SA-4.0": ("Creative Commons Attribution-ShareAlike 4.0 International", "https://creativecommons.org/licenses/by-sa/4.0/"),
    "CC0-1.0": ("Creative Commons Zero v1.0 Universal", "https://creativecommons.org/publicdomain/zero/1.0/"),
    "ODbL-1.0": ("Open Data Commons Open Database License v1.0", "https://opendatacommons.org/licenses/odbl/1-0/"),
}

DEFINITIONS = {
    "counted": "The public recommendations of the registry; on a past date, only those of cycles that had started by then.",
    "status": "The status of the latest published assessment effective on or before the date; not_assessed when there is none.",
    "assessed": "Every recommendation except the not_assessed ones.",
    "completion_rate": "done ÷ assessed, as a percentage rounded to one decimal; empty when nothing is assessed.",
    "engagement_rate": "(done + in_progress) ÷ assessed, as a percentage rounded to one decimal; empty when nothing is assessed.",
    "breakdowns": "By category, cycle, theme and country each recommendation counts once; by working group, city and department a "
    "recommendation of two groups or two departments counts in each of their rows.",
}


def _labels(choice: Any) -> dict[str, str]:
    labels = {}
    for language in LANGUAGES:
        with translation.override(language):
            labels[language] = str(choice.label)
    return labels


def _field(name: str, kind: str, description: str, **constraints: Any) -> dict[str, Any]:
    field: dict[str, Any] = {"name": name, "type": kind, "description": description}
    if constraints:
        field["constraints"] = constraints
    return field


def _figure_fields() -> list[dict[str, Any]]:
    counts = [_field(key, "integer", f"Recommendations whose status is {key}.", minimum=0) for key in STATUS_KEYS]
    return [
        _field("breakdown", "string", "all (the whole), then the breakdown of the row.", required=True, enum=["all", *BREAKDOWNS]),
        _field("key", "string", "A stable identifier of the row within its breakdown (a slug, a code, an id); empty for all."),
        _field("label", "string", "The row's name in the file's language."),
        _field("total", "integer", "Recommendations counted in the row.", minimum=0),
        *counts,
        _field("assessed", "integer", DEFINITIONS["assessed"], minimum=0),
        _field("engaged", "integer", "done + in_progress.", minimum=0),
        _field("completion_rate", "number", DEFINITIONS["completion_rate"], minimum=0, maximum=100),
        _field("engagement_rate", "number", DEFINITIONS["engagement_rate"], minimum=0, maximum=100),
    ]


def _list_fields() -> list[dict[str, Any]]:
    return [
        _field("reference", "string", "The recommendation's public reference (cycle/theme/number).", required=True, unique=True),
        _field("cycle", "string", "The cycle's name.", required=True),
        _field("country", "string", "The cycle's country: BE, FR or BI (binational).", enum=list(CycleCountry.values)),
        _field("theme", "string", "The theme's title in the file's language, or in French while it is not translated (theme_language)."),
        _field("groups", "string", "The working groups that wrote it."),
        _field("number", "string", "Its number as written in the document (4, 2.3)."),
        _field("title", "string", "Its title.", required=True),
        _field("kind", "string", "recommendation or line_of_thought.", enum=list(Kind.values)),
        _field("status", "string", DEFINITIONS["status"], required=True, enum=list(Status.values)),
        _field("status_date", "date", "When that status took effect."),
        _field("public_comment", "string", "The public comment of that assessment."),
        _field(
            "theme_language",
            "string",
            "The language the theme's title is written in (fr when not translated yet).",
            enum=["fr", "nl", "en"],
        ),
    ]


def datapackage() -> dict[str, Any]:
    """The ``datapackage.json`` of the open-data page (Frictionless Data, tabular)."""
    licence = settings.CAIRN_OPEN_DATA_LICENCE
    title, path = LICENCES.get(licence, (licence, ""))
    statuses = [{"value": status.value, **{f"label_{lang}": label for lang, label in _labels(status).items()}} for status in Status]
    return {
        "profile": "tabular-data-package",
        "name": "cairn-state-of-play",
        "title": f"{settings.CAIRN_COOPERATIVE_NAME} — state of play of the recommendations",
        "description": " ".join(DEFINITIONS.values()),
        "licenses": [{"name": licence, "title": title, **({"path": path} if path else {})}],
        "x-definitions": DEFINITIONS,
        "resources": [
            {
                "name": "figures",
                "path": "chiffres.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "description": "The state of play's figures: one row for the whole, then one per row of each breakdown.",
                "schema": {"fields": _figure_fields(), "missingValues": [""]},
            },
            {
                "name": "recommendations",
                "path": "recommandations.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "description": "Every public recommendation with its current status.",
                "schema": {
                    "fields": _list_fields(),
                    "missingValues": [""],
                    "primaryKey": ["reference"],
                    "foreignKeys": [{"fields": ["status"], "reference": {"resource": "statuses", "fields": ["value"]}}],
                },
            },
            {
                "name": "statuses",
                "profile": "tabular-data-resource",
                "description": "The statuses of a recommendation, with their labels in French, Dutch and English.",
                "data": statuses,
                "schema": {
                    "fields": [
                        _field("value", "string", "The status as the files write it.", required=True, unique=True),
                        *(
                            _field(f"label_{lang}", "string", f"Its label in {name}.")
                            for lang, name in (("fr", "French"), ("nl", "Dutch"), ("en", "English"))
                        ),
                    ],
                    "primaryKey": ["value"],
                },
            },
        ],
    }


def datapackage_json() -> str:
    return json.dumps(datapackage(), ensure_ascii=False, indent=2) + "\n"


# --- The files, as the worker builds them ----------------------------------------------------

#: Every file of the open-data page, with its content type.
FILES = {
    "chiffres.json": "application/json; charset=utf-8",
    "chiffres.csv": "text/csv; charset=utf-8",
    "chiffres.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "recommandations.csv": "text/csv; charset=utf-8",
    "datapackage.json": "application/json; charset=utf-8",
}


def file_content(filename: str, *, viewer: Any, filters: RegistryFilters) -> bytes:
    """The content of ``filename`` for what ``viewer`` may see, narrowed by ``filters``, in
    the active language: computed from the database, never from a cache. Called by the
    worker only (``services.export_build``)."""
    from cairn.reports import exports
    from cairn.reports.chronology import chronology
    from cairn.reports.figures import figures

    if filename == "datapackage.json":
        return datapackage_json().encode("utf-8")
    if filename == "recommandations.csv":
        return exports.list_csv(chronology(viewer=viewer, filters=filters)).encode("utf-8")
    data = figures(viewer=viewer, filters=filters)
    if filename == "chiffres.xlsx":
        return exports.figures_xlsx(data, chronology(viewer=viewer, filters=filters))
    if filename == "chiffres.csv":
        return exports.figures_csv(data).encode("utf-8")
    if filename == "chiffres.json":
        return exports.figures_json(data).encode("utf-8")
    raise ValueError(filename)
