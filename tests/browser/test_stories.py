"""A coordinator writes a story with an image, submits it for review and publishes it; a
member reads it (axe-core, 360 px); the feed is valid XML with the story in it."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from playwright.sync_api import Browser, FilePayload, Page, expect

from cairn.accounts.models import Role
from cairn.recommendations.factories import RecommendationFactory
from cairn.stories.factories import image_bytes
from cairn.stories.models import Story, StoryState
from tests.browser.helpers import DESKTOP, audit, log_in, make_member
from tests.browser.test_coordination import sign_in_with_totp

pytestmark = pytest.mark.browser


def png(name: str, colour: str) -> FilePayload:
    return {"name": name, "mimeType": "image/png", "buffer": image_bytes(size=(320, 180), colour=colour)}


def test_a_coordinator_publishes_a_story_and_a_member_reads_it(page: Page, browser: Browser, base_url: str) -> None:
    coordinator = make_member(email="coordination@example.org", roles=[Role.COORDINATION])
    secret = generate_totp_secret()
    TOTP.activate(coordinator, secret)
    recommendation = RecommendationFactory(title="Une crèche dans chaque bureau")
    sign_in_with_totp(page, coordinator, secret)

    # Write the draft, in French only.
    page.goto("/fr/recits/")
    page.get_by_role("link", name="Écrire et relire les récits").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Écrire et relire les récits")
    audit(page)
    page.get_by_role("link", name="Écrire un récit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Écrire un récit")
    audit(page)
    french = page.get_by_role("group", name="Version française")
    french.get_by_label("Titre").fill("La crèche de Namur a ouvert")
    french.get_by_label("Chapeau").fill("Trois ans après la recommandation, vingt enfants de sociétaires y sont accueillis.")
    french.get_by_label("Texte (Markdown)").fill("## Le début\n\nTout a commencé par une recommandation.")
    french.get_by_label("Texte alternatif de l’image de couverture").fill("La façade colorée de la crèche")
    page.locator("#id_cover_image").set_input_files(png("couverture.png", "#2a6f4e"))
    page.get_by_label("Recommandations liées").fill(recommendation.reference)
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("status").first).to_contain_text("Le brouillon est enregistré.")

    # An image for the body: upload it, paste its Markdown code into the text.
    page.locator("#id_image").set_input_files(png("jardin.png", "#8a6d1d"))
    page.locator("#id_alt").fill("Le jardin de la crèche")
    page.get_by_role("button", name="Envoyer l’image").click()
    expect(page.get_by_role("status").first).to_contain_text("L’image est enregistrée")
    code = page.locator("#images code").first.inner_text()
    assert re.fullmatch(r"!\[Le jardin de la crèche\]\(/media/stories/images/\d{4}/\d{2}/[0-9a-f]{32}\.png\)", code)
    body = french.get_by_label("Texte (Markdown)")
    body.fill(body.input_value() + "\n\n" + code)
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("status").first).to_contain_text("Le récit est enregistré.")
    audit(page)

    # Submit, preview as the team sees it, then publish.
    page.get_by_role("button", name="Soumettre en relecture").click()
    expect(page.get_by_role("status").first).to_contain_text("Le récit est soumis en relecture.")
    page.get_by_role("link", name="Aperçu").click()
    expect(page.get_by_role("status").first).to_contain_text("En relecture : ce récit n’est visible que de l’équipe.")
    audit(page)
    page.go_back()
    page.get_by_role("button", name="Publier").click()
    expect(page.get_by_role("status").first).to_contain_text("Le récit est publié.")
    story = Story.objects.get()
    assert story.state == StoryState.PUBLISHED and story.published_at is not None

    # A member reads it from the list.
    member = make_member(email="societaire@example.org")
    context = browser.new_context(base_url=base_url, viewport=DESKTOP, locale="fr-BE")
    reader = context.new_page()
    log_in(reader, member)
    reader.goto("/fr/recits/")
    audit(reader)
    reader.get_by_role("link", name="La crèche de Namur a ouvert").click()
    expect(reader.get_by_role("heading", level=1)).to_have_text("La crèche de Namur a ouvert")
    expect(reader.get_by_role("img", name="Le jardin de la crèche")).to_be_attached()
    expect(reader.get_by_role("link", name=f"{recommendation.reference} Une crèche dans chaque bureau")).to_be_visible()
    audit(reader)

    # The feed is valid XML and holds the story.
    feed = reader.request.get("/fr/recits/flux/atom/")
    assert feed.ok
    root = ET.fromstring(feed.body())  # noqa: S314 — Cairn's own feed
    titles = [e.findtext("{http://www.w3.org/2005/Atom}title") for e in root.iter("{http://www.w3.org/2005/Atom}entry")]
    assert titles == ["La crèche de Namur a ouvert"]
    context.close()


def test_a_draft_is_not_found_for_a_member(page: Page) -> None:
    from cairn.stories.factories import make_story

    story = make_story(titles={"fr": "Pas encore publié"})
    log_in(page, make_member(email="societaire@example.org"))

    response = page.goto(f"/fr/recits/{story.slug}/")

    assert response is not None and response.status == 404


def _two_stories() -> None:
    import datetime

    from cairn.recommendations.factories import ThemeCategoryFactory
    from cairn.stories.factories import make_story

    care = ThemeCategoryFactory(slug="soins", name_fr="Soins")
    make_story(titles={"fr": "Une crèche"}, published=datetime.datetime(2024, 3, 1, tzinfo=datetime.UTC), categories=[care])
    make_story(titles={"nl": "Een nieuw kantoor"}, published=datetime.datetime(2025, 3, 1, tzinfo=datetime.UTC))


def test_the_filters_update_the_list_and_its_address(page: Page) -> None:
    _two_stories()
    page.goto("/fr/recits/")
    expect(page.get_by_role("status").first).to_have_text("2 récits")

    page.get_by_label("Grande thématique").select_option("soins")

    expect(page).to_have_url(re.compile(r"/fr/recits/\?.*category=soins"))
    expect(page.get_by_role("status").first).to_have_text("1 récit")
    expect(page.get_by_role("link", name="Een nieuw kantoor")).to_have_count(0)
    audit(page)


def test_the_filters_work_without_javascript(new_context) -> None:
    _two_stories()
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/fr/recits/")

    page.get_by_label("Langue du récit").select_option("nl")
    page.get_by_role("button", name="Filtrer").click()

    expect(page).to_have_url(re.compile(r"language=nl"))
    expect(page.get_by_role("link", name="Een nieuw kantoor")).to_be_visible()
    expect(page.get_by_role("link", name="Une crèche")).to_have_count(0)


def test_a_member_reads_a_story_about_a_project_follows_its_series_and_finds_it_on_the_project_page(page: Page, base_url: str) -> None:
    from cairn.notifications.models import Follow
    from cairn.projects.factories import ProjectFactory
    from cairn.stories.factories import make_series, make_story

    project = ProjectFactory(title="Vélos partagés")
    series = make_series()
    story = make_story(titles={"fr": "Vingt vélos pour trois bureaux"}, published=True, series=series, projects=[project])
    member = make_member(email="lectrice@example.org")
    log_in(page, member)

    page.goto(f"/fr/recits/{story.slug}/")
    projects = page.get_by_role("region", name="Projets liés")
    expect(projects.get_by_role("link", name="Vélos partagés")).to_be_visible()
    audit(page)
    page.get_by_role("button", name="Suivre : Un an après").click()
    expect(page.get_by_role("button", name="Suivi : Un an après · ne plus suivre")).to_be_visible()
    assert list(Follow.objects.filter(user=member, muted=False).values_list("target_kind", "target_id")) == [("series", series.pk)]

    projects.get_by_role("link", name="Vélos partagés").click()
    stories = page.get_by_role("region", name="Récits")
    stories.get_by_role("link", name="Vingt vélos pour trois bureaux").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vingt vélos pour trois bureaux")
    page.goto(f"/fr/projets/{project.pk}/")
    audit(page)
