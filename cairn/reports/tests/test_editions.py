"""Analyses by broad theme and published editions: publication refused while an analysis
is missing (nothing written), an edition frozen at its date whatever happens afterwards,
the comparison of two editions, and the pages."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cairn.accounts.tests.helpers import make_user
from cairn.core.models import AuditEntry
from cairn.recommendations.models import Recommendation, Status
from cairn.recommendations.tests.registry_fixtures import Registry, assess, build_registry
from cairn.reports.models import CategoryAnalysis, Edition, EditionRecommendation
from cairn.reports.selectors import edition_comparison, edition_page
from cairn.reports.services import category_analysis_update, edition_publish, missing_analyses

pytestmark = pytest.mark.django_db

AS_OF = datetime.date(2023, 1, 1)


@pytest.fixture
def reg() -> Registry:
    return build_registry()


def write_analyses(reg: Registry, *, skip_nl: str = "") -> None:
    for key, category in reg.categories.items():
        category_analysis_update(
            category=category,
            text_fr=f"Analyse **{key}** en français.",
            text_nl="" if key == skip_nl else f"Analyse {key} in het Nederlands.",
            text_en="",
            actor=None,
        )


def test_publication_is_refused_while_an_analysis_lacks_dutch_and_nothing_is_written(reg: Registry) -> None:
    write_analyses(reg, skip_nl="vie")
    assert [(m.category.slug, m.languages) for m in missing_analyses(as_of=AS_OF)] == [("vie-cooperative", ["nl"])]
    with pytest.raises(ValidationError, match=r"Analyse manquante pour : Vie coopérative \(NL\)"):
        edition_publish(title="État des lieux 2023", as_of=AS_OF, actor=None)
    assert Edition.objects.count() == 0
    assert EditionRecommendation.objects.count() == 0


def test_publishing_freezes_figures_analyses_and_statuses(reg: Registry) -> None:
    write_analyses(reg)
    coordinator = make_user("coordination")
    edition = edition_publish(title="État des lieux 2023", as_of=AS_OF, actor=coordinator)
    assert edition.slug == "etat-des-lieux-2023"
    assert edition.figures["fr"]["by_status"] == {
        "not_assessed": 4, "done": 1, "in_progress": 0, "not_done": 0, "rejected": 1, "postponed": 0
    }  # fmt: skip
    assert edition.figures["en"]["by_country"][0]["label"] == "Belgium"
    rows = list(edition.recommendations.order_by("position").values_list("reference", "status", "groups"))
    assert rows[0] == ("2019-20/ACC/01", Status.DONE, "Bruxelles")
    assert len(rows) == 6  # public only: the internal one is not in an edition
    assert dict(edition.analyses.values_list("category_key", "text_nl")) == {
        "economie": "Analyse eco in het Nederlands.",
        "vie-cooperative": "Analyse vie in het Nederlands.",
    }
    entry = AuditEntry.objects.get(action="edition_published")
    assert (entry.actor, entry.changes["recommendations"]["after"]) == (coordinator, 6)


def test_a_second_edition_with_the_same_title_or_a_future_date_is_refused(reg: Registry) -> None:
    write_analyses(reg)
    edition_publish(title="État des lieux 2023", as_of=AS_OF, actor=None)
    with pytest.raises(ValidationError, match=r"Une édition porte déjà ce titre\."):
        edition_publish(title="État des lieux 2023", as_of=AS_OF, actor=None)
    with pytest.raises(ValidationError, match="dans le futur"):
        edition_publish(title="Demain", as_of=timezone.localdate() + datetime.timedelta(days=2), actor=None)
    assert Edition.objects.count() == 1


def test_comparison_lists_what_moved_from_what_to_what(reg: Registry) -> None:
    write_analyses(reg)
    edition_publish(title="État des lieux 2023", as_of=AS_OF, actor=None)
    edition_publish(title="État des lieux 2024", as_of=datetime.date(2024, 6, 30), actor=None)
    comparison = edition_comparison(first_slug="etat-des-lieux-2023", second_slug="etat-des-lieux-2024")
    assert comparison is not None
    assert [(m.reference, m.before, m.after) for m in comparison.moves] == [
        ("2019-20/ACC/02", "not_assessed", "in_progress"),
        ("2019-20/GOV/02", "not_assessed", "done"),
        ("2020-21/NUM/01", "not_assessed", "postponed"),
    ]
    assert (comparison.first_figures.overall.done, comparison.second_figures.overall.done) == (1, 2)
    assert comparison.added == comparison.removed == []
    assert edition_comparison(first_slug="etat-des-lieux-2023", second_slug="nope") is None


# --- A frozen edition never changes -----------------------------------------------------------------

changes = st.lists(
    st.tuples(
        st.sampled_from(["acc1", "acc2", "acc3", "gov1", "gov2", "num1"]),
        st.sampled_from([s for s in Status.values if s != Status.NOT_ASSESSED]),
        st.integers(-800, 400),
        st.sampled_from(["assess", "retitle", "internal"]),
    ),
    max_size=6,
)


@contextmanager
def rolled_back() -> Iterator[None]:
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=changes)
def test_a_frozen_edition_never_changes_when_live_data_does(changes: list) -> None:
    with rolled_back():
        reg = build_registry()
        write_analyses(reg)
        edition = edition_publish(title="État des lieux 2023", as_of=AS_OF, actor=None)
        before = edition_page(slug=edition.slug)
        assert before is not None
        frozen = (before.figures.as_dict(), [(r.reference, r.title, r.status) for r in before.recommendations])
        for key, status, days, what in changes:
            rec = Recommendation.objects.get(pk=reg.recs[key].pk)
            if what == "assess":  # earlier or later than the edition's date: it was published after it
                assess(rec, status, AS_OF + datetime.timedelta(days=days))
            elif what == "retitle":
                Recommendation.objects.filter(pk=rec.pk).update(title=f"{rec.title} (modifiée)")
            else:
                Recommendation.objects.filter(pk=rec.pk).update(is_internal=True)
        category_analysis_update(category=reg.categories["eco"], text_fr="Autre", text_nl="Ander", text_en="", actor=None)
        after = edition_page(slug=edition.slug)
        assert after is not None
        assert (after.figures.as_dict(), [(r.reference, r.title, r.status) for r in after.recommendations]) == frozen
        assert after.analyses["economie"].text_fr == "Analyse **eco** en français."


# --- Pages -------------------------------------------------------------------------------------------


def test_edition_page_shows_frozen_figures_analyses_and_annex(client: Client, reg: Registry) -> None:
    write_analyses(reg)
    edition_publish(title="État des lieux 2023", as_of=AS_OF, actor=None)
    assess(reg.recs["acc3"], Status.DONE, datetime.date(2022, 12, 1))  # recorded after publication
    html = client.get("/fr/etat-des-lieux/editions/etat-des-lieux-2023/").content.decode()
    assert "1 réalisées sur 2 évaluées" in html
    assert "Analyse <strong>eco</strong> en français." in html
    assert "Élire le conseil par tirage au sort" in html
    assert '<a href="/fr/recommandations/' not in html.split('id="headline-title"')[1].split("</section>")[0]  # frozen: no live links
    nl = client.get("/nl/etat-des-lieux/editions/etat-des-lieux-2023/").content.decode()
    assert "Analyse eco in het Nederlands." in nl
    assert client.get("/fr/etat-des-lieux/editions/inconnue/").status_code == 404


def test_compare_page_and_bad_choices(client: Client, reg: Registry) -> None:
    write_analyses(reg)
    edition_publish(title="État des lieux 2023", as_of=AS_OF, actor=None)
    edition_publish(title="État des lieux 2024", as_of=datetime.date(2024, 6, 30), actor=None)
    html = client.get(
        "/fr/etat-des-lieux/editions/comparer/", {"first": "etat-des-lieux-2023", "second": "etat-des-lieux-2024"}
    ).content.decode()
    assert "3 recommandations ont changé d’état" in html
    bad = client.get("/fr/etat-des-lieux/editions/comparer/", {"first": "x", "second": "etat-des-lieux-2024"})
    assert bad.status_code == 200
    assert "Sélectionnez un choix valide" in bad.content.decode()


def test_manage_page_says_what_is_missing_and_refuses(client: Client, reg: Registry) -> None:
    write_analyses(reg, skip_nl="eco")
    client.force_login(make_user("coordination"))
    page = client.get("/fr/gestion/etat-des-lieux/").content.decode()
    assert "La publication est impossible" in page
    assert "Économie — néerlandais" in page
    response = client.post("/fr/gestion/etat-des-lieux/", {"title": "État des lieux 2023", "as_of": "2023-01-01"})
    assert response.status_code == 200
    assert "Analyse manquante pour : Économie (NL)." in response.content.decode()
    assert Edition.objects.count() == 0

    client.post("/fr/gestion/etat-des-lieux/analyses/economie/", {"text_fr": "Texte", "text_nl": "Tekst", "text_en": ""})
    assert CategoryAnalysis.objects.get(category=reg.categories["eco"]).text_nl == "Tekst"
    response = client.post("/fr/gestion/etat-des-lieux/", {"title": "État des lieux 2023", "as_of": "2023-01-01"})
    assert response.status_code == 302
    assert response["Location"] == "/fr/etat-des-lieux/editions/etat-des-lieux-2023/"


def test_a_stale_analysis_edit_is_refused_and_changes_nothing(client: Client, reg: Registry) -> None:
    write_analyses(reg)
    client.force_login(make_user("coordination"))
    page = client.get("/fr/gestion/etat-des-lieux/analyses/economie/")
    version = page.context["form"]["version"].value()
    # Meanwhile a colleague saves the same analysis.
    category_analysis_update(category=reg.categories["eco"], text_fr="Leur texte", text_nl="Hun tekst", text_en="", actor=None)

    stale = client.post(
        "/fr/gestion/etat-des-lieux/analyses/economie/",
        {"text_fr": "Mon texte", "text_nl": "Mijn tekst", "text_en": "", "version": version},
    )

    assert stale.status_code == 400
    assert "Quelqu’un a modifié ces informations pendant que vous les éditiez." in stale.content.decode()
    assert CategoryAnalysis.objects.get(category=reg.categories["eco"]).text_fr == "Leur texte"
    fresh = client.get("/fr/gestion/etat-des-lieux/analyses/economie/").context["form"]["version"].value()
    saved = client.post(
        "/fr/gestion/etat-des-lieux/analyses/economie/", {"text_fr": "Mon texte", "text_nl": "Mijn tekst", "text_en": "", "version": fresh}
    )
    assert saved.status_code == 302
    assert CategoryAnalysis.objects.get(category=reg.categories["eco"]).text_fr == "Mon texte"


def test_analysis_shows_beside_the_category_on_the_dashboard(client: Client, reg: Registry) -> None:
    client.get("/fr/etat-des-lieux/")
    write_analyses(reg)
    html = client.get("/fr/etat-des-lieux/").content.decode()  # the cached block knows the analyses changed
    assert "Analyse <strong>eco</strong> en français." in html


@pytest.mark.parametrize("volume", [6, 60])
def test_edition_page_query_count_does_not_grow(client: Client, reg: Registry, volume: int) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cairn.recommendations.models import ThemeCategory
    from cairn.recommendations.tests.registry_fixtures import add_volume

    add_volume(volume)
    for category in ThemeCategory.objects.all():
        category_analysis_update(category=category, text_fr="Analyse.", text_nl="Analyse.", text_en="", actor=None)
    edition_publish(title="État des lieux 2023", as_of=AS_OF, actor=None)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/fr/etat-des-lieux/editions/etat-des-lieux-2023/").status_code == 200
    # 1 the edition, 2 its analyses, 3 its recommendations (the annex); the figures and the
    # charts come from the edition's frozen JSON (no query); 4 the broad themes' latest
    # stories (none here; with some, the stories and their versions: two more); 5 the
    # experiments by broad theme (the section ``cairn.experiments`` registers); 6 the
    # recommendations addressed by a hackathon (the section ``cairn.hackathons`` registers);
    # 7 the four charts looked up in the cache every process shares, 8–12 written there the
    # first time (drawn once for every process and across restarts).
    assert len(queries) == 12, "\n".join(q["sql"][:100] for q in queries)
