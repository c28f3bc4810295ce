"""A member finds a meetup in the agenda by its filters, registers, sees their state change
without a full reload, cancels — and the first waitlisted member gets the seat."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from cairn.accounts.factories import OfficeFactory
from cairn.events.factories import EventFactory
from cairn.events.models import Registration, RegistrationStatus
from cairn.events.services.registrations import registration_register
from tests.browser.helpers import audit, log_in, make_member

pytestmark = pytest.mark.browser


def test_member_finds_a_meetup_registers_and_cancels_and_the_waitlist_moves(page: Page) -> None:
    OfficeFactory(name="Liège", city="Liège")
    start = timezone.now() + dt.timedelta(days=12)
    meetup = EventFactory(
        title="Afterwork liégeois",
        kind="meetup",
        meetup_format="afterwork",
        city="Liège",
        capacity=2,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        questions=["Régime alimentaire"],
    )
    EventFactory(title="Atelier état des lieux", city="Bruxelles", starts_at=start, ends_at=start + dt.timedelta(hours=3))
    member = make_member(email="camille@example.org", profile__display_name="Camille")
    registration_register(event=meetup, user=make_member(email="first@example.org"))
    log_in(page, member)

    page.goto("/fr/evenements/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Agenda des évènements")
    audit(page)
    page.get_by_label("Type").select_option(label="Rencontre")  # htmx swaps the results, pushes the URL
    expect(page).to_have_url(re.compile(r"kind=meetup"))
    expect(page.get_by_role("link", name="Atelier état des lieux")).to_have_count(0)
    page.get_by_role("link", name="Afterwork liégeois").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Afterwork liégeois")
    expect(page.locator("#my-registration-state")).to_have_text("Vous n’êtes pas inscrit·e.")
    audit(page)
    expect(page.get_by_text("1 place restante sur 2")).to_be_visible()
    page.evaluate("window.notReloaded = true")
    page.get_by_label("Régime alimentaire").fill("végétarien")
    page.get_by_role("button", name="Je m’inscris").click()

    expect(page.locator("#my-registration-state")).to_contain_text("Vous êtes inscrit·e.")
    expect(page.get_by_text("Complet : les nouvelles inscriptions vont sur la liste d’attente.")).to_be_visible()
    assert page.evaluate("window.notReloaded") is True, "the registration box was swapped in place"
    audit(page)

    # Someone else joins the waitlist; when Camille cancels, they get her seat.
    waiting = make_member(email="waiting@example.org")
    registration_register(event=meetup, user=waiting)
    page.get_by_role("button", name="Annuler mon inscription").click()
    expect(page.locator("#my-registration-state")).to_have_text("Vous vous êtes désinscrit·e. Vous pouvez vous réinscrire.")
    assert page.evaluate("window.notReloaded") is True
    assert Registration.objects.get(event=meetup, user=waiting).status == RegistrationStatus.CONFIRMED
    assert Registration.objects.get(event=meetup, user=member).status == RegistrationStatus.CANCELLED

    page.goto("/fr/evenements/calendrier/?mois=" + start.strftime("%Y-%m"))
    expect(page.get_by_role("link", name=re.compile("Afterwork liégeois"))).to_be_visible()
    audit(page)
    page.goto("/fr/evenements/mes-evenements/")
    audit(page)


def test_agenda_and_registration_work_without_javascript(new_context) -> None:  # type: ignore[no-untyped-def]
    page = new_context(java_script_enabled=False).new_page()
    start = timezone.now() + dt.timedelta(days=5)
    event = EventFactory(
        title="Petit-déjeuner de travail", kind="meetup", meetup_format="breakfast", starts_at=start, ends_at=start + dt.timedelta(hours=1)
    )
    EventFactory(title="Atelier état des lieux", starts_at=start, ends_at=start + dt.timedelta(hours=2))
    member = make_member(email="jan@example.org")
    log_in(page, member)

    page.goto("/fr/evenements/")
    page.get_by_label("Format de rencontre").select_option(label="Petit-déjeuner de travail")
    page.get_by_role("button", name="Filtrer").click()
    expect(page).to_have_url(re.compile(r"meetup_format=breakfast"))
    expect(page.get_by_role("link", name="Atelier état des lieux")).to_have_count(0)
    page.get_by_role("link", name="Petit-déjeuner de travail").click()
    page.get_by_role("button", name="Je m’inscris").click()

    expect(page.locator("#my-registration-state")).to_contain_text("Vous êtes inscrit·e.")
    expect(page.get_by_role("status").first).to_contain_text("C’est noté : vous êtes inscrit·e.")
    page.get_by_role("button", name="Annuler mon inscription").click()
    expect(page.locator("#my-registration-state")).to_have_text("Vous vous êtes désinscrit·e. Vous pouvez vous réinscrire.")
    assert Registration.objects.get(event=event, user=member).status == RegistrationStatus.CANCELLED


def test_organiser_checks_people_in_on_a_phone(page: Page) -> None:
    from cairn.accounts.tests.helpers import make_user

    organiser = make_user("facilitator", email="orga@example.org")
    start = timezone.now() + dt.timedelta(hours=1)
    event = EventFactory(title="Afterwork", starts_at=start, ends_at=start + dt.timedelta(hours=2))
    event.organisers.add(organiser)
    alice = make_member(email="alice@example.org", profile__display_name="Alice Dupont")
    registration_register(event=event, user=alice)
    registration_register(event=event, user=make_member(profile__display_name="Bob Peeters"))
    page.set_viewport_size({"width": 360, "height": 780})
    log_in(page, organiser)

    page.goto(f"/fr/evenements/{event.pk}/presences/")
    expect(page.locator("#check-in-count")).to_have_text("0 présent·es sur 2 inscrit·es.")
    page.get_by_label("Chercher par nom").fill("alice")
    expect(page.get_by_text("Bob Peeters")).to_have_count(0)
    page.get_by_role("button", name="Présent·e : Alice Dupont").click()
    expect(page.get_by_role("button", name="Annuler la présence : Alice Dupont")).to_be_visible()
    expect(page.locator("#check-in-count")).to_have_text("1 présent·es sur 2 inscrit·es.")  # swapped in place, no reload
    assert Registration.objects.get(event=event, user=alice).attended_at is not None
    audit(page)


def test_a_project_page_leads_to_its_events_and_the_event_back_to_the_project(page: Page) -> None:
    from cairn.projects.factories import ProjectFactory

    project = ProjectFactory(title="Cercles d’entraide")
    internal = ProjectFactory(title="Chantier interne", is_internal=True)
    start = timezone.now() + dt.timedelta(days=8)
    meeting = EventFactory(
        title="Réunion d’expérimentation", kind="experiment_meeting", starts_at=start, ends_at=start + dt.timedelta(hours=1)
    )
    meeting.projects.set([project, internal])
    EventFactory(title="Atelier sans rapport", starts_at=start, ends_at=start + dt.timedelta(hours=2))
    log_in(page, make_member(email="lou@example.org"))

    page.goto(f"/fr/projets/{project.pk}/")
    section = page.get_by_role("region", name="Prochains évènements")
    expect(section.get_by_role("link", name="Réunion d’expérimentation")).to_be_visible()
    audit(page)
    section.get_by_role("link", name="Tous les évènements de ce projet dans l’agenda").click()

    expect(page).to_have_url(re.compile(rf"project={project.pk}"))
    expect(page.get_by_role("link", name="Atelier sans rapport")).to_have_count(0)
    audit(page)
    page.get_by_role("link", name="Réunion d’expérimentation").click()

    projects = page.get_by_role("region", name="Projets")
    expect(projects.get_by_role("link", name="Cercles d’entraide")).to_be_visible()
    expect(page.get_by_text("Chantier interne")).to_have_count(0)
    audit(page)
