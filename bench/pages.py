"""The pages the benchmark loads — the one list later issues extend.

Add a page by appending a ``Page`` to ``PAGES``. A path may hold ``{placeholders}``: each
is filled by the function of the same name in ``PLACEHOLDERS``, which runs once, inside
the benchmark process, with Django set up against the benchmark database (so it can look
up a seeded object's id). Keep each lookup deterministic: the same ``--seed`` must bench
the same object.

``member=True`` sends the session cookie of the demo member (``MEMBER_EMAIL``), signed in
through the real login form; a plain member needs no two-factor step (staff do).
``/healthz`` stays first: every other page's p50 is divided by its p50 from the same run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    member: bool = False
    #: Signed in as the demo coordinator (staff, TOTP active): organiser and staff pages.
    staff: bool = False
    #: Sent with the demo coordinator's personal access token (scope ``read_internal``):
    #: the API as the cooperative's own tools read it, internal items included.
    token: bool = False
    #: The status every request must get; anything else counts as an error (a page that
    #: answers a redirect to the login form would otherwise look very fast).
    status: int = 200
    note: str = ""


BASELINE = "healthz"

#: The demo member of ``cairn/accounts/seed.py`` (role "member": no MFA required).
MEMBER_EMAIL = "societaire@demo.cairn.example"
MEMBER_PASSWORD = "demo-societaire-2015"  # noqa: S105 — the seeded demo account's published password
#: The demo coordinator: staff must use TOTP, which a benchmark cannot type, so ``sessions.py``
#: activates TOTP for the account and opens its session directly in the session store.
STAFF_EMAIL = "coordination@demo.cairn.example"

PAGES: list[Page] = [
    Page(BASELINE, "/healthz", note="no database, no template: the cost of the stack itself"),
    Page("home", "/fr/", note="headline figures, cached five minutes"),
    Page("about", "/fr/processus/"),
    Page("components", "/fr/composants/"),
    Page("directory", "/fr/membres/", note="anonymous: public profiles only"),
    Page("directory-deep", "/fr/membres/?after={directory_deep_cursor}", note="anonymous, the rows page 400 held (after row 9,576)"),
    Page("directory-last", "/fr/membres/?last=1", note="anonymous, the last page (the reversed order)"),
    Page("directory-search", "/fr/membres/?q=marie", note="anonymous, a name searched: names, professions and skills"),
    Page("directory-member", "/fr/membres/", member=True, note="signed in: public and members-only profiles"),
    Page("profile", "/fr/membres/{public_profile_id}/", note="a public profile, anonymous"),
    Page("profile-edit", "/fr/profil/", member=True, note="own profile form, with skill suggestions"),
    Page("login", "/fr/compte/login/"),
    Page("registry", "/fr/recommandations/", note="every public recommendation, nine facet counts"),
    Page("registry-filtered", "/fr/recommandations/?country=BE&status=done&sort=recent", note="two filters, by last status change"),
    Page("registry-search", "/fr/recommandations/?q=coop%C3%A9ratives", note="full-text search (French and Dutch stemming on PostgreSQL)"),
    Page("registry-deep", "/fr/recommandations/?after={registry_deep_cursor}", note="anonymous, the middle of the list (keyset link)"),
    Page("registry-last", "/fr/recommandations/?last=1", note="anonymous, the last page (the reversed order)"),
    Page("recommendation", "{recommendation_path}", note="a public recommendation: groups, people, timeline, related"),
    Page("stories", "/fr/recits/", note="published stories, newest first, with their filters"),
    Page("stories-filtered", "/nl/recits/?language=nl&year={story_year}", note="Dutch stories of one year, in Dutch"),
    Page("story", "{story_path}", note="a published story: versions, linked recommendations, OpenGraph"),
    Page("stories-feed", "/fr/recits/flux/atom/", note="the Atom feed of French stories"),
    Page("agenda", "/fr/evenements/", note="upcoming events, 20 a page"),
    Page(
        "agenda-filtered",
        "/fr/evenements/?kind=meetup&city=Bruxelles&language=fr",
        member=True,
        note="three filters, the member's own states",
    ),
    Page("agenda-project", "{project_agenda_path}", note="the agenda filtered by the public project with the most events"),
    Page("calendar", "/fr/evenements/calendrier/", note="this month's grid"),
    Page("event", "{event_path}", member=True, note="the fullest upcoming event: seats, the member's state, organisers, recommendations"),
    Page("my-events", "/fr/evenements/mes-evenements/", member=True, note="the member's registrations and private feed"),
    Page(
        "event-attendees",
        "{event_attendees_path}",
        staff=True,
        note="the organiser's attendee list of the fullest upcoming event, with answers",
    ),
    Page("state-of-play", "/fr/etat-des-lieux/", note="figures, four SVG charts and eight tables; cached under the registry's stamp"),
    Page("state-of-play-filtered", "/fr/etat-des-lieux/?country=BE&as_of=2023-06-30", note="one country, as of a date"),
    Page("open-data-figures", "/fr/etat-des-lieux/donnees-ouvertes/chiffres.json", note="the figures as JSON"),
    Page("projects", "/fr/projets/", note="every public project, five filters"),
    Page("projects-filtered", "/fr/projets/?kind=priority&status=in_progress", note="two filters"),
    Page("project", "{project_path}", note="a public project: team, timeline, recommendations with their status, next events"),
    Page("still-to-carry-out", "/fr/projets/a-realiser/", note="recommendations in progress or not done: each group's count and first ten"),
    Page("still-to-carry-out-group", "/fr/projets/a-realiser/?carried=nothing&page=2", note="one group, its second page of 50"),
    Page("notifications", "/fr/notifications/", member=True, note="the demo member's notification centre"),
    # The API's lists (docs/api.md): every list endpoint at 100 items a page, anonymous and
    # with the coordinator's token; the rate limits count in the shared cache.
    *(
        Page(f"api-{name}{'-staff' if token else ''}", path, token=token, note=note + (", staff token" if token else ""))
        for name, path, note in [
            ("cycles", "/api/v1/registry/cycles/?limit=100", "cycles as JSON"),
            ("categories", "/api/v1/registry/categories/?limit=100", "broad themes as JSON"),
            ("themes", "/api/v1/registry/themes/?limit=100", "themes as JSON"),
            ("groups", "/api/v1/registry/groups/?limit=100", "working groups as JSON"),
            ("recommendations", "/api/v1/registry/recommendations/?limit=100", "the registry as JSON, 100 a page"),
            ("recommendations-filtered", "/api/v1/registry/recommendations/?country=BE&status=done&limit=100", "two filters"),
            ("figures", "/api/v1/state-of-play/figures", "the state of play's figures, the CLI's JSON"),
            ("editions", "/api/v1/state-of-play/editions/?limit=100", "published editions"),
            ("projects", "/api/v1/projects/?limit=100", "projects as JSON"),
            ("stories", "/api/v1/stories/?limit=100", "published stories as JSON"),
            ("events", "/api/v1/events/?limit=100", "upcoming events with seats left"),
            ("hackathons", "/api/v1/hackathons/?limit=100", "hackathons as JSON"),
            ("calls", "/api/v1/experiments/calls/?limit=100", "calls for experiments as JSON"),
            ("experiment-groups", "/api/v1/experiments/groups/?limit=100", "experiment groups' public summaries"),
        ]
        for token in (False, True)
    ),
    # Hackathons (docs/hackathons.md): the list, the past hackathon with its teams, a team, the organiser's board.
    Page("hackathons", "/fr/hackathons/", note="every published hackathon"),
    Page("hackathon", "{hackathon_path}", note="the hackathon with the most teams: programme, questions, teams, results"),
    Page("hackathon-question", "{hackathon_question_path}", note="a question of that hackathon with its recommendations and teams"),
    Page("hackathon-team", "{hackathon_team_path}", member=True, note="a team's page: members, answer and its versions, logbook"),
    Page("hackathon-board", "{hackathon_board_path}", staff=True, note="the organiser's board: phases, questions, teams, jury"),
    # Calls for experiments (docs/experiments.md): the calls, the concluded call, a group, the forming board.
    Page("experiments", "/fr/experimentations/", note="the calls for experiments"),
    Page("experiment-call", "{experiment_call_path}", note="the call with the most groups: topics, phases, groups"),
    Page("experiment-group", "{experiment_group_path}", staff=True, note="a group's page as the coordination team sees it"),
    Page("experiment-forming", "{experiment_forming_path}", staff=True, note="the coordination team's board forming a topic's groups"),
    Page("my-experiments", "/fr/experimentations/mes-experimentations/", member=True, note="the member's expressions and groups"),
    # The inbox (docs/inbox.md): asking, the FAQ, the coordination team's inbox and a conversation.
    Page("inbox-ask", "/fr/questions/", member=True, note="the question form, signed in"),
    Page("inbox-faq", "/fr/questions/frequentes/", note="the frequently asked questions"),
    Page("inbox", "/fr/gestion/questions/", staff=True, note="the coordination team's inbox: open conversations, filters"),
    Page("inbox-conversation", "{inbox_conversation_path}", staff=True, note="the longest conversation with the answer form"),
    Page("inbox-figures", "/fr/gestion/questions/chiffres/", staff=True, note="the inbox's figures"),
]


def public_profile_id() -> str:
    """A public, active profile from the middle of the table (not the first rows, which
    are the demo and staff accounts)."""
    from cairn.accounts.models import Profile, Visibility

    qs = Profile.objects.active().filter(visibility=Visibility.PUBLIC).order_by("pk")
    middle = qs.count() // 2
    return str(qs.values_list("pk", flat=True)[middle])


def recommendation_path() -> str:
    """A public recommendation from the middle of the registry, the one with the most
    assessments among a few (the richest timeline). Before the registry is seeded there is
    none: the registry list stands in, with a warning, rather than the run failing."""
    import sys

    from django.contrib.auth.models import AnonymousUser
    from django.db.models import Count

    from cairn.recommendations.models import Recommendation

    visible = Recommendation.objects.visible_to(AnonymousUser()).order_by("pk")
    middle = visible.count() // 2
    candidates = list(visible.values_list("pk", flat=True)[middle : middle + 20])
    reference = (
        Recommendation.objects.filter(pk__in=candidates)
        .annotate(n=Count("assessments"))
        .order_by("-n", "pk")
        .values_list("reference", flat=True)
        .first()
    )
    if reference is None:
        print("bench: no public recommendation yet; the 'recommendation' page benches the registry list", file=sys.stderr)
        return "/fr/recommandations/"
    return f"/fr/recommandations/{reference}/"


def _middle_published_story() -> object | None:
    from cairn.stories.models import Story

    published = Story.objects.published().order_by("pk")
    return published[published.count() // 2] if published.exists() else None


def story_path() -> str:
    """A published story from the middle of the list; the list stands in before stories are seeded."""
    import sys

    story = _middle_published_story()
    if story is None:
        print("bench: no published story yet; the 'story' page benches the story list", file=sys.stderr)
        return "/fr/recits/"
    return f"/fr/recits/{story.slug}/"  # type: ignore[attr-defined]


def story_year() -> str:
    story = _middle_published_story()
    return str(story.published_at.year) if story is not None else ""  # type: ignore[attr-defined]


def event_path() -> str:
    """The upcoming event with the most registrations (the heaviest event page)."""
    from django.db.models import Count
    from django.utils import timezone

    from cairn.events.models import Event

    pk = (
        Event.objects.filter(starts_at__gt=timezone.now())
        .annotate(n=Count("registrations"))
        .order_by("-n", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    return f"/fr/evenements/{pk}/" if pk else "/fr/evenements/"


def event_attendees_path() -> str:
    """The organiser's attendee list of the event the "event" page benches."""
    path = event_path()
    return f"{path}inscrits/" if path != "/fr/evenements/" else path


