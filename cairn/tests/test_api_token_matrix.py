"""Who reaches which endpoint with which personal access token: the token × endpoint
matrix of the API (docs/api.md "Tokens"). Every endpoint is a row, reads and writes; the
columns are a caller without a token and a coordinator's token with no scope or with each
scope. A token without ``read_internal`` reads as a visitor; a write needs its own scope
and never opens to another one. (A browser's session follows the pages' rules: each app's
``test_permission_matrix.py`` holds those rows.)

A write's cell that succeeds is the real write through the service; the others store
nothing, which the test checks too."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from cairn.accounts.factories import ApiTokenFactory
from cairn.accounts.tests.helpers import make_user
from cairn.core.models import AuditEntry
from cairn.events.factories import EventFactory
from cairn.experiments.factories import CallFactory, GroupFactory, TopicFactory
from cairn.experiments.models import CallState
from cairn.hackathons.factories import HackathonFactory, QuestionFactory
from cairn.hackathons.models import Phase
from cairn.projects.factories import ProjectFactory
from cairn.recommendations.factories import (
    CampaignAssignmentFactory,
    CycleFactory,
    RecommendationFactory,
    ThemeFactory,
    WorkingGroupFactory,
)
from cairn.recommendations.models import Assessment, RegistryImport
from cairn.recommendations.services import imports as import_services
from cairn.reports.factories import EditionFactory
from cairn.stories.factories import make_story

pytestmark = pytest.mark.django_db

V1 = "/api/v1"
IMPORT_CSV = (
    b"cycle;pays;theme;numero;titre;etat;date;commentaire public\n2021-2022;FR;Finances solidaires;1;Un fonds;en cours;2023-05-02;\n"
)

ENDPOINTS = {
    "cycles": "GET /registry/cycles/",
    "cycle": "GET /registry/cycles/{cycle}",
    "hidden cycle": "GET /registry/cycles/{hidden_cycle}",
    "categories": "GET /registry/categories/",
    "themes": "GET /registry/themes/",
    "theme": "GET /registry/themes/{theme}",
    "hidden theme": "GET /registry/themes/{hidden_theme}",
    "groups": "GET /registry/groups/",
    "group": "GET /registry/groups/{group}",
    "hidden group": "GET /registry/groups/{hidden_group}",
    "recommendations": "GET /registry/recommendations/",
    "recommendation": "GET /registry/recommendations/{reference}",
    "hidden recommendation": "GET /registry/recommendations/{hidden_reference}",
    "propose": "POST /registry/campaigns/{campaign}/proposals/{assigned}",
    "send import": "POST /registry/imports",
    "confirm import": "POST /registry/imports/{staged}/confirm",
    "figures": "GET /state-of-play/figures",
    "editions": "GET /state-of-play/editions/",
    "edition": "GET /state-of-play/editions/{edition}",
    "draft edition": "GET /state-of-play/editions/{draft_edition}",
    "comparison": "GET /state-of-play/editions/{edition}/compare/{other_edition}",
    "projects": "GET /projects/",
    "project": "GET /projects/{project}",
    "hidden project": "GET /projects/{hidden_project}",
    "stories": "GET /stories/",
    "story": "GET /stories/{story}",
    "draft story": "GET /stories/{draft_story}",
    "events": "GET /events/",
    "event": "GET /events/{event}",
    "hackathons": "GET /hackathons/",
    "hackathon": "GET /hackathons/{hackathon}",
    "question": "GET /hackathons/{hackathon}/questions/{question}",
    "draft hackathon": "GET /hackathons/{draft_hackathon}",
    "calls": "GET /experiments/calls/",
    "call": "GET /experiments/calls/{call}",
    "draft call": "GET /experiments/calls/{draft_call}",
    "experiment groups": "GET /experiments/groups/",
    "experiment group": "GET /experiments/groups/{experiment_group}",
    "group of a draft call": "GET /experiments/groups/{draft_group}",
}

MATRIX = """
endpoint              | no token | no scope | read_internal | submit_assessment | queue_import
cycles                | 200      | 200      | 200           | 200               | 200
cycle                 | 200      | 200      | 200           | 200               | 200
hidden cycle          | 404      | 404      | 200           | 404               | 404
categories            | 200      | 200      | 200           | 200               | 200
themes                | 200      | 200      | 200           | 200               | 200
theme                 | 200      | 200      | 200           | 200               | 200
hidden theme          | 404      | 404      | 200           | 404               | 404
groups                | 200      | 200      | 200           | 200               | 200
group                 | 200      | 200      | 200           | 200               | 200
hidden group          | 404      | 404      | 200           | 404               | 404
recommendations       | 200      | 200      | 200           | 200               | 200
recommendation        | 200      | 200      | 200           | 200               | 200
hidden recommendation | 404      | 404      | 200           | 404               | 404
propose               | 401      | 403      | 403           | 201               | 403
send import           | 401      | 403      | 403           | 403               | 201
confirm import        | 401      | 403      | 403           | 403               | 202
figures               | 200      | 200      | 200           | 200               | 200
editions              | 200      | 200      | 200           | 200               | 200
edition               | 200      | 200      | 200           | 200               | 200
draft edition         | 404      | 404      | 404           | 404               | 404
comparison            | 200      | 200      | 200           | 200               | 200
projects              | 200      | 200      | 200           | 200               | 200
project               | 200      | 200      | 200           | 200               | 200
hidden project        | 404      | 404      | 200           | 404               | 404
stories               | 200      | 200      | 200           | 200               | 200
story                 | 200      | 200      | 200           | 200               | 200
draft story           | 404      | 404      | 200           | 404               | 404
events                | 200      | 200      | 200           | 200               | 200
event                 | 200      | 200      | 200           | 200               | 200
hackathons            | 200      | 200      | 200           | 200               | 200
hackathon             | 200      | 200      | 200           | 200               | 200
question              | 200      | 200      | 200           | 200               | 200
draft hackathon       | 404      | 404      | 200           | 404               | 404
calls                 | 200      | 200      | 200           | 200               | 200
call                  | 200      | 200      | 200           | 200               | 200
draft call            | 404      | 404      | 200           | 404               | 404
experiment groups     | 200      | 200      | 200           | 200               | 200
experiment group      | 200      | 200      | 200           | 200               | 200
group of a draft call | 404      | 404      | 200           | 404               | 404
"""


def _rows() -> dict[str, dict[str, int]]:
    header, *lines = [[cell.strip() for cell in line.split("|")] for line in MATRIX.strip().splitlines()]
    return {name: dict(zip(header[1:], map(int, cells), strict=True)) for name, *cells in lines}


ROWS = _rows()
COLUMNS = list(next(iter(ROWS.values())))


def _objects(owner: Any) -> dict[str, Any]:
    """One visible and one hidden object of every kind; the writes' targets belong to the
    tokens' owner (a coordinator, who may import the registry)."""
    hidden_theme = ThemeFactory(is_internal=True)
    group = WorkingGroupFactory()
    recommendation = RecommendationFactory(groups=[group])
    published = timezone.now() - datetime.timedelta(days=1)
    edition, other = (EditionFactory(published_at=published, figures={"fr": {"as_of": "2024-12-31", "by_status": {}}}) for _ in "ab")
    hackathon = HackathonFactory(phase=Phase.TEAMS)
    experiment_group = GroupFactory()
    assignment = CampaignAssignmentFactory(assignee=owner)
    staged = import_services.registry_import_stage(actor=owner, filename="registre.csv", content=IMPORT_CSV, cycle=None, category=None)
    return {
        "cycle": recommendation.cycle.slug,
        "hidden_cycle": CycleFactory(is_internal=True).slug,
        "theme": recommendation.theme_id,
        "hidden_theme": hidden_theme.pk,
        "group": group.pk,
        "hidden_group": WorkingGroupFactory(theme=hidden_theme).pk,
        "reference": recommendation.reference,
        "hidden_reference": RecommendationFactory(is_internal=True).reference,
        "campaign": assignment.campaign_id,
        "assigned": assignment.recommendation_id,
        "staged": staged.pk,
        "fingerprint": import_services.registry_import_plan(staged=staged).fingerprint(),
        "edition": edition.slug,
        "other_edition": other.slug,
        "draft_edition": EditionFactory().slug,
        "project": ProjectFactory().pk,
        "hidden_project": ProjectFactory(is_internal=True).pk,
        "story": make_story(published=True).slug,
        "draft_story": make_story().slug,
        "event": EventFactory().pk,
        "hackathon": hackathon.slug,
        "question": QuestionFactory(hackathon=hackathon).pk,
        "draft_hackathon": HackathonFactory(phase=Phase.DRAFT).slug,
        "call": experiment_group.call.slug,
        "draft_call": CallFactory(state=CallState.DRAFT).slug,
        "experiment_group": experiment_group.pk,
        "draft_group": GroupFactory(topic=TopicFactory(call=CallFactory(state=CallState.DRAFT))).pk,
    }


