"""A member asks about a recommendation from its page; the coordination team triages and
answers; the member reads the answer under "Mes questions" (axe-core at 1280 and 360 px)."""

from __future__ import annotations

import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail
from playwright.sync_api import Browser, Page, expect

from cairn.accounts.models import Role
from cairn.inbox.factories import ConversationFactory
from cairn.inbox.models import Conversation, SavedAnswer, State
from cairn.recommendations.factories import RecommendationFactory
from tests.browser.helpers import DESKTOP, audit, log_in, make_member, open_staff_page
from tests.browser.test_coordination import sign_in_with_totp

pytestmark = pytest.mark.browser


def test_a_member_asks_on_a_recommendation_and_the_team_answers(page: Page, browser: Browser, base_url: str) -> None:
    recommendation = RecommendationFactory(title="Une crèche dans chaque bureau")
    member = make_member(email="societaire@example.org")
    log_in(page, member)

    page.goto(f"/fr/recommandations/{recommendation.reference}/")
    page.get_by_role("main").get_by_role("link", name="Poser une question").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Poser une question")
    expect(page.get_by_role("main")).to_contain_text("Une crèche dans chaque bureau")
    audit(page)
    page.get_by_label("Manifestation d’intérêt").check()
    page.get_by_label("Objet").fill("Je veux aider à Namur")
    page.get_by_label("Message").fill("Bonjour, je peux aider pour la crèche de Namur.")
    page.get_by_label("J’accepte que la coopérative utilise mon adresse pour me répondre.").check()
    page.get_by_role("button", name="Envoyer").click()
    expect(page.get_by_role("status").first).to_contain_text("Votre message est envoyé.")
    conversation = Conversation.objects.get()
    assert (conversation.about_kind, conversation.about_id, conversation.kind) == ("recommendation", recommendation.pk, "interest")
    audit(page)

    # The coordination team triages and answers.
    coordinator = make_member(email="coordination@example.org", roles=[Role.COORDINATION], profile__display_name="Claire Peeters")
    secret = generate_totp_secret()
    TOTP.activate(coordinator, secret)
    context = browser.new_context(base_url=base_url, viewport=DESKTOP, locale="fr-BE")
    team = context.new_page()
    sign_in_with_totp(team, coordinator, secret)
    open_staff_page(team, "Questions reçues")
    expect(team.get_by_role("heading", level=1)).to_have_text("Questions reçues")
    audit(team)
    team.get_by_label("Type", exact=True).select_option("interest")
    team.get_by_role("button", name="Filtrer").click()
    team.get_by_role("link", name="Je veux aider à Namur").click()
    expect(team.get_by_role("heading", level=1)).to_have_text("Je veux aider à Namur")
    audit(team)
    # The people picker: a search by name, never an e-mail address.
    assignee = team.get_by_role("group", name="Attribuer à")
    assignee.get_by_label("Chercher par nom").fill("Claire")
    assignee.get_by_role("radio", name=re.compile(r"^Claire Peeters")).check()
    team.get_by_role("button", name="Attribuer").click()
    team.get_by_label("Note interne").fill("Proposer la crèche de Namur.")
    team.get_by_role("button", name="Ajouter la note").click()
    team.get_by_role("textbox", name="Réponse").fill("Merci ! La coordinatrice du projet vous écrit cette semaine.")
    team.get_by_role("button", name="Envoyer la réponse").click()
    expect(team.get_by_role("status").first).to_contain_text("La réponse part par e-mail")
    conversation.refresh_from_db()
    assert conversation.state == State.WAITING and conversation.assignee == coordinator
    assert any(conversation.reference in message.subject for message in mail.outbox)
    context.close()

    # The member reads it, without the team's note.
    page.goto("/fr/questions/mes-questions/")
    audit(page)
    page.get_by_role("link", name="Je veux aider à Namur").click()
    expect(page).to_have_url(re.compile(rf"/fr/questions/mes-questions/{conversation.reference}/$"))
    expect(page.get_by_role("main")).to_contain_text("La coordinatrice du projet vous écrit cette semaine.")
    expect(page.get_by_role("main")).not_to_contain_text("Proposer la crèche de Namur.")
    audit(page)


def test_a_member_asks_about_an_experiment_group_and_a_hackathon_from_their_pages(page: Page) -> None:
    """The later apps' pages carry the same link, the item prefilled (axe at 1280 and 360 px)."""
    from cairn.experiments.factories import GroupFactory
    from cairn.hackathons.factories import HackathonFactory

    group = GroupFactory(name="Afterworks à Liège")
    hackathon = HackathonFactory(title="Hackathon « Accueil »")
    member = make_member(email="curieuse@example.org")
    log_in(page, member)

    page.goto(f"/fr/hackathons/{hackathon.slug}/")
    page.get_by_role("main").get_by_role("link", name="Poser une question").click()
    expect(page.get_by_role("main")).to_contain_text("Hackathon « Accueil »")

    page.goto(f"/fr/experimentations/groupes/{group.pk}/")
    audit(page)
    page.get_by_role("main").get_by_role("link", name="Poser une question").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Poser une question")
    expect(page.get_by_role("main")).to_contain_text("Afterworks à Liège")
    audit(page)
    page.get_by_label("Manifestation d’intérêt").check()
    page.get_by_label("Objet").fill("Rejoindre les afterworks")
    page.get_by_label("Message").fill("Bonjour, je travaille à Liège et j’aimerais venir.")
    page.get_by_label("J’accepte que la coopérative utilise mon adresse pour me répondre.").check()
    page.get_by_role("button", name="Envoyer").click()
    expect(page.get_by_role("status").first).to_contain_text("Votre message est envoyé.")
    conversation = Conversation.objects.get()
    assert (conversation.about_kind, conversation.about_id, conversation.kind) == ("experiment_group", group.pk, "interest")


def test_the_team_writes_a_saved_answer_and_inserts_it_in_a_dutch_answer(page: Page) -> None:
    coordinator = make_member(email="coordination@example.org", roles=[Role.COORDINATION])
    secret = generate_totp_secret()
    TOTP.activate(coordinator, secret)
    conversation = ConversationFactory(language="nl", subject="Vraag over de werkgroepen")
    sign_in_with_totp(page, coordinator, secret)

    page.goto("/fr/gestion/questions/")
    page.get_by_role("link", name="Réponses types").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Réponses types")
    audit(page)
    page.get_by_role("link", name="Nouvelle réponse type").click()
    expect(page.get_by_role("main").get_by_label("Titre")).to_be_visible()
    audit(page)
    form = page.get_by_role("main")
    form.get_by_label("Titre").fill("Bedankt")
    form.get_by_label("Langue").select_option("nl")
    form.get_by_label("Texte").fill("Bedankt voor uw bericht.")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("status").first).to_contain_text("La réponse type est enregistrée.")
    assert SavedAnswer.objects.filter(title="Bedankt", language="nl").exists()

    page.goto(f"/fr/gestion/questions/{conversation.reference}/")
    page.get_by_role("textbox", name="Réponse").fill("Beste,")
    page.get_by_role("combobox", name="Réponse type").select_option(label="Bedankt")
    page.get_by_role("button", name="Insérer la réponse type").click()
    expect(page.get_by_role("textbox", name="Réponse")).to_have_value("Beste,\n\nBedankt voor uw bericht.")
    audit(page)
