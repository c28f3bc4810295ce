from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path, re_path

from cairn.core import views as core_views
from cairn.core.api import build_api
from cairn.stories import views as story_views

# The admin's own login form would skip allauth's limits on failed logins and the staff's
# TOTP step: its login page sends people to allauth's, like every other page.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns: list[URLPattern | URLResolver] = [
    path("", core_views.root, name="root"),
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    # The API (docs/api.md): outside the language prefix; the caller's Accept-Language
    # chooses the language of labels and problem details.
    path("api/v1/", build_api().urls),
    # [\s\S], not ".": an address holding a newline (%0A) is still the API's, never the site's HTML 404.
    re_path(r"^api/(?P<rest>[\s\S]*)\Z", core_views.api_not_found),
    # Stories' images, checked against the story's rule (outside MEDIA_ROOT: no proxy serves them).
    path(f"{settings.MEDIA_URL.strip('/')}/stories/<path:name>", story_views.story_media, name="story_media"),
]

urlpatterns += i18n_patterns(
    path("", include("cairn.core.urls")),
    path("", include("cairn.accounts.urls")),
    path("", include("cairn.recommendations.urls")),
    path("", include("cairn.stories.urls")),
    path("", include("cairn.events.urls")),
    path("", include("cairn.inbox.urls")),
    path("", include("cairn.hackathons.urls")),
    path("", include("cairn.experiments.urls")),
    path("", include("cairn.reports.urls")),
    path("", include("cairn.projects.urls")),
    path("", include("cairn.notifications.urls")),
    path("compte/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "cairn.core.views.bad_request"
handler500 = "cairn.core.views.server_error"
