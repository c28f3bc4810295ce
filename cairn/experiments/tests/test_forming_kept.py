"""The board forming a topic's groups is kept (``views.forming``) per topic, person and roles
under the stamps of the calls, the groups, the interests and the people: a new expression of
interest, a person placed through the kept board, a group proposed by Cairn show on the next
request; its forms post with the reader's own CSRF token; who may not form groups is
refused however kept the board is, and a topic that does not exist answers 404. A member's
own page of experiments, kept per person, is here too."""

from __future__ import annotations

import pytest
from django.test import Client

from cairn.accounts.factories import UserFactory
from cairn.accounts.tests.helpers import form_token, make_user, signed_in
from cairn.experiments.factories import CallFactory, ExpressionFactory, GroupFactory, TopicFactory
from cairn.experiments.models import CallState, Placement

pytestmark = pytest.mark.django_db


def board(client: Client, topic: object) -> str:
    response = client.get(f"/fr/gestion/experimentations/sujets/{topic.pk}/groupes/")  # type: ignore[attr-defined]
    assert response.status_code == 200
    return response.text


def unplaced(html: str) -> str:
    return html.split('id="unplaced-title"', 1)[1].split("</section>", 1)[0]


@pytest.fixture
def topic() -> object:
    return TopicFactory(call=CallFactory(state=CallState.CLOSED))


def test_a_person_placed_through_the_kept_board_leaves_the_unplaced_on_the_next_request(topic: object) -> None:
    expression = ExpressionFactory(topic=topic, user=UserFactory(profile__display_name="Lotte Janssens"))
    group = GroupFactory(topic=topic, name="Groupe de Gand")
    client = signed_in(make_user("coordination"), csrf=True)
    board(client, topic)
    kept = board(client, topic)
    assert "Lotte Janssens" in unplaced(kept)
    token = form_token(kept.split(f'name="expression" value="{expression.pk}"', 1)[0].rsplit("<form", 1)[1])

    response = client.post(
        f"/fr/gestion/experimentations/sujets/{topic.pk}/groupes/",  # type: ignore[attr-defined]
        {"csrfmiddlewaretoken": token, "do": "place", "expression": expression.pk, "group": group.pk},
    )

    assert response.status_code == 302
    assert Placement.objects.filter(group=group, user=expression.user).exists()
    shown = board(client, topic)
    assert "Lotte Janssens" not in unplaced(shown)
    assert "Lotte Janssens" in shown.split('id="unplaced-title"', 1)[0]


def test_a_new_expression_of_interest_shows_on_the_next_request(topic: object) -> None:
    client = signed_in(make_user("coordination"))
    assert "Sem De Smet" not in board(client, topic)

    ExpressionFactory(topic=topic, user=UserFactory(profile__display_name="Sem De Smet"))

    assert "Sem De Smet" in unplaced(board(client, topic))


def test_the_board_is_the_team_s_alone_however_kept(topic: object) -> None:
    team = signed_in(make_user("coordination"))
    board(client=team, topic=topic)
    board(client=team, topic=topic)
    for role in ("member", "facilitator"):
        assert signed_in(make_user(role)).get(f"/fr/gestion/experimentations/sujets/{topic.pk}/groupes/").status_code == 403  # type: ignore[attr-defined]
    assert Client().get(f"/fr/gestion/experimentations/sujets/{topic.pk}/groupes/").status_code == 302  # type: ignore[attr-defined]
    assert team.get("/fr/gestion/experimentations/sujets/999999/groupes/").status_code == 404
    assert team.get("/fr/gestion/experimentations/sujets/999999/groupes/").status_code == 404


def test_a_member_s_experiments_show_an_invitation_and_its_answer_on_the_next_request() -> None:
    """ "Mes expérimentations" is kept per person under the interests', groups' and calls'
    stamps: an invitation shows on the next request, and accepting it through the kept
    form moves it to the member's groups."""
    import datetime as dt

    from django.utils import timezone

    from cairn.experiments.factories import PlacementFactory

    member = make_user("member")
    client = signed_in(member, csrf=True)
    path = "/fr/experimentations/mes-experimentations/"
    assert "Vous ne faites encore partie d’aucun groupe." in client.get(path).text
    group = GroupFactory(name="Groupe de Namur")

    placement = PlacementFactory(group=group, user=member, state="invited", expires_at=timezone.now() + dt.timedelta(days=3))

    kept = client.get(path).text
    assert "Groupe de Namur" in kept and "Répondez avant le" in kept
    token = form_token(kept, after=f'action="/fr/experimentations/invitations/{placement.pk}/accepter/"')
    response = client.post(f"/fr/experimentations/invitations/{placement.pk}/accepter/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.state == "accepted"
    assert "Répondez avant le" not in client.get(path).text


def test_each_member_is_served_their_own_experiments() -> None:
    """Kept per person: two members with different answers each read their own, however
    often the page is served from the keep."""
    first, second = make_user("member"), make_user("member")
    ExpressionFactory(user=first, topic=TopicFactory(title="Covoiturage entre bureaux"), motivation="Partager la route")
    ExpressionFactory(user=second, topic=TopicFactory(title="Potager partagé"), motivation="Jardiner ensemble")
    path = "/fr/experimentations/mes-experimentations/"
    for _twice in range(2):
        mine, theirs = signed_in(first).get(path).text, signed_in(second).get(path).text
        assert "Covoiturage entre bureaux" in mine and "Potager partagé" not in mine
        assert "Potager partagé" in theirs and "Covoiturage entre bureaux" not in theirs
