from django.urls import URLPattern, path

from cairn.notifications import views

app_name = "notifications"

urlpatterns: list[URLPattern] = [
    path("notifications/", views.centre, name="centre"),
    path("notifications/non-lues/", views.unread_badge, name="unread"),
    path("notifications/tout-lu/", views.mark_read, name="mark_read"),
    path("notifications/suivis/", views.follows, name="follows"),
    path("notifications/suivre/", views.follow, name="follow"),
    path("notifications/desabonnement/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
