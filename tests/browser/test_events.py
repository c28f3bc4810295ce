"""A member finds a meetup in the agenda by its filters, registers, sees their state change
without a full reload, cancels — and the first waitlisted member gets the seat."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from cairn.accounts.factories import OfficeFactory
from cairn.events import services
from cairn.events.factories import EventFactory
from cairn.events.models import Registration, RegistrationStatus
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
    services.registration_register(event=meetup, user=make_member(email="first@example.org"))
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
    page.evaluate("window.notReloaded = true")
    page.get_by_label("Régime alimentaire").fill("végétarien")
    page.get_by_role("button", name="Je m’inscris").click()

    expect(page.locator("#my-registration-state")).to_contain_text("Vous êtes inscrit·e.")
    expect(page.get_by_text("Complet : les nouvelles inscriptions vont sur la liste d’attente.")).to_be_visible()
    assert page.evaluate("window.notReloaded") is True, "the registration box was swapped in place"
    audit(page)

    # Someone else joins the waitlist; when Camille cancels, they get her seat.
    waiting = make_member(email="waiting@example.org")
    services.registration_register(event=meetup, user=waiting)
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
