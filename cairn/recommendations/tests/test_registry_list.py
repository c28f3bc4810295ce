"""The registry list: filters, facet counts, search through the page, sort orders,
pagination, htmx and bad input. ``registry_fixtures.build_registry`` describes the data."""

from __future__ import annotations

import datetime
import html
import re

import pytest
from django.test import Client

from cairn.accounts.tests.helpers import make_user
from cairn.recommendations.factories import RecommendationFactory, ThemeFactory
from cairn.recommendations.models import Status
from cairn.recommendations.selectors.registry import REGISTRY_PAGE_SIZE, RegistryFilters, registry, split_cities
from cairn.recommendations.tests.registry_fixtures import Registry, assess, build_registry

pytestmark = pytest.mark.django_db


URL = "/fr/recommandations/"


@pytest.fixture
def reg() -> Registry:
    return build_registry()


def titles(response) -> list[str]:
    return [rec.title for rec in response.context["page_obj"].object_list]


def facet(response, name: str) -> dict[str, int]:
    """The options of one filter as shown: label → count, read from the rendered <select>."""
    field = response.context["form"].fields[name]
    return {str(label).rsplit(" (", 1)[0]: int(str(label).rsplit(" (", 1)[1].rstrip(")")) for value, label in field.choices if value}


def test_a_visitor_sees_every_public_recommendation_in_chronological_order(client: Client, reg: Registry) -> None:
    response = client.get(URL)

    assert response.status_code == 200
    # cycle → theme (alphabetical within the cycle) → number; the internal one is not listed.
    assert titles(response) == [
        "Créer un fonds de garantie coopératif",
        "Former les accompagnateurs",
        "Une piste sur les assurances",
        "Élire le conseil par tirage au sort",
        "Vergaderingen in het Nederlands",
        "Des outils numériques libres",
    ]
    assert "6 recommandations" in response.text
    assert "Note sur les salaires" not in response.text


def test_the_coordination_team_also_sees_internal_recommendations(client: Client, reg: Registry) -> None:
    client.force_login(make_user("coordination"))

    response = client.get(URL)

    assert "Note sur les salaires" in titles(response)
    assert facet(response, "status")["Réalisée"] == 3


def test_facet_counts_without_filters(client: Client, reg: Registry) -> None:
    response = client.get(URL)

    assert facet(response, "cycle") == {"2019-2020 (Belgique)": 5, "2020-2021 (France)": 1}
    assert facet(response, "country") == {"Belgique": 5, "France": 1}
    assert facet(response, "theme") == {
        "Accompagnement des projets (2019-2020)": 3,
        "Gouvernance (2019-2020)": 2,
        "Numérique (2020-2021)": 1,
    }
    assert facet(response, "category") == {"Économie": 4, "Vie coopérative": 2}
    assert facet(response, "group") == {
        "Bruxelles — Accompagnement des projets (2019-2020)": 2,
        "Charleroi–Mons — Accompagnement des projets (2019-2020)": 2,
        "Liège — Gouvernance (2019-2020)": 2,
        "Nord — Numérique (2020-2021)": 1,
    }
    assert facet(response, "city") == {"Bruxelles": 2, "Charleroi": 2, "Liège": 2, "Lille": 1, "Mons": 2}
    assert facet(response, "department") == {"Finances": 1, "Informatique": 1}
    assert facet(response, "status") == {"Réalisée": 2, "En cours": 1, "Non évaluée": 1, "Rejetée": 1, "Reportée": 1}
    assert facet(response, "kind") == {"Recommandation": 5, "Piste de réflexion": 1}


def test_each_facet_counts_with_the_other_filters_applied(client: Client, reg: Registry) -> None:
    response = client.get(URL, {"status": "done", "cycle": reg.cycles["2019"].pk})

    assert titles(response) == ["Créer un fonds de garantie coopératif", "Vergaderingen in het Nederlands"]
    assert "2 recommandations" in response.text
    # The status facet ignores the status filter (it shows what choosing another would give)…
    assert facet(response, "status") == {"Réalisée": 2, "En cours": 1, "Non évaluée": 1, "Rejetée": 1}
    # …the cycle facet ignores the cycle filter, and keeps the other (done) applied.
    assert facet(response, "cycle") == {"2019-2020 (Belgique)": 2}
    assert facet(response, "theme") == {"Accompagnement des projets (2019-2020)": 1, "Gouvernance (2019-2020)": 1}
    assert facet(response, "city") == {"Bruxelles": 1, "Liège": 1}
    assert facet(response, "kind") == {"Recommandation": 2}


