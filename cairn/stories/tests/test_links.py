"""Stories linked to projects (the form, the story page, the project and recommendation
pages' "Récits" sections), and the announcement of a first publication to the followers
of what the story is about, once."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.utils import translation

from cairn.accounts.factories import UserFactory
from cairn.accounts.tests.helpers import make_user
from cairn.notifications import services as notifications
from cairn.notifications.models import Event, Follow, Notification
from cairn.projects.factories import ProjectFactory
from cairn.recommendations.factories import RecommendationFactory, ThemeCategoryFactory
from cairn.stories import services
from cairn.stories.factories import image_upload, make_series, make_story
from cairn.stories.models import Story
from cairn.stories.notify import notify_story_published

pytestmark = pytest.mark.django_db


@pytest.fixture
def run_tasks(django_capture_on_commit_callbacks):
    """Run what services enqueue after commit (the test settings' tasks run at once)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _form(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title_fr": "Le vélo partagé",
        "lead_fr": "Vingt vélos pour trois bureaux.",
        "body_fr": "Tout a commencé par une recommandation.",
        "cover_alt_fr": "Des vélos devant le bureau",
        "cover_image": image_upload(),
        "recommendations": "",
    }
    data.update(overrides)
    return data


# --- The form ---------------------------------------------------------------------------


def test_the_form_offers_only_the_projects_the_writer_may_see(client: Client) -> None:
    public = ProjectFactory(title="Vélos partagés")
    internal = ProjectFactory(title="Réorganisation interne", is_internal=True)
    client.force_login(make_user("department_lead"))

    page = client.get("/fr/gestion/recits/nouveau/")
    assert [p.pk for p in page.context["form"].fields["projects"].queryset] == [public.pk]
    assert "Vélos partagés" in page.text and "Réorganisation interne" not in page.text

    refused = client.post("/fr/gestion/recits/nouveau/", _form(projects=[internal.pk]))
    assert refused.status_code == 400
    assert "Ce projet n’existe pas ou vous ne pouvez pas le voir." in refused.text
    assert not Story.objects.exists()

    created = client.post("/fr/gestion/recits/nouveau/", _form(projects=[public.pk]))
    assert created.status_code == 302
    assert list(Story.objects.get().projects.all()) == [public]


def test_an_edit_by_a_writer_who_cannot_see_a_linked_internal_project_keeps_that_link(client: Client) -> None:
    public, other = ProjectFactory(), ProjectFactory()
    internal = ProjectFactory(is_internal=True)
    story = make_story(projects=[public, internal])
    client.force_login(make_user("department_lead"))

    response = client.post(
        f"/fr/gestion/recits/{story.pk}/modifier/",
        _form(title_fr="Un récit", cover_image="", projects=[other.pk], version=story.updated_at.isoformat()),
    )

    assert response.status_code == 302
    assert sorted(story.projects.values_list("pk", flat=True)) == sorted([other.pk, internal.pk])


# --- The pages --------------------------------------------------------------------------


def test_the_story_page_lists_only_the_projects_the_viewer_may_see(client: Client) -> None:
    public = ProjectFactory(title="Vélos partagés")
    internal = ProjectFactory(title="Réorganisation interne", is_internal=True)
    story = make_story(published=True, projects=[public, internal])

    visitor = client.get(f"/fr/recits/{story.slug}/")
    assert [p.pk for p in visitor.context["page"].projects] == [public.pk]
    assert f'href="/fr/projets/{public.pk}/"' in visitor.text
    assert "Réorganisation interne" not in visitor.text

    client.force_login(make_user("coordination"))
    staff = client.get(f"/fr/recits/{story.slug}/")
    assert [p.title for p in staff.context["page"].projects] == ["Réorganisation interne", "Vélos partagés"]


def test_the_project_and_recommendation_pages_show_their_published_stories(client: Client) -> None:
    project, recommendation = ProjectFactory(), RecommendationFactory()
    make_story(titles={"fr": "Vingt vélos"}, published=True, projects=[project], recommendations=[recommendation])
    make_story(titles={"fr": "Un brouillon"}, projects=[project], recommendations=[recommendation])

    for path in (f"/fr/projets/{project.pk}/", f"/fr/recommandations/{recommendation.reference}/"):
        response = client.get(path)
        sections = {section.key: section for section in response.context["page"].sections}
        assert [s.reading.title for s in sections["stories"].items] == ["Vingt vélos"]
        assert 'id="section-stories-title">Récits</h2>' in response.text
        assert "Un brouillon" not in response.text


def test_a_page_without_published_stories_has_no_stories_section(client: Client) -> None:
    project = ProjectFactory()
    make_story(titles={"fr": "Un brouillon"}, projects=[project])

    response = client.get(f"/fr/projets/{project.pk}/")

    assert "stories" not in [section.key for section in response.context["page"].sections]
    assert "section-stories-title" not in response.text


# --- Following a series -----------------------------------------------------------------


def test_a_member_follows_and_unfollows_a_series_from_a_story_page(client: Client) -> None:
    series = make_series()
    story = make_story(published=True, series=series)
    member = UserFactory()
    client.force_login(member)

    assert "Suivre : Un an après" in client.get(f"/fr/recits/{story.slug}/").text
    client.post("/fr/notifications/suivre/", {"kind": "series", "target": series.pk, "action": "follow"})
    assert list(Follow.objects.filter(user=member, muted=False).values_list("target_kind", "target_id")) == [("series", series.pk)]
    assert "Suivi : Un an après · ne plus suivre" in client.get(f"/fr/recits/{story.slug}/").text

    client.post("/fr/notifications/suivre/", {"kind": "series", "target": series.pk, "action": "unfollow"})
    assert not Follow.objects.filter(user=member, muted=False).exists()
    assert client.post("/fr/notifications/suivre/", {"kind": "series", "target": series.pk + 99, "action": "follow"}).status_code == 404


