"""Stories' pages: thin functions — parse, authorise, call a service or selector, render."""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from functools import partial
from typing import Any

import rules
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers
from rules.contrib.views import permission_required

from cairn.accounts.models import Language
from cairn.accounts.selectors import people_stamp
from cairn.accounts.views import AuthenticatedHttpRequest
from cairn.core.forms import add_service_errors
from cairn.core.http import HtmxHttpRequest
from cairn.core.sections import sections_stamp
from cairn.core.stamps import built_lazily, for_visitors, kept_list
from cairn.stories import selectors, services
from cairn.stories.forms import StoryFilterForm, StoryForm, StoryImageForm
from cairn.stories.models import STATE_TONES, Story, StoryState, story_storage

STAFF_PAGE_SIZE = 30
#: How long the list's filters and cards are kept: the published stories' stamp makes a
#: publication show at once; this bounds what it does not see (a renamed category or series).
LIST_CACHE_TTL = 300
#: How the story's journal names each audited action (services.py).
ACTION_LABELS = {
    "create": gettext_lazy("créé"),
    "update": gettext_lazy("modifié"),
    "image_add": gettext_lazy("image ajoutée"),
    "submit": gettext_lazy("soumis en relecture"),
    "return": gettext_lazy("renvoyé en brouillon"),
    "publish": gettext_lazy("publié"),
    "unpublish": gettext_lazy("dépublié"),
    "author_erased": gettext_lazy("auteur·rice effacé·e à sa demande"),
}
#: og:locale of each language (the cooperative works in Belgium and France; Belgium first).
OG_LOCALES = {"fr": "fr_BE", "nl": "nl_BE", "en": "en_GB"}
LANGUAGE_LABELS = dict(Language.choices)


def absolute(path: str) -> str:
    """An absolute address on the configured site (feeds and OpenGraph need them; the Host
    header is not trusted for that). An address that already is absolute (media on an
    S3-compatible storage) is kept."""
    if path.startswith(("https://", "http://")):
        return path
    return f"{settings.SITE_URL}{path}"


def story_path(slug: str, language: str) -> str:
    with translation.override(language):
        return reverse("stories:detail", args=[slug])


# --- Public pages -----------------------------------------------------------------------


@vary_on_headers("HX-Request")  # the same URL answers the page or, for htmx, its results partial
def story_list(request: HtmxHttpRequest) -> HttpResponse:
    """The filters and the list are the same for every reader (published stories only), so
    the template keeps both (Django's ``{% cache %}``) under the language, the address and
    the published stories' stamp; the form and the page are built lazily, only when a block
    is rendered anew. A renamed category or series, which the stamp does not see, shows
    within ``LIST_CACHE_TTL`` seconds."""

    def listing() -> tuple[StoryFilterForm, Any]:
        form = StoryFilterForm(request.GET or None, years=selectors.publication_years())
        filters = selectors.StoryFilters(**form.valid_values())
        return form, selectors.story_list_page(viewer=request.user, filters=filters, page=request.GET.get("page"))

    context = {
        **built_lazily(listing, "form", "page_obj"),
        **kept_list("stories-list", request.path, request.GET.urlencode(), ttl=LIST_CACHE_TTL, stamps=[selectors.published_stamp]),
        "state_tones": STATE_TONES,
    }
    template = "stories/list.html#results" if request.htmx else "stories/list.html"
    return render(request, template, context)


#: How long a visitor's story page is kept at most: what no stamp sees (a renamed series or
#: category) shows within it.
STORY_PAGE_TTL = 300


def _story_context(page: selectors.StoryPage) -> dict[str, Any]:
    story = page.story
    alternates = [{"code": code, "label": LANGUAGE_LABELS[code], "url": story_path(story.slug, code)} for code in page.languages]
    return {
        "page": page,
        "story": story,
        "version": page.reading,
        "alternates": alternates,
        "other_versions": [a for a in alternates if a["code"] != page.reading.language],
        "canonical_url": absolute(story_path(story.slug, page.reading.language)),
        "absolute_alternates": [{**a, "url": absolute(a["url"])} for a in alternates],
        "og_image": absolute(story.cover_image.url) if story.cover_image else "",
        "og_locale": OG_LOCALES[page.reading.language],
        "og_locale_alternates": [OG_LOCALES[code] for code in page.languages if code != page.reading.language],
        "reading_language_label": LANGUAGE_LABELS[page.reading.language],
        "state_tones": STATE_TONES,
    }


def _story_page_stamps() -> list[Callable[[], Any]]:
    """What a visitor's story page is made of: the published stories and their versions, how
    their authors are named, the recommendations and projects it links (with their titles
    and statuses) and the sections other apps add (each names its stamp)."""
    from cairn.projects.stamps import projects_stamp
    from cairn.recommendations.selectors.registry import registry_stamp

    return [selectors.published_stamp, people_stamp, registry_stamp, projects_stamp, partial(sections_stamp, "story_page_sections")]