def test_a_selected_option_stays_listed_when_the_other_filters_leave_it_nothing(client: Client, reg: Registry) -> None:
    response = client.get(URL, {"status": "rejected", "theme": reg.themes["acc"].pk})

    assert titles(response) == []
    assert facet(response, "theme") == {"Gouvernance (2019-2020)": 1, "Accompagnement des projets (2019-2020)": 0}
    assert "Aucune recommandation ne correspond" in response.text


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"country": "FR"}, ["Des outils numériques libres"]),
        ({"theme": "gov"}, ["Élire le conseil par tirage au sort", "Vergaderingen in het Nederlands"]),
        ({"category": "vie"}, ["Élire le conseil par tirage au sort", "Vergaderingen in het Nederlands"]),
        ({"group": "wal"}, ["Former les accompagnateurs", "Une piste sur les assurances"]),
        ({"city": "Mons"}, ["Former les accompagnateurs", "Une piste sur les assurances"]),
        ({"city": "liege"}, ["Élire le conseil par tirage au sort", "Vergaderingen in het Nederlands"]),  # accents and case ignored
        ({"city": "Lille"}, ["Des outils numériques libres"]),  # the group's office is in Lille
        ({"department": "fin"}, ["Créer un fonds de garantie coopératif"]),
        ({"status": "not_assessed"}, ["Une piste sur les assurances"]),
        ({"kind": "line_of_thought"}, ["Une piste sur les assurances"]),
        ({"q": "accompagnateurs", "status": "in_progress"}, ["Former les accompagnateurs"]),
    ],
)
def test_each_filter(client: Client, reg: Registry, params: dict[str, str], expected: list[str]) -> None:
    lookups = {"theme": reg.themes, "category": reg.categories, "group": reg.groups, "department": reg.departments}
    query = {name: (lookups[name][value].pk if name in lookups else value) for name, value in params.items()}

    response = client.get(URL, query)

    assert titles(response) == expected
    assert response.context["form"].errors == {}


def test_sort_by_last_status_change_puts_the_latest_first_and_the_unassessed_last(client: Client, reg: Registry) -> None:
    response = client.get(URL, {"sort": "recent"})

    assert titles(response) == [
        "Vergaderingen in het Nederlands",  # 2024-02-01
        "Des outils numériques libres",  # 2023-05-05
        "Former les accompagnateurs",  # 2023-01-10
        "Élire le conseil par tirage au sort",  # 2022-06-01
        "Créer un fonds de garantie coopératif",  # 2022-03-01
        "Une piste sur les assurances",  # never assessed
    ]


def test_the_status_shown_is_the_latest_published_one(client: Client, reg: Registry) -> None:
    assess(reg.recs["acc2"], Status.DONE, datetime.date(2024, 5, 1))
    assess(reg.recs["acc1"], Status.NOT_DONE, datetime.date(2024, 6, 1), publish=False)  # a proposal: not counted

    response = client.get(URL)

    statuses = {rec.title: rec.status for rec in response.context["page_obj"].object_list}
    assert statuses["Former les accompagnateurs"] == "done"
    assert statuses["Créer un fonds de garantie coopératif"] == "done"
    assert facet(response, "status")["Réalisée"] == 3


@pytest.mark.parametrize(
    "params",
    [
        {"cycle": "abc"},
        {"cycle": "999999"},
        {"status": "fini"},
        {"kind": "<script>"},
        {"country": "XX"},
        {"city": "Atlantide"},
        {"sort": "n'importe"},
        {"page": "zéro"},
        {"q": "x" * 500},
        {"theme": "1" * 40},
    ],
)
def test_bad_values_get_a_message_never_an_error_page(client: Client, reg: Registry, params: dict[str, str]) -> None:
    response = client.get(URL, params)

    assert response.status_code == 200
    name = next(iter(params))
    if name != "page":
        assert name in response.context["form"].errors


def test_a_bad_value_leaves_the_other_filters_applied(client: Client, reg: Registry) -> None:
    response = client.get(URL, {"status": "fini", "country": "FR"})

    assert titles(response) == ["Des outils numériques libres"]
    assert "Cet état d’avancement n’existe pas." in response.text


def test_an_internal_theme_is_not_an_option_and_filtering_by_it_finds_nothing(client: Client, reg: Registry) -> None:
    hidden = ThemeFactory(cycle=reg.cycles["2019"], title="Thème caché", code="CACHE", is_internal=True)
    RecommendationFactory(theme=hidden, number="1", title="Cachée")

    response = client.get(URL, {"theme": hidden.pk})

    assert titles(response) == []
    assert "Thème caché" not in response.text
    assert response.context["form"].errors["theme"] == ["Ce choix n’existe pas ou n’est plus disponible."]


