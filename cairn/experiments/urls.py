from django.urls import URLPattern, path

from cairn.experiments.views import calls, forming, groups, interests

app_name = "experiments"

urlpatterns: list[URLPattern] = [
    path("experimentations/", calls.call_list, name="list"),
    path("experimentations/mes-experimentations/", interests.mine, name="mine"),
    path("experimentations/animation/", groups.facilitator_home, name="facilitation"),
    path("experimentations/sujets/<int:topic_pk>/interet/", interests.expression_create, name="express"),
    path("experimentations/interets/<int:pk>/modifier/", interests.expression_edit, name="expression_edit"),
    path("experimentations/interets/<int:pk>/retirer/", interests.expression_withdraw, name="expression_withdraw"),
    path("experimentations/invitations/<int:pk>/accepter/", groups.invitation_answer, {"accept": True}, name="invitation_accept"),
    path("experimentations/invitations/<int:pk>/decliner/", groups.invitation_answer, {"accept": False}, name="invitation_decline"),
    # A group: its page, and its members' and facilitator's pages.
    path("experimentations/groupes/<int:pk>/", groups.group_detail, name="group"),
    path("experimentations/groupes/<int:pk>/charte/", groups.group_charter, name="group_charter"),
    path("experimentations/groupes/<int:pk>/etat/", groups.group_status, name="group_status"),
    path("experimentations/groupes/<int:pk>/reunions/", groups.group_meetings, name="group_meetings"),
    path("experimentations/groupes/<int:pk>/rencontre/", groups.group_meetup, name="group_meetup"),
    path("experimentations/groupes/<int:pk>/reunions/<int:event_pk>/", groups.meeting_record, name="meeting_record"),
    path("experimentations/groupes/<int:pk>/decisions/", groups.group_decision, name="group_decision"),
    path("experimentations/groupes/<int:pk>/carnet/", groups.group_log, name="group_log"),
    path("experimentations/groupes/<int:pk>/actions/", groups.group_action, name="group_action"),
    path("experimentations/groupes/<int:pk>/actions/<int:action_pk>/faite/", groups.action_done, name="action_done"),
    path("experimentations/groupes/<int:pk>/rejoindre/", groups.group_join, name="group_join"),
    path(
        "experimentations/groupes/<int:pk>/demandes/<int:placement_pk>/accepter/", groups.join_answer, {"accept": True}, name="join_accept"
    ),
    path(
        "experimentations/groupes/<int:pk>/demandes/<int:placement_pk>/refuser/", groups.join_answer, {"accept": False}, name="join_decline"
    ),
    path("experimentations/<slug:slug>/", calls.call_detail, name="call"),
    # The coordination team: prepare, plan and move the calls; form the groups.
    path("gestion/experimentations/nouvel-appel/", calls.call_create, name="create"),
    path("gestion/experimentations/<int:pk>/modifier/", calls.call_edit, name="edit"),
    path("gestion/experimentations/<int:pk>/sujets/", calls.call_topics, name="topics"),
    path("gestion/experimentations/sujets/<int:pk>/modifier/", calls.topic_edit, name="topic_edit"),
    path("gestion/experimentations/<int:pk>/ouvrir/", calls.call_move, {"move": "open"}, name="open"),
    path("gestion/experimentations/<int:pk>/clore/", calls.call_move, {"move": "close"}, name="close"),
    path("gestion/experimentations/<int:pk>/groupes-formes/", calls.call_move, {"move": "groups_formed"}, name="groups_formed"),
    path("gestion/experimentations/sujets/<int:topic_pk>/groupes/", forming.forming, name="forming"),
    path("gestion/experimentations/groupes/<int:pk>/animation/", forming.facilitator, name="facilitator"),
]
