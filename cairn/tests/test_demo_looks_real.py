"""The demo looks like a real cooperative (issue 16, "A demo that looks real").

The whole seed runs once at the small scale (``cairn seed --scale small``), inside a
transaction rolled back after the module; each test reads what it wrote: titles never
numbered copies, projects whose links, text, progress and timeline agree, places that
agree, covers that differ, role labels that agree with the person, names of the office's
region.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections import defaultdict
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone, translation

from cairn.accounts.models import Gender, Profile, User, Visibility
from cairn.accounts.seed_names import (
    FEMININE_BE_FR,
    FEMININE_FR,
    FEMININE_NL,
    LAST_NAMES,
    MASCULINE_BE_FR,
    MASCULINE_FR,
    MASCULINE_NL,
    origin_of,
)
from cairn.events.models import Event, Series
from cairn.experiments.models import Call, Topic
from cairn.hackathons.models import Hackathon, Question
from cairn.projects.models import Project, ProjectStatus
from cairn.projects.seed_content import TOPICS
from cairn.recommendations.models import Assessment, GroupPerson, GroupRole, Recommendation, RecommendationLink
from cairn.recommendations.selectors.pages import group_people_shown
from cairn.stories.models import Story, StoryVersion

pytestmark = pytest.mark.django_db

FEMININE = set(FEMININE_FR + FEMININE_BE_FR + FEMININE_NL)
MASCULINE = set(MASCULINE_FR + MASCULINE_BE_FR + MASCULINE_NL)
NUMBERED_COPY = re.compile(r"\(\s*\d+\s*\)|\b(?:copie|kopie|copy)\b", re.IGNORECASE)


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[None]:
    with django_db_blocker.unblock(), transaction.atomic():  # type: ignore[attr-defined]
        call_command("seed", scale="small", seed=2015, stdout=open("/dev/null", "w"))  # noqa: SIM115
        yield
        transaction.set_rollback(True)


def test_no_title_is_a_numbered_copy_and_one_off_items_are_each_their_own() -> None:
    titled = {
        "recommendation": list(Recommendation.objects.values_list("title", flat=True)),
        "project": list(Project.objects.values_list("title", flat=True)),
        "story": list(StoryVersion.objects.values_list("title", flat=True)),
        "event": list(Event.objects.values_list("title", flat=True)),
        "series": list(Series.objects.values_list("title", flat=True)),
        "hackathon": list(Hackathon.objects.values_list("title", flat=True)),
        "call": list(Call.objects.values_list("title", flat=True)),
        "topic": list(Topic.objects.values_list("title", flat=True)),
    }
    numbered = {kind: [t for t in titles if NUMBERED_COPY.search(t)] for kind, titles in titled.items()}
    assert not any(numbered.values()), numbered
    # Items that happen once carry a title of their own: a series' dates share theirs.
    for kind, titles in [
        ("project", titled["project"]),
        ("story", titled["story"]),
        ("hackathon", titled["hackathon"]),
        ("hackathon question", list(Question.objects.values_list("title", flat=True))),
        ("call", titled["call"]),
        ("one-off event", list(Event.objects.filter(series__isnull=True).values_list("title", flat=True))),
    ]:
        repeated = sorted({t for t in titles if titles.count(t) > 1})
        assert not repeated, (kind, repeated)


def test_a_recommendation_title_repeats_only_where_a_group_reissued_an_earlier_one() -> None:
    linked = set(RecommendationLink.objects.values_list("source_id", flat=True))
    by_title: dict[str, list[Recommendation]] = defaultdict(list)
    for rec in Recommendation.objects.order_by("cycle__starts_on", "pk"):
        by_title[rec.title].append(rec)
    for title, recs in by_title.items():
        for later in recs[1:]:
            # Itself, or the recommendation it is a sub-item of, repeats or continues an earlier one.
            assert later.pk in linked or later.parent_id in linked, (title, later.reference)


def test_a_project_answers_recommendations_of_its_own_subject() -> None:
    topic_of = {t.title: t for t in TOPICS} | {t.title_nl: t for t in TOPICS}
    projects = list(Project.objects.prefetch_related("answers__recommendation__theme__category"))
    assert len(projects) >= 12
    for project in projects:
        categories = {a.recommendation.theme.category.slug for a in project.answers.all()}
        assert len(categories) == 1, (project.title, categories)
        if project.title in topic_of:  # the projects' seed: the subject its text is about
            assert categories == {topic_of[project.title].category}, project.title


def test_a_hackathon_question_answers_recommendations_of_its_own_subject() -> None:
    from cairn.hackathons.seed import QUESTIONS

    category_of = {text: category for questions in QUESTIONS.values() for text, _roles, category, _words in questions}
    questions = list(Question.objects.prefetch_related("recommendations__theme__category"))
    assert sorted(h.questions.count() for h in Hackathon.objects.all()) == [3, 3]
    for question in questions:
        recommendations = list(question.recommendations.all())
        assert recommendations and len({r.theme_id for r in recommendations}) == 1, question.title
        assert {r.theme.category.slug for r in recommendations} == {category_of[question.title]}, question.title


def test_a_project_s_text_progress_and_timeline_agree() -> None:
    today = timezone.localdate()
    topic_of = {t.title: t for t in TOPICS} | {t.title_nl: t for t in TOPICS}
    seeded = [p for p in Project.objects.prefetch_related("updates") if p.title in topic_of]
    assert {p.status for p in seeded} == set(ProjectStatus.values)
    for project in seeded:
        topic = topic_of[project.title]
        updates = sorted(project.updates.all(), key=lambda u: (u.posted_on, u.pk))
        assert updates, project.title
        days = [u.posted_on for u in updates]
        assert days == sorted(days) and days[-1] <= today, project.title
        told = [u.text for u in updates if u.text in topic.steps]
        assert told == list(topic.steps[: len(told)]), f"{project.title}: its steps in their order"
        progress = [u.progress for u in updates if u.progress is not None]
        assert progress == sorted(progress), f"{project.title}: progress never goes back"
        assert project.summary == topic.summary and topic.why in project.text
        if project.status == ProjectStatus.PLANNED:
            assert project.progress == 0 and not told and project.starts_on > today
        else:
            assert project.starts_on is not None and project.starts_on <= days[0], project.title
            assert progress[-1] == project.progress, project.title
            # A project tells a step at most for each quarter it has done (and the first at once).
            assert 1 <= len(told) <= 1 + project.progress // 25, (project.title, project.progress, len(told))
        if project.status == ProjectStatus.DONE:
            assert project.progress == 100 and topic.outcome in updates[-1].text and topic.outcome in project.text
            assert project.ends_on is not None and project.ends_on >= days[-1] - datetime.timedelta(days=1)
            assert len(told) == len(topic.steps)
        else:
            assert topic.outcome not in project.text, project.title
        if project.status == ProjectStatus.STOPPED:
            assert project.stop_reason in updates[-1].text


def test_every_project_s_updates_fall_between_its_start_and_today() -> None:
    today = timezone.localdate()
    for project in Project.objects.prefetch_related("updates"):
        for update in project.updates.all():
            assert update.posted_on <= today, project.title
            if project.starts_on is not None and project.status != ProjectStatus.PLANNED:
                assert project.starts_on <= update.posted_on, (project.title, project.starts_on, update.posted_on)
        if project.starts_on and project.ends_on:
            assert project.starts_on <= project.ends_on <= today, project.title


def test_places_agree_a_hackathon_is_held_in_its_city_and_an_office_s_events_in_its_own() -> None:
    hackathons = list(Hackathon.objects.select_related("event"))
    assert len(hackathons) == 2
    for hackathon in hackathons:
        city = re.match(r"Hackathon de (\w+)", hackathon.title)
        assert city is not None and hackathon.event.city == city.group(1), (hackathon.title, hackathon.event.city)
    located = Event.objects.filter(office__isnull=False).select_related("office")
    assert located.exists()
    for event in located:
        assert event.city == event.office.city, (event.title, event.city, event.office.city)


def test_story_covers_differ() -> None:
    digests = [hashlib.sha256(story.cover_image.read()).hexdigest() for story in Story.objects.all()]
    assert len(digests) == 30 and len(set(digests)) == len(digests)


def test_names_are_of_the_office_s_region_and_first_names_give_the_role_labels_form() -> None:
    feminine, masculine = FEMININE, MASCULINE
    members = Profile.objects.filter(user__email__endswith="@membres.cairn.example").select_related("office")
    assert members.count() == 300
    for profile in members:
        first, last = profile.display_name.split(" ", 1)
        assert last in LAST_NAMES[origin_of(profile.office.country, profile.language)], profile.display_name
        assert profile.gender in {"", Gender.FEMININE if first in feminine else Gender.MASCULINE if first in masculine else ""}
    genders = set(members.values_list("gender", flat=True))
    assert genders == {"", Gender.FEMININE, Gender.MASCULINE}


def test_an_interviewee_s_role_agrees_with_their_first_name() -> None:
    feminine, masculine = FEMININE, MASCULINE
    checked = 0
    for name, role in Assessment.objects.exclude(interviewee="").values_list("interviewee", "interviewee_role"):
        first = name.split(" ", 1)[0]
        if re.search(r"(coordinat|animat)(rice|eur)|participante?\b|chargée? ", role):
            checked += 1
            if first in feminine:
                assert re.search(r"trice|participante|chargée", role) and "·" not in role, (name, role)
            elif first in masculine:
                assert not re.search(r"trice|participante|chargée", role) and "·" not in role, (name, role)
    assert checked >= 10


def test_a_working_group_s_role_labels_agree_with_each_person_as_the_viewer_may_see_them() -> None:
    coordinator = User.objects.get(email="coordination@demo.cairn.example")  # sees every profile
    people = list(GroupPerson.objects.filter(user__isnull=False).select_related("user__profile"))
    by_form = {(p.role, p.user.profile.gender) for p in people if p.role in (GroupRole.FACILITATOR, GroupRole.PARTICIPANT)}
    assert {(GroupRole.PARTICIPANT, Gender.FEMININE), (GroupRole.PARTICIPANT, Gender.MASCULINE)} <= by_form
    expected = {
        "fr": {
            (GroupRole.FACILITATOR, "f"): "Animatrice",
            (GroupRole.FACILITATOR, "m"): "Animateur",
            (GroupRole.FACILITATOR, ""): "Animateur·rice",
            (GroupRole.PARTICIPANT, "f"): "Participante",
            (GroupRole.PARTICIPANT, "m"): "Participant",
            (GroupRole.PARTICIPANT, ""): "Participant·e",
        },
        "nl": {
            (GroupRole.FACILITATOR, "f"): "Begeleidster",
            (GroupRole.FACILITATOR, "m"): "Begeleider",
            (GroupRole.FACILITATOR, ""): "Begeleider",
            (GroupRole.PARTICIPANT, "f"): "Deelneemster",
            (GroupRole.PARTICIPANT, "m"): "Deelnemer",
            (GroupRole.PARTICIPANT, ""): "Deelnemer",
        },
    }
    for language, labels in expected.items():
        with translation.override(language):
            shown = group_people_shown(people, coordinator)
        profiles = {p.user.profile.pk: p for p in people}
        for item in shown:
            person = profiles[item.person.profile_id]
            if (person.role, person.user.profile.gender) in labels:
                assert item.role_label == labels[person.role, person.user.profile.gender], (language, item)
    # A visitor sees no members-only or private profile: neither the name nor its form.
    hidden = [p for p in people if p.user.profile.visibility != Visibility.PUBLIC and p.user.profile.gender == Gender.FEMININE]
    assert hidden
    with translation.override("fr"):
        for item in group_people_shown(hidden, None):
            assert item.person.hidden, item
            assert item.role_label in {"Animateur·rice", "Participant·e", "Secrétaire"}, item
