from django.urls import URLPattern, path

from cairn.events.views import agenda, editing, feeds, organisers, pages, registrations

app_name = "events"

urlpatterns: list[URLPattern] = [
    # Finding events: agenda, month calendar, the member's own, iCalendar feeds.
    path("evenements/", agenda.agenda, name="agenda"),
    path("evenements/calendrier/", agenda.month_calendar, name="calendar"),
    path("evenements/agenda.ics", feeds.agenda_feed, name="feed"),
    path("evenements/mes-evenements/", agenda.my_events, name="mine"),
    path("evenements/mon-agenda/reinitialiser/", feeds.private_feed_reset, name="private_feed_reset"),
    path("evenements/mon-agenda/<str:token>.ics", feeds.private_feed, name="private_feed"),
    path("evenements/desinscription/<str:token>/", registrations.cancel_by_link, name="cancel_by_link"),
    # One event: its page and the member's registration.
    path("evenements/<int:pk>/", pages.event_detail, name="detail"),
    path("evenements/<int:pk>/inscription/", registrations.register, name="register"),
    path("evenements/<int:pk>/desinscription/", registrations.unregister, name="unregister"),
    path("evenements/<int:pk>/avis/", registrations.feedback, name="feedback"),
    # Series.
    path("evenements/series/<int:pk>/", pages.series_detail, name="series"),
    path("evenements/series/<int:pk>/agenda.ics", feeds.series_feed, name="series_feed"),
    # Organisers and the coordination team.
    path("evenements/nouveau/", editing.event_create, name="create"),
    path("evenements/series/nouvelle/", editing.series_create, name="series_create"),
    path("evenements/series/<int:pk>/modifier/", editing.series_edit, name="series_edit"),
    path("evenements/<int:pk>/modifier/", editing.event_edit, name="edit"),
    path("evenements/<int:pk>/annuler/", editing.event_cancel, name="cancel"),
    path("evenements/<int:pk>/inscrits/", organisers.attendee_list, name="attendees"),
    path("evenements/<int:pk>/inscrits/export.<str:fmt>", organisers.attendee_export, name="attendees_export"),
    path("evenements/<int:pk>/inscrits/<int:registration_pk>/<str:decision>/", organisers.registration_decide, name="decide"),
    path("evenements/<int:pk>/message/", organisers.message_registrants, name="message"),
    path("evenements/<int:pk>/presences/", organisers.check_in, name="check_in"),
    path("evenements/<int:pk>/presences/<int:registration_pk>/", organisers.check_in_mark, name="check_in_mark"),
    path("evenements/<int:pk>/avis-recus/", organisers.feedback_results, name="feedback_results"),
]