def story_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A story's page. Every visitor reads the same published story, so what the page shows
    is kept (``cairn.core.stamps.for_visitors``) per language and story under the stamps of all it
    shows — None for a story a visitor may not read: 404 — and rendered from the kept
    values. The coordination team (drafts, the link to edit) and members (their follow
    button) get it built for them."""
    language = (translation.get_language() or "fr")[:2]

    def build() -> dict[str, Any] | None:
        page = selectors.story_page(viewer=request.user, slug=slug, language=language)
        if page is None:
            return None
        return {**_story_context(page), "can_change": rules.has_perm("stories.change_story", request.user, page.story)}

    context = for_visitors(request, "story-page", slug, ttl=STORY_PAGE_TTL, stamps=_story_page_stamps(), compute=build)
    if context is None:  # missing, or unpublished and the viewer is not staff: the same answer
        raise Http404
    return render(request, "stories/detail.html", context)


# --- Staff pages (gestion/recits/…) ----------------------------------------------------


def _staff_story(request: AuthenticatedHttpRequest, pk: int) -> Story:
    story = selectors.story_for_staff(viewer=request.user, pk=pk)
    if story is None:
        raise Http404
    return story


@login_required
@permission_required("stories.write", raise_exception=True)
def staff_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every story, drafts and stories in review first by their last change, with the way to write a new one."""
    state = request.GET.get("state", "")
    if state not in StoryState.values:
        state = ""
    page = Paginator(selectors.stories_for_staff(state=state), STAFF_PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.attach_reading(list(page.object_list), (translation.get_language() or "fr")[:2])
    return render(
        request,
        "stories/staff_list.html",
        {"page_obj": page, "state": state, "states": StoryState.choices, "state_tones": STATE_TONES},
    )


@login_required
@permission_required("stories.write", raise_exception=True)
def story_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = StoryForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            story = services.story_create(actor=request.user, **form.service_data())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Le brouillon est enregistré. Ajoutez des images si besoin, puis soumettez-le en relecture."))
            return redirect("stories:edit", pk=story.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "stories/edit.html", {"form": form, "story": None}, status=status)


@login_required
@permission_required("stories.write", raise_exception=True)
def story_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Edit a story's texts and links, upload images for its body, and move it along the workflow."""
    story = _staff_story(request, pk)
    may_change = rules.has_perm("stories.change_story", request.user, story)
    form = StoryForm(request.POST or None, request.FILES or None, story=story, user=request.user)
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied
        if form.is_valid():
            try:
                story = services.story_update(
                    actor=request.user, story=story, expected_updated_at=form.cleaned_data["version"], **form.service_data()
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Le récit est enregistré."))
                return redirect("stories:edit", pk=story.pk)
    return _edit_page(request, story, form=form, status=400 if request.method == "POST" else 200)


def _edit_page(
    request: AuthenticatedHttpRequest,
    story: Story,
    *,
    form: StoryForm | None = None,
    image_form: StoryImageForm | None = None,
    status: int = 200,
) -> HttpResponse:
    history = selectors.story_history(story)
    for entry in history:
        entry.label = ACTION_LABELS.get(entry.action, entry.action)  # type: ignore[attr-defined]
    context = {
        "story": story,
        "form": form or StoryForm(story=story, user=request.user),
        "image_form": image_form or StoryImageForm(),
        "images": list(story.images.all()),
        "history": history,
        "may_change": rules.has_perm("stories.change_story", request.user, story),
        "may_publish": rules.has_perm("stories.publish", request.user),
        "state_tones": STATE_TONES,
        "public_url": reverse("stories:detail", args=[story.slug]),
    }
    return render(request, "stories/edit.html", context, status=status)


@require_POST
@login_required
@permission_required("stories.write", raise_exception=True)
def story_image_upload(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    story = _staff_story(request, pk)
    if not rules.has_perm("stories.change_story", request.user, story):
        raise PermissionDenied
    image_form = StoryImageForm(request.POST, request.FILES)
    if image_form.is_valid():
        services.story_image_add(
            actor=request.user, story=story, image=image_form.cleaned_data["image"], alt=image_form.cleaned_data["alt"]
        )
        messages.success(request, _("L’image est enregistrée : copiez son code Markdown dans le texte."))
        return redirect(reverse("stories:edit", args=[story.pk]) + "#images")
    return _edit_page(request, story, image_form=image_form, status=400)


#: The workflow's moves (``urls.py`` names one per address): who may make it, the service
#: that makes it, and what the page then says.
MOVES: dict[str, tuple[str, Any, Any]] = {
    "submit": ("stories.write", services.story_submit, gettext_lazy("Le récit est soumis en relecture.")),
    "return": ("stories.publish", services.story_return, gettext_lazy("Le récit est renvoyé en brouillon.")),
    "publish": ("stories.publish", services.story_publish, gettext_lazy("Le récit est publié.")),
    "unpublish": (
        "stories.publish",
        services.story_unpublish,
        gettext_lazy("Le récit est dépublié : il n’est plus visible que de l’équipe."),
    ),
}


@require_POST
@login_required
def story_move(request: AuthenticatedHttpRequest, pk: int, move: str) -> HttpResponse:
    """Move a story along its workflow; a story another move got to first is left as it is."""
    permission, apply, done = MOVES[move]
    if not request.user.has_perm(permission):
        raise PermissionDenied
    story = _staff_story(request, pk)
    try:
        apply(actor=request.user, story=story)
    except services.TransitionRefused:
        messages.info(request, _("Ce récit a déjà changé d’état : rien n’a été fait."))
    else:
        messages.success(request, done)
    return redirect("stories:edit", pk=story.pk)


# --- Images (/media/stories/…) ----------------------------------------------------------

#: How long a browser or a proxy may keep a published story's image without asking again:
#: after an unpublication, at most this long.
PUBLISHED_MEDIA_MAX_AGE = 300


def story_media(request: HttpRequest, name: str) -> FileResponse:
    """A story's cover or body image, for whoever may see the story; 404 otherwise, like
    the story itself (an unpublished story's images are not public)."""
    name = f"stories/{name}"
    if ".." in name.split("/") or "\x00" in name:
        raise Http404
    story = selectors.story_of_media(viewer=request.user, name=name)
    if story is None:
        raise Http404
    try:
        handle = story_storage().open(name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=mimetypes.guess_type(name)[0] or "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    if story.is_published:
        patch_cache_control(response, public=True, max_age=PUBLISHED_MEDIA_MAX_AGE)
    else:
        add_never_cache_headers(response)
    return response
