"""Template helpers of notifications: ``{% load notifications_tags %}``.

``{% follow_button "project" project.pk %}`` renders the follow / unfollow form of an item
(one query for a signed-in member, none for a visitor, who is invited to sign in).
"""

from __future__ import annotations

from typing import Any

from django import template

from cairn.notifications.models import Follow

register = template.Library()


@register.inclusion_tag("notifications/_follow_button.html", takes_context=True)
def follow_button(context: template.Context, kind: str, target_id: int) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    following = False
    if user is not None and user.is_authenticated:
        following = Follow.objects.filter(user=user, target_kind=kind, target_id=target_id, muted=False).exists()
    return {
        "request": request,
        "user": user,
        "kind": kind,
        "target_id": target_id,
        "following": following,
        "csrf_token": context.get("csrf_token"),
    }
