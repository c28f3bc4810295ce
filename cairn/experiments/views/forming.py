"""The coordination team forms a topic's groups: creates them, places people (or takes
Cairn's proposal), adjusts by hand, assigns facilitators, and sends the invitations."""

from __future__ import annotations

import functools
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from rules.contrib.views import permission_required

from cairn.accounts.views import AuthenticatedHttpRequest
from cairn.core.forms import add_service_errors
from cairn.core.http import form_page
from cairn.core.stamps import kept_access, kept_list, reader
from cairn.experiments import selectors
from cairn.experiments.forms import FacilitatorSearchForm, GroupCreateForm
from cairn.experiments.services import groups as services
from cairn.experiments.tasks import propose_groups


def _number(request: AuthenticatedHttpRequest, name: str) -> int:
    """A posted id; a forged or missing one answers 404, like a missing object."""
    value = request.POST.get(name, "")
    if not value.isdigit():
        raise Http404
    return int(value)


@login_required
@permission_required("experiments.manage", raise_exception=True)
def forming(request: AuthenticatedHttpRequest, topic_pk: int) -> HttpResponse:
    if request.method != "POST":
        return _forming_kept(request, topic_pk)
    page = selectors.forming_page(pk=topic_pk)
    if page is None:
        raise Http404
    topic = page.topic
    form = GroupCreateForm(request.POST if request.POST.get("do") == "create" else None)
    if request.method == "POST":
        do = request.POST.get("do", "")
        try:
            if do == "create":
                if form.is_valid():
                    created = services.group_create(actor=request.user, topic=topic, **form.cleaned_data)
                    messages.success(request, _("Le groupe « %(name)s » est créé.") % {"name": created.name})
                    return redirect("experiments:forming", topic_pk=topic.pk)
            elif do == "place":
                expression = next((e for e in page.unplaced if e.pk == _number(request, "expression")), None)
                group = next((g for g in page.groups if g.pk == _number(request, "group")), None)
                if expression is None or group is None:
                    raise Http404
                services.placement_add(
                    actor=request.user, group=group, user=expression.user, reason=_("Placé·e à la main par l’équipe de coordination.")
                )
                messages.success(request, _("La place est proposée."))
                return redirect("experiments:forming", topic_pk=topic.pk)
            elif do in ("move", "remove"):
                placement = selectors.topic_placement(topic=topic, pk=_number(request, "placement"))
                if placement is None:
                    raise Http404
                if do == "move":
                    target = next((g for g in page.groups if g.pk == _number(request, "group")), None)
                    if target is None:
                        raise Http404
                    services.placement_move(actor=request.user, placement=placement, group=target)
                else:
                    services.placement_remove(actor=request.user, placement=placement)
                messages.success(request, _("Les groupes sont modifiés."))
                return redirect("experiments:forming", topic_pk=topic.pk)
            elif do == "propose":
                if page.groups:
                    raise ValidationError(_("Ce sujet a déjà des groupes : ajustez-les à la main."))
                transaction.on_commit(lambda: propose_groups.enqueue(topic_id=topic.pk, actor_id=request.user.pk))
                messages.success(request, _("Cairn prépare sa proposition de groupes : rechargez cette page dans quelques instants."))
                return redirect("experiments:forming", topic_pk=topic.pk)
            elif do == "invite":
                sent = services.topic_invite(actor=request.user, topic=topic)
                messages.success(request, _("%(n)s invitations envoyées.") % {"n": sent})
                return redirect("experiments:forming", topic_pk=topic.pk)
            else:
                raise Http404
        except ValidationError as error:
            if do == "create":
                add_service_errors(form, error)
            else:
                messages.error(request, " ".join(error.messages))
                return redirect("experiments:forming", topic_pk=topic.pk)
    return form_page(request, "experiments/forming.html", {"page": page, "topic": topic, "call": topic.call, "form": form})


#: How long the forming board is kept at most: what no stamp sees (a topic's text edited,
#: an office renamed) shows within it.
FORMING_TTL = 60


def _forming_stamps() -> list[Any]:
    """What the forming board shows: the call and its topics, the groups, the expressions of
    interest and the places (with their reasons), and how people are named."""
    from cairn.accounts.selectors import people_stamp
    from cairn.experiments.stamps import calls_stamp, interest_stamp
    from cairn.experiments.state_of_play import groups_stamp

    return [calls_stamp, groups_stamp, interest_stamp, people_stamp]


def _forming_kept(request: AuthenticatedHttpRequest, topic_pk: int) -> HttpResponse:
    """The board as it stands (a GET): kept (Django's ``{% cache %}``) per topic, person and
    roles under ``_forming_stamps``, with the topic's heading, so that a kept board reads
    nothing; its forms post with the reader's own CSRF token (``{% kept_csrf_token %}``).
    A topic that does not exist is kept as such (``kept_access``): 404 until one is created."""
    stamps = _forming_stamps()

    @functools.cache
    def page() -> Any:
        return selectors.forming_page(pk=topic_pk)

    def heading() -> dict[str, Any]:
        found = page()
        if found is None:
            raise Http404
        return {"topic_title": found.topic.title}

    seen = kept_access("experiment-forming", request.user, topic_pk, ttl=FORMING_TTL, stamps=stamps, decide=heading)
    context = {
        **seen,
        "page": SimpleLazyObject(page),
        "topic": SimpleLazyObject(lambda: page().topic),
        "call": SimpleLazyObject(lambda: page().topic.call),
        "form": SimpleLazyObject(lambda: GroupCreateForm(None)),
        **kept_list("experiment-forming", topic_pk, reader(request.user), request.path, ttl=FORMING_TTL, stamps=stamps),
    }
    return render(request, "experiments/forming.html", context)


@login_required
@permission_required("experiments.manage", raise_exception=True)
def facilitator(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Find a facilitator by name and assign them to the group."""
    group = selectors.managed_group(pk=pk)
    if group is None:
        raise Http404
    if request.method == "POST":
        chosen = next((u for u in selectors.facilitator_search(query=request.POST.get("q", "")) if u.pk == _number(request, "user")), None)
        if chosen is None:
            messages.error(request, _("Choisissez une personne parmi les résultats de la recherche."))
            return redirect("experiments:facilitator", pk=group.pk)
        try:
            services.facilitator_assign(actor=request.user, group=group, user=chosen)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("experiments:facilitator", pk=group.pk)
        messages.success(request, _("L’animation du groupe est confiée."))
        return redirect("experiments:forming", topic_pk=group.topic_id)
    form = FacilitatorSearchForm(request.GET or None)
    results = selectors.facilitator_search(query=form.cleaned_data["q"]) if form.is_valid() else []
    return form_page(request, "experiments/facilitator_assign.html", {"group": group, "form": form, "results": results})
