"""The registry's write services: creating and editing recommendations (numbers, sort keys,
public references, audit) and recording assessments (the rationale rule, in the service and
in the database). Every refused call is followed by a check that nothing was written.

The campaign workflow (assign, propose, review, publish) has its own module,
``test_campaign_services.py``.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from cairn.accounts.factories import DepartmentFactory, UserFactory
from cairn.core.audit import history_of
from cairn.core.models import AuditEntry
from cairn.recommendations.factories import CycleFactory, RecommendationFactory, ThemeFactory, WorkingGroupFactory
from cairn.recommendations.models import Assessment, Kind, Recommendation, Status
from cairn.recommendations.services import recommendations as services
from cairn.recommendations.services.assessments import assessment_publish, assessment_record

pytestmark = pytest.mark.django_db

DAY = datetime.date(2023, 3, 15)


@pytest.fixture
def coordinator():
    return UserFactory(roles=["coordination"])


@pytest.fixture
def theme():
    return ThemeFactory(cycle=CycleFactory(code="2020-21", slug="2020-2021-bi", name="2020-2021"), code="ACC", title="Accueil")


def written_rows() -> tuple[int, int, int]:
    return Recommendation.objects.count(), Assessment.objects.count(), AuditEntry.objects.count()


# --- Numbers, sort keys and references ---------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "position", "reference"),
    [
        ("4", "0004", "2020-21/ACC/04"),
        ("2.3", "0002.0003", "2020-21/ACC/02.03"),
        ("10", "0010", "2020-21/ACC/10"),
        ("12.1.2", "0012.0001.0002", "2020-21/ACC/12.01.02"),
        ("4a", "0004.a", "2020-21/ACC/4a"),
    ],
)
def test_create_computes_the_sort_key_and_the_reference(coordinator, theme, number: str, position: str, reference: str) -> None:
    recommendation = services.recommendation_create(actor=coordinator, theme=theme, number=number, title="Un titre")

    recommendation.refresh_from_db()
    assert (recommendation.number, recommendation.position, recommendation.reference) == (number, position, reference)
    assert recommendation.cycle == theme.cycle


def test_numbers_sort_as_written_not_as_text(coordinator, theme) -> None:
    """ "2" < "2.3" < "2.10" < "10": the order of the document, not of the alphabet."""
    for number in ["10", "2.10", "2", "1", "2.3"]:
        services.recommendation_create(actor=coordinator, theme=theme, number=number, title=f"Numéro {number}")

    ordered = list(Recommendation.objects.filter(theme=theme).in_chronological_order().values_list("number", flat=True))
    assert ordered == ["1", "2", "2.3", "2.10", "10"]


def test_create_stores_groups_departments_and_fields(coordinator, theme) -> None:
    group = WorkingGroupFactory(theme=theme, name="Charleroi–Mons–Eupen–Louvain-la-Neuve")
    department = DepartmentFactory(code="fin", name_fr="Finances")

    recommendation = services.recommendation_create(
        actor=coordinator,
        theme=theme,
        number="3",
        title="Proposer un parrainage",
        groups=[group],
        departments=[department],
        section="Accueil des nouveaux membres",
        text="Un sociétaire **expérimenté** accompagne le nouveau membre.",
        kind=Kind.LINE_OF_THOUGHT,
        language="nl",
    )

    recommendation = Recommendation.objects.get(pk=recommendation.pk)
    assert list(recommendation.groups.all()) == [group]
    assert list(recommendation.departments.all()) == [department]
    assert (recommendation.section, recommendation.kind, recommendation.language) == (
        "Accueil des nouveaux membres",
        Kind.LINE_OF_THOUGHT,
        "nl",
    )


def test_the_same_number_twice_in_a_theme_is_refused_and_writes_nothing(coordinator, theme) -> None:
    services.recommendation_create(actor=coordinator, theme=theme, number="4", title="La première")
    before = written_rows()

    with pytest.raises(ValidationError):
        services.recommendation_create(actor=coordinator, theme=theme, number="4", title="Un doublon")

    assert written_rows() == before


def test_the_same_number_in_another_theme_gets_its_own_reference(coordinator, theme) -> None:
    other = ThemeFactory(cycle=theme.cycle, code="GOU", title="Gouvernance")

    first = services.recommendation_create(actor=coordinator, theme=theme, number="4", title="Accueil")
    second = services.recommendation_create(actor=coordinator, theme=other, number="4", title="Gouvernance")

    assert (first.reference, second.reference) == ("2020-21/ACC/04", "2020-21/GOU/04")


def test_the_reference_never_changes_when_the_number_is_corrected(coordinator, theme) -> None:
    recommendation = services.recommendation_create(actor=coordinator, theme=theme, number="4", title="Un titre")

    services.recommendation_update(actor=coordinator, recommendation=recommendation, number="5")

    recommendation.refresh_from_db()
    assert (recommendation.number, recommendation.position, recommendation.reference) == ("5", "0005", "2020-21/ACC/04")


def test_cycle_theme_and_reference_are_not_editable(coordinator, theme) -> None:
    recommendation = services.recommendation_create(actor=coordinator, theme=theme, number="4", title="Un titre")
    before = written_rows()

    for change in ({"reference": "2020-21/ACC/99"}, {"theme": ThemeFactory()}, {"cycle": CycleFactory()}):
        with pytest.raises(ValueError, match="Not editable"):
            services.recommendation_update(actor=coordinator, recommendation=recommendation, **change)

    assert written_rows() == before
    recommendation.refresh_from_db()
    assert (recommendation.theme, recommendation.reference) == (theme, "2020-21/ACC/04")


# --- Audit -------------------------------------------------------------------------------------


def test_create_is_audited_with_the_values_written(coordinator, theme) -> None:
    recommendation = services.recommendation_create(actor=coordinator, theme=theme, number="2.3", title="Un titre", section="Accueil")

    entry = history_of(recommendation).get()
    assert (entry.action, entry.actor) == ("create", coordinator)
    assert entry.changes["title"] == {"before": None, "after": "Un titre"}
    assert entry.changes["number"] == {"before": None, "after": "2.3"}
    assert entry.changes["section"] == {"before": None, "after": "Accueil"}


def test_update_is_audited_with_before_and_after_of_what_changed_only(coordinator, theme) -> None:
    recommendation = services.recommendation_create(actor=coordinator, theme=theme, number="4", title="Ancien titre", text="Texte")

    services.recommendation_update(actor=coordinator, recommendation=recommendation, title="Nouveau titre", text="Texte")

    entry = history_of(recommendation).first()
    assert entry is not None
    assert (entry.action, entry.actor) == ("update", coordinator)
    assert entry.changes == {"title": {"before": "Ancien titre", "after": "Nouveau titre"}}


def test_assessments_are_audited_on_their_recommendation(coordinator) -> None:
    recommendation = RecommendationFactory()

    assessment = assessment_record(actor=coordinator, recommendation=recommendation, status=Status.DONE, effective_date=DAY)

    entry = history_of(recommendation).get()
    assert (entry.action, entry.actor) == ("assessment_published", coordinator)
    assert entry.changes == {
        "assessment": {"before": None, "after": assessment.pk},
        "effective_date": {"before": None, "after": "2023-03-15"},
        "status": {"before": None, "after": Status.DONE},
    }


# --- Assessments: the rationale rule, in the service and in the database --------------------------


def test_recording_an_assessment_with_its_evidence(coordinator) -> None:
    recommendation = RecommendationFactory()
    department = DepartmentFactory(code="smb", name_fr="Services aux membres")

    assessment = assessment_record(
        actor=coordinator,
        recommendation=recommendation,
        status=Status.IN_PROGRESS,
        effective_date=DAY,
        public_comment="  Un projet pilote est mené dans deux bureaux.  ",
        internal_note="À revoir en juin.",
        interviewee="Lotte Peeters",
        interviewee_role="responsable de la direction",
        interviewee_department=department,
        interview_date=DAY - datetime.timedelta(days=3),
        source="Entretien",
    )

    assessment.refresh_from_db()
    assert assessment.public_comment == "Un projet pilote est mené dans deux bureaux."
    assert (assessment.assessed_by, assessment.published_by, assessment.interviewee_department) == (coordinator, coordinator, department)
    assert assessment.published_at is not None
    assert Recommendation.objects.with_status().get(pk=recommendation.pk).status == Status.IN_PROGRESS


@pytest.mark.parametrize("status", [Status.REJECTED, Status.POSTPONED])
@pytest.mark.parametrize("comment", ["", "   \n "])
def test_rejected_or_postponed_without_a_rationale_is_refused_and_writes_nothing(coordinator, status: str, comment: str) -> None:
    recommendation = RecommendationFactory()
    before = written_rows()

    with pytest.raises(ValidationError) as refused:
        assessment_record(actor=coordinator, recommendation=recommendation, status=status, effective_date=DAY, public_comment=comment)

    assert refused.value.message_dict == {"public_comment": ["Une recommandation rejetée ou reportée doit être expliquée publiquement."]}
    assert written_rows() == before
    assert Recommendation.objects.with_status().get(pk=recommendation.pk).status == Status.NOT_ASSESSED


def test_the_refusal_speaks_the_language_of_the_page(coordinator) -> None:
    recommendation = RecommendationFactory()

    with translation.override("nl"), pytest.raises(ValidationError) as refused:
        assessment_record(actor=coordinator, recommendation=recommendation, status=Status.REJECTED, effective_date=DAY)

    assert refused.value.message_dict["public_comment"] == ["Een verworpen of uitgestelde aanbeveling moet publiek toegelicht worden."]


@pytest.mark.parametrize("status", [Status.REJECTED, Status.POSTPONED])
def test_rejected_or_postponed_with_a_rationale_is_recorded(coordinator, status: str) -> None:
    recommendation = RecommendationFactory()

    assessment_record(
        actor=coordinator, recommendation=recommendation, status=status, effective_date=DAY, public_comment="Faute de budget cette année."
    )

    assert Recommendation.objects.with_status().get(pk=recommendation.pk).status == status


@pytest.mark.parametrize("status", [Status.REJECTED, Status.POSTPONED])
def test_the_database_also_refuses_rejected_or_postponed_without_a_rationale(status: str) -> None:
    """Even a write that skips the service cannot store an unexplained refusal."""
    recommendation = RecommendationFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.create(recommendation=recommendation, status=status, effective_date=DAY, public_comment="")

    assert Assessment.objects.count() == 0


def test_the_database_refuses_an_assessment_without_a_status() -> None:
    recommendation = RecommendationFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.create(recommendation=recommendation, status=Status.NOT_ASSESSED, effective_date=DAY)

    assert Assessment.objects.count() == 0


@pytest.mark.parametrize("status", [Status.NOT_ASSESSED, "finished", ""])
def test_an_unknown_or_empty_status_is_refused_and_writes_nothing(coordinator, status: str) -> None:
    recommendation = RecommendationFactory()
    before = written_rows()

    with pytest.raises(ValidationError) as refused:
        assessment_record(actor=coordinator, recommendation=recommendation, status=status, effective_date=DAY)

    assert refused.value.message_dict == {"status": ["Choisissez un état d’avancement."]}
    assert written_rows() == before


def test_an_effective_date_in_the_future_is_refused_and_writes_nothing(coordinator) -> None:
    recommendation = RecommendationFactory()
    before = written_rows()

    with pytest.raises(ValidationError) as refused:
        assessment_record(
            actor=coordinator,
            recommendation=recommendation,
            status=Status.DONE,
            effective_date=timezone.localdate() + datetime.timedelta(days=1),
        )

    assert refused.value.message_dict == {"effective_date": ["La date d’effet ne peut pas être dans le futur."]}
    assert written_rows() == before


def test_unknown_evidence_is_refused_and_writes_nothing(coordinator) -> None:
    recommendation = RecommendationFactory()
    before = written_rows()

    with pytest.raises(ValueError, match="Unknown evidence fields"):
        assessment_record(actor=coordinator, recommendation=recommendation, status=Status.DONE, effective_date=DAY, interviewer="Quelqu’un")

    assert written_rows() == before


def test_a_proposal_counts_only_once_published(coordinator) -> None:
    recommendation = RecommendationFactory()

    proposal = assessment_record(actor=coordinator, recommendation=recommendation, status=Status.DONE, effective_date=DAY, publish=False)
    assert Recommendation.objects.with_status().get(pk=recommendation.pk).status == Status.NOT_ASSESSED
    assert history_of(recommendation).get().action == "assessment_proposed"

    assert assessment_publish(actor=coordinator, assessments=[proposal]) == 1
    assert Recommendation.objects.with_status().get(pk=recommendation.pk).status == Status.DONE
    # Publishing twice changes nothing and audits nothing more.
    assert assessment_publish(actor=coordinator, assessments=[proposal]) == 0
    assert [e.action for e in history_of(recommendation)] == ["assessment_published", "assessment_proposed"]


# --- Many at once: the import's and the seed's path ------------------------------------------------


def test_many_recommendations_at_once_parents_before_their_sub_items(coordinator, theme) -> None:
    group = WorkingGroupFactory(theme=theme, name="Namur")
    department = DepartmentFactory(code="rh", name_fr="Ressources humaines")
    existing = services.recommendation_create(actor=coordinator, theme=theme, number="1", title="Déjà là")
    two = services.NewRecommendation(theme=theme, number="2", title="Deux", groups=[group], departments=[department])
    two_one = services.NewRecommendation(theme=theme, number="2.1", title="Deux point un", parent=two)
    # Listed before its parent: the service still writes the parent first.
    items = [services.NewRecommendation(theme=theme, number="2.1.a", title="Deux point un a", parent=two_one), two_one, two]
    items.append(services.NewRecommendation(theme=theme, number="1.1", title="Un point un", parent=existing, section="Accueil"))

    created = services.recommendation_create_many(actor=coordinator, recommendations=items)

    assert [r.number for r in created] == ["2.1.a", "2.1", "2", "1.1"]
    stored = {r.number: r for r in Recommendation.objects.select_related("parent").prefetch_related("groups", "departments")}
    assert {n: r.parent.number if r.parent else None for n, r in stored.items()} == {
        "1": None, "2": None, "2.1": "2", "2.1.a": "2.1", "1.1": "1",
    }  # fmt: skip
    assert (stored["2.1.a"].reference, stored["2.1.a"].position) == ("2020-21/ACC/02.01.a", "0002.0001.a")
    assert ([g.name for g in stored["2"].groups.all()], [d.code for d in stored["2"].departments.all()]) == (["Namur"], ["rh"])
    for recommendation in stored.values():  # as recommendation_refresh_search would store it
        names = sorted(g.name for g in recommendation.groups.all())
        assert recommendation.search_text == services.recommendation_search_text(recommendation, names)
    entry = history_of(stored["1.1"]).get()
    assert (entry.action, entry.actor) == ("create", coordinator)
    assert entry.changes == {
        "is_internal": {"before": None, "after": False},
        "kind": {"before": None, "after": Kind.RECOMMENDATION},
        "language": {"before": None, "after": "fr"},
        "number": {"before": None, "after": "1.1"},
        "parent": {"before": None, "after": existing.pk},
        "section": {"before": None, "after": "Accueil"},
        "text": {"before": None, "after": ""},
        "title": {"before": None, "after": "Un point un"},
    }


def test_many_recommendations_take_the_same_queries_whatever_their_number(coordinator, theme, django_assert_num_queries) -> None:
    group = WorkingGroupFactory(theme=theme)

    def batch(first: int, count: int) -> list[services.NewRecommendation]:
        return [
            services.NewRecommendation(theme=theme, number=str(n), title=f"N° {n}", groups=[group]) for n in range(first, first + count)
        ]

    with django_assert_num_queries(6):  # savepoint, uniqueness, recommendations, their groups, audit, release
        services.recommendation_create_many(actor=coordinator, recommendations=batch(1, 3))
    with django_assert_num_queries(6):
        services.recommendation_create_many(actor=coordinator, recommendations=batch(100, 40))

    assert Recommendation.objects.count() == 43


def test_a_duplicate_number_in_a_batch_or_in_the_registry_writes_none_of_it(coordinator, theme) -> None:
    services.recommendation_create(actor=coordinator, theme=theme, number="4", title="La première")
    before = written_rows()

    for numbers in (["5", "6", "5"], ["7", "4"], ["8", "08"]):  # "8" and "08" have the same reference
        with pytest.raises(ValidationError):
            services.recommendation_create_many(
                actor=coordinator, recommendations=[services.NewRecommendation(theme=theme, number=n, title="Un titre") for n in numbers]
            )
        assert written_rows() == before


def test_many_assessments_at_once_keep_who_published_them_and_when(coordinator) -> None:
    from cairn.notifications.models import Event
    from cairn.recommendations.services.assessments import assessment_record_many

    recommendation = RecommendationFactory()
    lead = UserFactory(roles=["department_lead"])
    published_at = datetime.datetime(2023, 4, 1, 9, tzinfo=datetime.UTC)
    history = [
        Assessment(recommendation=recommendation, status=Status.NOT_DONE, effective_date=DAY, assessed_by=lead, published_at=published_at),
        Assessment(recommendation=recommendation, status=Status.POSTPONED, effective_date=DAY, public_comment="  Après 2025. "),
    ]

    recorded = assessment_record_many(actor=coordinator, assessments=history, notify=False)

    rows = list(Assessment.objects.order_by("pk").values_list("status", "assessed_by", "published_by", "published_at", "public_comment"))
    assert rows[0] == (Status.NOT_DONE, lead.pk, coordinator.pk, published_at, "")
    assert rows[1][:3] == (Status.POSTPONED, coordinator.pk, coordinator.pk) and rows[1][4] == "Après 2025."
    assert [(e.action, e.actor, e.changes["assessment"]["after"]) for e in history_of(recommendation).order_by("pk")] == [
        ("assessment_published", coordinator, recorded[0].pk),
        ("assessment_published", coordinator, recorded[1].pk),
    ]
    assert not Event.objects.exists()  # a history recorded after the fact tells nobody

    assessment_record_many(
        actor=coordinator, assessments=[Assessment(recommendation=recommendation, status=Status.DONE, effective_date=DAY)]
    )
    assert Event.objects.get().data["status"] == Status.DONE
    with pytest.raises(ValidationError):
        assessment_record_many(
            actor=coordinator, assessments=[Assessment(recommendation=recommendation, status=Status.REJECTED, effective_date=DAY)]
        )
    assert Assessment.objects.count() == 3
