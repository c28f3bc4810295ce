"""Choosing organisers by a search by name (the people picker): as one types, htmx shows the
matching people with office and role; ticking one keeps the people chosen before. axe-core at 360 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from cairn.accounts.factories import OfficeFactory
from cairn.accounts.models import Role
from tests.browser.helpers import PHONE_WIDTH, axe_check, log_in, make_member

pytestmark = pytest.mark.browser


def test_an_organiser_finds_a_colleague_by_name_with_office_and_role(page: Page) -> None:
    organiser = make_member(roles=[Role.FACILITATOR], profile__display_name="Sam Organise")
    make_member(
        roles=[Role.FACILITATOR],
        email="lore@example.org",
        profile__display_name="Lore Janssens",
        profile__office=OfficeFactory(name="Anvers"),
    )
    log_in(page, organiser)
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 780})
    page.goto("/fr/evenements/nouveau/")

    page.get_by_label("Chercher par nom").fill("lore")

    found = page.get_by_role("list", name="Personnes trouvées")
    expect(found).to_contain_text("Lore Janssens · Anvers · Animateur·rice")
    expect(page.get_by_role("main")).not_to_contain_text("lore@example.org")
    axe_check(page, label="the event form's people picker at 360 px")

    found.get_by_role("checkbox").check()
    expect(page.get_by_role("checkbox", name="Lore Janssens · Anvers · Animateur·rice")).to_be_checked()
    expect(page.get_by_role("checkbox", name="Sam Organise", exact=False)).to_be_checked()  # chosen already: the one creating the event
