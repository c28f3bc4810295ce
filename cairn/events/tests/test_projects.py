"""Events linked to projects: the links (series and occurrences too), the forms offering
only the projects the organiser may see, the event page, the "Prochains évènements"
sections of the project and recommendation pages, and the agenda's project filter."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cairn.accounts.factories import UserFactory
from cairn.accounts.tests.helpers import make_user
from cairn.core.stamps import cache
from cairn.events import selectors
from cairn.events.factories import EventFactory
from cairn.events.models import Event
from cairn.events.services.events import event_create, event_update
from cairn.events.services.series import series_create, series_update
from cairn.projects.factories import ProjectFactory, ProjectRecommendationFactory
from cairn.projects.tests.test_queries import DETAIL_QUERIES as PROJECT_PAGE_QUERIES
from cairn.projects.tests.test_queries import VISITOR_KEY_QUERIES as PROJECT_KEY_QUERIES
from cairn.recommendations.factories import RecommendationFactory
from cairn.recommendations.tests.test_registry_queries import DETAIL_QUERIES as RECOMMENDATION_PAGE_QUERIES
from cairn.recommendations.tests.test_registry_queries import VISITOR_KEY_QUERIES
from cairn.stories.factories import make_story

pytestmark = pytest.mark.django_db

NEXT_YEAR = timezone.now().year + 1


def soon(days: int) -> dict[str, dt.datetime]:
    start = (timezone.now() + dt.timedelta(days=days)).replace(microsecond=0)
    return {"starts_at": start, "ends_at": start + dt.timedelta(hours=2)}


def series_fields(**extra) -> dict:
    return {
        "title": "Réunion d’expérimentation",
        "kind": "experiment_meeting",
        "address": "Rue Coenraets 72",
        "city": "Bruxelles",
        "rule": "FREQ=MONTHLY;BYDAY=1TH;COUNT=3",
        "first_start": dt.datetime.combine(dt.date(NEXT_YEAR, 1, 1), dt.time(18, 0)),
        "duration": dt.timedelta(hours=2),
        **extra,
    }


# --- Links -----------------------------------------------------------------------------


def test_an_event_is_linked_to_projects_and_an_update_without_projects_keeps_them() -> None:
    organiser = make_user("facilitator")
    tiers_lieu, mentorat = ProjectFactory(title="Tiers-lieu"), ProjectFactory(title="Mentorat")
    event = event_create(actor=organiser, title="Atelier", address="Rue 1", city="Gand", projects=[tiers_lieu], **soon(3))
    assert list(event.projects.all()) == [tiers_lieu]
    assert list(tiers_lieu.events.all()) == [event]

    event_update(actor=organiser, event=event, title="Atelier bis")
    assert list(event.projects.all()) == [tiers_lieu]
    event_update(actor=organiser, event=event, projects=[mentorat])
    assert list(event.projects.all()) == [mentorat]


def test_occurrences_inherit_the_series_projects_and_edits_alone_or_together_keep_working() -> None:
    organiser = make_user("facilitator")
    first, second = ProjectFactory(title="Premier"), ProjectFactory(title="Second")
    series = series_create(actor=organiser, projects=[first], **series_fields())
    january, february, march = series.occurrences.order_by("starts_at")
    assert [list(e.projects.all()) for e in (january, february, march)] == [[first], [first], [first]]

    # February alone: detached, it keeps its own projects when the series changes.
    event_update(actor=organiser, event=february, projects=[first, second])
    series_update(actor=organiser, series=series, projects=[second])

    assert list(series.projects.all()) == [second]
    assert list(Event.objects.get(pk=january.pk).projects.all()) == [second]
    assert list(Event.objects.get(pk=march.pk).projects.all()) == [second]
    assert sorted(p.title for p in Event.objects.get(pk=february.pk).projects.all()) == ["Premier", "Second"]
    # New occurrences (a longer rule) are born with the series' projects.
    series_update(actor=organiser, series=series, rule="FREQ=MONTHLY;BYDAY=1TH;COUNT=4")
    april = series.occurrences.order_by("starts_at").last()
    assert april is not None and april.starts_at.month == 4
    assert list(april.projects.all()) == [second]


# --- Forms -----------------------------------------------------------------------------


def form_data(**extra) -> dict:
    start = timezone.now() + dt.timedelta(days=9)
    return {
        "title": "Atelier état des lieux",
        "kind": "workshop",
        "scope": "cooperative",
        "attendance": "in_person",
        "address": "Rue Coenraets 72",
        "languages": ["fr"],
        "starts_at": f"{start:%Y-%m-%dT10:00}",
        "ends_at": f"{start:%Y-%m-%dT12:00}",
        **extra,
    }


def test_the_form_offers_only_the_projects_the_organiser_may_see(client: Client) -> None:
    public = ProjectFactory(title="Projet public")
    internal = ProjectFactory(title="Chantier interne", is_internal=True)
    organiser = make_user("facilitator")
    client.force_login(organiser)

    page = client.get("/fr/evenements/nouveau/")
    assert page.status_code == 200
    assert "Projet public" in page.text and "Chantier interne" not in page.text

    refused = client.post("/fr/evenements/nouveau/", form_data(projects=[internal.pk]))
    assert refused.status_code == 400
    assert "Sélectionnez un choix valide" in refused.text
    assert Event.objects.count() == 0

    created = client.post("/fr/evenements/nouveau/", form_data(projects=[public.pk]))
    assert created.status_code == 302
    assert list(Event.objects.get().projects.all()) == [public]


def test_editing_shows_the_linked_projects_and_keeps_an_internal_one_the_organiser_cannot_see(client: Client) -> None:
    public = ProjectFactory(title="Projet public")
    other = ProjectFactory(title="Autre projet")
    internal = ProjectFactory(title="Chantier interne", is_internal=True)
    organiser = make_user("facilitator")
    event = EventFactory()
    event.organisers.add(organiser)
    event.projects.set([public, internal])
    client.force_login(organiser)

    page = client.get(f"/fr/evenements/{event.pk}/modifier/")
    assert page.status_code == 200
    assert f'<option value="{public.pk}" selected>Projet public</option>' in page.text
    assert "Chantier interne" not in page.text

    data = form_data(title=event.title, projects=[other.pk])
    response = client.post(f"/fr/evenements/{event.pk}/modifier/", data)
    assert response.status_code == 302
    assert sorted(p.title for p in event.projects.all()) == ["Autre projet", "Chantier interne"]


def test_the_series_form_links_projects_to_every_date(client: Client) -> None:
    project = ProjectFactory(title="Tiers-lieu")
    organiser = make_user("facilitator")
    client.force_login(organiser)
    response = client.post(
        "/fr/evenements/series/nouvelle/",
        {
            "title": "Réunion",
            "kind": "experiment_meeting",
            "scope": "cooperative",
            "attendance": "in_person",
            "address": "Rue 1",
            "languages": ["fr"],
            "rule": "FREQ=WEEKLY;COUNT=2",
            "first_start": f"{NEXT_YEAR}-02-02T18:00",
            "duration_minutes": "60",
            "projects": [project.pk],
        },
    )
    assert response.status_code == 302
    assert [list(e.projects.all()) for e in Event.objects.order_by("starts_at")] == [[project], [project]]
    edit = client.get(f"/fr/evenements/series/{Event.objects.first().series_id}/modifier/")  # type: ignore[union-attr]
    assert f'<option value="{project.pk}" selected>Tiers-lieu</option>' in edit.text


# --- The event page --------------------------------------------------------------------


def test_the_event_page_lists_its_projects_never_an_internal_one_to_members(client: Client) -> None:
    public = ProjectFactory(title="Tiers-lieu à Lyon")
    internal = ProjectFactory(title="Chantier interne", is_internal=True)
    event = EventFactory()
    event.projects.set([public, internal])
    url = f"/fr/evenements/{event.pk}/"

    anonymous = client.get(url).text
    assert f'<a href="/fr/projets/{public.pk}/">Tiers-lieu à Lyon</a>' in anonymous
    assert "Chantier interne" not in anonymous
    client.force_login(UserFactory())
    assert "Chantier interne" not in client.get(url).text
    client.force_login(make_user("coordination"))
    assert f'<a href="/fr/projets/{internal.pk}/">Chantier interne</a>' in client.get(url).text


def test_no_projects_section_without_a_visible_project(client: Client) -> None:
    event = EventFactory()
    event.projects.set([ProjectFactory(is_internal=True)])
    assert 'id="projects-title"' not in client.get(f"/fr/evenements/{event.pk}/").text


# --- Sections on the project and recommendation pages ----------------------------------


def test_the_project_page_shows_its_next_events_not_cancelled_nor_past(client: Client) -> None:
    project = ProjectFactory(title="Tiers-lieu")
    elsewhere = EventFactory(title="Sans rapport", **soon(1))
    cancelled = EventFactory(title="Annulé", status="cancelled", **soon(2))
    past = EventFactory(title="Passé", **soon(-3))
    upcoming = [EventFactory(title=f"Réunion {n}", **soon(10 + n)) for n in range(7)]
    for event in [cancelled, past, *upcoming]:
        event.projects.add(project)

    items = selectors.upcoming_for_project(project, None)
    assert [e.title for e in items] == ["Réunion 0", "Réunion 1", "Réunion 2", "Réunion 3", "Réunion 4"]
    page = client.get(f"/fr/projets/{project.pk}/").text
    assert '<h2 id="section-events-title">Prochains évènements</h2>' in page
    assert f'<a href="/fr/evenements/{upcoming[0].pk}/">Réunion 0</a>' in page
    assert "Réunion 5" not in page and elsewhere.title not in page and "Annulé" not in page and "Passé" not in page
    assert f'href="/fr/evenements/?project={project.pk}"' in page


def test_a_project_without_upcoming_events_has_no_events_section(client: Client) -> None:
    project = ProjectFactory()
    assert "section-events-title" not in client.get(f"/fr/projets/{project.pk}/").text


def test_the_recommendation_page_shows_the_next_events_about_it(client: Client) -> None:
    rec = RecommendationFactory()
    about = EventFactory(title="Atelier sur la recommandation", **soon(4))
    about.recommendations.add(rec)
    EventFactory(title="Autre atelier", **soon(5))
    cancelled = EventFactory(title="Atelier annulé", status="cancelled", **soon(6))
    cancelled.recommendations.add(rec)

    page = client.get(f"/fr/recommandations/{rec.reference}/").text
    assert '<h2 id="section-events-title">Prochains évènements</h2>' in page
    assert f'<a href="/fr/evenements/{about.pk}/">Atelier sur la recommandation</a>' in page
    assert "Autre atelier" not in page and "Atelier annulé" not in page


def count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("size", [3, 30])
def test_the_project_and_recommendation_pages_cost_the_same_queries_with_many_events(client: Client, size: int) -> None:
    project = ProjectFactory()
    rec = RecommendationFactory()
    ProjectRecommendationFactory(project=project, recommendation=rec)  # each page shows the other
    for n in range(size):
        event = EventFactory(office=None, **soon(n + 1))
        event.projects.add(project)
        event.recommendations.add(rec)
    # The pinned counts include a stories section with stories (its second query).
    make_story(published=True, projects=[project], recommendations=[rec])

    # A visitor's pages are kept: the first reads the stamps of its key, the next nothing.
    assert count(client, f"/fr/projets/{project.pk}/") == PROJECT_KEY_QUERIES + PROJECT_PAGE_QUERIES
    assert count(client, f"/fr/projets/{project.pk}/") == 0
    cache.clear()  # the stamps both pages read, so that each page's count stands alone
    # Without a working group, the recommendation page skips its groups' people (one fewer);
    # a visitor's page first reads the stamps of its key (then it is kept: no query).
    assert count(client, f"/fr/recommandations/{rec.reference}/") == VISITOR_KEY_QUERIES + RECOMMENDATION_PAGE_QUERIES - 1
    assert count(client, f"/fr/recommandations/{rec.reference}/") == 0


# --- The agenda's project filter ---------------------------------------------------------


def test_the_agenda_filters_by_project_and_its_feed_too(client: Client) -> None:
    project = ProjectFactory(title="Tiers-lieu")
    about = EventFactory(title="Réunion du tiers-lieu", **soon(3))
    about.projects.add(project)
    EventFactory(title="Ontbijt Gent", **soon(4))

    page = client.get(f"/fr/evenements/?project={project.pk}")
    assert page.status_code == 200
    assert "Réunion du tiers-lieu" in page.text and "Ontbijt Gent" not in page.text
    feed = client.get(f"/fr/evenements/agenda.ics?project={project.pk}").content.decode()
    assert "SUMMARY:Réunion du tiers-lieu" in feed and "SUMMARY:Ontbijt Gent" not in feed


@pytest.mark.parametrize("value", ["abc", "999999", "internal"])
def test_a_bad_or_hidden_project_in_the_agenda_is_a_message_not_a_server_error(client: Client, value: str) -> None:
    internal = ProjectFactory(title="Chantier interne", is_internal=True)
    hidden = EventFactory(title="Réunion interne", **soon(3))
    hidden.projects.add(internal)
    EventFactory(title="Ontbijt Gent", **soon(4))
    value = str(internal.pk) if value == "internal" else value

    page = client.get(f"/fr/evenements/?project={value}")
    assert page.status_code == 200
    assert "Sélectionnez un choix valide" in page.text
    assert "Chantier interne" not in page.text
    assert "Ontbijt Gent" in page.text  # the bad filter is dropped, the agenda still shows
    assert client.get(f"/fr/evenements/agenda.ics?project={value}").status_code == 404


def test_the_coordination_team_filters_by_an_internal_project(client: Client) -> None:
    internal = ProjectFactory(title="Chantier interne", is_internal=True)
    hidden = EventFactory(title="Réunion interne", **soon(3))
    hidden.projects.add(internal)
    EventFactory(title="Ontbijt Gent", **soon(4))
    client.force_login(make_user("coordination"))

    page = client.get(f"/fr/evenements/?project={internal.pk}")
    assert "Réunion interne" in page.text and "Ontbijt Gent" not in page.text


def test_the_kept_agenda_filter_offers_a_new_or_renamed_project_on_the_next_request(client: Client) -> None:
    """The agenda's and the calendar's filters are kept under the projects' stamp: a project
    created or renamed is an option of the "Projet" filter on the next request."""
    project = ProjectFactory(title="Projet d’avant")
    for url in ("/fr/evenements/", "/fr/evenements/calendrier/"):
        assert "Projet d’avant" in client.get(url).text

    project.title = "Projet renommé"
    project.save(update_fields=["title", "updated_at"])
    ProjectFactory(title="Projet ajouté")

    for url in ("/fr/evenements/", "/fr/evenements/calendrier/"):
        html = client.get(url).text
        assert "Projet renommé" in html and "Projet ajouté" in html and "Projet d’avant" not in html