def _link(response, label: str) -> str | None:
    """The address of the pagination's link named ``label``, or None when it is not a link."""
    found = re.search(rf'<a href="([?/][^"]*)"[^>]*>{label}</a>', response.text)
    return html.unescape(found.group(1)) if found else None


def test_keyset_pages_of_25_keep_the_filters_and_walk_to_the_end_and_back(client: Client, reg: Registry) -> None:
    theme = ThemeFactory(cycle=reg.cycles["2020"], title="Volume", code="VOL")
    for n in range(REGISTRY_PAGE_SIZE + 5):
        RecommendationFactory(theme=theme, number=str(n + 1), title=f"Volume {n + 1:02d}")

    first = client.get(URL, {"theme": theme.pk})
    assert titles(first) == [f"Volume {n:02d}" for n in range(1, 26)]
    assert "30 recommandations" in first.text
    assert _link(first, "Précédent") is None and _link(first, "Première page") is None
    next_url = _link(first, "Suivant")
    assert next_url is not None and next_url.startswith(f"?theme={theme.pk}&after=")

    second = client.get(URL + next_url)
    assert titles(second) == [f"Volume {n:02d}" for n in range(26, 31)]
    assert _link(second, "Suivant") is None and _link(second, "Dernière page") is None
    assert "30 recommandations" in second.text
    previous = _link(second, "Précédent")
    assert previous is not None and f"theme={theme.pk}" in previous
    assert titles(client.get(URL + previous)) == titles(first)

    last_url = _link(first, "Dernière page")
    assert last_url == f"?theme={theme.pk}&last=1"
    assert titles(client.get(URL + last_url)) == [f"Volume {n:02d}" for n in range(6, 31)]  # the last 25
    assert _link(second, "Première page") == f"?theme={theme.pk}"


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"sort": "recent"},
        {"q": "fonds garantie"},
        {"q": "fonds garantie", "sort": "chronologique"},
        {"status": "in_progress", "sort": "recent"},
    ],
    ids=["chronological", "recent", "relevance", "search-chronological", "filtered-recent"],
)
def test_next_links_give_every_recommendation_once_in_the_order_and_previous_links_walk_back(
    client: Client, reg: Registry, params: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages of three, in every order: ties (the same status date, the same relevance, the
    never assessed) keep one order, so no recommendation is shown twice or skipped."""
    monkeypatch.setattr("cairn.recommendations.selectors.registry.REGISTRY_PAGE_SIZE", 3)
    theme = ThemeFactory(cycle=reg.cycles["2020"], title="Garanties", code="GAR")
    for n in range(8):
        rec = RecommendationFactory(theme=theme, number=str(n + 1), title=f"Un fonds de garantie, variante {n + 1}")
        if n % 2:
            assess(rec, Status.IN_PROGRESS, datetime.date(2024, 5, 1))  # four on the same day
    # The whole list in the order the registry sorts it (one query, no page).
    expected = [rec.reference for rec in client.get(URL, params).context["page_obj"].paginator.queryset]

    shown, pages, response = [], 0, client.get(URL, params)
    while pages <= len(expected):  # a link that fails to move on would loop: bounded
        pages += 1
        shown.extend(rec.reference for rec in response.context["page_obj"].object_list)
        next_url = _link(response, "Suivant")
        if next_url is None:
            break
        response = client.get(URL + next_url)
    assert shown == expected
    assert pages == -(-len(expected) // 3) and len(expected) > 3

    back: list[str] = []
    while len(back) <= len(expected):
        back = [rec.reference for rec in response.context["page_obj"].object_list] + back
        previous = _link(response, "Précédent")
        if previous is None:
            break
        response = client.get(URL + previous)
    assert back == expected


@pytest.mark.parametrize(
    "cursor",
    [
        "n0t-a-cursor",
        "W10",  # []
        "WyJhIl0",  # ["a"]
        "WzEsMiwzLDQsNV0",  # [1,2,3,4,5]: numbers where dates and names belong
        "WyIyMDE5LTEzLTQwIiwieCIsInkiLCIxIiwxXQ",  # ["2019-13-40","x","y","1",1]
        "WyJOYU4iLCIyMDE5LTAxLTAxIiwieCIsInkiLCIxIiwxXQ",  # ["NaN","2019-01-01",…]
        "WzFlOTk5LCIyMDE5LTAxLTAxIiwieCIsInkiLCIxIiwxXQ",  # [1e999 (infinity),"2019-01-01",…]
        "%00",
    ],
)
def test_a_page_link_cairn_did_not_write_shows_the_first_page_and_says_so(client: Client, reg: Registry, cursor: str) -> None:
    for params in ({"sort": "chronologique"}, {"sort": "recent"}, {"q": "fonds"}):  # dates, then a relevance (a number)
        for direction in ("after", "before"):
            response = client.get(URL, {direction: cursor, **params})
            assert response.status_code == 200
            assert "Ce lien de page n’est pas valide" in response.text
            assert titles(response) == titles(client.get(URL, params))
    response = client.get(URL, {"page": "99"})  # a page number of an older link: the first page
    assert titles(response) == titles(client.get(URL))


def test_htmx_gets_the_results_and_the_refreshed_filters(client: Client, reg: Registry) -> None:
    response = client.get(URL, {"status": "done"}, headers={"HX-Request": "true"})

    assert response.status_code == 200
    html = response.text
    assert "<html" not in html and "<h1>" not in html
    assert '<p id="registry-count" hx-swap-oob="innerHTML">2 recommandations</p>' in html
    assert 'id="registry-filters" class="filters__fields" hx-swap-oob="true"' in html
    assert '<option value="done" selected>Réalisée (2)</option>' in html
    assert "HX-Request" in response["Vary"]  # caches keep the page and the partial apart


def test_without_javascript_the_form_is_a_plain_get_form_carrying_its_state(client: Client, reg: Registry) -> None:
    response = client.get(URL, {"q": "fonds", "status": "done"})

    html = response.text
    assert 'method="get" action="/fr/recommandations/"' in html
    assert 'hx-push-url="true"' in html
    assert 'value="fonds"' in html
    assert titles(response) == ["Créer un fonds de garantie coopératif"]


def test_the_selector_counts_exactly_what_the_page_lists(reg: Registry) -> None:
    from django.contrib.auth.models import AnonymousUser

    result = registry(viewer=AnonymousUser(), filters=RegistryFilters(status="done"))

    assert result.total == result.recommendations.count() == 2
    assert result.unknown == []


def test_cities_are_split_on_separators_but_not_inside_a_name() -> None:
    assert split_cities("Charleroi–Mons–Eupen–Louvain-la-Neuve") == ["Charleroi", "Mons", "Eupen", "Louvain-la-Neuve"]
    assert split_cities("Lille, Roubaix / Tourcoing") == ["Lille", "Roubaix", "Tourcoing"]
    assert split_cities("Mons - Tournai") == ["Mons", "Tournai"]
    assert split_cities("") == []


def test_cached_counts_follow_every_change_at_once(client: Client, reg: Registry) -> None:
    assert facet(client.get(URL), "status")["Réalisée"] == 2

    assess(reg.recs["acc2"], Status.DONE, datetime.date(2024, 5, 1))
    assert facet(client.get(URL), "status")["Réalisée"] == 3

    reg.cycles["2020"].is_internal = True  # e.g. from the admin, without a service
    reg.cycles["2020"].save()
    response = client.get(URL)
    assert "2020-2021" not in response.text
    assert facet(response, "country") == {"Belgique": 5}

    reg.recs["acc1"].groups.add(reg.groups["lie"])  # a link only: no row's date changes
    assert facet(client.get(URL), "city")["Liège"] == 3


def test_the_kept_list_shows_a_change_on_the_next_request(client: Client, reg: Registry) -> None:
    """The list, its count and its filters are kept under the registry's stamp: a new
    status, a renamed recommendation and a new one all show in the page's HTML on the next
    request, the filters' counts too."""

    def done_option(html: str) -> str:
        found = re.search(r'<option value="done"[^>]*>([^<]*)</option>', html)
        assert found is not None
        return found.group(1)

    before = client.get(URL).text
    done_before = done_option(before)
    rec = next(r for r in reg.recs.values() if r.title == "Former les accompagnateurs")
    assert "Former les accompagnateurs" in before and client.get(URL).text.count("Former les accompagnateurs") == 1

    assess(rec, Status.DONE, datetime.date(2025, 3, 1))
    rec.title = "Former les accompagnatrices et accompagnateurs"
    rec.save(update_fields=["title"])
    RecommendationFactory(theme=rec.theme, number="77", title="Une recommandation ajoutée")

    after = client.get(URL).text
    assert done_option(after) != done_before
    assert "Former les accompagnatrices et accompagnateurs" in after
    assert "Une recommandation ajoutée" in after
    assert "état au 1 mars 2025" in after
