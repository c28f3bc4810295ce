"""The core pages: home (with its cached figures), the process page, the components page,
and the error pages.
"""

from __future__ import annotations

import pytest
from django.core.paginator import Paginator
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.utils import timezone, translation

from cairn.accounts.factories import OfficeFactory, SkillFactory, UserFactory
from cairn.accounts.models import Visibility
from cairn.accounts.tests.helpers import make_user
from cairn.core.selectors import forget_home_figures
from cairn.core.stamps import cache as page_cache
from cairn.events.factories import EventFactory
from cairn.recommendations.factories import AssessmentFactory, RecommendationFactory
from cairn.recommendations.models import Status

pytestmark = pytest.mark.django_db

N = 3


def make_members(count: int) -> None:
    for _ in range(count):
        UserFactory(profile__office=OfficeFactory(), profile__visibility=Visibility.PUBLIC).profile.skills.add(SkillFactory())


def test_home_shows_the_figures(client: Client) -> None:
    make_members(3)
    UserFactory(is_active=False)  # not counted

    response = client.get("/fr/")

    assert response.status_code == 200
    assert '<span class="figure">3</span> sociétaires sur Cairn' in response.text
    assert '<span class="figure">3</span> bureaux en Belgique et en France' in response.text


def test_home_figures_count_the_recommendations_and_their_completion_rate_with_its_counts(client: Client) -> None:
    done, in_progress, _not_assessed = RecommendationFactory.create_batch(3)
    AssessmentFactory(recommendation=done, status=Status.DONE, published_at=timezone.now())
    AssessmentFactory(recommendation=in_progress, status=Status.IN_PROGRESS, published_at=timezone.now())

    html = client.get("/fr/").text

    assert '<span class="figure">3</span> recommandations depuis 2015' in html
    # done ÷ assessed = 1 ÷ 2, never a bare percentage
    assert '<span class="figure">50 %</span> des recommandations évaluées sont réalisées (1 sur 2)' in html


def test_home_cards_lead_to_each_way_to_act_and_the_next_events_show(client: Client) -> None:
    assert "Prochains évènements" not in client.get("/fr/").text  # none yet: no section
    event = EventFactory(title="Petit-déjeuner de travail à Gand")
    page_cache.clear()  # the next events are kept five minutes, like the figures

    html = client.get("/fr/").text

    for href, title in [
        ("/fr/recommandations/", "Le registre"),
        ("/fr/etat-des-lieux/", "L’état des lieux"),
        ("/fr/evenements/", "Ateliers et rencontres"),
    ]:
        assert f'<a href="{href}">{title}</a>' in html
    assert f'<a href="/fr/evenements/{event.pk}/">Petit-déjeuner de travail à Gand</a>' in html


def test_home_figures_are_cached_for_five_minutes(client: Client) -> None:
    make_members(1)
    client.get("/fr/")
    make_members(1)

    response = client.get("/fr/")

    assert '<span class="figure">1</span> sociétaire sur Cairn' in response.text
    forget_home_figures()  # they are kept five minutes
    assert '<span class="figure">2</span> sociétaires sur Cairn' in client.get("/fr/").text


@pytest.mark.parametrize("members", [N, 10 * N])
def test_home_queries_for_a_visitor(client: Client, django_assert_num_queries, members: int) -> None:
    make_members(members)

    # 1 COUNT of active members  2 COUNT of offices  3 COUNT of public recommendations
    # 4 their statuses, grouped (the completion rate) — the home figures, when not cached
    # 5 the published stories' stamp (the stories app's home section): none here, so no
    #   query for them  6 the next events (the events app's home section)
    # 7 the hackathons' stamp (the hackathons app's home section): none here, likewise
    # 8 the open calls' stamp (the experiments app's home section): none open, likewise
    # then cached too
    with django_assert_num_queries(8):
        assert client.get("/fr/").status_code == 200
    # Cached afterwards: no query at all.
    with django_assert_num_queries(0):
        assert client.get("/fr/").status_code == 200


@pytest.mark.parametrize("members", [N, 10 * N])
def test_home_queries_for_a_member(client: Client, django_assert_num_queries, members: int) -> None:
    make_members(members)
    client.force_login(make_user("member"))

    # 1 session  2 the account with its profile (the account menu), roles (for the
    #   staff-TOTP check and the menus' permissions) and second factor
    # 3-6 the four home figures (COUNT of members, of offices, of recommendations, and their
    #     statuses grouped, not yet cached)
    # 7 the newest published stories (the stories app's home section, none here)
    # 8 the next events (the events app's home section, none here)
    # 9 the hackathons' stamp (the hackathons app's home section, none here)
    # 10 the open calls' stamp (the experiments app's home section, none open)
    with django_assert_num_queries(10):
        assert client.get("/fr/").status_code == 200


def test_the_process_page(client: Client) -> None:
    response = client.get("/fr/processus/")

    assert response.status_code == 200
    assert 'aria-current="page"' in response.text


