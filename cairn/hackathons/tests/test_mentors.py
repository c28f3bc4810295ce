"""The mentors of a question: the organisers find people by name, name them mentors and add
their slots; the question's teams (and the organisers) see them on the team page; bad input
is answered with a translated message and nothing is stored."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from cairn.accounts.factories import UserFactory
from cairn.accounts.models import Profile
from cairn.accounts.services import member_anonymise
from cairn.core.stamps import cache
from cairn.hackathons.models import Mentor, MentorSlot, Question, Team
from cairn.hackathons.selectors import personal_data
from cairn.hackathons.services.mentors import mentor_add, mentor_slot_add
from cairn.hackathons.tests.test_pages import queries, with_teams

pytestmark = pytest.mark.django_db


def local(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_organisers_name_a_mentor_and_slots_the_team_sees(client: Client, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    hackathon, organiser = with_teams(6, django_capture_on_commit_callbacks)
    team = Team.objects.filter(hackathon=hackathon).first()
    question = team.question
    mentor_user = UserFactory(profile__display_name="Amina <b>Mentor</b>")
    url = f"/fr/hackathons/{hackathon.slug}/organisation/questions/{question.pk}/mentors/"
    client.force_login(organiser)
    assert "Amina &lt;b&gt;Mentor&lt;/b&gt;" in client.get(url, {"q": "amina"}).content.decode()
    assert client.post(url, {"q": "amina", "user": mentor_user.pk}).status_code == 302
    mentor = Mentor.objects.get()
    assert (mentor.question, mentor.user) == (question, mentor_user)

    start = hackathon.event.starts_at + dt.timedelta(hours=2)
    response = client.post(url, {"mentor": mentor.pk, "starts_at": local(start), "ends_at": local(start + dt.timedelta(hours=1))})
    assert response.status_code == 302
    assert MentorSlot.objects.get().starts_at == start

    team_url = f"/fr/hackathons/{hackathon.slug}/equipes/{team.pk}/"
    client.force_login(team.memberships.first().participant.user)
    page = client.get(team_url).content.decode()
    assert "Mentors de la question" in page and "Amina &lt;b&gt;Mentor&lt;/b&gt;" in page
    assert timezone.localtime(start).strftime("%H:%M") in page
    assert client.get(url).status_code == 403  # a team member does not name mentors

    client.force_login(UserFactory())
    assert "Amina" not in client.get(team_url).content.decode()


def test_bad_mentor_input_is_explained_and_nothing_is_stored(client: Client, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    hackathon, organiser = with_teams(6, django_capture_on_commit_callbacks)
    question = Team.objects.filter(hackathon=hackathon).first().question
    url = f"/fr/hackathons/{hackathon.slug}/organisation/questions/{question.pk}/mentors/"
    client.force_login(organiser)
    stranger = UserFactory(profile__display_name="Zoé Hors")
    response = client.post(url, {"q": "amina", "user": stranger.pk}, follow=True)  # not among the results
    assert "parmi les résultats" in response.content.decode()
    assert client.post(url, {"q": "zoé", "user": "abc"}).status_code == 404
    assert not Mentor.objects.exists()

    mentor = mentor_add(actor=organiser, question=question, user=stranger)
    start = hackathon.event.starts_at + dt.timedelta(hours=2)
    backwards = client.post(url, {"mentor": mentor.pk, "starts_at": local(start), "ends_at": local(start - dt.timedelta(hours=1))})
    assert backwards.status_code == 400 and "La fin doit suivre le début" in backwards.content.decode()
    outside = client.post(
        url,
        {"mentor": mentor.pk, "starts_at": local(start + dt.timedelta(days=9)), "ends_at": local(start + dt.timedelta(days=9, hours=1))},
    )
    assert outside.status_code == 400 and "jours du hackathon" in outside.content.decode()
    assert client.post(url, {"mentor": mentor.pk, "starts_at": "demain", "ends_at": ""}).status_code == 400
    other = Team.objects.filter(hackathon=hackathon).exclude(question=question).first().question
    forged = mentor_add(actor=organiser, question=other, user=UserFactory())
    assert client.post(url, {"mentor": forged.pk, "starts_at": local(start), "ends_at": local(start)}).status_code == 404
    assert not MentorSlot.objects.exists()


def test_the_team_page_runs_the_same_queries_with_more_mentors(client: Client, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    hackathon, organiser = with_teams(6, django_capture_on_commit_callbacks)
    team = Team.objects.filter(hackathon=hackathon).first()
    start = hackathon.event.starts_at + dt.timedelta(hours=2)
    client.force_login(organiser)
    counts = []
    for extra in (1, 3):
        for _n in range(extra):
            mentor = mentor_add(actor=organiser, question=team.question, user=UserFactory())
            for hour in range(extra):
                moment = start + dt.timedelta(hours=hour)
                mentor_slot_add(actor=organiser, mentor=mentor, starts_at=moment, ends_at=moment + dt.timedelta(minutes=30))
        cache.clear()  # the page built afresh each time (it is kept under the team's stamps)
        counts.append(queries(client, f"/fr/hackathons/{hackathon.slug}/equipes/{team.pk}/"))
    assert counts[0] == counts[1], counts


def test_a_mentor_s_data_is_exported_and_erased(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    hackathon, organiser = with_teams(6, django_capture_on_commit_callbacks)
    question = Team.objects.filter(hackathon=hackathon).first().question
    person = UserFactory()
    mentor = mentor_add(actor=organiser, question=question, user=person)
    start = hackathon.event.starts_at + dt.timedelta(hours=2)
    mentor_slot_add(actor=organiser, mentor=mentor, starts_at=start, ends_at=start + dt.timedelta(hours=1))
    exported = personal_data(user=person)["mentorships"]
    assert exported == [
        {"id": mentor.pk, "question": question.pk, "slots": [[start.isoformat(), (start + dt.timedelta(hours=1)).isoformat()]]}
    ]
    member_anonymise(user=person)
    assert not Mentor.objects.exists() and not MentorSlot.objects.exists()


def test_organisers_remove_a_slot_or_a_mentor_and_the_teams_hear_of_it(client: Client, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    from django.core import mail

    from cairn.core.audit import history_of

    hackathon, organiser = with_teams(6, django_capture_on_commit_callbacks)
    team = Team.objects.filter(hackathon=hackathon).first()
    question = team.question
    members = sorted(m.participant.user.email for t in question.teams.all() for m in t.memberships.select_related("participant__user"))
    person = UserFactory(profile__display_name="Amina <b>Mentor</b>")
    mentor = mentor_add(actor=organiser, question=question, user=person)
    start = hackathon.event.starts_at + dt.timedelta(hours=2)
    first = mentor_slot_add(actor=organiser, mentor=mentor, starts_at=start, ends_at=start + dt.timedelta(hours=1))
    second = mentor_slot_add(actor=organiser, mentor=mentor, starts_at=start + dt.timedelta(hours=3), ends_at=start + dt.timedelta(hours=4))
    base = f"/fr/hackathons/{hackathon.slug}/organisation/questions/{question.pk}/mentors/"
    client.force_login(organiser)
    assert "Retirer le créneau" in client.get(base).content.decode()

    # One of the teams reads Dutch, and the question has its Dutch title.
    Profile.objects.filter(user__email=members[-1]).update(language="nl")
    Question.objects.filter(pk=question.pk).update(title_nl="Hoe onthalen we nieuwe vennoten?")

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{base}{mentor.pk}/retirer/", {"slot": first.pk}, follow=True)
    assert "Le créneau est retiré" in response.content.decode()
    assert list(MentorSlot.objects.all()) == [second]
    assert sorted(m.to[0] for m in mail.outbox) == members
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert "Hoe onthalen we nieuwe vennoten?" in by_recipient[members[-1]].body
    assert "Hoe onthalen we nieuwe vennoten?" in by_recipient[members[-1]].alternatives[0][0]
    message = by_recipient[members[0]]
    assert f"« {question.title} »" in message.body and "Hoe onthalen" not in message.body
    assert "un créneau de mentorat est annulé" in message.subject
    assert timezone.localtime(start).strftime("%H:%M") in message.body
    assert "de Amina <b>Mentor</b> pour la question" in message.body  # plain text: not escaped
    assert "Amina &lt;b&gt;Mentor&lt;/b&gt;" in message.alternatives[0][0]
    assert "hackathon_mentor_slot_remove" in [e.action for e in history_of(question)]

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{base}{mentor.pk}/retirer/", follow=True)
    assert "n’est plus mentor" in response.content.decode()
    assert not Mentor.objects.exists() and not MentorSlot.objects.exists()
    assert len(mail.outbox) == len(members) and "Ce créneau de mentorat" in mail.outbox[0].body
    assert "hackathon_mentor_remove" in [e.action for e in history_of(question)]


def test_a_begun_slot_or_a_forged_id_is_refused_and_nothing_changes(client: Client, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    from django.core import mail

    from cairn.hackathons.services.mentors import mentor_slot_remove

    hackathon, organiser = with_teams(6, django_capture_on_commit_callbacks)
    question = Team.objects.filter(hackathon=hackathon).first().question
    mentor = mentor_add(actor=organiser, question=question, user=UserFactory())
    start = hackathon.event.starts_at + dt.timedelta(hours=2)
    slot = mentor_slot_add(actor=organiser, mentor=mentor, starts_at=start, ends_at=start + dt.timedelta(hours=1))
    other = mentor_add(actor=organiser, question=Team.objects.exclude(question=question).first().question, user=UserFactory())
    base = f"/fr/hackathons/{hackathon.slug}/organisation/questions/{question.pk}/mentors/"
    client.force_login(organiser)
    mail.outbox.clear()
    assert client.post(f"{base}{other.pk}/retirer/").status_code == 404  # another question's mentor
    assert client.post(f"{base}{mentor.pk}/retirer/", {"slot": "abc"}).status_code == 404
    assert client.post(f"{base}{mentor.pk}/retirer/", {"slot": 999999}).status_code == 404

    MentorSlot.objects.filter(pk=slot.pk).update(starts_at=timezone.now() - dt.timedelta(minutes=5))
    response = client.post(f"{base}{mentor.pk}/retirer/", {"slot": slot.pk}, follow=True)
    assert "Ce créneau a commencé ou est passé" in response.content.decode()
    slot.refresh_from_db()
    with pytest.raises(ValidationError):
        mentor_slot_remove(actor=organiser, slot=slot)
    assert MentorSlot.objects.count() == 1 and Mentor.objects.count() == 2 and not mail.outbox

    client.force_login(question.teams.first().memberships.first().participant.user)
    assert client.post(f"{base}{mentor.pk}/retirer/").status_code == 403
    assert Mentor.objects.count() == 2


def test_taking_back_a_slot_or_a_mentor_twice_tells_the_teams_once_and_a_second_run_of_the_task_nothing(
    django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    """A second click, or two organisers at once, on the same slot or mentor: one audit
    entry and one e-mail per team member, not two."""
    from django.core import mail

    from cairn.core.audit import history_of
    from cairn.hackathons.models import MentoringCancellation
    from cairn.hackathons.services.mentors import mentor_remove, mentor_slot_remove
    from cairn.hackathons.tasks import send_mentoring_cancelled

    hackathon, organiser = with_teams(6, django_capture_on_commit_callbacks)
    question = Team.objects.filter(hackathon=hackathon).first().question
    members = [m for t in question.teams.all() for m in t.memberships.all()]
    mentor = mentor_add(actor=organiser, question=question, user=UserFactory())
    start = hackathon.event.starts_at + dt.timedelta(hours=2)
    slot = mentor_slot_add(actor=organiser, mentor=mentor, starts_at=start, ends_at=start + dt.timedelta(hours=1))
    later = mentor_slot_add(actor=organiser, mentor=mentor, starts_at=start + dt.timedelta(hours=3), ends_at=start + dt.timedelta(hours=4))

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        mentor_slot_remove(actor=organiser, slot=slot)
        mentor_slot_remove(actor=organiser, slot=slot)  # the same object, already gone
    assert len(mail.outbox) == len(members) > 0
    assert [e.action for e in history_of(question)].count("hackathon_mentor_slot_remove") == 1

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        mentor_remove(actor=organiser, mentor=mentor)
        mentor_remove(actor=organiser, mentor=mentor)
    assert len(mail.outbox) == len(members)
    assert [e.action for e in history_of(question)].count("hackathon_mentor_remove") == 1
    assert not MentorSlot.objects.filter(pk=later.pk).exists()

    # The e-mail task run again (a worker retrying, a job queued twice) sends nothing more.
    mail.outbox.clear()
    cancellations = list(MentoringCancellation.objects.order_by("pk"))
    assert [len(c.slots) for c in cancellations] == [1, 1] and all(c.emailed_at for c in cancellations)
    assert [send_mentoring_cancelled.call(cancellation_id=c.pk) for c in cancellations] == [0, 0]
    assert not mail.outbox