def _call(client: Client, endpoint: str, objects: dict[str, Any], headers: dict[str, str]) -> int:
    from django.core.files.uploadedfile import SimpleUploadedFile

    method, path = ENDPOINTS[endpoint].split(" ", 1)
    url = V1 + path.format(**objects)
    if method == "GET":
        return client.get(url, headers=headers).status_code
    if endpoint == "propose":
        body = {"status": "in_progress", "effective_date": "2024-03-01", "public_comment": "Lancé.", "source": "entretien"}
        return client.post(url, body, content_type="application/json", headers=headers).status_code
    if endpoint == "send import":
        return client.post(url, {"file": SimpleUploadedFile("registre.csv", IMPORT_CSV)}, headers=headers).status_code
    return client.post(url, {"fingerprint": objects["fingerprint"]}, content_type="application/json", headers=headers).status_code


def _writes() -> tuple[int, int, int]:
    return Assessment.objects.count(), RegistryImport.objects.count(), RegistryImport.objects.exclude(state="pending").count()


def test_the_matrix_names_every_operation_of_the_schema(client: Client) -> None:
    documented = {
        f"{method.upper()} {_unfilled(path.removeprefix(V1))}"
        for path, operations in client.get(f"{V1}/openapi.json").json()["paths"].items()
        for method in operations
    }
    covered = {method + " " + _unfilled(path) for method, path in (value.split(" ", 1) for value in ENDPOINTS.values())}
    assert documented == covered


def _unfilled(path: str) -> str:
    """``/hackathons/{hackathon}/questions/{question}`` as the schema spells its shape."""
    import re

    return re.sub(r"{\w+}", "{}", path)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_token_endpoint_matrix(client: Client, endpoint: str) -> None:
    owner = make_user("coordination")
    objects = _objects(owner)
    got = {}
    for column in COLUMNS:
        headers = {}
        if column != "no token":
            token = ApiTokenFactory(user=owner, scopes=[] if column == "no scope" else [column])
            headers["Authorization"] = f"Bearer {token.secret}"
        before = _writes()
        got[column] = _call(client, endpoint, objects, headers)
        if got[column] >= 400:
            assert _writes() == before, f"{endpoint} with {column} stored something on a {got[column]}"
    assert got == ROWS[endpoint]
    if endpoint == "propose":
        assert AuditEntry.objects.filter(object_id=str(objects["assigned"]), actor=owner, action="assessment_proposed").exists()
