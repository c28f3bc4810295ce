"""The demo inbox: conversations in French and Dutch about seeded items, some answered with
their first-response times, notes, mail filed apart, saved answers; the demo member finds
theirs under "Mes questions"."""

from __future__ import annotations

import random

import pytest
from django.test import Client

from cairn.accounts.models import User
from cairn.accounts.seed import seed_accounts
from cairn.accounts.tests.helpers import activate_totp
from cairn.core.seeding import SeedContext, seeders
from cairn.inbox.models import Conversation, MailReceipt, MessageKind, SavedAnswer, State
from cairn.inbox.seed import CONVERSATIONS_AT_SCALE, seed_inbox
from cairn.projects.seed import seed_projects
from cairn.recommendations.seed import seed_recommendations

pytestmark = pytest.mark.django_db


def test_the_demo_inbox() -> None:
    names = [s.name for s in seeders()]
    assert names.index("projects") < names.index("events") < names.index("inbox")
    context = SeedContext(scale="small", rng=random.Random(2015), log=lambda text: None)
    seed_accounts(context)
    seed_recommendations(context)
    seed_projects(context)
    seed_inbox(context)

    assert Conversation.objects.count() == CONVERSATIONS_AT_SCALE["small"]
    assert set(Conversation.objects.values_list("language", flat=True)) == {"fr", "nl"}
    assert Conversation.objects.filter(first_response_at__isnull=False).exists()
    assert Conversation.objects.filter(state=State.NEW).exists() and Conversation.objects.exclude(about_kind="").exists()
    assert Conversation.objects.filter(messages__kind=MessageKind.NOTE).exists()
    assert MailReceipt.objects.count() == 3 and SavedAnswer.objects.count() == 5
    assert "Quand commencent les groupes de travail ?" in Client().get("/fr/questions/frequentes/").content.decode()
    member = User.objects.get(email="societaire@demo.cairn.example")
    client = Client()
    client.force_login(member)
    page = client.get("/fr/questions/mes-questions/").content.decode()
    assert page.count('class="record-list__title"') == 2
    coordinator = User.objects.get(email="coordination@demo.cairn.example")
    activate_totp(coordinator)
    client.force_login(coordinator)
    figures = client.get("/fr/gestion/questions/chiffres/").content.decode()
    assert "Délai médian de première réponse" in figures and "heures" in figures