def _public_project_with_most(related: str) -> int | None:
    """The public project with the most ``related`` rows (ties: the lowest pk), or None
    before projects are seeded."""
    from django.db.models import Count

    from cairn.projects.models import Project

    return Project.objects.filter(is_internal=False).annotate(n=Count(related)).order_by("-n", "pk").values_list("pk", flat=True).first()


def project_path() -> str:
    """The public project with the longest timeline (the richest page); the project list
    stands in before projects are seeded."""
    pk = _public_project_with_most("updates")
    return f"/fr/projets/{pk}/" if pk else "/fr/projets/"


def project_agenda_path() -> str:
    """The agenda of the public project with the most events (a project page's link)."""
    pk = _public_project_with_most("events")
    return f"/fr/evenements/?project={pk}" if pk else "/fr/evenements/"


def directory_deep_cursor() -> str:
    """The directory's link to what its page 400 held with page numbers: the keyset
    cursor of the 9,576th profile an anonymous visitor sees (or the last one at a scale
    with fewer)."""
    from django.contrib.auth.models import AnonymousUser

    from cairn.accounts.selectors import DIRECTORY_PAGE_SIZE, directory_paginator, profile_directory

    profiles = profile_directory(viewer=AnonymousUser())
    paginator = directory_paginator(profiles, viewer=AnonymousUser(), filters={})
    row = profiles[min(399 * DIRECTORY_PAGE_SIZE, profiles.count()) - 1]
    return paginator.cursor(row)


