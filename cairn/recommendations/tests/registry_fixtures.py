"""A small registry every registry page test reads (``build_registry``), and volumes for
the query-count tests (``add_volume``).

Seven recommendations in two cycles, three themes, four groups and five cities; six are
public and one is internal. The counts each test expects are worked out from this table:

====  ==================  =====  =========  ==========================  =============  ==========
rec   theme (cycle)        kind   status     groups (cities)             department     note
====  ==================  =====  =========  ==========================  =============  ==========
acc1  ACC (2019-20, BE)    rec    done       Bruxelles                   Finances
acc2  ACC (2019-20, BE)    rec    in prog.   Bruxelles, Charleroi–Mons
acc3  ACC (2019-20, BE)    line   —          Charleroi–Mons
gov1  GOV (2019-20, BE)    rec    rejected   Liège
gov2  GOV (2019-20, BE)    rec    done       Liège                                      in Dutch
num1  NUM (2020-21, FR)    rec    postponed  Lille (office in Lille)     Informatique
num2  NUM (2020-21, FR)    rec    done       Lille                                      internal
====  ==================  =====  =========  ==========================  =============  ==========
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from cairn.accounts.factories import DepartmentFactory, OfficeFactory
from cairn.accounts.models import Department, Office
from cairn.recommendations.factories import CycleFactory, RecommendationFactory, ThemeCategoryFactory, ThemeFactory, WorkingGroupFactory
from cairn.recommendations.models import Cycle, CycleCountry, Kind, Recommendation, Status, Theme, ThemeCategory, WorkingGroup
from cairn.recommendations.services.assessments import assessment_record


@dataclass
class Registry:
    cycles: dict[str, Cycle]
    themes: dict[str, Theme]
    categories: dict[str, ThemeCategory]
    groups: dict[str, WorkingGroup]
    departments: dict[str, Department]
    office: Office
    recs: dict[str, Recommendation]


def assess(recommendation: Recommendation, status: str, on: datetime.date, **kwargs: Any) -> None:
    if status in (Status.REJECTED, Status.POSTPONED):
        kwargs.setdefault("public_comment", "Expliqué en assemblée générale.")
    assessment_record(actor=None, recommendation=recommendation, status=status, effective_date=on, **kwargs)


def build_registry() -> Registry:
    categories = {
        "eco": ThemeCategoryFactory(slug="economie", name_fr="Économie", position=1),
        "vie": ThemeCategoryFactory(slug="vie-cooperative", name_fr="Vie coopérative", position=2),
    }
    cycles = {
        "2019": CycleFactory(
            name="2019-2020", slug="2019-2020", code="2019-20", country=CycleCountry.BE, starts_on=datetime.date(2019, 6, 1)
        ),
        "2020": CycleFactory(
            name="2020-2021", slug="2020-2021", code="2020-21", country=CycleCountry.FR, starts_on=datetime.date(2020, 6, 1)
        ),
    }
    themes = {
        "acc": ThemeFactory(cycle=cycles["2019"], title="Accompagnement des projets", code="ACC", category=categories["eco"]),
        "gov": ThemeFactory(cycle=cycles["2019"], title="Gouvernance", code="GOV", category=categories["vie"]),
        "num": ThemeFactory(cycle=cycles["2020"], title="Numérique", code="NUM", category=categories["eco"]),
    }
    office = OfficeFactory(name="Bureau de Lille", city="Lille")
    groups = {
        "bxl": WorkingGroupFactory(theme=themes["acc"], name="Bruxelles", cities="Bruxelles"),
        "wal": WorkingGroupFactory(theme=themes["acc"], name="Charleroi–Mons", cities="Charleroi–Mons"),
        "lie": WorkingGroupFactory(theme=themes["gov"], name="Liège", cities="Liège"),
        "lil": WorkingGroupFactory(theme=themes["num"], name="Nord", cities=""),
    }
    groups["lil"].offices.add(office)
    departments = {
        "fin": DepartmentFactory(code="finances", name_fr="Finances"),
        "info": DepartmentFactory(code="informatique", name_fr="Informatique"),
    }
    recs = {
        "acc1": RecommendationFactory(
            theme=themes["acc"],
            number="1",
            title="Créer un fonds de garantie coopératif",
            text="Un fonds pour les coopératives qui démarrent.",
            groups=[groups["bxl"]],
        ),
        "acc2": RecommendationFactory(
            theme=themes["acc"], number="2", title="Former les accompagnateurs", groups=[groups["bxl"], groups["wal"]]
        ),
        "acc3": RecommendationFactory(
            theme=themes["acc"], number="3", title="Une piste sur les assurances", kind=Kind.LINE_OF_THOUGHT, groups=[groups["wal"]]
        ),
        "gov1": RecommendationFactory(theme=themes["gov"], number="1", title="Élire le conseil par tirage au sort", groups=[groups["lie"]]),
        "gov2": RecommendationFactory(
            theme=themes["gov"],
            number="2",
            title="Vergaderingen in het Nederlands",
            text="Tweetalige vergaderingen voor alle vennoten.",
            language="nl",
            groups=[groups["lie"]],
        ),
        "num1": RecommendationFactory(theme=themes["num"], number="1", title="Des outils numériques libres", groups=[groups["lil"]]),
        "num2": RecommendationFactory(
            theme=themes["num"], number="2", title="Note sur les salaires", is_internal=True, groups=[groups["lil"]]
        ),
    }
    recs["acc1"].departments.add(departments["fin"])
    recs["num1"].departments.add(departments["info"])
    assess(recs["acc1"], Status.DONE, datetime.date(2022, 3, 1))
    assess(recs["acc2"], Status.IN_PROGRESS, datetime.date(2023, 1, 10))
    assess(recs["gov1"], Status.REJECTED, datetime.date(2022, 6, 1))
    assess(recs["gov2"], Status.DONE, datetime.date(2024, 2, 1))
    assess(recs["num1"], Status.POSTPONED, datetime.date(2023, 5, 5))
    assess(recs["num2"], Status.DONE, datetime.date(2023, 6, 6))
    return Registry(cycles, themes, categories, groups, departments, office, recs)


def add_volume(count: int) -> None:
    """``count`` more public recommendations spread over new cycles, themes and groups,
    each with a group, a department and two published assessments: everything a registry
    row, a facet or a page reads."""
    department = DepartmentFactory()
    per_theme = 5
    theme = group = None
    for n in range(count):
        if n % per_theme == 0:
            # Codes of our own: the factory's sequence could meet "2019-20" of build_registry.
            cycle = CycleFactory(name=f"Volume {n}", slug=f"volume-{n}", code=f"VOL{n}", starts_on=datetime.date(2010, 1, 1))
            theme = ThemeFactory(cycle=cycle, code=f"V{n}")
            group = WorkingGroupFactory(theme=theme, cities=f"Ville {n}–Autre {n}")
        rec = RecommendationFactory(theme=theme, groups=[group])
        rec.departments.add(department)
        assess(rec, Status.IN_PROGRESS, datetime.date(2022, 1, 1))
        assess(rec, Status.DONE, datetime.date(2023, 1, 1))