def test_the_components_page_shows_every_component(client: Client) -> None:
    response = client.get("/fr/composants/")

    assert response.status_code == 200
    html = response.text
    for tone, label in [("neutral", "Non évaluée"), ("success", "Réalisée"), ("danger", "Rejetée")]:
        assert f'<span class="badge badge--{tone}">{label}</span>' in html
    # The demo form shows its errors, tied to the field for screen readers.
    assert 'aria-invalid="true" aria-describedby="id_name_helptext id_name_error" id="id_name"' in html
    assert '<ul class="field__errors" id="id_name_error">' in html
    assert "Aucun résultat" in html
    # The result list's demo: a plain list, so its content without a second pagination.
    assert '<ul class="tags"><li>61</li>' in html
    assert html.count('<nav class="pagination"') == 1


def test_pagination_keeps_the_other_query_parameters(client: Client) -> None:
    html = client.get("/fr/composants/", {"page": 3, "q": "cairn"}).text

    assert '<a href="?page=2&amp;q=cairn" rel="prev">Précédent</a>' in html
    assert '<a href="?page=4&amp;q=cairn" rel="next">Suivant</a>' in html
    assert '<a href="?page=3&amp;q=cairn" aria-current="page">3</a>' in html


RESULTS = Template(
    '{% results items _("Aucun résultat") _("Retirez un filtre.") %}<ol class="demo">{% for item in items %}<li>{{ item }}</li>{% endfor %}</ol>{% endresults %}'
)


def render_results(items: object, query: str = "") -> str:
    with translation.override("fr"):
        return RESULTS.render(Context({"items": items, "request": RequestFactory().get("/fr/liste/" + query)}))


def test_results_show_the_content_then_the_pagination_keeping_the_filters() -> None:
    html = render_results(Paginator(range(1, 31), 10).get_page(2), "?q=cairn&page=2")

    assert '<ol class="demo"><li>11</li>' in html
    assert '<a href="?q=cairn&amp;page=1" rel="prev">Précédent</a>' in html
    assert '<a href="?q=cairn&amp;page=3" rel="next">Suivant</a>' in html
    assert "Aucun résultat" not in html


def test_results_without_items_show_the_empty_state() -> None:
    html = render_results(Paginator([], 10).get_page(1))

    assert '<p class="empty-state__title">Aucun résultat</p>' in html
    assert "<p>Retirez un filtre.</p>" in html
    assert "demo" not in html


def test_results_of_a_plain_list_have_no_pagination() -> None:
    html = render_results(["a", "b"])

    assert '<ol class="demo"><li>a</li><li>b</li></ol>' in html
    assert "pagination" not in html


def test_an_unknown_badge_tone_falls_back_to_neutral() -> None:
    from django.template import Context, Template

    html = Template('{% badge "Étiquette" "fuchsia" %}').render(Context()).strip()

    assert html == '<span class="badge badge--neutral">Étiquette</span>'


def test_the_404_page_is_cairn_s(client: Client) -> None:
    response = client.get("/fr/nulle-part/")

    assert response.status_code == 404
    assert '<html lang="fr">' in response.text
    assert "<h1>Page introuvable</h1>" in response.text


def test_a_bad_host_gets_the_400_page(client: Client) -> None:
    response = client.get("/fr/", headers={"Host": "evil.example"})

    assert response.status_code == 400
    assert "<h1>Requête invalide</h1>" in response.text


ERRORS = {
    # language: (404 heading, 403 heading, 500 heading, the navigation's name)
    "fr": ("Page introuvable", "Accès refusé", "Une erreur est survenue", "Navigation principale"),
    "nl": ("Pagina niet gevonden", "Geen toegang", "Er is een fout opgetreden", "Hoofdnavigatie"),
    "en": ("Page not found", "Access denied", "Something went wrong", "Main navigation"),
}


@pytest.mark.urls("cairn.core.tests.error_urls")
@pytest.mark.parametrize("language", ERRORS)
def test_the_error_pages_are_cairn_s_in_every_language_with_the_navigation(client: Client, language: str) -> None:
    not_found, forbidden, failed, navigation = ERRORS[language]
    client.raise_request_exception = False
    client.force_login(make_user("member"))

    pages = [
        (client.get(f"/{language}/nulle-part/"), 404, not_found),
        (client.get(f"/{language}/gestion/questions/"), 403, forbidden),
        (client.get(f"/{language}/echec/"), 500, failed),
    ]

    for response, status, heading in pages:
        assert response.status_code == status
        html = response.content.decode()
        assert f'<html lang="{language}">' in html
        assert f"<h1>{heading}</h1>" in html
        assert f'aria-label="{navigation}"' in html
        assert "Traceback" not in html and "not enough values" not in html


@pytest.mark.urls("cairn.core.tests.error_urls")
def test_when_the_500_page_itself_fails_the_stand_alone_one_goes_out(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the layout failed too")

    monkeypatch.setattr("cairn.core.views.render", broken)
    client.raise_request_exception = False

    response = client.get("/fr/echec/")

    assert response.status_code == 500
    assert "Une erreur est survenue · Er is een fout opgetreden · Something went wrong" in response.content.decode()
