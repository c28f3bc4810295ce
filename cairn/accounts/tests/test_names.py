"""How a person is named: ``person_shown`` (the one place that decides) and ``{% person %}``."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import Client, RequestFactory

from cairn.accounts.factories import UserFactory
from cairn.accounts.models import MemberImport, User, Visibility
from cairn.accounts.selectors import PersonShown, person_shown
from cairn.accounts.services import member_anonymise
from cairn.accounts.tests.helpers import make_user
from cairn.accounts.tests.naming import HOSTILE_ESCAPED, HOSTILE_NAME, NAMING_CASES, NEUTRAL, assert_named, page_as, person_with

pytestmark = pytest.mark.django_db


def viewer_for(role: str):
    return AnonymousUser() if role == "visitor" else make_user(role)


@pytest.mark.parametrize(("viewer", "visibility", "named"), NAMING_CASES)
def test_a_person_is_named_exactly_when_the_viewer_may_see_their_profile(viewer: str, visibility: str, named: bool) -> None:
    person = person_with(visibility)

    shown = person_shown(User.objects.select_related("profile").get(pk=person.pk), viewer_for(viewer))

    if named:
        assert shown == PersonShown(name=person.profile.display_name, profile_id=person.profile.pk)
    else:
        assert shown == PersonShown(name=NEUTRAL, hidden=True)


@pytest.mark.parametrize("role", ["facilitator", "department_lead"])
def test_staff_who_may_not_see_private_profiles_get_the_neutral_label(role: str) -> None:
    private = person_with(Visibility.PRIVATE)

    assert person_shown(private, make_user(role)).hidden


def test_a_private_member_sees_their_own_name() -> None:
    private = person_with(Visibility.PRIVATE)

    assert person_shown(private, private).name == private.profile.display_name


@pytest.mark.parametrize("role", ["coordination", "admin"])
def test_an_erased_member_is_a_former_member_even_to_the_coordination_team(role: str) -> None:
    erased = person_with(Visibility.PUBLIC)
    name = erased.profile.display_name
    member_anonymise(user=erased)
    erased = User.objects.select_related("profile").get(pk=erased.pk)

    shown = person_shown(erased, make_user(role))

    assert shown == PersonShown(name="Ancien·ne sociétaire", hidden=True)
    assert name not in shown.name


def test_a_closed_account_and_an_account_without_profile_get_the_neutral_label() -> None:
    closed = person_with(Visibility.PUBLIC, is_active=False)
    bare = UserFactory(profile=None)

    assert person_shown(closed, make_user("coordination")).hidden
    assert person_shown(bare, make_user("coordination")) == PersonShown(name=NEUTRAL, hidden=True)
    assert person_shown(None, AnonymousUser()).hidden


def test_the_name_is_decided_without_a_query_once_the_profile_is_joined(django_assert_num_queries) -> None:
    people = [person_with(v) for v in (Visibility.PUBLIC, Visibility.MEMBERS, Visibility.PRIVATE)]
    joined = list(User.objects.select_related("profile").filter(pk__in=[p.pk for p in people]))
    viewer = make_user("coordination")
    viewer.role_names  # noqa: B018  # the viewer's roles, read once per request

    with django_assert_num_queries(0):
        assert [s.hidden for s in (person_shown(u, viewer) for u in joined)] == [False, False, False]
        assert [s.hidden for s in (person_shown(u, AnonymousUser()) for u in joined)] == [False, True, True]


# --- The template tag ------------------------------------------------------------------------


def render(source: str, **context) -> str:
    return Template("{% load people %}" + source).render(Context(context))


def test_the_tag_links_a_name_the_viewer_may_see_and_escapes_it() -> None:
    hostile = person_with(Visibility.PUBLIC, name=HOSTILE_NAME)
    request = RequestFactory().get("/")
    request.user = AnonymousUser()

    html = render("{% person who %}", who=hostile, request=request)

    assert html == f'<a href="/fr/membres/{hostile.profile.pk}/">{HOSTILE_ESCAPED}</a>'
    assert render("{% person who link=False %}", who=hostile, request=request) == HOSTILE_ESCAPED
    sentence = "{% person who as name %}<p>{% blocktranslate %}par {{ name }}{% endblocktranslate %}</p>"
    assert render(sentence, who=hostile, request=request) == f'<p>par <a href="/fr/membres/{hostile.profile.pk}/">{HOSTILE_ESCAPED}</a></p>'


def test_the_tag_names_people_as_the_request_s_user_may_see_them() -> None:
    hidden = person_with(Visibility.MEMBERS)
    request = RequestFactory().get("/")
    request.user = AnonymousUser()

    assert render("{% person who %}", who=hidden, request=request) == NEUTRAL
    request.user = make_user("member")
    assert hidden.profile.display_name in render("{% person who %}", who=hidden, request=request)


def test_the_tag_prefers_the_template_s_viewer_and_defaults_to_a_visitor() -> None:
    """An e-mail names people as its recipient (``viewer``) may see them; a template with
    neither viewer nor request names them as a visitor would see them."""
    hidden = person_with(Visibility.MEMBERS)
    request = RequestFactory().get("/")
    request.user = make_user("member")

    assert render("{% person who %}", who=hidden, viewer=AnonymousUser(), request=request) == NEUTRAL
    assert render("{% person who %}", who=hidden) == NEUTRAL
    assert hidden.profile.display_name in render("{% person who %}", who=hidden, viewer=make_user("member"))


def test_the_tag_renders_a_decided_person_as_it_is() -> None:
    assert render("{% person who %}", who=PersonShown(name="Dirk <Historique>")) == "Dirk &lt;Historique&gt;"
    assert render("{% person who %}", who=PersonShown(name="Awa", profile_id=7)) == '<a href="/fr/membres/7/">Awa</a>'


@pytest.mark.parametrize("name", ["", HOSTILE_NAME])
def test_the_import_history_names_who_ran_each_import_not_their_e_mail(client: Client, name: str) -> None:
    runner = person_with(Visibility.PRIVATE, name=name, roles=["coordination"])
    MemberImport.objects.create(created_by=runner, created_count=3, updated_count=0, unchanged_count=0)

    html = page_as(client, "coordination", "/fr/gestion/import-societaires/")

    assert runner.email not in html
    if name:
        assert HOSTILE_ESCAPED in html and HOSTILE_NAME not in html
    else:
        assert_named(html, runner, named=True)


def test_a_list_gives_the_names_the_viewer_may_see_then_counts_the_others() -> None:
    awa = person_with(Visibility.PUBLIC, name="Awa <Diallo>")
    bert = person_with(Visibility.PUBLIC, name="Bert Peeters")
    hidden = [person_with(Visibility.MEMBERS), person_with(Visibility.PRIVATE)]
    link = f'<a href="/fr/membres/{awa.profile.pk}/">Awa &lt;Diallo&gt;</a>'
    bert_link = f'<a href="/fr/membres/{bert.profile.pk}/">Bert Peeters</a>'

    def listed(users, **context) -> str:
        return render("{% people users %}", users=users, **context)

    assert listed([awa, bert]) == f"{link}, {bert_link}"
    assert listed([awa, *hidden]) == f"{link} et 2 autres sociétaires"
    assert listed([awa, hidden[0]]) == f"{link} et un·e autre sociétaire"
    assert listed(hidden) == "2 sociétaires de la coopérative"
    assert listed(hidden[:1]) == NEUTRAL
    assert listed([]) == ""
    assert listed([awa, *hidden], viewer=make_user("coordination")).count("<a href=") == 3
    for person in hidden:
        assert person.profile.display_name not in listed([awa, *hidden])
