"""``kept_access``: who may read a kept page is decided once per reader and stamps, refusals
included, and decided again when a stamp moves or the reader's roles change."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.core.exceptions import PermissionDenied
from django.http import Http404

from cairn.accounts.tests.helpers import make_user
from cairn.core.stamps import kept_access

pytestmark = pytest.mark.django_db


class Decider:
    """A ``decide`` that answers what it is told and counts its calls."""

    def __init__(self) -> None:
        self.calls = 0
        self.answer: Any = {"title": "Atelier"}

    def __call__(self) -> dict[str, Any]:
        self.calls += 1
        if isinstance(self.answer, type) and issubclass(self.answer, Exception):
            raise self.answer
        return dict(self.answer)


def test_the_answer_is_kept_per_reader_until_a_stamp_moves() -> None:
    version = [1]
    decide = Decider()
    member = make_user("member")

    def ask(user: Any) -> dict[str, Any]:
        return kept_access("test-page", user, 7, ttl=60, stamps=[lambda: tuple(version)], decide=decide)

    assert ask(member) == {"title": "Atelier"}
    assert ask(member) == {"title": "Atelier"}
    assert decide.calls == 1
    assert ask(AnonymousUser()) == {"title": "Atelier"}
    assert decide.calls == 2  # another reader: decided for them

    decide.answer = PermissionDenied
    version[0] = 2
    for _twice in range(2):
        with pytest.raises(PermissionDenied):
            ask(member)
    assert decide.calls == 3  # the refusal is kept too

    decide.answer = Http404
    version[0] = 3
    with pytest.raises(Http404):
        ask(member)


def test_a_role_given_is_a_new_reader() -> None:
    decide = Decider()
    member = make_user("member")
    kept_access("test-roles", member, ttl=60, stamps=[], decide=decide)
    reread = type(member).objects.get(pk=member.pk)  # the next request's account
    reread.groups.add(Group.objects.get_or_create(name="coordination")[0])

    kept_access("test-roles", reread, ttl=60, stamps=[], decide=decide)

    assert decide.calls == 2
