"""Expressions of interest: per topic, once, until the deadline; editable and withdrawable
until then; the member sees them on their page. Bad input answers a clear message and
stores nothing."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from cairn.accounts.factories import OfficeFactory, SkillFactory
from cairn.accounts.tests.helpers import make_user
from cairn.experiments.factories import CallFactory, ExpressionFactory, TopicFactory
from cairn.experiments.models import Expression
from cairn.experiments.services.interests import expression_create, expression_update, expression_withdraw

pytestmark = pytest.mark.django_db

FIELDS = {"motivation": "Je veux essayer.", "rhythm": "monthly", "moments": "evening", "online": True, "languages": "fr nl"}


def test_an_interest_is_stored_with_the_members_own_skills() -> None:
    member = make_user("member")
    skill = SkillFactory()
    member.profile.skills.add(skill)
    expression = expression_create(user=member, topic=TopicFactory(), skills=[skill], **FIELDS)
    assert list(expression.skills.all()) == [skill]
    with pytest.raises(ValidationError) as error:
        expression_create(user=member, topic=TopicFactory(), skills=[SkillFactory()], **FIELDS)
    assert "skills" in error.value.message_dict


def test_twice_on_the_same_topic_is_refused() -> None:
    member = make_user("member")
    topic = TopicFactory()
    expression_create(user=member, topic=topic, **FIELDS)
    with pytest.raises(ValidationError, match="déjà exprimé"):
        expression_create(user=member, topic=topic, **FIELDS)
    assert Expression.objects.filter(user=member).count() == 1


def test_after_the_deadline_nothing_is_stored_changed_or_withdrawn() -> None:
    member = make_user("member")
    call = CallFactory(interest_deadline=timezone.now() + datetime.timedelta(hours=1))
    expression = ExpressionFactory(topic=TopicFactory(call=call), user=member)
    call.interest_deadline = timezone.now() - datetime.timedelta(minutes=1)
    call.save()
    expression.topic.call.refresh_from_db()
    with pytest.raises(ValidationError, match="date limite"):
        expression_create(user=member, topic=TopicFactory(call=call), **FIELDS)
    with pytest.raises(ValidationError, match="date limite"):
        expression_update(user=member, expression=expression, motivation="Autre chose")
    with pytest.raises(ValidationError, match="date limite"):
        expression_withdraw(user=member, expression=expression)
    expression.refresh_from_db()
    assert expression.motivation == "Renouer avec les autres sociétaires."


def test_a_place_is_needed_an_office_or_online() -> None:
    with pytest.raises(ValidationError) as error:
        expression_create(user=make_user("member"), topic=TopicFactory(), **{**FIELDS, "online": False})
    assert "office" in error.value.message_dict


def test_the_member_answers_edits_and_withdraws_through_the_pages(client: Client) -> None:
    member = make_user("member")
    office = OfficeFactory(city="Liège")
    topic = TopicFactory(title="Afterworks à Liège")
    client.force_login(member)
    page = client.get(f"/fr/experimentations/{topic.call.slug}/").content.decode()
    assert f"/fr/experimentations/sujets/{topic.pk}/interet/" in page
    response = client.post(f"/fr/experimentations/sujets/{topic.pk}/interet/", {"motivation": "", "rhythm": "monthly", "languages": ["fr"]})
    assert response.status_code == 400
    assert "Choisissez un bureau ou une ville" in response.content.decode()
    assert not Expression.objects.exists()
    data = {
        "motivation": "Rencontrer du monde",
        "rhythm": "monthly",
        "moments": ["evening"],
        "office": office.pk,
        "languages": ["fr"],
        "co_lead": "on",
    }
    assert client.post(f"/fr/experimentations/sujets/{topic.pk}/interet/", data).status_code == 302
    expression = Expression.objects.get(user=member)
    assert expression.co_lead and expression.office == office
    mine = client.get("/fr/experimentations/mes-experimentations/").content.decode()
    assert "Afterworks à Liège" in mine and "Rencontrer du monde" in mine
    again = client.post(f"/fr/experimentations/sujets/{topic.pk}/interet/", data)
    assert again.status_code == 400 and "déjà exprimé" in again.content.decode()
    data["motivation"] = "Plutôt des petits-déjeuners"
    assert client.post(f"/fr/experimentations/interets/{expression.pk}/modifier/", data).status_code == 302
    expression.refresh_from_db()
    assert expression.motivation == "Plutôt des petits-déjeuners"
    assert client.post(f"/fr/experimentations/interets/{expression.pk}/retirer/").status_code == 302
    assert not Expression.objects.exists()


def test_someone_elses_answer_is_404(client: Client) -> None:
    expression = ExpressionFactory()
    client.force_login(make_user("member"))
    assert client.get(f"/fr/experimentations/interets/{expression.pk}/modifier/").status_code == 404
    assert client.post(f"/fr/experimentations/interets/{expression.pk}/retirer/").status_code == 404
    assert Expression.objects.filter(pk=expression.pk).exists()


def test_a_forged_topic_id_is_404(client: Client) -> None:
    client.force_login(make_user("member"))
    assert client.get("/fr/experimentations/sujets/999999/interet/").status_code == 404
