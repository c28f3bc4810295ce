from __future__ import annotations

import datetime
import functools
import json
from collections.abc import Callable
from functools import wraps
from typing import Any

import rules
from allauth.account.decorators import reauthentication_required
from allauth.account.forms import SetPasswordForm, default_token_generator
from allauth.account.utils import url_str_to_user_pk
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import translate_url
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers
from rules.contrib.views import permission_required

from cairn.accounts import selectors, services
from cairn.accounts.forms import (
    VISIBILITY_HELP,
    ApiTokenForm,
    DeleteAccountForm,
    DirectoryFilterForm,
    MemberImportForm,
    PeopleSearchForm,
    ProfileForm,
)
from cairn.accounts.imports import ALIASES, COLUMNS, plan_member_import
from cairn.accounts.models import Language, Profile, User, listing_scope
from cairn.accounts.rules import is_member
from cairn.core.forms import add_service_errors
from cairn.core.http import HtmxHttpRequest, form_page, personal
from cairn.core.stamps import kept_access, kept_list, reader
from cairn.core.tabular import TabularError, read_table


class AuthenticatedHttpRequest(HtmxHttpRequest):
    """A request behind ``login_required``: ``user`` is a member account, never anonymous."""

    user: User  # type: ignore[assignment]


def member_permission_required(perm: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """``login_required`` and ``permission_required(perm, raise_exception=True)`` for what
    only the cooperative's members may do (``perm`` is built on ``rules.is_member``): a
    visitor is sent to sign in; a signed-in account that the register does not list yet is
    told so and what to do (``accounts/not_a_member.html``, 403), rather than a bare 403."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        @login_required
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.user.has_perm(perm):
                return view(request, *args, **kwargs)
            if not is_member(request.user):
                return render(request, "accounts/not_a_member.html", status=403)
            raise PermissionDenied

        return wrapped

    return decorator


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch language (a plain form, so it works without JavaScript) and remember it."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        next_url = "/"
    if language not in Language.values:
        return HttpResponseRedirect(next_url)
    response = HttpResponseRedirect(translate_url(next_url, language))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,  # type: ignore[arg-type]  # "Lax" in settings
    )
    if request.user.is_authenticated:
        services.user_set_language(user=request.user, language=language)
    return response


#: How long the directory's filters, count and cards are kept at most (what the people's
#: stamp does not see: a renamed office or sector, an account deactivated).
DIRECTORY_TTL = 300


@vary_on_headers("HX-Request")  # the same URL answers the page or, for htmx, its results partial
def directory(request: HtmxHttpRequest) -> HttpResponse:
    """The members' directory. What it lists depends on the viewer only through the
    visibilities they may see (``listing_scope``), so the template keeps its filters, count
    and cards (Django's ``{% cache %}``) per scope and address under the people's stamp: a
    profile edited, hidden or erased shows on the next request. The form and the page are
    built lazily, only when a block is rendered anew; a renamed office or sector, which the
    stamp does not see, shows within ``DIRECTORY_TTL`` seconds."""

    @functools.cache
    def listing() -> tuple[DirectoryFilterForm, Any]:
        form = DirectoryFilterForm(request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        profiles = selectors.profile_directory(
            viewer=request.user,
            q=filters.get("q", ""),
            country=filters.get("country", ""),
            office_id=filters["office"].pk if filters.get("office") else None,
            sector_id=filters["sector"].pk if filters.get("sector") else None,
        )
        return form, selectors.directory_paginator(profiles, viewer=request.user, filters=filters).get_page(request.GET)

    context = {
        "form": SimpleLazyObject(lambda: listing()[0]),
        "page_obj": SimpleLazyObject(lambda: listing()[1]),
        **kept_list(
            "directory",
            tuple(listing_scope(request.user)),
            bool(request.htmx),
            request.path,
            request.GET.urlencode(),
            ttl=DIRECTORY_TTL,
            stamps=[selectors.people_stamp],
        ),
    }
    template = "accounts/directory.html#results" if request.htmx else "accounts/directory.html"
    return render(request, template, context)


#: How long a profile's page is kept at most: what the people's stamp does not see (an
#: office or a sector renamed) shows within it.
PROFILE_PAGE_TTL = 60


def profile_detail(request: HttpRequest, profile_id: int) -> HttpResponse:
    """A member's profile. It is kept (Django's ``{% cache %}``) per profile and reader —
    every visitor alike — under the people's stamp, which every save of a profile moves,
    with who may see it (``kept_access``): a kept page reads nothing."""
    user = request.user

    @functools.cache
    def found() -> Profile | None:
        return selectors.profile_for_page(profile_id=profile_id)

    def decide() -> dict[str, Any]:
        profile = found()
        # A profile the viewer may not see is answered exactly like a missing one. The rule is
        # asked directly: ``user.has_perm`` lets superusers through, even to erased profiles.
        if profile is None or not rules.has_perm("accounts.view_profile", user, profile):
            raise Http404
        return {"display_name": profile.display_name}

    stamps = [selectors.people_stamp]
    seen = kept_access("profile-page", user, profile_id, ttl=PROFILE_PAGE_TTL, stamps=stamps, decide=decide)
    return render(
        request,
        "accounts/profile_detail.html",
        {
            **seen,
            "profile": SimpleLazyObject(found),
            **kept_list("profile-page", profile_id, reader(user), request.path, ttl=PROFILE_PAGE_TTL, stamps=stamps),
        },
    )


#: How long a member's own profile form is kept at most: what no stamp sees (an office or
#: a sector renamed, the frequent skills) shows within it.
PROFILE_FORM_TTL = 60


@personal
@login_required
def profile_edit(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The member's own profile form. Shown as it is (not sent back with errors), it is kept
    (Django's ``{% cache %}``) per person and roles and address under the people's stamp,
    which any save of a profile moves: it is read and built only when it changed. It posts
    with the reader's own CSRF token (``{% kept_csrf_token %}``)."""
    user = request.user
    if not hasattr(user, "profile"):
        # Accounts made with ``createsuperuser`` have no profile yet: give them one here.
        services.member_register(user=user, display_name=user.email.partition("@")[0], language=translation.get_language()[:2])

    @functools.cache
    def profile() -> Profile:
        found = selectors.profile_for_page(profile_id=user.profile.pk)
        if found is None:  # the profile row was just read or made; only a concurrent erasure gets here
            raise Http404
        return found

    if request.method == "POST":
        form = ProfileForm(request.POST, instance=profile())
        if form.is_valid():
            try:
                services.profile_update(
                    profile=profile(),
                    data=form.cleaned_data,
                    skill_names=form.cleaned_data["skills_text"],
                    interests=form.cleaned_data["interests"],
                    expected_updated_at=form.cleaned_data["version"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Votre profil est enregistré."))
                return redirect(translate_url(request.path, profile().language))
        return render(request, "accounts/profile_edit.html", _profile_form_context(form, user))
    context = _profile_form_context(SimpleLazyObject(lambda: ProfileForm(instance=profile())), user)
    context |= kept_list("profile-form", reader(user), request.path, ttl=PROFILE_FORM_TTL, stamps=[selectors.people_stamp])
    return render(request, "accounts/profile_edit.html", context)


def _profile_form_context(form: Any, user: Any) -> dict[str, Any]:
    return {
        "form": form,
        "profile_pk": user.profile.pk,
        "skill_suggestions": SimpleLazyObject(selectors.skill_suggestions),
        "visibility_help": VISIBILITY_HELP,
    }


@personal
@login_required
def privacy(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "accounts/privacy.html", {"delete_form": DeleteAccountForm()})


@personal
@login_required
@reauthentication_required
def export_data(request: AuthenticatedHttpRequest) -> HttpResponse:
    data = services.member_export_data(user=request.user)
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="cairn-mes-donnees-{stamp}.json"'
    return response


@personal
@login_required
@reauthentication_required
def delete_account(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.member_anonymise(user=request.user)
        logout(request)
        messages.success(request, _("Votre compte est supprimé. Vos contributions restent, sans votre nom."))
        return redirect("core:home")
    return render(request, "accounts/delete_account.html", {"form": form})


@login_required
@permission_required("accounts.import_members", raise_exception=True)
def import_members(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = MemberImportForm(request.POST or None, request.FILES or None)
    context: dict[str, object] = {"form": form, "columns": COLUMNS, "history": selectors.recent_member_imports()}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            table = read_table(upload.read(), upload.name, ALIASES, max_bytes=settings.CAIRN_MEMBER_IMPORT_MAX_BYTES)
        except TabularError as exc:
            form.add_error("file", str(exc))
            return render(request, "accounts/import_members.html", context, status=400)
        plan = plan_member_import(table)
        context["plan"] = plan
        if not plan.ok:
            return render(request, "accounts/import_members.html", context, status=400)
        if form.cleaned_data["dry_run"]:
            context["dry_run"] = True
            return render(request, "accounts/import_members.html", context)
        record = services.member_import(plan=plan, actor=request.user)
        messages.success(
            request,
            _(
                "Import terminé. Comptes créés : %(created)s ; comptes existants reconnus comme sociétaires : %(recognised)s ; profils mis à jour : %(updated)s ; lignes inchangées : %(unchanged)s. Les invitations partent en arrière-plan."
            )
            % {
                "created": record.created_count,
                "recognised": record.recognised_count,
                "updated": record.updated_count,
                "unchanged": record.unchanged_count,
            },
        )
        return redirect("accounts:import_members")
    return render(request, "accounts/import_members.html", context)


@personal
def accept_invitation(request: HttpRequest, uidb36: str, key: str) -> HttpResponse:
    try:
        user = selectors.invited_user(user_id=url_str_to_user_pk(uidb36))
    except (ValueError, OverflowError):
        user = None
    if user is None or not default_token_generator.check_token(user, key):
        return render(request, "accounts/invitation_invalid.html", status=400)
    form = SetPasswordForm(user=user, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.member_accept_invitation(user=user, password=form.cleaned_data["password1"])
        login(request, user, backend="cairn.accounts.backends.AuthenticationBackend")
        translation.activate(user.profile.language)
        messages.success(request, _("Bienvenue ! Votre mot de passe est enregistré ; complétez votre profil."))
        return redirect("accounts:profile")
    return render(request, "accounts/accept_invitation.html", {"form": form, "invited": user})


@personal
@login_required
@permission_required("accounts.manage_api_tokens", raise_exception=True)
def api_tokens(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The staff member's personal access tokens for the API: make one (its secret shown
    once, on this answer only), see when each was last used, revoke one."""
    form = ApiTokenForm(request.POST or None)
    secret = ""
    if request.method == "POST" and form.is_valid():
        expires_on = form.cleaned_data["expires_on"]
        expires_at = timezone.make_aware(datetime.datetime.combine(expires_on, datetime.time.max)) if expires_on else None
        try:
            _token, secret = services.api_token_create(
                user=request.user, name=form.cleaned_data["name"], scopes=form.cleaned_data["scopes"], expires_at=expires_at
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            form = ApiTokenForm()
    context = {"form": form, "secret": secret, "tokens": selectors.api_tokens_of(user=request.user)}
    return (
        form_page(request, "accounts/api_tokens.html", context)
        if request.method == "POST" and not secret
        else render(request, "accounts/api_tokens.html", context)
    )


@personal
@login_required
@require_POST
@permission_required("accounts.manage_api_tokens", raise_exception=True)
def api_token_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    token = selectors.own_api_token(user=request.user, pk=pk)
    if token is None:
        raise Http404
    if services.api_token_revoke(token=token, actor=request.user):
        messages.success(request, _("Le jeton « %(name)s » est révoqué.") % {"name": token.name})
    return redirect("accounts:api_tokens")


@login_required
@permission_required("accounts.search_people", raise_exception=True)
def people_search(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The people picker's matches as one types (htmx): people holding one of ``roles``
    whose name matches, among the profiles the viewer may see; name, office and role."""
    form = PeopleSearchForm(request.GET)
    if not form.is_valid():
        return HttpResponse(status=400)
    name, query = form.cleaned_data["field"], form.cleaned_data["query"]
    found = selectors.people_found(candidates=selectors.people_with_roles(form.cleaned_data["roles"]), viewer=request.user, query=query)
    context = {"found": found, "searched": bool(query.strip()), "name": name, "input_type": form.cleaned_data["type"]}
    return render(request, "accounts/widgets/_people_found.html", context)
