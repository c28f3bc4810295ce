"""Following and notifications end to end: who is notified of what, the e-mails (rendered,
in the member's language, grouped by item), idempotent tasks and one-click unsubscribe."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from cairn.accounts.factories import UserFactory
from cairn.accounts.models import Language
from cairn.accounts.services import member_anonymise, member_export_data
from cairn.accounts.tests.helpers import make_user
from cairn.notifications import services
from cairn.notifications.models import Event, Follow, Frequency, Notification
from cairn.projects import services as project_services
from cairn.projects.factories import ProjectFactory
from cairn.recommendations.factories import RecommendationFactory, WorkingGroupFactory
from cairn.recommendations.models import GroupPerson, GroupRole
from cairn.recommendations.services.assessments import assessment_record
from cairn.tests.page_snapshots import main_content

pytestmark = pytest.mark.django_db


@pytest.fixture
def run_tasks(django_capture_on_commit_callbacks):
    """Run what services enqueue after commit (the test settings' tasks run at once)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _assess(rec, status: str = "done", actor=None) -> None:
    assessment_record(actor=actor, recommendation=rec, status=status, effective_date=datetime.date(2024, 5, 1))


def _notified(event_kind: str) -> set[int]:
    return set(Notification.objects.filter(event__kind=event_kind).values_list("user_id", flat=True))


def test_followers_of_a_recommendation_its_category_and_group_are_notified_of_an_assessment(run_tasks) -> None:
    group = WorkingGroupFactory()
    rec = RecommendationFactory(theme=group.theme, groups=[group])
    by_rec, by_category, by_group, stranger = UserFactory.create_batch(4)
    services.follow(user=by_rec, kind="recommendation", target_id=rec.pk)
    services.follow(user=by_category, kind="category", target_id=rec.theme.category_id)
    services.follow(user=by_group, kind="group", target_id=group.pk)
    coordinator = make_user("coordination")
    services.follow(user=coordinator, kind="recommendation", target_id=rec.pk)

    with run_tasks():
        _assess(rec, actor=coordinator)

    # The coordinator who published it is not told of their own change.
    assert _notified("assessment_published") == {by_rec.pk, by_category.pk, by_group.pk}
    assert stranger.pk not in _notified("assessment_published")


def test_working_group_members_follow_its_recommendations_until_they_unfollow(run_tasks) -> None:
    group = WorkingGroupFactory()
    rec = RecommendationFactory(theme=group.theme, groups=[group])
    member, left = UserFactory.create_batch(2)
    GroupPerson.objects.create(group=group, role=GroupRole.PARTICIPANT, user=member)
    GroupPerson.objects.create(group=group, role=GroupRole.SECRETARY, user=left)
    services.unfollow(user=left, kind="recommendation", target_id=rec.pk)

    with run_tasks():
        _assess(rec)

    assert _notified("assessment_published") == {member.pk}


def test_internal_recommendations_notify_nobody(run_tasks) -> None:
    rec = RecommendationFactory(is_internal=True)
    services.follow(user=UserFactory(), kind="recommendation", target_id=rec.pk)

    with run_tasks():
        _assess(rec)

    assert not Event.objects.exists()


def test_project_update_and_link_notify_followers(run_tasks) -> None:
    project = ProjectFactory(title="Vélos")
    rec = RecommendationFactory()
    follows_project, follows_rec = UserFactory.create_batch(2)
    services.follow(user=follows_project, kind="project", target_id=project.pk)
    services.follow(user=follows_rec, kind="recommendation", target_id=rec.pk)

    with run_tasks():
        project_services.project_post_update(actor=None, project=project, posted_on=timezone.localdate(), text="Dix vélos livrés.")
        project_services.project_link_recommendation(actor=None, project=project, recommendation=rec, answer="fully")

    assert _notified("project_update") == {follows_project.pk}
    assert _notified("project_linked") == {follows_rec.pk}


def test_a_fan_out_rerun_adds_nothing(run_tasks) -> None:
    rec = RecommendationFactory()
    services.follow(user=UserFactory(), kind="recommendation", target_id=rec.pk)
    with run_tasks():
        _assess(rec)
    event = Event.objects.get()

    assert services.event_fan_out(event_id=event.pk) == 1
    assert Notification.objects.count() == 1


def test_weekly_digest_has_exactly_the_three_changed_items_in_the_members_language(run_tasks, settings) -> None:
    settings.SITE_URL = "https://cairn.example.org"
    member = UserFactory(profile__language=Language.NL, profile__display_name="An")
    recs = [RecommendationFactory(title=f"Aanbeveling {n}") for n in range(3)]
    quiet = RecommendationFactory(title="Stil")
    project = ProjectFactory(title="Fietsen")
    for rec in [*recs[:2], quiet]:
        services.follow(user=member, kind="recommendation", target_id=rec.pk)
    services.follow(user=member, kind="project", target_id=project.pk)
    with run_tasks():
        _assess(recs[0], "done")
        _assess(recs[1], "in_progress")
        _assess(recs[2], "done")  # not followed
        project_services.project_post_update(actor=None, project=project, posted_on=timezone.localdate(), text="Klaar")
        project_services.project_post_update(actor=None, project=project, posted_on=timezone.localdate(), text="Nog iets")

    with run_tasks():
        assert services.digests_send(frequency=Frequency.WEEKLY) == 1

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [member.email]
    body = message.body
    headings = re.findall(r"^== (.+) ==$", body, flags=re.M)
    # Grouped by item, the item with the newest change first.
    assert headings == ["Fietsen", recs[1].reference + " Aanbeveling 1", recs[0].reference + " Aanbeveling 0"]
    assert "Stil" not in body and "Aanbeveling 2" not in body
    # Rendered in Dutch: the greeting and the dates (and the new messages once the lead
    # applies /work/translations/projects.json to the catalogues), links under /nl/.
    assert body.startswith("Dag An,\n")
    assert len(re.findall(r"^- ", body, flags=re.M)) == 4  # one line per change: 2 project updates, 2 assessments
    assert f"https://cairn.example.org/nl/projets/{project.pk}/" in body
    assert "/nl/notifications/desabonnement/" in body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["List-Unsubscribe"].startswith("<https://cairn.example.org/nl/notifications/desabonnement/")
    # Idempotent: a re-run sends nothing more.
    with run_tasks():
        assert services.digests_send(frequency=Frequency.WEEKLY) == 0
    assert services.notification_emails_send(user_id=member.pk, frequency=Frequency.WEEKLY) is False
    assert len(mail.outbox) == 1


def test_daily_and_immediate_members_are_not_in_the_weekly_digest(run_tasks) -> None:
    rec = RecommendationFactory()
    daily, immediate, weekly = UserFactory.create_batch(3)
    services.preference_set(user=daily, frequency=Frequency.DAILY)
    services.preference_set(user=immediate, frequency=Frequency.IMMEDIATELY)
    for user in (daily, immediate, weekly):
        services.follow(user=user, kind="recommendation", target_id=rec.pk)

    with run_tasks():
        _assess(rec)

    # The immediate member got theirs from the fan-out task.
    assert [m.to for m in mail.outbox] == [[immediate.email]]
    with run_tasks():
        assert services.digests_send(frequency=Frequency.WEEKLY) == 1
        assert services.digests_send(frequency=Frequency.DAILY) == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted([immediate.email, weekly.email, daily.email])


def test_one_click_unsubscribe_per_item_and_for_all(client: Client, run_tasks) -> None:
    member = UserFactory()
    rec = RecommendationFactory(title="Une crèche")
    services.follow(user=member, kind="recommendation", target_id=rec.pk)
    token = services.unsubscribe_token(user_id=member.pk, kind="recommendation", target_id=rec.pk)

    page = client.get(f"/fr/notifications/desabonnement/{token}/")
    assert "Une crèche" in page.text
    assert Follow.objects.get(user=member).muted is False  # a GET (a mail scanner) changes nothing

    client.post(f"/fr/notifications/desabonnement/{token}/")
    assert Follow.objects.get(user=member).muted is True

    everything = services.unsubscribe_token(user_id=member.pk)
    # A mail client's one-click POST carries no CSRF token.
    Client(enforce_csrf_checks=True).post(f"/fr/notifications/desabonnement/{everything}/", {"List-Unsubscribe": "One-Click"})
    assert services.frequency_of(member) == Frequency.NEVER
    forged = client.post(f"/fr/notifications/desabonnement/{token[:-2]}xx/")
    assert forged.status_code == 400


def test_follow_from_the_page_and_the_centre_lists_the_notification(client: Client, run_tasks) -> None:
    member = UserFactory()
    rec = RecommendationFactory(title="Une crèche")
    client.force_login(member)

    response = client.post(
        "/fr/notifications/suivre/",
        {"kind": "recommendation", "target": rec.pk, "action": "follow", "next": f"/fr/recommandations/{rec.reference}/"},
    )
    assert response["Location"] == f"/fr/recommandations/{rec.reference}/"
    assert client.post("/fr/notifications/suivre/", {"kind": "nope", "target": 1, "action": "follow"}).status_code == 302
    assert client.post("/fr/notifications/suivre/", {"kind": "recommendation", "target": 999999, "action": "follow"}).status_code == 404
    with run_tasks():
        _assess(rec, "in_progress")

    assert client.get("/fr/notifications/non-lues/").text.strip().startswith('<span id="unread-count">')
    assert ">1<" in client.get("/fr/notifications/non-lues/").text
    centre = client.get("/fr/notifications/").text
    assert "Une crèche" in centre and "Nouvel état d’avancement : En cours" in centre
    client.post("/fr/notifications/tout-lu/")
    assert ">1<" not in client.get("/fr/notifications/non-lues/").text


def test_personal_data_export_and_erasure(run_tasks) -> None:
    member = UserFactory()
    rec = RecommendationFactory()
    services.follow(user=member, kind="recommendation", target_id=rec.pk)
    with run_tasks():
        _assess(rec)

    exported = member_export_data(user=member)["notifications"]
    follow = Follow.objects.get(user=member)
    assert exported["follows"] == [
        {"id": follow.pk, "about": f"recommendation:{rec.pk}", "unfollowed": False, "since": follow.created_at.isoformat()}
    ]
    assert (exported["email_frequency"], exported["email_preference"]) == ("weekly", None)
    notification = Notification.objects.get(user=member)
    assert [(n["id"], n["kind"], n["about"]) for n in exported["notifications"]] == [
        (notification.pk, "assessment_published", f"recommendation:{rec.pk}")
    ]
    assert exported["events_caused"] == []

    member_anonymise(user=member)
    assert not Follow.objects.filter(user=member).exists()
    assert not Notification.objects.filter(user=member).exists()


N = 3


@pytest.mark.parametrize("count", [N, 10 * N])
def test_notification_centre_queries(client: Client, django_assert_num_queries, run_tasks, count: int) -> None:
    member = UserFactory()
    for _n in range(count):
        rec = RecommendationFactory()
        project = ProjectFactory()
        services.follow(user=member, kind="recommendation", target_id=rec.pk)
        services.follow(user=member, kind="project", target_id=project.pk)
        with run_tasks():
            _assess(rec)
            project_services.project_post_update(actor=None, project=project, posted_on=timezone.localdate(), text="x")
    client.force_login(member)

    # 1 session, 2 the account with profile and roles (SIGNED_IN); 3 the member's
    # notifications' version (the kept list's key); 4 the COUNT of the paginator, 5 the page
    # of notifications with their events, 6 recommendation titles, 7 project titles (one
    # query per kind of item).
    with django_assert_num_queries(7):
        response = client.get("/fr/notifications/")

    assert len(response.context["shown"]) == min(2 * count, 30)
    # Kept while no notification arrives or is read: the version only.
    with django_assert_num_queries(3):
        again = client.get("/fr/notifications/")
    assert main_content(again) == main_content(response)


def test_a_member_follows_a_working_group_and_a_theme_category_from_their_pages(client: Client) -> None:
    group = WorkingGroupFactory(name="Liège–Namur")
    member = UserFactory()
    client.force_login(member)

    group_page = client.get(f"/fr/groupes/{group.pk}/").text
    theme_page = client.get(f"/fr/thematiques/{group.theme_id}/").text
    assert 'name="kind" value="group"' in group_page
    assert f"Suivre : {group.theme.category.name_fr}" in theme_page
    client.post("/fr/notifications/suivre/", {"kind": "group", "target": group.pk, "action": "follow"})
    client.post("/fr/notifications/suivre/", {"kind": "category", "target": group.theme.category_id, "action": "follow"})

    assert sorted(Follow.objects.filter(user=member).values_list("target_kind", "target_id")) == [
        ("category", group.theme.category_id),
        ("group", group.pk),
    ]
    follows = client.get("/fr/notifications/suivis/").text
    assert "Liège–Namur" in follows and group.theme.category.name_fr in follows
    # The e-mail preference: weekly by default, changed on the same page; a bad value is refused.
    assert client.get("/fr/notifications/suivis/").context["form"]["frequency"].value() == "weekly"
    assert client.post("/fr/notifications/suivis/", {"frequency": "hourly"}).status_code == 400
    client.post("/fr/notifications/suivis/", {"frequency": "daily"})
    assert services.frequency_of(member) == Frequency.DAILY


def test_publishing_campaign_proposals_notifies_followers_once(run_tasks) -> None:
    from cairn.recommendations.services.assessments import assessment_publish
    from cairn.recommendations.services.campaigns import assessment_propose, campaign_assign, campaign_open

    coordinator = make_user("coordination")
    rec = RecommendationFactory()
    follower = UserFactory()
    services.follow(user=follower, kind="recommendation", target_id=rec.pk)
    campaign = campaign_open(actor=coordinator, name="État des lieux")
    campaign_assign(actor=coordinator, campaign=campaign, recommendations=[rec], assignee=coordinator)
    proposal = assessment_propose(
        actor=coordinator, assignment=campaign.assignments.get(), status="done", effective_date=datetime.date(2024, 1, 1)
    )
    assert not Event.objects.exists()  # a proposal tells nobody

    with run_tasks():
        assert assessment_publish(actor=coordinator, assessments=[proposal]) == 1
        assert assessment_publish(actor=coordinator, assessments=[proposal]) == 0

    assert list(Notification.objects.values_list("user_id", "event__kind")) == [(follower.pk, "assessment_published")]