def registry_deep_cursor() -> str:
    """The registry's link to the middle of the list a visitor sees (page 456 of 912 at the
    large scale): the keyset cursor of the recommendation halfway through it."""
    from django.contrib.auth.models import AnonymousUser

    from cairn.recommendations.selectors.registry import registry, registry_paginator

    result = registry(viewer=AnonymousUser())
    return registry_paginator(result).cursor(result.recommendations[max(result.total // 2 - 1, 0)])


def _hackathon_with_most_teams() -> object | None:
    from django.db.models import Count

    from cairn.hackathons.models import Hackathon

    return Hackathon.objects.annotate(n=Count("teams")).order_by("-n", "pk").first()


def hackathon_path() -> str:
    """The hackathon with the most teams (the past one of the seed); the list before any."""
    hackathon = _hackathon_with_most_teams()
    return f"/fr/hackathons/{hackathon.slug}/" if hackathon else "/fr/hackathons/"  # type: ignore[attr-defined]


def hackathon_question_path() -> str:
    """That hackathon's question with the most teams."""
    from django.db.models import Count

    from cairn.hackathons.models import Question

    hackathon = _hackathon_with_most_teams()
    question = Question.objects.filter(hackathon=hackathon).annotate(n=Count("teams")).order_by("-n", "pk").first() if hackathon else None
    return f"/fr/hackathons/{hackathon.slug}/questions/{question.pk}/" if question else hackathon_path()  # type: ignore[attr-defined]


def hackathon_team_path() -> str:
    """That hackathon's first team (the one whose answer was chosen in the seed)."""
    from cairn.hackathons.models import Team

    hackathon = _hackathon_with_most_teams()
    team = Team.objects.filter(hackathon=hackathon).order_by("pk").first() if hackathon else None
    return f"/fr/hackathons/{hackathon.slug}/equipes/{team.pk}/" if team else hackathon_path()  # type: ignore[attr-defined]


def hackathon_board_path() -> str:
    """The organiser's board of that hackathon (the demo coordinator organises the seed's)."""
    hackathon = _hackathon_with_most_teams()
    return f"/fr/hackathons/{hackathon.slug}/organisation/" if hackathon else "/fr/hackathons/"  # type: ignore[attr-defined]


def _experiment_group() -> object | None:
    from cairn.experiments.models import Group

    return Group.objects.select_related("call").order_by("pk").first()


def experiment_call_path() -> str:
    """The call of the first group (the seed's concluded call); the list before any."""
    group = _experiment_group()
    return f"/fr/experimentations/{group.call.slug}/" if group else "/fr/experimentations/"  # type: ignore[attr-defined]


def experiment_group_path() -> str:
    group = _experiment_group()
    return f"/fr/experimentations/groupes/{group.pk}/" if group else "/fr/experimentations/"  # type: ignore[attr-defined]


def experiment_forming_path() -> str:
    """The forming board of the topic of the first group."""
    group = _experiment_group()
    return f"/fr/gestion/experimentations/sujets/{group.topic_id}/groupes/" if group else "/fr/experimentations/"  # type: ignore[attr-defined]


def inbox_conversation_path() -> str:
    """The conversation with the most messages (ties: the lowest pk); the inbox before any."""
    from django.db.models import Count

    from cairn.inbox.models import Conversation

    reference = Conversation.objects.annotate(n=Count("messages")).order_by("-n", "pk").values_list("reference", flat=True).first()
    return f"/fr/gestion/questions/{reference}/" if reference else "/fr/gestion/questions/"


PLACEHOLDERS: dict[str, Callable[[], str]] = {
    "directory_deep_cursor": directory_deep_cursor,
    "registry_deep_cursor": registry_deep_cursor,
    "hackathon_path": hackathon_path,
    "hackathon_question_path": hackathon_question_path,
    "hackathon_team_path": hackathon_team_path,
    "hackathon_board_path": hackathon_board_path,
    "experiment_call_path": experiment_call_path,
    "experiment_group_path": experiment_group_path,
    "experiment_forming_path": experiment_forming_path,
    "inbox_conversation_path": inbox_conversation_path,
    "project_agenda_path": project_agenda_path,
    "story_path": story_path,
    "story_year": story_year,
    "event_path": event_path,
    "event_attendees_path": event_attendees_path,
    "project_path": project_path,
    "public_profile_id": public_profile_id,
    "recommendation_path": recommendation_path,
}
