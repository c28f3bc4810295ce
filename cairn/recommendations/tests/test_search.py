"""Full-text search of the registry, on the database the run uses (CI runs both): accents
and case never matter; PostgreSQL stems French and Dutch; SQLite drops a plural's last
letter. docs/decisions/0003-registry-search.md explains the design."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import Client

from cairn.core.search import normalise, query_words, search_filter
from cairn.recommendations.factories import RecommendationFactory, ThemeFactory, WorkingGroupFactory
from cairn.recommendations.models import Recommendation
from cairn.recommendations.selectors.registry import RegistryFilters, registry
from cairn.recommendations.services.recommendations import recommendation_create, recommendation_refresh_search, recommendation_update

pytestmark = pytest.mark.django_db


on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's stemmers (the run uses SQLite)")


def found(query: str) -> list[str]:
    result = registry(viewer=AnonymousUser(), filters=RegistryFilters(q=query))
    return sorted(rec.title for rec in result.recommendations)


@pytest.fixture
def recs() -> dict[str, Recommendation]:
    theme = ThemeFactory(title="Vie interne", code="VIE")
    return {
        "done": RecommendationFactory(theme=theme, title="Une AG réalisée en ligne", text="Voter à distance."),
        "coop": RecommendationFactory(theme=theme, title="Soutenir chaque coopérative naissante", text="Un parrainage."),
        "nl": RecommendationFactory(
            theme=theme, title="Tweetalige vergadering", text="Elke vergadering in het Frans en het Nederlands.", language="nl"
        ),
        "other": RecommendationFactory(theme=theme, title="Des bureaux ouverts le samedi", text="Pour les sociétaires."),
    }


def test_normalise_drops_accents_and_case() -> None:
    assert normalise("  Réalisée   À Liège, ŒUVRE  ") == "realisee a liege, œuvre"
    assert query_words("« Coopérative », réalisée!") == ["cooperative", "realisee"]
    assert query_words("   ") == []


@pytest.mark.parametrize("query", ["realisee", "RÉALISÉE", "Réalisée", "realisée en ligne", "REALISEE LIGNE"])
def test_accents_and_case_are_ignored(recs: dict[str, Recommendation], query: str) -> None:
    assert found(query) == ["Une AG réalisée en ligne"]


def test_every_word_must_match(recs: dict[str, Recommendation]) -> None:
    assert found("réalisée samedi") == []
    assert found("bureaux samedi") == ["Des bureaux ouverts le samedi"]


def test_a_plural_finds_the_singular(recs: dict[str, Recommendation]) -> None:
    assert found("coopératives") == ["Soutenir chaque coopérative naissante"]


def test_the_theme_title_and_the_reference_are_searched(recs: dict[str, Recommendation]) -> None:
    assert len(found("VIE INTERNE")) == 4
    assert found(recs["other"].reference.lower()) == ["Des bureaux ouverts le samedi"]


def test_an_empty_query_filters_nothing(recs: dict[str, Recommendation]) -> None:
    assert len(found("  ")) == 4


def test_a_query_of_symbols_only_breaks_nothing(client: Client, recs: dict[str, Recommendation]) -> None:
    for query in ['"', "'", "&|!():*", "-", "a & b | !c", "%_\\"]:
        response = client.get("/fr/recommandations/", {"q": query})
        assert response.status_code == 200, query


def test_search_through_the_registry_page(client: Client, recs: dict[str, Recommendation]) -> None:
    response = client.get("/fr/recommandations/", {"q": "REALISEE"})

    assert [rec.title for rec in response.context["page_obj"].object_list] == ["Une AG réalisée en ligne"]
    assert "1 recommandation" in response.text


@on_postgresql
def test_french_stemming_on_postgresql(recs: dict[str, Recommendation]) -> None:
    # "soutiendrons" is no plural: only the French stemmer relates it to nothing here, but
    # "naissantes" and "parrainages" reduce to the stems of "naissante" and "parrainage".
    assert found("naissantes parrainages") == ["Soutenir chaque coopérative naissante"]
    assert found("voté") == ["Une AG réalisée en ligne"]  # voter / voté → "vot"


@on_postgresql
def test_dutch_stemming_on_postgresql(recs: dict[str, Recommendation]) -> None:
    assert found("vergaderingen") == ["Tweetalige vergadering"]  # Dutch plural in -en
    assert found("tweetalig") == ["Tweetalige vergadering"]


@on_postgresql
def test_the_gin_index_serves_the_search_on_postgresql(recs: dict[str, Recommendation]) -> None:
    # With so few rows the planner prefers other plans; forbidding plain scans leaves the
    # index only if it serves the expression the search writes (else the query would fail
    # to find any plan but a disabled one, and EXPLAIN would not name the index).
    searched = search_filter(Recommendation.objects.all(), "coopérative")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = searched.explain()
    assert "Bitmap Index Scan on recommendations_search_gin" in plan, plan


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the SQLite fallback")
def test_the_sqlite_fallback_matches_words_inside_longer_ones(recs: dict[str, Recommendation]) -> None:
    # Substrings, not stems: "parrain" finds "parrainage" (PostgreSQL would need the word).
    assert found("parrain") == ["Soutenir chaque coopérative naissante"]


def test_the_write_services_keep_the_search_text(recs: dict[str, Recommendation]) -> None:
    theme = ThemeFactory(title="Énergie", code="NRJ")
    group = WorkingGroupFactory(theme=theme, name="Namur–Dinant")
    rec = recommendation_create(actor=None, theme=theme, number="3", title="Des panneaux solaires", groups=[group], text="Sur les toits.")

    assert rec.search_text == f"{rec.reference.lower()} 3 des panneaux solaires sur les toits. energie namur–dinant"
    assert found("dinant toits") == ["Des panneaux solaires"]

    recommendation_update(actor=None, recommendation=rec, title="Des éoliennes citoyennes")

    rec.refresh_from_db()
    assert "eoliennes citoyennes" in rec.search_text
    assert found("éolienne") == ["Des éoliennes citoyennes"]
    assert found("panneaux") == []


def test_refreshing_after_a_group_is_renamed(recs: dict[str, Recommendation]) -> None:
    group = WorkingGroupFactory(theme=recs["other"].theme, name="Mons")
    recs["other"].groups.add(group)
    assert recommendation_refresh_search(recommendations=[recs["other"]]) == 1
    assert found("mons") == ["Des bureaux ouverts le samedi"]

    assert recommendation_refresh_search(recommendations=[recs["other"]]) == 0  # nothing changed, nothing written


# --- typos -----------------------------------------------------------------------------------


def test_a_search_with_a_typo_finds_the_closest_words_and_says_so(client: Client) -> None:
    rec = RecommendationFactory(title="Une trésorerie solidaire entre sociétaires")
    RecommendationFactory(title="Un fonds de garantie")

    response = client.get("/fr/recommandations/", {"q": "tresorie"})

    assert [r.pk for r in response.context["page_obj"].object_list] == [rec.pk]
    assert "1 recommandation · rien pour « tresorie » : résultats pour « tresorerie »" in response.text
    # A word the registry holds is searched as typed, and nothing close to nothing stays nothing.
    assert client.get("/fr/recommandations/", {"q": "trésorerie"}).context["result"].corrected_from == ""
    assert list(client.get("/fr/recommandations/", {"q": "zzzzqqq"}).context["page_obj"].object_list) == []


def test_the_closest_word_is_chosen_by_trigrams_on_postgresql_and_difflib_on_sqlite() -> None:
    from django.db import connection

    from cairn.recommendations.selectors.registry import closest_word

    vocabulary = frozenset({"tresorerie", "cooperative", "garantie", "solidaire", "tresor"})
    assert closest_word("tresorie", vocabulary) == "tresorerie"
    assert closest_word("cooperatve", vocabulary) == "cooperative"
    assert closest_word("zzzzqqq", vocabulary) is None
    assert closest_word("tresorie", frozenset()) is None
    if connection.vendor == "postgresql":  # pg_trgm is what answers there
        with connection.cursor() as cursor:
            cursor.execute("SELECT round(similarity('tresorie', 'tresorerie')::numeric, 2)")
            assert float(cursor.fetchone()[0]) == 0.67


def test_the_correction_never_reveals_an_internal_recommendation_s_words(client: Client) -> None:
    RecommendationFactory(title="Une trésorerie confidentielle", is_internal=True)

    response = client.get("/fr/recommandations/", {"q": "tresorie"})

    assert response.context["result"].corrected_from == ""
    assert "tresorerie" not in response.text


@pytest.fixture
def treasury() -> list[Recommendation]:
    """Three matches of « trésorerie », in the registry's order from the weakest to the best."""
    theme = ThemeFactory(title="Finances", code="FIN")
    long_text = "Une trésorerie. " + " ".join(["Les bureaux partagent leurs outils et leurs pratiques."] * 30)
    return [
        RecommendationFactory(theme=theme, number="1", title="Partager les outils des bureaux", text=long_text),
        RecommendationFactory(theme=theme, number="2", title="Un fonds commun", text="Alimenté par la trésorerie des bureaux."),
        RecommendationFactory(theme=theme, number="3", title="Une trésorerie partagée", text="La trésorerie commune des coopératives."),
    ]


