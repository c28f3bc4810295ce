"""Naming people in templates: ``{% load people %}``, then ``{% person story.author %}``, or
``{% people project.team.all %}`` for a list.

The tag asks ``accounts.selectors.person_shown`` — the one place that decides what a viewer
may see of someone — and renders the display name, linked to the profile, or the neutral
label. The viewer is the template's ``viewer`` when there is one (an e-mail names people as
its recipient may see them), else the request's user, else a visitor.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.contrib.auth.models import AnonymousUser
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString

from cairn.accounts.selectors import PersonShown, person_shown
from cairn.core.templatetags.memo import reverse_ids

register = template.Library()


def viewer_of(context: template.Context) -> Any:
    viewer = context.get("viewer")
    if viewer is not None:
        return viewer
    request = context.get("request")
    return getattr(request, "user", None) or AnonymousUser()


@register.simple_tag(takes_context=True)
def person(context: template.Context, who: Any, link: bool = True) -> SafeString:
    """A person's name as the viewer may see it. ``who`` is a user (its profile joined) or
    an already decided ``PersonShown``; ``link=False`` leaves out the link to the profile
    (inside a button, a heading…). ``{% person user as name %}`` keeps it for a sentence."""
    return _render(who if isinstance(who, PersonShown) else person_shown(who, viewer_of(context)), link)


@register.inclusion_tag("accounts/_people.html", takes_context=True)
def people(context: template.Context, users: Any, link: bool = True) -> dict[str, Any]:
    """A list of people (a team, an event's organisers) as the viewer may see them: the
    names they may see, then how many others there are, rather than the neutral label
    over and over — "Awa Diallo, Bert Peeters et 2 autres sociétaires"."""
    viewer = viewer_of(context)
    shown = [who if isinstance(who, PersonShown) else person_shown(who, viewer) for who in users]
    hidden = [one for one in shown if one.hidden]
    return {
        "names": format_html_join(", ", "{}", ((_render(one, link),) for one in shown if not one.hidden)),
        "others": len(hidden),
        "only_one": _render(hidden[0], link) if len(hidden) == len(shown) == 1 else "",
    }


def _render(shown: PersonShown, link: bool) -> SafeString:
    if link and shown.profile_id is not None:
        return format_html('<a href="{}">{}</a>', reverse_ids("accounts:profile_detail", shown.profile_id), shown.name)
    return conditional_escape(shown.name)
