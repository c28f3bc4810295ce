"""The whole path of an experiment: a call with two topics → twelve members express interest
(one through the page) → the team forms two groups with facilitators and sends the
invitations → a member accepts → the facilitator plans monthly meetings (the member is
registered for them), writes in the logbook, the first meeting's agenda, notes and public
summary and a decision, organises a meetup the member registers for → the group concludes
→ the team assesses the recommendation it answers. axe-core at 1280 and 360 px on each page."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect

from cairn.accounts.factories import OfficeFactory
from cairn.accounts.models import Role
from cairn.experiments.factories import CallFactory, TopicFactory
from cairn.experiments.models import Call, CallState, Group, Placement, PlacementState
from cairn.experiments.services.interests import expression_create
from cairn.recommendations.factories import RecommendationFactory
from tests.browser.helpers import audit, log_in, make_member
from tests.browser.test_coordination import sign_in_with_totp

pytestmark = pytest.mark.browser


def test_from_a_call_to_a_concluded_group(page: Page, new_context: Callable[..., BrowserContext]) -> None:
    liege = OfficeFactory(name="Liège", city="Liège")
    call = CallFactory(title="Se rencontrer pour agir")
    afterworks = TopicFactory(call=call, title="Afterworks")
    circles = TopicFactory(call=call, title="Cercles de pairs")
    recommendation = RecommendationFactory(title="Créer des lieux de rencontre entre sociétaires")
    afterworks.recommendations.add(recommendation)
    member = make_member(email="lou@example.org", profile__display_name="Lou Membre", profile__office=liege)
    others = [make_member(email=f"membre{n}@example.org", profile__display_name=f"Membre {n}") for n in range(11)]
    for n, other in enumerate(others):
        expression_create(
            user=other,
            topic=afterworks if n % 2 else circles,
            motivation="Rencontrer d’autres sociétaires",
            rhythm="monthly",
            moments="evening",
            office=liege,
            languages="fr",
        )
    team = make_member(email="coordination@example.org", roles=[Role.COORDINATION], profile__display_name="Équipe coordination")
    secret = generate_totp_secret()
    TOTP.activate(team, secret)
    make_member(email="animation@example.org", roles=[Role.FACILITATOR], profile__display_name="Alex Animation")
    make_member(email="animation2@example.org", roles=[Role.FACILITATOR], profile__display_name="Sam Animation")

    # The twelfth member answers through the page.
    log_in(page, member)
    page.goto("/fr/experimentations/")
    audit(page)
    page.get_by_role("link", name="Se rencontrer pour agir").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Se rencontrer pour agir")
    audit(page)
    page.get_by_role("link", name="Exprimer mon intérêt pour « Afterworks »").click()
    expect(page.get_by_label("Motivation")).to_be_visible()
    audit(page)
    page.get_by_label("Motivation").fill("Retrouver des sociétaires près de chez moi")
    page.get_by_label("Chaque mois").check()
    page.get_by_label("Soirée").check()
    page.get_by_role("button", name="Envoyer").click()
    expect(page.get_by_role("status").first).to_contain_text("Votre intérêt pour « Afterworks » est enregistré.")
    expect(page.get_by_text("Retrouver des sociétaires près de chez moi")).to_be_visible()
    audit(page)
    Call.objects.filter(pk=call.pk).update(state=CallState.CLOSED, interest_deadline=timezone.now() - dt.timedelta(hours=1))

    # The team forms a group per topic, each with a facilitator found by name, and invites.
    team_page = new_context().new_page()
    sign_in_with_totp(team_page, team, secret)
    for topic, name, facilitator in ((afterworks, "Afterworks de Liège", "Alex"), (circles, "Cercle de Liège", "Sam")):
        team_page.goto(f"/fr/gestion/experimentations/sujets/{topic.pk}/groupes/")
        team_page.get_by_label("Nom du groupe").fill(name)
        team_page.get_by_label("Bureau").select_option(label=str(liege))
        team_page.get_by_label("Français").check()
        team_page.get_by_role("button", name="Créer le groupe").click()
        expect(team_page.get_by_role("status").first).to_contain_text(f"Le groupe « {name} » est créé.")
        place = team_page.get_by_role("button", name="Placer")
        for _n in range(Placement.objects.filter(topic=topic).count(), 6):
            left = place.count()
            place.first.click()
            expect(place).to_have_count(left - 1)  # the page after the placement, before the next click
        audit(team_page)
        team_page.get_by_role("link", name=f"Choisir l’animateur·rice de « {name} »").click()
        team_page.get_by_label("Nom de l’animateur·rice").fill(facilitator)
        team_page.get_by_role("button", name="Chercher").click()
        expect(team_page.get_by_role("button", name=re.compile(f"Confier le groupe à {facilitator}"))).to_be_visible()
        audit(team_page)
        team_page.get_by_role("button", name=re.compile(f"Confier le groupe à {facilitator}")).click()
        expect(team_page.get_by_role("status").first).to_contain_text("L’animation du groupe est confiée.")
        team_page.get_by_role("button", name="Envoyer les invitations").click()
        expect(team_page.get_by_role("status").first).to_contain_text("invitations envoyées")
    group = Group.objects.get(name="Afterworks de Liège")
    assert Placement.objects.filter(group=group, state=PlacementState.INVITED).count() == 6

    # Lou accepts the place.
    page.goto("/fr/experimentations/mes-experimentations/")
    audit(page)
    page.get_by_role("button", name="Accepter la place dans « Afterworks de Liège »").click()
    expect(page.get_by_role("status").first).to_contain_text("Bienvenue dans le groupe !")

    # The facilitator plans monthly meetings, writes in the logbook, organises a meetup.
    facilitator_page = new_context().new_page()
    log_in(facilitator_page, group.facilitator)
    facilitator_page.goto("/fr/experimentations/animation/")
    audit(facilitator_page)
    facilitator_page.get_by_role("link", name="Afterworks de Liège").click()
    facilitator_page.get_by_role("link", name="Planifier les réunions").click()
    first = (timezone.localtime() + dt.timedelta(days=7)).replace(hour=18, minute=0)
    facilitator_page.get_by_label("Première réunion (date et heure)").fill(first.strftime("%Y-%m-%dT%H:%M"))
    facilitator_page.get_by_label("Adresse").fill("Rue de la Cathédrale 1, Liège")
    audit(facilitator_page)
    facilitator_page.get_by_role("button", name="Enregistrer").click()
    expect(facilitator_page.get_by_role("status").first).to_contain_text("Les réunions du groupe sont au programme.")
    facilitator_page.get_by_role("link", name="Écrire dans le carnet de bord").click()
    facilitator_page.get_by_label("Date").fill(timezone.localdate().isoformat())
    facilitator_page.get_by_label("Texte (Markdown)").fill("Premier afterwork : douze personnes.")
    facilitator_page.get_by_label("Temps fort : le publier aussi comme actualité du projet").check()
    facilitator_page.get_by_role("button", name="Enregistrer").click()
    facilitator_page.get_by_role("link", name="Organiser une rencontre").click()
    facilitator_page.get_by_label("Format").select_option(label="Afterwork")
    facilitator_page.get_by_label("Date et heure").fill((first + dt.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"))
    facilitator_page.get_by_label("Adresse").fill("Place du Marché, Liège")
    facilitator_page.get_by_role("button", name="Enregistrer").click()
    expect(facilitator_page.get_by_role("link", name="Rencontre du groupe « Afterworks de Liège »")).to_be_visible()
    expect(facilitator_page.get_by_text("Premier afterwork : douze personnes.")).to_be_visible()
    audit(facilitator_page)

    # The first meeting's agenda, its notes and public summary; then a decision.
    facilitator_page.get_by_role("link", name=re.compile("Écrire l’ordre du jour ou le compte rendu")).last.click()
    facilitator_page.get_by_label("Ordre du jour (Markdown)").fill("1. Choisir le café du prochain afterwork")
    facilitator_page.get_by_label("Compte rendu (Markdown)").fill("Le café du Marché nous accueille.")
    facilitator_page.get_by_label("Résumé public").fill("Le groupe a choisi son café.")
    audit(facilitator_page)
    facilitator_page.get_by_role("button", name="Enregistrer").click()
    expect(facilitator_page.get_by_role("status").first).to_contain_text("L’ordre du jour et le compte rendu sont enregistrés.")
    facilitator_page.get_by_role("link", name="Noter une décision").click()
    facilitator_page.get_by_label("Ce qui a été décidé").fill("Un afterwork par mois, le jeudi.")
    facilitator_page.get_by_label("Décidée le").fill(timezone.localdate().isoformat())
    audit(facilitator_page)
    facilitator_page.get_by_role("button", name="Enregistrer").click()
    expect(facilitator_page.get_by_role("status").first).to_contain_text("La décision est enregistrée.")
    expect(facilitator_page.get_by_text("Un afterwork par mois, le jeudi.")).to_be_visible()
    audit(facilitator_page)
    visitor = new_context().new_page()
    visitor.goto(f"/fr/experimentations/groupes/{group.pk}/")
    expect(visitor.get_by_text("Le groupe a choisi son café.")).to_be_visible()
    expect(visitor.get_by_text("Un afterwork par mois, le jeudi.")).to_be_visible()
    expect(visitor.get_by_text("Choisir le café du prochain afterwork")).to_have_count(0)
    expect(visitor.get_by_text("Le café du Marché nous accueille.")).to_have_count(0)
    audit(visitor)

    # Lou, a member of the group, reads the agenda and is registered for the meetings already.
    page.goto(f"/fr/experimentations/groupes/{group.pk}/")
    expect(page.get_by_text("Choisir le café du prochain afterwork")).to_be_visible()
    page.get_by_role("link", name="Réunion du groupe « Afterworks de Liège »").first.click()
    expect(page.locator("#my-registration-state")).to_contain_text("Vous êtes inscrit·e.")

    # Lou registers for the meetup from the group's page.
    page.goto(f"/fr/experimentations/groupes/{group.pk}/")
    page.get_by_role("link", name="Rencontre du groupe « Afterworks de Liège »").click()
    page.get_by_role("button", name="Je m’inscris").click()
    expect(page.locator("#my-registration-state")).to_contain_text("Vous êtes inscrit·e.")

    # The group becomes active, then concludes; the team is offered to assess.
    team_page.goto(f"/fr/experimentations/groupes/{group.pk}/etat/")
    team_page.get_by_label("Nouvel état").select_option(label="Actif")
    team_page.get_by_role("button", name="Enregistrer").click()
    team_page.goto(f"/fr/experimentations/groupes/{group.pk}/etat/")
    team_page.get_by_label("Nouvel état").select_option(label="Conclu")
    team_page.get_by_label("Ce que le groupe a fait (pour conclure)").fill("Six afterworks, vingt sociétaires.")
    team_page.get_by_label("La suite proposée").select_option(label="Étendre")
    audit(team_page)
    team_page.get_by_role("button", name="Enregistrer").click()
    expect(team_page).to_have_url(re.compile(rf"/fr/gestion/projets/{group.project_id}/evaluer/$"))
    expect(team_page.get_by_text(recommendation.title)).to_be_visible()
    team_page.get_by_role("link", name=f"Évaluer {recommendation.reference}").click()
    team_page.get_by_label("État d’avancement").select_option(label="Réalisée")
    team_page.get_by_label("Commentaire public").fill("Les afterworks de Liège ont réuni vingt sociétaires.")
    team_page.get_by_role("button", name="Publier l’évaluation").click()
    expect(team_page.get_by_role("status").first).to_contain_text("est publiée")
    page.goto(f"/fr/experimentations/groupes/{group.pk}/")
    expect(page.get_by_text("Six afterworks, vingt sociétaires.")).to_be_visible()
    audit(page)


def test_a_member_answers_a_call_and_withdraws_without_javascript(new_context: Callable[..., BrowserContext]) -> None:
    page = new_context(java_script_enabled=False).new_page()
    topic = TopicFactory(title="Petits-déjeuners du spectacle")
    OfficeFactory(name="Bruxelles", city="Bruxelles")
    member = make_member(email="noa@example.org")
    log_in(page, member)

    page.goto(f"/fr/experimentations/{topic.call.slug}/")
    page.get_by_role("link", name="Exprimer mon intérêt pour « Petits-déjeuners du spectacle »").click()
    page.get_by_role("button", name="Envoyer").click()  # nothing filled: every error says what to do
    expect(page.get_by_text("Choisissez un bureau ou une ville, ou indiquez que vous pouvez participer en ligne.")).to_be_visible()
    page.get_by_label("Motivation").fill("Échanger entre gens du métier")
    page.get_by_label("Toutes les deux semaines").check()
    page.get_by_label("Petit-déjeuner").check()
    page.get_by_label("Je peux participer en ligne").check()
    page.get_by_label("Français").check()
    page.get_by_role("button", name="Envoyer").click()
    expect(page.get_by_role("status").first).to_contain_text("est enregistré")
    page.get_by_role("button", name="Retirer mon intérêt").click()
    expect(page.get_by_role("status").first).to_contain_text("est retiré")
    expect(page.get_by_text("Vous n’avez répondu à aucun appel.")).to_be_visible()