def test_a_visitor_is_invited_to_sign_in_to_follow_a_series(client: Client) -> None:
    story = make_story(published=True, series=make_series())

    assert "Connectez-vous pour suivre" in client.get(f"/fr/recits/{story.slug}/").text


# --- Announcing a publication -----------------------------------------------------------


def _notified() -> list[int]:
    return sorted(Notification.objects.filter(event__kind="story_published").values_list("user_id", flat=True))


def test_a_first_publication_notifies_the_followers_of_what_the_story_is_about_once(run_tasks) -> None:
    recommendation, project, category, series = RecommendationFactory(), ProjectFactory(), ThemeCategoryFactory(), make_series()
    internal_project = ProjectFactory(is_internal=True)
    by_rec, by_project, by_category, by_series, by_internal, _stranger = UserFactory.create_batch(6)
    notifications.follow(user=by_rec, kind="recommendation", target_id=recommendation.pk)
    notifications.follow(user=by_project, kind="project", target_id=project.pk)
    notifications.follow(user=by_category, kind="category", target_id=category.pk)
    notifications.follow(user=by_series, kind="series", target_id=series.pk)
    notifications.follow(user=by_internal, kind="project", target_id=internal_project.pk)
    by_series.profile.language = "nl"
    by_series.profile.save(update_fields=["language"])
    notifications.preference_set(user=by_series, frequency="immediately")
    publisher = make_user("coordination")
    notifications.follow(user=publisher, kind="series", target_id=series.pk)
    story = make_story(
        titles={"fr": "Vingt vélos", "nl": "Twintig fietsen"},
        series=series,
        recommendations=[recommendation],
        projects=[project, internal_project],
        categories=[category],
    )

    with run_tasks():
        story = services.story_publish(actor=publisher, story=story)

    # The publisher is not told of their own publication; an internal project's followers
    # are not told through it; nobody who follows nothing of it.
    assert _notified() == sorted([by_rec.pk, by_project.pk, by_category.pk, by_series.pk])
    event = Event.objects.get(kind="story_published")
    assert (event.subject_kind, event.subject_id, event.url_args) == ("story", story.pk, [story.slug])
    assert sorted(map(tuple, event.targets)) == sorted(
        [("recommendation", recommendation.pk), ("project", project.pk), ("category", category.pk), ("series", series.pk)]
    )
    # The member who asked to hear at once gets one e-mail, in Dutch, with the Dutch title.
    assert [message.to for message in mail.outbox] == [[by_series.email]]
    assert "Twintig fietsen" in mail.outbox[0].body and "Vingt vélos" not in mail.outbox[0].body
    with translation.override("nl"):
        assert notifications.describe(event) == "Nieuw verhaal: Twintig fietsen"
    with translation.override("fr"):
        assert notifications.describe(event) == "Nouveau récit : Vingt vélos"

    # Published again after a return to draft, or the task run again: nothing more.
    with run_tasks():
        story = services.story_unpublish(actor=publisher, story=story)
        story = services.story_publish(actor=publisher, story=story)
    assert services.story_publication_announce(story_id=story.pk) is None
    assert Event.objects.filter(kind="story_published").count() == 1
    assert len(mail.outbox) == 1
    assert _notified() == sorted([by_rec.pk, by_project.pk, by_category.pk, by_series.pk])


def test_a_story_no_longer_published_when_the_task_runs_is_not_announced(run_tasks) -> None:
    story = make_story(series=make_series())
    story = services.story_publish(actor=None, story=story)
    services.story_unpublish(actor=None, story=story)

    assert services.story_publication_announce(story_id=story.pk) is None
    assert not Event.objects.exists()


def test_a_story_unpublished_before_its_announcement_is_announced_when_published_again(django_capture_on_commit_callbacks) -> None:
    series = make_series()
    follower = UserFactory()
    notifications.follow(user=follower, kind="series", target_id=series.pk)
    story = make_story(series=series)
    with django_capture_on_commit_callbacks() as pending:  # published, its task not run yet
        story = services.story_publish(actor=None, story=story)
    story = services.story_unpublish(actor=None, story=story)
    for callback in pending:
        callback()  # the task runs now: the story is no longer published
    assert not Event.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        services.story_publish(actor=None, story=story)

    assert Event.objects.filter(kind="story_published", subject_id=story.pk).count() == 1
    assert _notified() == [follower.pk]


def test_the_story_event_notifies_the_followers_of_what_it_is_about_in_their_language(run_tasks) -> None:
    rec, project = RecommendationFactory(), ProjectFactory()
    by_rec, by_project, stranger = UserFactory.create_batch(3)
    notifications.follow(user=by_rec, kind="recommendation", target_id=rec.pk)
    notifications.follow(user=by_project, kind="project", target_id=project.pk)

    with run_tasks():
        event = notify_story_published(
            story_id=7,
            titles={"fr": "Vingt vélos", "nl": "Twintig fietsen"},
            title="Vingt vélos",
            about=[("recommendation", rec.pk), ("project", project.pk)],
            slug="vingt-velos",
            actor_id=None,
        )

    assert set(Notification.objects.filter(event=event).values_list("user_id", flat=True)) == {by_rec.pk, by_project.pk}
    assert stranger.pk not in set(Notification.objects.values_list("user_id", flat=True))
    assert notifications.describe(event) == "Nouveau récit : Vingt vélos"
    with translation.override("nl"):
        assert notifications.describe(event) == "Nieuw verhaal: Twintig fietsen"
