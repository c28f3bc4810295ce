"""Themes, projects, events, calls and hackathon questions in the reader's language
(decision 0037): the staff forms take the Dutch and English versions with the French
field's length limit, the pages show the reader's language or the French original marked
as such, and the API and the open data say which language each text is in."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client

from cairn.accounts.tests.helpers import make_user
from cairn.events.factories import EventFactory
from cairn.experiments.factories import CallFactory, TopicFactory
from cairn.projects.factories import ProjectFactory
from cairn.recommendations.factories import RecommendationFactory, ThemeFactory
from cairn.recommendations.models import Theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client: Client) -> Client:
    client.force_login(make_user("coordination"))
    return client


@pytest.mark.parametrize(
    ("make", "url", "fields"),
    [
        (ThemeFactory, "/fr/gestion/registre/thematiques/{pk}/", ["title", "introduction"]),
        (ProjectFactory, "/fr/gestion/projets/{pk}/modifier/", ["title", "summary"]),
        (EventFactory, "/fr/evenements/{pk}/modifier/", ["title", "description"]),
        (CallFactory, "/fr/gestion/experimentations/{pk}/modifier/", ["title", "framework"]),
        (TopicFactory, "/fr/gestion/experimentations/sujets/{pk}/modifier/", ["title", "description"]),
    ],
)
def test_the_staff_forms_take_the_dutch_and_english_versions_after_the_french(staff: Client, make, url: str, fields: list[str]) -> None:  # type: ignore[no-untyped-def]
    html = staff.get(url.format(pk=make().pk)).text

    for field in fields:
        positions = [html.index(f'name="{name}"') for name in (field, f"{field}_nl", f"{field}_en")]
        assert positions == sorted(positions), field
    assert "Titre (néerlandais)" in html


def test_a_theme_s_translation_longer_than_its_title_is_refused_then_saved_when_it_fits(staff: Client) -> None:
    theme = ThemeFactory(title="Trésorerie")
    url = f"/fr/gestion/registre/thematiques/{theme.pk}/"

    refused = staff.post(url, {"title": "Trésorerie", "title_nl": "x" * 201})

    assert refused.status_code == 400
    assert "Assurez-vous que cette valeur comporte au plus 200 caractères (actuellement 201)." in refused.text
    assert Theme.objects.get().title_nl == ""

    saved = staff.post(url, {"title": "Trésorerie", "title_nl": "Thesaurie", "introduction_en": "Cash *flow*."})

    assert saved.status_code == 302
    assert Theme.objects.values_list("title", "title_nl", "title_en", "introduction_en").get() == (
        "Trésorerie",
        "Thesaurie",
        "",
        "Cash *flow*.",
    )


def test_pages_show_the_readers_language_or_the_french_marked(client: Client) -> None:
    theme = ThemeFactory(title="Trésorerie", title_nl="Thesaurie", introduction="Une **introduction**.")
    project = ProjectFactory(
        title="Des abris vélos", title_en="Bike shelters", summary="Dans chaque bureau.", summary_en="In every office."
    )
    event = EventFactory(title="Atelier vélo", title_nl="Fietsatelier", description="On répare.", description_nl="We herstellen.")
    call = CallFactory(title="Essais de covoiturage", framework="Le cadre.", framework_en="The frame.")

    theme_nl = client.get(f"/nl/thematiques/{theme.pk}/").text
    assert "<h1>Thesaurie</h1>" in theme_nl
    assert '<p class="muted">(in het Frans)</p><div class="prose" lang="fr"><p>Une <strong>introduction</strong>.</p>' in theme_nl
    project_en = client.get(f"/en/projets/{project.pk}/").text
    assert "<h1>Bike shelters</h1>" in project_en and '<p class="lead">In every office.</p>' in project_en
    project_nl = client.get(f"/nl/projets/{project.pk}/").text
    assert '<h1><span lang="fr">Des abris vélos</span> <small class="muted">(in het Frans)</small></h1>' in project_nl
    event_nl = client.get(f"/nl/evenements/{event.pk}/").text
    assert "<h1>Fietsatelier</h1>" in event_nl and "We herstellen." in event_nl and "On répare." not in event_nl
    assert f'href="/nl/evenements/{event.pk}/">Fietsatelier</a>' in client.get("/nl/evenements/").text
    call_en = client.get(f"/en/experimentations/{call.slug}/").text
    assert '<h1><span lang="fr">Essais de covoiturage</span> <small class="muted">(in French)</small></h1>' in call_en
    assert "The frame." in call_en
    assert client.get(f"/fr/projets/{project.pk}/").text.count("(en français)") == 0


def test_the_api_gives_the_callers_language_and_says_which_one_each_text_is_in(client: Client) -> None:
    project = ProjectFactory(title="Des abris vélos", title_nl="Fietsenstallingen", summary="Dans chaque bureau.")

    dutch = client.get(f"/api/v1/projects/{project.pk}", HTTP_ACCEPT_LANGUAGE="nl").json()
    french = client.get(f"/api/v1/projects/{project.pk}", HTTP_ACCEPT_LANGUAGE="fr").json()

    assert (dutch["title"], dutch["summary"], dutch["text_languages"]) == (
        "Fietsenstallingen",
        "Dans chaque bureau.",
        {"title": "nl", "summary": "fr"},
    )
    assert (french["title"], french["text_languages"]) == ("Des abris vélos", {"title": "fr", "summary": "fr"})


def test_the_open_data_list_gives_the_theme_in_the_files_language_with_its_language(client: Client) -> None:
    translated = RecommendationFactory(theme=ThemeFactory(title="Trésorerie", title_nl="Thesaurie"))
    french_only = RecommendationFactory(theme=ThemeFactory(title="Mobilité"))

    rows = {
        row["reference"]: row
        for row in csv.DictReader(io.StringIO(client.get("/nl/etat-des-lieux/donnees-ouvertes/recommandations.csv").text))
    }

    assert (rows[translated.reference]["theme"], rows[translated.reference]["theme_language"]) == ("Thesaurie", "nl")
    assert (rows[french_only.reference]["theme"], rows[french_only.reference]["theme_language"]) == ("Mobilité", "fr")