def test_a_search_can_be_ordered_by_relevance_best_match_first(treasury: list[Recommendation]) -> None:
    weakest, middle, best = treasury

    chronological = registry(viewer=AnonymousUser(), filters=RegistryFilters(q="tresorerie"))
    by_relevance = registry(viewer=AnonymousUser(), filters=RegistryFilters(q="tresorerie"), sort="pertinence")

    assert list(chronological.recommendations) == [weakest, middle, best]
    assert list(by_relevance.recommendations) == [best, middle, weakest]
    assert [round(rec.relevance, 6) > 0 for rec in by_relevance.recommendations] == [True, True, True]


def test_the_registry_page_orders_a_search_by_relevance_unless_the_reader_chose_another_order(
    client: Client, treasury: list[Recommendation]
) -> None:
    weakest, middle, best = treasury

    searched = client.get("/fr/recommandations/", {"q": "Trésorerie"})
    chosen = client.get("/fr/recommandations/", {"q": "Trésorerie", "sort": "chronologique"})
    browsed = client.get("/fr/recommandations/", {"theme": str(best.theme_id)})

    assert list(searched.context["page_obj"].object_list) == [best, middle, weakest]
    # The order select offers « pertinence » first, as the order the search uses.
    assert searched.text.index('<option value="pertinence"') < searched.text.index('<option value="chronologique"')
    assert list(chosen.context["page_obj"].object_list) == [weakest, middle, best]
    assert list(browsed.context["page_obj"].object_list) == [weakest, middle, best]
    assert browsed.text.index('<option value="chronologique"') < browsed.text.index('<option value="pertinence"')


@on_postgresql
def test_relevance_is_postgresqls_text_rank_on_the_searched_vectors(treasury: list[Recommendation]) -> None:
    ranked = registry(viewer=AnonymousUser(), filters=RegistryFilters(q="trésorerie"), sort="pertinence").recommendations
    assert "ts_rank" in str(ranked.query)


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the SQLite equivalent")
def test_relevance_on_sqlite_counts_the_words_occurrences_against_the_texts_length(treasury: list[Recommendation]) -> None:
    ranked = registry(viewer=AnonymousUser(), filters=RegistryFilters(q="trésorerie"), sort="pertinence").recommendations
    assert "REPLACE" in str(ranked.query).upper()
