"""A visitor's call page is kept under the stamps of what it shows (``views/calls.py``,
``call_detail``): an interest expressed, a place taken, a group formed and a linked
recommendation renamed all show on the next request. Each step fails when the stamp of what
it changes is left out of the key."""

from __future__ import annotations

import pytest
from django.test import Client

from cairn.experiments.factories import CallFactory, ExpressionFactory, GroupFactory, PlacementFactory, TopicFactory
from cairn.recommendations.factories import RecommendationFactory
from cairn.recommendations.services.recommendations import recommendation_update

pytestmark = pytest.mark.django_db


def figure(html: str, label: str) -> str:
    return html.split(f"<dt>{label}</dt><dd>", 1)[1].split("</dd>", 1)[0]


def test_a_visitors_kept_call_page_shows_each_change_on_the_next_request(client: Client) -> None:
    call = CallFactory()
    topic = TopicFactory(call=call)
    recommendation = RecommendationFactory(title="Recommandation du sujet")
    topic.recommendations.add(recommendation)
    url = f"/fr/experimentations/{call.slug}/"
    first = client.get(url).text
    assert figure(first, "Expressions d’intérêt") == "0" and figure(first, "Groupes") == "0"

    ExpressionFactory(topic=topic)
    assert figure(client.get(url).text, "Expressions d’intérêt") == "1"

    group = GroupFactory(topic=topic, name="Groupe de Liège")
    page = client.get(url).text
    assert "Groupe de Liège" in page and figure(page, "Groupes") == "1"

    PlacementFactory(group=group)
    assert figure(client.get(url).text, "Membres actifs des groupes") == "1"

    recommendation_update(actor=None, recommendation=recommendation, title="Recommandation renommée")
    assert "Recommandation renommée" in client.get(url).text
