"""A call's topics in the reader's language: the coordination team writes a topic's Dutch
and English versions on its page (the page of what is still untranslated leads there), the
call's page, a member's experiments, the API and the e-mails show them, and the French
original, marked, where none is written. A change shows on the next request."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from cairn.accounts.models import Visibility
from cairn.accounts.tests.helpers import make_user
from cairn.experiments.factories import CallFactory, ExpressionFactory, TopicFactory
from cairn.experiments.models import CallState, Topic
from cairn.experiments.tasks import send_unplaced
from cairn.recommendations.factories import RecommendationFactory

pytestmark = pytest.mark.django_db


def _edit(client: Client, topic: Topic, **data: str) -> object:
    return client.post(f"/fr/gestion/experimentations/sujets/{topic.pk}/modifier/", {"title": topic.title, **data})


def test_a_topic_translated_by_the_team_shows_in_dutch_and_its_other_fields_in_french_marked(client: Client) -> None:
    topic = TopicFactory(title="Partenariats locaux", description="Nouer des *partenariats*.")
    other = TopicFactory(call=topic.call, title="Rencontres entre métiers")
    call_page = f"/nl/experimentations/{topic.call.slug}/"
    before = client.get(call_page).text  # kept for visitors: the edit must show on the next request
    assert '<span lang="fr">Partenariats locaux</span>' in before

    client.force_login(make_user("coordination"))
    saved = _edit(client, topic, title_nl="Lokale partnerschappen", description="Nouer des *partenariats*.")
    assert saved.status_code == 302 and saved["Location"] == f"/fr/gestion/experimentations/{topic.call.pk}/sujets/"
    client.logout()

    page = client.get(call_page).text
    assert f'<h3 id="topic-{topic.pk}">Lokale partnerschappen</h3>' in page
    # Its description has no Dutch version: the French one, marked as such.
    assert '<div class="prose" lang="fr"><p>Nouer des <em>partenariats</em>.</p>' in page
    assert f'<h3 id="topic-{other.pk}"><span lang="fr">Rencontres entre métiers</span>' in page
    french = client.get(f"/fr/experimentations/{topic.call.slug}/").text
    assert f'<h3 id="topic-{topic.pk}">Partenariats locaux</h3>' in french

    api = client.get(f"/api/v1/experiments/calls/{topic.call.slug}", headers={"Accept-Language": "nl"}).json()
    shown = next(t for t in api["topics"] if t["id"] == topic.pk)
    assert (shown["title"], shown["text_languages"]) == ("Lokale partnerschappen", {"title": "nl", "description": "fr"})


def test_the_form_refuses_a_translation_too_long_and_a_closed_call_s_topic_keeps_its_words(client: Client) -> None:
    client.force_login(make_user("coordination"))
    topic = TopicFactory(title="Partenariats locaux")

    refused = _edit(client, topic, title_en="x" * 201)
    assert refused.status_code == 400
    assert "Assurez-vous que cette valeur comporte au plus 200 caractères (actuellement 201)." in refused.text
    topic.refresh_from_db()
    assert topic.title_en == ""

    reference = RecommendationFactory().reference
    assert _edit(client, topic, title_en="Local partnerships", references=reference).status_code == 302
    topic.refresh_from_db()
    assert topic.title_en == "Local partnerships"
    assert [r.reference for r in topic.recommendations.all()] == [reference]

    closed = TopicFactory(call=CallFactory(state=CallState.CLOSED), title="Soutien entre pairs")
    answer = _edit(client, closed, title_nl="Steun tussen collega’s")
    assert answer.status_code == 400
    assert "Les sujets d’un appel clos ne changent plus." in answer.text
    closed.refresh_from_db()
    assert closed.title_nl == ""


def test_the_page_of_what_is_untranslated_lists_a_topic_and_leads_to_its_form(client: Client) -> None:
    topic = TopicFactory(title="Partenariats locaux", call=CallFactory(title="Deuxième appel", title_nl="Tweede oproep"))
    TopicFactory(title="Un sujet d’un appel clos", call=CallFactory(state=CallState.CLOSED))
    client.force_login(make_user("coordination"))

    page = client.get("/fr/gestion/traductions/?langue=nl").text

    assert f'href="/fr/gestion/experimentations/sujets/{topic.pk}/modifier/"' in page
    assert "Partenariats locaux" in page
    assert "Un sujet d’un appel clos" not in page  # its words no longer change


def test_an_e_mail_names_the_topic_in_the_recipient_s_language() -> None:
    member = make_user("member", profile__language="nl", profile__visibility=Visibility.MEMBERS)
    topic = TopicFactory(title="Partenariats locaux", title_nl="Lokale partnerschappen", call=CallFactory(state=CallState.CLOSED))
    expression = ExpressionFactory(topic=topic, user=member)

    assert send_unplaced.call(expression_id=expression.pk) is True

    (message,) = mail.outbox
    assert "Lokale partnerschappen" in message.subject
    assert "Partenariats locaux" not in message.body


def test_an_edit_of_a_topic_someone_changed_since_is_refused_and_nothing_is_stored(client: Client) -> None:
    import re

    from cairn.experiments.services.calls import topic_update

    topic = TopicFactory(title="Partenariats locaux")
    client.force_login(make_user("coordination"))
    form = client.get(f"/fr/gestion/experimentations/sujets/{topic.pk}/modifier/").text
    version = re.search(r'<input type="hidden" name="version" value="([^"]+)"', form)
    assert version is not None
    assert ">Version<" not in form  # the version travels hidden, without a label
    assert ">Version<" not in client.get(f"/fr/gestion/experimentations/{topic.call.pk}/sujets/").text  # the form adding a topic

    topic_update(actor=None, topic=topic, title="Partenariats locaux", title_nl="Lokale partnerschappen")  # a colleague, meanwhile
    refused = _edit(client, topic, title_nl="Plaatselijke partnerschappen", version=version.group(1))

    assert refused.status_code == 400
    assert "Quelqu’un a modifié ces informations pendant que vous les éditiez." in refused.text
    topic.refresh_from_db()
    assert topic.title_nl == "Lokale partnerschappen"
