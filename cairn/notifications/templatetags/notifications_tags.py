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
def follow_button(context: template.Context, kind: str, target_id: int, label: str = "") -> dict[str, Any]:
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
        "label": label,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("notifications/_unread_loader.html", takes_context=True)
def unread_count_loader(context: template.Context) -> dict[str, Any]:
    """An empty element htmx fills with the unread count after the page loads, so that no
    page pays a query for it. Left out on the pages a staff member without TOTP is confined
    to: there the request would be redirected to the TOTP set-up, and the warning it adds
    would be consumed by that background request instead of the page."""
    from cairn.accounts.middleware import ALLOWED_URL_NAMES

    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    return {"load": getattr(match, "url_name", None) not in ALLOWED_URL_NAMES}
