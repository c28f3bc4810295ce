"""The whole path of a hackathon: three questions from recommendations, thirty members
registered (the last through the form), teams formed by Cairn, an answer written in the
team, the jury and the members' vote, the results, the chosen answer made a project — and
the recommendation's page shows the chain. axe-core at 1280 and 360 px on every page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from cairn.accounts.models import Role
from cairn.core import grouping
from cairn.hackathons.models import Membership, Phase, Team
from cairn.hackathons.services.answers import answer_choose, criterion_add, juror_add, score_submit
from cairn.hackathons.services.hackathons import hackathon_set_phase
from cairn.hackathons.services.teams import grouping_input, teams_apply
from cairn.hackathons.tests.helpers import new_hackathon, register_many
from tests.browser.helpers import audit, log_in, make_member

pytestmark = pytest.mark.browser


def test_from_a_question_to_a_project_the_recommendation_shows(page: Page) -> None:
    organiser = make_member(email="orga@example.org", roles=[Role.COORDINATION])
    hackathon = new_hackathon(organiser, capacity=40)
    register_many(hackathon, 29)
    member = make_member(email="camille@example.org", profile__display_name="Camille")
    log_in(page, member)

    page.goto("/fr/")
    # The home page's hackathons section (its next events list the hackathon's days too).
    page.get_by_role("region", name="Les prochains hackathons").get_by_role("link", name=hackathon.title).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(hackathon.title)
    audit(page)
    page.get_by_role("link", name="Je m’inscris").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("S’inscrire")
    audit(page)
    page.get_by_label("Le rôle que je peux tenir").select_option("legal_finance")
    first = hackathon.questions.order_by("pk").first()
    page.get_by_label("Question préférée").select_option(str(first.pk))
    page.locator("input[name='availability']").first.check()
    page.get_by_role("button", name="Je m’inscris").click()
    expect(page.locator("#my-participation")).to_contain_text("Vous êtes inscrit·e.")
    assert hackathon.participants.count() == 30

    hackathon_set_phase(actor=organiser, hackathon=hackathon, phase=Phase.TEAMS)
    people, targets, settings = grouping_input(hackathon)
    assert teams_apply(hackathon_id=hackathon.pk, round=hackathon.formation_round, result=grouping.form_groups(people, targets, settings))
    hackathon_set_phase(actor=organiser, hackathon=hackathon, phase=Phase.RUNNING)

    page.reload()
    page.get_by_role("link", name="Voir mon équipe").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Équipe")
    expect(page.get_by_role("main").get_by_role("link", name="Camille")).to_be_visible()
    expect(page.get_by_text(re.compile(r"choix"))).not_to_have_count(0)  # each placement explained
    audit(page)
    page.get_by_role("link", name="Écrire la réponse").click()
    expect(page.get_by_label("Résumé")).to_be_visible()
    audit(page)
    page.get_by_label("Résumé").fill("Un guichet d’accueil partagé")
    page.get_by_label("La réponse à la question").fill("Ouvrir un guichet dans deux bureaux.")
    page.get_by_label("Plan de mise en œuvre").fill("1. Tester trois mois. 2. Décider.")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Un guichet d’accueil partagé").first).to_be_visible()  # the answer; its version 1 is folded below
    expect(page.get_by_text("Version 1")).to_be_visible()

    team = Membership.objects.get(participant__user=member).team
    juror = make_member(email="jury@example.org")
    juror_add(actor=organiser, hackathon=hackathon, user=juror)
    criterion = criterion_add(actor=organiser, hackathon=hackathon, name="Répond à la question", weight=1)
    hackathon_set_phase(actor=organiser, hackathon=hackathon, phase=Phase.JUDGING)
    score_submit(juror=juror, team=team, scores={criterion.pk: (5, "Précis et faisable.")})

    page.goto(hackathon.get_absolute_url())
    page.get_by_role("button", name="Voter pour cette équipe").first.click()
    expect(page.get_by_role("button", name="Mon vote")).to_be_visible()
    hackathon_set_phase(actor=organiser, hackathon=hackathon, phase=Phase.RESULTS)
    page.reload()
    expect(page.get_by_role("heading", name="Résultats")).to_be_visible()
    expect(page.get_by_text("Précis et faisable.")).to_be_visible()
    audit(page)

    project = answer_choose(actor=organiser, team=team)
    recommendation = team.question.recommendations.first()
    page.goto(f"/fr/recommandations/{recommendation.reference}/")
    section = page.get_by_role("region", name="Questions de hackathon")
    expect(section.locator(f"a[href='/fr/hackathons/{hackathon.slug}/questions/{team.question_id}/']")).to_be_visible()
    expect(section.get_by_text("Un guichet d’accueil partagé")).to_be_visible()
    audit(page)
    section.locator(f"a[href='/fr/projets/{project.pk}/']").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(project.title)
    expect(page.get_by_role("region", name="Né d’un hackathon")).to_be_visible()
    assert Team.objects.get(pk=team.pk).project == project


def test_an_organiser_names_a_mentor_adds_and_takes_back_a_slot(page: Page) -> None:
    """The mentors page of a question, as an organiser (a facilitator who organises the
    hackathon) uses it; the team then sees the mentor and the slot. axe-core at 1280 and 360 px."""
    from django.core import mail
    from django.utils import timezone

    organiser = make_member(email="anim@example.org", roles=[Role.FACILITATOR], profile__display_name="Nadia Organise")
    hackathon = new_hackathon(organiser, capacity=20)
    register_many(hackathon, 9)
    hackathon_set_phase(actor=organiser, hackathon=hackathon, phase=Phase.TEAMS)
    people, targets, settings = grouping_input(hackathon)
    assert teams_apply(hackathon_id=hackathon.pk, round=hackathon.formation_round, result=grouping.form_groups(people, targets, settings))
    team = Team.objects.filter(hackathon=hackathon).order_by("pk").first()
    assert team is not None
    make_member(email="amina@example.org", profile__display_name="Amina Mentor")

    log_in(page, organiser)
    page.goto(f"/fr/hackathons/{hackathon.slug}/organisation/")
    page.get_by_role("link", name=f"Mentors — {team.question.title}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mentors de la question")
    audit(page)
    page.get_by_label("Nom du ou de la mentor").fill("amina")
    page.get_by_role("button", name="Chercher").click()
    page.get_by_role("button", name="Nommer mentor : Amina Mentor").click()
    expect(page.get_by_text("La personne est nommée mentor de la question.")).to_be_visible()

    start = timezone.localtime(hackathon.event.starts_at) + dt.timedelta(hours=3)
    page.get_by_label("Début").fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Fin").fill((start + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Ajouter le créneau").click()
    expect(page.get_by_text("Le créneau est ajouté.")).to_be_visible()
    section = page.get_by_role("region", name="Mentors nommé·es")
    expect(section.get_by_role("link", name="Amina Mentor")).to_be_visible()
    expect(section.locator("time").first).to_contain_text(start.strftime("%H:%M"))
    audit(page)

    page.get_by_role("button", name=re.compile(r"^Retirer le créneau de Amina Mentor")).click()
    expect(page.get_by_text("Le créneau est retiré ; les équipes de la question en sont averties par e-mail.")).to_be_visible()
    expect(section.locator("time")).to_have_count(0)
    audit(page)
    assert any("un créneau de mentorat est annulé" in m.subject for m in mail.outbox)

    member = team.memberships.select_related("participant__user").first().participant.user
    page.context.clear_cookies()
    log_in(page, member)
    page.goto(team.get_absolute_url())
    expect(page.get_by_role("main").get_by_text("Amina Mentor").first).to_be_visible()
    audit(page)
