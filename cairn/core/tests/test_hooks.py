"""The one extension mechanism (``cairn.core.hooks``): names it knows, order, temporary
registrations for tests, and what the apps register at start-up."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from cairn.core import hooks

ARCHITECTURE = Path(settings.BASE_DIR) / "docs" / "architecture.md"


def test_an_unknown_hook_name_is_refused_when_registering_and_when_reading() -> None:
    with pytest.raises(ImproperlyConfigured, match="No hook is named 'home_figure'"):
        hooks.register("home_figure", object())
    with pytest.raises(ImproperlyConfigured):
        hooks.get_hooks("homepage_sections")


def test_values_come_in_order_then_in_the_order_they_were_registered() -> None:
    first, second, early = object(), object(), object()
    before = hooks.get_hooks("home_sections")
    with (
        hooks.register_temporarily("home_sections", first, order=50),
        hooks.register_temporarily("home_sections", second, order=50),
        hooks.register_temporarily("home_sections", early, order=-1),
    ):
        values = hooks.get_hooks("home_sections")
        assert values[0] is early
        assert values[-2:] == [first, second]
    assert hooks.get_hooks("home_sections") == before


def test_register_works_as_a_decorator() -> None:
    def job() -> None:
        return None

    decorate = hooks.register("scheduled_jobs", order=99)
    try:
        assert decorate(job) is job
        assert hooks.get_hooks("scheduled_jobs")[-1] is job
    finally:  # leave the platform's hooks as they were
        hooks._registered["scheduled_jobs"] = [entry for entry in hooks._registered["scheduled_jobs"] if entry[2] is not job]
    assert job not in hooks.get_hooks("scheduled_jobs")


def test_the_apps_register_what_the_platform_shows() -> None:
    """Every app's hooks.py was imported at start-up: the seeders run in the order the data
    needs, and each page's sections are there."""
    assert [seeder.name for seeder in hooks.get_hooks("seeders")] == [
        "accounts",
        "recommendations",
        "projects",
        "stories",
        "events",
        "hackathons",
        "experiments",
        "inbox",
        "reports",
    ]
    assert [section.key for section in hooks.get_hooks("recommendation_page_sections")] == [
        "projects",
        "hackathons",
        "experiments",
        "events",
        "stories",
        "ask",
    ]
    assert [section.key for section in hooks.get_hooks("project_page_sections")] == ["hackathons", "events", "stories", "ask"]
    assert [section.key for section in hooks.get_hooks("event_page_sections")] == ["ask"]
    assert [section.key for section in hooks.get_hooks("state_of_play_sections")] == ["stories", "experiments", "hackathons"]
    assert [figure.key for figure in hooks.get_hooks("home_figures")] == ["members", "offices", "recommendations", "completion"]
    assert [card.key for card in hooks.get_hooks("home_cards")] == ["registry", "state_of_play", "agenda", "hackathons", "experiments"]
    assert [section.key for section in hooks.get_hooks("home_sections")] == ["stories", "events", "hackathons", "experiments"]
    assert [held.section for held in hooks.get_hooks("personal_data")] == [
        "notifications",
        "recommendations",
        "projects",
        "stories",
        "events",
        "inbox",
        "hackathons",
        "experiments",
        "reports",
    ]
    assert [kind.kind for kind in hooks.get_hooks("inbox_items")] == [
        "recommendation",
        "project",
        "event",
        "state_of_play",
        "hackathon",
        "call",
        "experiment_group",
    ]
    assert sorted(f.kind for f in hooks.get_hooks("followables")) == [
        "category",
        "experiment_group",
        "group",
        "project",
        "recommendation",
        "series",
    ]
    assert sorted(k.kind for k in hooks.get_hooks("notification_kinds")) == [
        "assessment_published",
        "experiment_log",
        "hackathon_question",
        "project_linked",
        "project_update",
        "story_published",
    ]


def test_the_architecture_page_has_one_row_per_hook() -> None:
    rows = re.findall(r"^\| `([a-z_]+)` \|", ARCHITECTURE.read_text(encoding="utf-8"), flags=re.M)
    assert [name for name in rows if name in hooks.HOOKS] == list(hooks.HOOKS)
