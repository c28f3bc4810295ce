"""What every page, feed and export that names someone is tested against: who sees whose
name (the rule ``accounts.view_profile``, written out here as a table, not recomputed),
a person to name, and one assertion for "named" or "the neutral label".

    @pytest.mark.parametrize(("viewer", "visibility", "named"), NAMING_CASES)
    def test_the_author_is_named_as_their_profile_allows(client, viewer, visibility, named):
        author = person_with(visibility)
        story = …
        html = page_as(client, viewer, url)
        assert_named(html, author, named=named)
"""

from __future__ import annotations

from typing import Any

from django.test import Client

from cairn.accounts.factories import UserFactory
from cairn.accounts.models import User, Visibility
from cairn.accounts.tests.helpers import make_user

NEUTRAL = "un·e sociétaire de la coopérative"

#: (viewer, the named person's profile visibility, whether the viewer sees their name).
NAMING_CASES = [
    ("visitor", Visibility.PUBLIC, True),
    ("visitor", Visibility.MEMBERS, False),
    ("visitor", Visibility.PRIVATE, False),
    ("member", Visibility.MEMBERS, True),
    ("member", Visibility.PRIVATE, False),
    ("coordination", Visibility.MEMBERS, True),
    ("coordination", Visibility.PRIVATE, True),
]

#: A display name that would run as HTML if a page forgot to escape it.
HOSTILE_NAME = '<img src=x onerror="alert(1)">Zoé & Cie'
HOSTILE_ESCAPED = "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;Zoé &amp; Cie"


def person_with(visibility: str, name: str = "", **kwargs: Any) -> User:
    """An active member whose profile has ``visibility`` and a name no other row has."""
    user = UserFactory(profile__visibility=visibility, **kwargs)
    if name:
        user.profile.display_name = name
    else:
        user.profile.display_name = f"Nommé·e {visibility.title()} {user.pk}"
    user.profile.save(update_fields=["display_name"])
    return user


def sign_in(client: Client, viewer: str) -> User | None:
    """Sign ``client`` in with a fresh account of role ``viewer`` (nobody for a visitor)."""
    if viewer == "visitor":
        return None
    user = make_user(viewer)
    client.force_login(user)
    return user


def page_as(client: Client, viewer: str, url: str) -> str:
    sign_in(client, viewer)
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def assert_named(text: str, person: User, *, named: bool, linked: bool = True) -> None:
    """``text`` names ``person`` (linked to their profile when ``linked``) exactly when
    ``named``; otherwise it carries the neutral label and nothing of their name."""
    name = person.profile.display_name
    if named:
        assert name in text
        if linked:
            assert f'<a href="/fr/membres/{person.profile.pk}/">{name}</a>' in text
    else:
        assert name not in text
        assert NEUTRAL in text or NEUTRAL[:1].upper() + NEUTRAL[1:] in text  # a sentence may start with it
