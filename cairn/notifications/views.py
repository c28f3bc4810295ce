"""The notification centre, following, preferences and one-click unsubscribe."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from cairn.accounts.views import AuthenticatedHttpRequest
from cairn.core.http import form_page, personal
from cairn.core.stamps import built_lazily, kept_list, reader
from cairn.notifications import selectors, services
from cairn.notifications.forms import FollowForm, PreferenceForm
from cairn.notifications.registry import followables

PAGE_SIZE = 30
#: How long a member's notification centre is kept at most: what their notifications'
#: version does not see (a subject renamed) shows within it.
CENTRE_TTL = 60


@personal
@login_required
@permission_required("notifications.view_own", raise_exception=True)
def centre(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The member's notifications, newest first; opening the page does not mark them read
    (the member does, for all at once). The list is kept (Django's ``{% cache %}``) per
    person, page and language under what changes it: the member's own notifications (their
    number, latest and unread, one query on their index) — a notification arriving or read
    shows on the next request; a subject renamed shows within ``CENTRE_TTL``. Its form
    posts with the reader's own CSRF token (``{% kept_csrf_token %}``)."""
    user = request.user

    def listing() -> tuple[Any, list[Any]]:
        page = Paginator(selectors.notifications_of(user), PAGE_SIZE).get_page(request.GET.get("page"))
        return page, selectors.notifications_shown(list(page.object_list))

    return render(
        request,
        "notifications/centre.html",
        {
            **built_lazily(listing, "page_obj", "shown"),
            **kept_list(
                "notification-centre",
                reader(user),
                request.path,
                request.GET.get("page", ""),
                selectors.notifications_version(user),
                ttl=CENTRE_TTL,
            ),
        },
    )


@login_required
def unread_badge(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The header's unread count, loaded by htmx so that no page pays for it."""
    return render(request, "notifications/_unread.html", {"unread": selectors.unread_count(request.user)})


@require_POST
@login_required
def mark_read(request: AuthenticatedHttpRequest) -> HttpResponse:
    count = services.notifications_mark_read(user=request.user)
    if count:
        messages.success(request, _("Toutes vos notifications sont marquées comme lues."))
    return redirect("notifications:centre")


@require_POST
@login_required
@permission_required("notifications.follow", raise_exception=True)
def follow(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = FollowForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Cet élément ne peut pas être suivi."))
        return redirect("notifications:follows")
    kind, target_id = form.cleaned_data["kind"], form.cleaned_data["target"]
    titles = followables()[kind].titles([target_id])  # only what exists and may be seen
    if target_id not in titles:
        raise Http404
    if form.cleaned_data["action"] == "follow":
        services.follow(user=request.user, kind=kind, target_id=target_id)
        messages.success(request, _("Vous suivez « %(title)s ».") % {"title": titles[target_id][0]})
    else:
        services.unfollow(user=request.user, kind=kind, target_id=target_id)
        messages.success(request, _("Vous ne suivez plus « %(title)s ».") % {"title": titles[target_id][0]})
    next_url = form.cleaned_data.get("next") or ""
    if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(next_url)
    return redirect("notifications:follows")


@personal
@login_required
@permission_required("notifications.follow", raise_exception=True)
def follows(request: AuthenticatedHttpRequest) -> HttpResponse:
    """What the member follows, and how often they want e-mails."""
    form = PreferenceForm(request.POST or None, initial={"frequency": services.frequency_of(request.user)})
    if request.method == "POST" and form.is_valid():
        services.preference_set(user=request.user, frequency=form.cleaned_data["frequency"])
        messages.success(request, _("Vos préférences sont enregistrées."))
        return redirect("notifications:follows")
    return form_page(request, "notifications/follows.html", {"follows": selectors.follows_shown(request.user), "form": form})


@personal
@csrf_exempt  # the signed token is the credential; mail clients POST without a form (RFC 8058)
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """One click from an e-mail, without signing in: the signed token says who and what.
    A GET shows the button (mail scanners follow links); the POST unsubscribes. Mail
    clients' one-click unsubscribe (RFC 8058) POSTs directly."""
    try:
        data = services.read_unsubscribe_token(token)
    except services.ExpiredUnsubscribeToken:
        return render(
            request, "notifications/unsubscribe.html", {"expired": True, "days": settings.CAIRN_UNSUBSCRIBE_LINK_DAYS}, status=410
        )
    if data is None:
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=400)
    done = False
    if request.method == "POST":
        done = services.unsubscribe(token_data=data) is not None
    title = ""
    followable = followables().get(data.get("k", ""))
    if followable is not None:
        title = followable.titles([int(data["t"])]).get(int(data["t"]), ("", ""))[0]
    return render(request, "notifications/unsubscribe.html", {"data": data, "done": done, "title": title, "token": token})
