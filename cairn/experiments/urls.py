from django.urls import URLPattern, path

from cairn.experiments.views import calls, interests

app_name = "experiments"

urlpatterns: list[URLPattern] = [
    path("experimentations/", calls.call_list, name="list"),
    path("experimentations/mes-experimentations/", interests.mine, name="mine"),
    path("experimentations/sujets/<int:topic_pk>/interet/", interests.expression_create, name="express"),
    path("experimentations/interets/<int:pk>/modifier/", interests.expression_edit, name="expression_edit"),
    path("experimentations/interets/<int:pk>/retirer/", interests.expression_withdraw, name="expression_withdraw"),
    path("experimentations/<slug:slug>/", calls.call_detail, name="call"),
    # The coordination team: prepare, plan and move the calls.
    path("gestion/experimentations/nouvel-appel/", calls.call_create, name="create"),
    path("gestion/experimentations/<int:pk>/modifier/", calls.call_edit, name="edit"),
    path("gestion/experimentations/<int:pk>/sujets/", calls.call_topics, name="topics"),
    path("gestion/experimentations/<int:pk>/ouvrir/", calls.call_move, {"move": "open"}, name="open"),
    path("gestion/experimentations/<int:pk>/clore/", calls.call_move, {"move": "close"}, name="close"),
    path("gestion/experimentations/<int:pk>/groupes-formes/", calls.call_move, {"move": "groups_formed"}, name="groups_formed"),
]
