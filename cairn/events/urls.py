from django.urls import URLPattern, path

from cairn.events import views

app_name = "events"

urlpatterns: list[URLPattern] = [
    # Finding events: agenda, month calendar, the member's own, iCalendar feeds.
    path("evenements/", views.agenda, name="agenda"),
    path("evenements/calendrier/", views.month_calendar, name="calendar"),
    path("evenements/agenda.ics", views.agenda_feed, name="feed"),
    path("evenements/mes-evenements/", views.my_events, name="mine"),
    path("evenements/mon-agenda/reinitialiser/", views.private_feed_reset, name="private_feed_reset"),
    path("evenements/mon-agenda/<str:token>.ics", views.private_feed, name="private_feed"),
    path("evenements/desinscription/<str:token>/", views.cancel_by_link, name="cancel_by_link"),
    # One event: its page and the member's registration.
    path("evenements/<int:pk>/", views.event_detail, name="detail"),
    path("evenements/<int:pk>/inscription/", views.register, name="register"),
    path("evenements/<int:pk>/desinscription/", views.unregister, name="unregister"),
    path("evenements/<int:pk>/avis/", views.feedback, name="feedback"),
    # Series.
    path("evenements/series/<int:pk>/", views.series_detail, name="series"),
    path("evenements/series/<int:pk>/agenda.ics", views.series_feed, name="series_feed"),
    # Organisers and the coordination team.
    path("evenements/nouveau/", views.event_create, name="create"),
    path("evenements/series/nouvelle/", views.series_create, name="series_create"),
    path("evenements/series/<int:pk>/modifier/", views.series_edit, name="series_edit"),
    path("evenements/<int:pk>/modifier/", views.event_edit, name="edit"),
    path("evenements/<int:pk>/annuler/", views.event_cancel, name="cancel"),
    path("evenements/<int:pk>/inscrits/", views.attendee_list, name="attendees"),
    path("evenements/<int:pk>/inscrits/export.<str:fmt>", views.attendee_export, name="attendees_export"),
    path("evenements/<int:pk>/inscrits/<int:registration_pk>/<str:decision>/", views.registration_decide, name="decide"),
    path("evenements/<int:pk>/message/", views.message_registrants, name="message"),
    path("evenements/<int:pk>/presences/", views.check_in, name="check_in"),
    path("evenements/<int:pk>/presences/<int:registration_pk>/", views.check_in_mark, name="check_in_mark"),
    path("evenements/<int:pk>/avis-recus/", views.feedback_results, name="feedback_results"),
]
