"""The stories' pages: the list and its filters, a story's page (languages, OpenGraph,
404 before publication), the feeds, the home page, and the staff pages that write and
publish (image checks, refused requests that change nothing)."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cairn.accounts.services import member_anonymise
from cairn.accounts.tests.helpers import make_user
from cairn.core.tests.browser_forms import submitted
from cairn.recommendations.factories import RecommendationFactory, ThemeCategoryFactory
from cairn.stories import services
from cairn.stories.factories import image_bytes, image_upload, make_series, make_story, version_text
from cairn.stories.models import Story, StoryImage, StoryState

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def _at(year: int, month: int = 6, day: int = 1) -> datetime.datetime:
    return datetime.datetime(year, month, day, 10, 0, tzinfo=datetime.UTC)


def parse_feed(content: bytes) -> ET.Element:
    """Parse a feed Cairn itself produced (trusted input: no defusedxml needed)."""
    return ET.fromstring(content)  # noqa: S314


def _titles(response) -> list[str]:
    return [story.reading.title for story in response.context["page_obj"].object_list]


# --- The list -------------------------------------------------------------------------


def test_the_list_shows_published_stories_newest_first_and_never_drafts(client: Client) -> None:
    make_story(titles={"fr": "Ancien"}, published=_at(2023))
    make_story(titles={"fr": "Récent"}, published=_at(2025))
    make_story(titles={"fr": "Brouillon secret"})
    make_story(titles={"fr": "En relecture secrète"}, in_review=True)

    response = client.get("/fr/recits/")

    assert response.status_code == 200
    assert _titles(response) == ["Récent", "Ancien"]
    assert "secret" not in response.text
    assert "2 récits" in response.text


def test_the_filters_combine_and_the_address_keeps_them(client: Client) -> None:
    care = ThemeCategoryFactory(slug="soins", name_fr="Soins")
    series = make_series()
    make_story(titles={"fr": "Soins FR 2024"}, published=_at(2024), categories=[care])
    make_story(titles={"fr": "Soins FR+NL 2024", "nl": "Zorg NL 2024"}, published=_at(2024, 7), categories=[care], series=series)
    make_story(titles={"nl": "Alleen NL 2025"}, published=_at(2025), categories=[care])
    make_story(titles={"fr": "Autre 2024"}, published=_at(2024, 8))

    assert _titles(client.get("/fr/recits/?category=soins&year=2024")) == ["Soins FR+NL 2024", "Soins FR 2024"]
    assert _titles(client.get("/fr/recits/?language=nl")) == ["Alleen NL 2025", "Soins FR+NL 2024"]
    assert _titles(client.get("/fr/recits/?series=un-an-apres")) == ["Soins FR+NL 2024"]
    # A Dutch reader reads the Dutch version where there is one.
    assert _titles(client.get("/nl/recits/?category=soins&year=2024")) == ["Zorg NL 2024", "Soins FR 2024"]


@pytest.mark.parametrize(
    ("query", "error"),
    [
        ("category=inconnue", "Cette grande thématique n’existe pas."),
        ("series=inconnue", "Cette série n’existe pas."),
        ("year=1999", "Aucun récit n’a été publié cette année-là."),
        ("year=abc", "Aucun récit n’a été publié cette année-là."),
        ("language=de", "Cette langue n’existe pas."),
        ("page=zzz", None),
    ],
)
def test_a_bad_filter_is_explained_and_the_others_still_apply(client: Client, query: str, error: str | None) -> None:
    make_story(titles={"fr": "Un récit publié"}, published=_at(2024))

    response = client.get(f"/fr/recits/?{query}")

    assert response.status_code == 200
    assert _titles(response) == ["Un récit publié"]
    if error:
        assert error in response.text


def test_htmx_gets_only_the_results(client: Client) -> None:
    make_story(titles={"fr": "Un récit publié"}, published=_at(2024))

    response = client.get("/fr/recits/?year=2024", headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert "<html" not in response.text and "Un récit publié" in response.text
    assert "HX-Request" in response["Vary"]


def test_the_list_paginates(client: Client) -> None:
    for n in range(14):
        make_story(titles={"fr": f"Récit {n:02d}"}, published=_at(2024, 1, n + 1))

    first, second = client.get("/fr/recits/"), client.get("/fr/recits/?page=2")

    assert len(_titles(first)) == 12 and _titles(second) == ["Récit 01", "Récit 00"]


def test_the_kept_list_shows_a_change_on_the_next_request(client: Client) -> None:
    """The filters and the cards are kept under the published stories' stamp: a story
    published, retitled or unpublished shows on the next request, and so does a new year
    in the year filter."""
    kept = make_story(titles={"fr": "Récit gardé"}, published=_at(2024))
    leaving = make_story(titles={"fr": "Récit qui part"}, published=_at(2024, 2))
    before = client.get("/fr/recits/").text
    assert "Récit gardé" in before and "Récit qui part" in before and "2025" not in before

    services.story_update(
        actor=None, story=kept, versions={"fr": version_text("Récit renommé")}, series=None, categories=[], recommendations=[]
    )
    services.story_unpublish(actor=None, story=leaving)
    make_story(titles={"fr": "Récit nouveau"}, published=_at(2025))

    after = client.get("/fr/recits/").text
    assert "Récit renommé" in after and "Récit nouveau" in after
    assert "Récit gardé" not in after and "Récit qui part" not in after
    assert '<option value="2025">2025</option>' in after and "2 récits" in after


# --- One story --------------------------------------------------------------------------


def test_a_draft_is_404_outside_the_staff_and_visible_to_them(client: Client) -> None:
    story = make_story(titles={"fr": "Brouillon"})
    url = f"/fr/recits/{story.slug}/"

    assert client.get(url).status_code == 404
    client.force_login(make_user("member"))
    assert client.get(url).status_code == 404
    client.force_login(make_user("department_lead"))
    response = client.get(url)
    assert response.status_code == 200
    assert "Brouillon : ce récit n’est visible que de l’équipe." in response.text


def test_a_story_page_has_opengraph_metadata_and_alternate_languages(client: Client, settings) -> None:
    settings.SITE_URL = "https://cairn.example.coop"
    recommendation = RecommendationFactory(title="Une crèche par bureau")
    story = make_story(titles={"fr": "La crèche", "nl": "De crèche"}, published=_at(2025), recommendations=[recommendation])

    response = client.get(f"/fr/recits/{story.slug}/")

    html = response.text
    assert '<meta property="og:title" content="La crèche">' in html
    assert '<meta property="og:description" content="Un chapeau qui résume le récit.">' in html
    assert f'<meta property="og:image" content="https://cairn.example.coop/media/{story.cover_image.name}">' in html
    assert '<meta property="og:image:alt" content="Des sociétaires autour d’une table">' in html
    assert '<meta property="og:locale" content="fr_BE">' in html
    assert '<meta property="og:locale:alternate" content="nl_BE">' in html
    assert f'<link rel="alternate" hreflang="nl" href="https://cairn.example.coop/nl/recits/{story.slug}/">' in html
    assert f'<link rel="canonical" href="https://cairn.example.coop/fr/recits/{story.slug}/">' in html
    assert "Ce récit existe en 2 langues" in html
    assert f'href="/nl/recits/{story.slug}/" hreflang="nl" lang="nl">Nederlands</a>' in html
    assert f"{recommendation.reference} Une crèche par bureau" in html


def test_a_reader_without_their_language_gets_the_original_clearly_marked(client: Client) -> None:
    story = make_story(titles={"nl": "Alleen in het Nederlands"}, published=True)

    response = client.get(f"/fr/recits/{story.slug}/")

    assert response.status_code == 200
    assert "Ce récit n’existe pas dans votre langue : vous lisez sa version originale (Nederlands)." in response.text
    assert '<article class="story" lang="nl">' in response.text
    assert "Ce récit existe en une langue" in response.text
    assert '<meta property="og:locale" content="nl_BE">' in response.text


def test_an_internal_recommendation_is_not_listed_on_a_story_for_visitors(client: Client) -> None:
    hidden = RecommendationFactory(title="Recommandation interne", is_internal=True)
    story = make_story(published=True, recommendations=[hidden])

    assert "Recommandation interne" not in client.get(f"/fr/recits/{story.slug}/").text


def test_user_text_is_escaped_and_markdown_sanitised(client: Client) -> None:
    from cairn.stories import services
    from cairn.stories.services import VersionText

    story = make_story(published=True)
    services.story_update(
        actor=None,
        story=story,
        versions={
            "fr": VersionText(
                title="<b>Titre</b>", lead="Chapeau", body="Texte <script>alert(1)</script> ![x](javascript:alert(1))", cover_alt="Alt"
            )
        },
        series=None,
        categories=[],
        recommendations=[],
    )

    html = client.get(f"/fr/recits/{story.slug}/").text

    assert "<h1>&lt;b&gt;Titre&lt;/b&gt;</h1>" in html
    assert "<script>alert" not in html and 'href="javascript:' not in html and 'src="javascript:' not in html
    assert "Texte &lt;script&gt;alert(1)&lt;/script&gt;" in html


# --- Feeds ------------------------------------------------------------------------------


def test_the_rss_feed_lists_published_stories_in_its_language(client: Client, settings) -> None:
    settings.SITE_URL = "https://cairn.example.coop"
    both = make_story(titles={"fr": "Les deux FR", "nl": "Beide NL"}, published=_at(2025))
    make_story(titles={"fr": "Seulement FR"}, published=_at(2024))
    make_story(titles={"nl": "Ontwerp"})

    fr = parse_feed(client.get("/fr/recits/flux/rss/").content)
    nl = parse_feed(client.get("/nl/recits/flux/rss/").content)

    assert [i.findtext("title") for i in fr.iter("item")] == ["Les deux FR", "Seulement FR"]
    assert [i.findtext("title") for i in nl.iter("item")] == ["Beide NL"]
    assert nl.findtext("channel/language") == "nl"
    assert [i.findtext("link") for i in nl.iter("item")] == [f"https://cairn.example.coop/nl/recits/{both.slug}/"]


def test_the_atom_feed_is_valid_xml_with_its_entries(client: Client) -> None:
    story = make_story(titles={"fr": "Un récit publié"}, published=_at(2025))

    response = client.get("/fr/recits/flux/atom/")

    assert response["Content-Type"].startswith("application/atom+xml")
    feed = parse_feed(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Un récit publié"]
    assert entries[0].findtext(f"{ATOM}summary") == "Un chapeau qui résume le récit."
    assert entries[0].find(f"{ATOM}link").get("href").endswith(f"/fr/recits/{story.slug}/")  # type: ignore[union-attr]


# --- Home page ----------------------------------------------------------------------------


def test_the_home_page_shows_the_latest_published_stories(client: Client) -> None:
    for n in range(5):
        make_story(titles={"fr": f"Récit {n}"}, published=_at(2024, 1, n + 1))
    make_story(titles={"fr": "Brouillon"})

    html = client.get("/fr/").text

    assert "Les derniers récits" in html
    shown = [t for t in ("Récit 4", "Récit 3", "Récit 2", "Récit 1", "Récit 0", "Brouillon") if t in html]
    assert shown == ["Récit 4", "Récit 3", "Récit 2", "Récit 1"]


def test_the_home_page_has_no_story_section_before_the_first_story(client: Client) -> None:
    assert "Les derniers récits" not in client.get("/fr/").text


# --- Staff pages --------------------------------------------------------------------------


def _form(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title_fr": "La coopérative à Liège",
        "lead_fr": "Un an après la recommandation, un bureau ouvre.",
        "body_fr": "## Le début\n\nTout a commencé par une recommandation.",
        "cover_alt_fr": "La façade du nouveau bureau",
        "cover_image": image_upload(),
        "recommendations": "",
    }
    data.update(overrides)
    return data


def test_a_coordinator_writes_submits_and_publishes_a_story(client: Client) -> None:
    coordinator = make_user("coordination")
    client.force_login(coordinator)
    category = ThemeCategoryFactory()
    recommendation = RecommendationFactory()

    response = client.post("/fr/gestion/recits/nouveau/", _form(categories=[category.pk], recommendations=f" {recommendation.reference}\n"))

    story = Story.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/fr/gestion/recits/{story.pk}/modifier/"
    assert (story.state, story.author, list(story.recommendations.all()), list(story.categories.all())) == (
        StoryState.DRAFT,
        coordinator,
        [recommendation],
        [category],
    )
    client.post(f"/fr/gestion/recits/{story.pk}/soumettre/")
    client.post(f"/fr/gestion/recits/{story.pk}/publier/")
    story.refresh_from_db()
    assert story.state == StoryState.PUBLISHED and story.published_at is not None
    assert Client().get(f"/fr/recits/{story.slug}/").status_code == 200


def test_a_department_lead_writes_and_submits_but_cannot_publish(client: Client) -> None:
    client.force_login(make_user("department_lead"))
    story = make_story(in_review=True)

    assert client.post(f"/fr/gestion/recits/{story.pk}/publier/").status_code == 403
    story.refresh_from_db()
    assert story.state == StoryState.IN_REVIEW


def test_only_publishers_edit_a_published_story(client: Client) -> None:
    story = make_story(titles={"fr": "Publié"}, published=True)
    client.force_login(make_user("department_lead"))

    response = client.post(f"/fr/gestion/recits/{story.pk}/modifier/", _form(title_fr="Changé", version=story.updated_at.isoformat()))

    assert response.status_code == 403
    assert list(story.versions.values_list("title", flat=True)) == ["Publié"]


@pytest.mark.parametrize(
    ("upload", "error"),
    [
        (SimpleUploadedFile("x.png", b"not an image at all", content_type="image/png"), "Ce fichier n’est pas une image lisible."),
        (
            SimpleUploadedFile(
                "x.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', content_type="image/svg+xml"
            ),
            "Ce fichier n’est pas une image lisible.",
        ),
        (SimpleUploadedFile("x.bmp", image_bytes(image_format="BMP"), content_type="image/bmp"), "Format d’image non accepté"),
    ],
)
def test_a_bad_cover_is_refused_on_the_form_and_nothing_is_saved(client: Client, upload, error: str) -> None:
    client.force_login(make_user("coordination"))

    response = client.post("/fr/gestion/recits/nouveau/", _form(cover_image=upload))

    assert response.status_code == 400
    assert error in response.text
    assert Story.objects.count() == 0
    # What was typed is still there.
    assert "La coopérative à Liège" in response.text


def test_a_too_large_image_is_refused(client: Client, settings) -> None:
    settings.CAIRN_STORY_IMAGE_MAX_BYTES = 1024 * 1024
    client.force_login(make_user("coordination"))
    story = make_story()
    big = SimpleUploadedFile("big.png", image_bytes() + b"\0" * (1024 * 1024), content_type="image/png")

    response = client.post(f"/fr/gestion/recits/{story.pk}/images/", {"image": big, "alt": "Trop lourde"})

    assert response.status_code == 400
    assert "L’image dépasse la taille maximale de 1 Mo." in response.text
    assert StoryImage.objects.count() == 0


def test_an_image_for_the_body_gives_its_markdown_code(client: Client) -> None:
    client.force_login(make_user("coordination"))
    story = make_story()

    response = client.post(
        f"/fr/gestion/recits/{story.pk}/images/", {"image": image_upload("p.jpg", image_format="JPEG"), "alt": "Le jardin"}, follow=True
    )

    image = StoryImage.objects.get()
    assert image.image.name.endswith(".jpg")
    assert f"![Le jardin]({image.image.url})" in response.text


@pytest.mark.parametrize(
    ("data", "field_error"),
    [
        ({"lead_fr": ""}, "Ce champ est obligatoire pour écrire le récit dans cette langue."),
        ({"cover_alt_fr": ""}, "Ce champ est obligatoire pour écrire le récit dans cette langue."),
        ({"title_nl": "Alleen een titel"}, "Ce champ est obligatoire pour écrire le récit dans cette langue."),
        ({"recommendations": "2099-00/XXX/01"}, "Ces références n’existent pas dans le registre : 2099-00/XXX/01."),
        ({"cover_image": ""}, "Ce champ est obligatoire."),
        ({"title_fr": "", "lead_fr": "", "body_fr": "", "cover_alt_fr": ""}, "Écrivez le récit dans au moins une langue"),
    ],
)
def test_an_incomplete_story_is_refused_with_a_clear_error(client: Client, data: dict[str, object], field_error: str) -> None:
    client.force_login(make_user("coordination"))

    response = client.post("/fr/gestion/recits/nouveau/", _form(**data))

    assert response.status_code == 400
    assert field_error in response.text
    assert Story.objects.count() == 0


def test_a_stale_edit_is_refused_on_the_page(client: Client) -> None:
    client.force_login(make_user("coordination"))
    story = make_story(titles={"fr": "Titre"})
    seen = story.updated_at.isoformat()
    client.post(f"/fr/gestion/recits/{story.pk}/modifier/", _form(title_fr="Premier", cover_image="", version=seen))

    response = client.post(f"/fr/gestion/recits/{story.pk}/modifier/", _form(title_fr="Second", cover_image="", version=seen))

    assert response.status_code == 400
    assert "Quelqu’un a modifié ces informations pendant que vous les éditiez." in response.text
    assert list(story.versions.values_list("title", flat=True)) == ["Premier"]


def test_publishing_twice_says_so_and_changes_nothing(client: Client) -> None:
    client.force_login(make_user("coordination"))
    story = make_story(published=_at(2024))

    response = client.post(f"/fr/gestion/recits/{story.pk}/publier/", follow=True)

    assert "Ce récit a déjà changé d’état : rien n’a été fait." in response.text
    story.refresh_from_db()
    assert story.published_at == _at(2024)


def test_staff_pages_of_a_story_answer_404_for_a_missing_one(client: Client) -> None:
    client.force_login(make_user("coordination"))

    assert client.get("/fr/gestion/recits/999/modifier/").status_code == 404
    assert client.post("/fr/gestion/recits/999/publier/").status_code == 404


def test_the_home_section_is_cached_and_dropped_when_a_story_is_published(
    client: Client, django_assert_num_queries, django_capture_on_commit_callbacks
) -> None:
    make_story(titles={"fr": "Premier"}, published=_at(2024))
    client.get("/fr/")
    with django_assert_num_queries(0):
        assert "Premier" in client.get("/fr/").text
    draft = make_story(titles={"fr": "Second"})

    # 1: the published stories' stamp, which the draft's save forgot; unchanged, so the
    # section comes from the cache.
    with django_assert_num_queries(1):
        assert "Second" not in client.get("/fr/").text
    from cairn.stories.services import story_publish

    with django_capture_on_commit_callbacks(execute=True):
        story_publish(actor=None, story=draft)

    assert "Second" in client.get("/fr/").text


def test_an_image_with_too_many_pixels_is_refused_before_it_is_decoded(client: Client, monkeypatch) -> None:
    from cairn.stories import forms

    monkeypatch.setattr(forms, "IMAGE_MAX_PIXELS", 1000)  # 64 × 36 = 2,304 pixels
    client.force_login(make_user("coordination"))
    story = make_story()

    response = client.post(f"/fr/gestion/recits/{story.pk}/images/", {"image": image_upload(), "alt": "Trop de pixels"})

    assert response.status_code == 400
    assert "L’image est trop grande (plus de 40 millions de pixels)." in response.text
    assert StoryImage.objects.count() == 0


def test_a_story_in_another_language_is_marked_in_the_list(client: Client) -> None:
    make_story(titles={"nl": "Alleen in het Nederlands"}, published=True)

    html = client.get("/fr/recits/").text

    assert '<h3 class="card__title" lang="nl">' in html
    assert "· Nederlands</p>" in html


def test_a_story_whose_author_left_is_edited_and_saved_through_its_page(client: Client) -> None:
    author = make_user("facilitator")
    story = make_story(author=author, titles={"fr": "Avant"}, in_review=True)
    services.story_image_add(actor=author, story=story, image=image_upload(), alt="Une image")
    member_anonymise(user=author)
    client.force_login(make_user("coordination"))
    url = f"/fr/gestion/recits/{story.pk}/modifier/"
    data = submitted(client.get(url).text)
    data["title_fr"] = ["Après"]

    response = client.post(url, data)

    assert response.status_code == 302
    story.refresh_from_db()
    assert (story.author, story.versions.get(language="fr").title) == (None, "Après")
    assert StoryImage.objects.get(story=story).uploaded_by is None
