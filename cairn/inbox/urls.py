from django.urls import URLPattern, path

from cairn.inbox.views import asking, faq, saved, triage

app_name = "inbox"

urlpatterns: list[URLPattern] = [
    path("questions/", asking.ask, name="ask"),
    path("questions/envoyee/", asking.sent, name="sent"),
    path("questions/frequentes/", faq.faq, name="faq"),
    path("questions/confirmer/<str:token>/", asking.confirm, name="confirm"),
    path("questions/mes-questions/", asking.mine, name="mine"),
    path("questions/mes-questions/<str:reference>/", asking.mine_detail, name="mine_detail"),
    path("questions/mes-questions/<str:reference>/pieces-jointes/<int:pk>/", asking.own_attachment, name="own_attachment"),
    # The coordination team's inbox.
    path("gestion/questions/", triage.inbox, name="inbox"),
    path("gestion/questions/chiffres/", triage.figures, name="figures"),
    path("gestion/questions/chiffres.csv", triage.figures_csv, name="figures_csv"),
    path("gestion/questions/classes-a-part/", triage.filed, name="filed"),
    path("gestion/questions/frequentes/<int:pk>/", faq.faq_edit, name="faq_edit"),
    path("gestion/questions/reponses-types/", saved.saved_answers, name="saved_answers"),
    path("gestion/questions/reponses-types/nouvelle/", saved.saved_answer_create, name="saved_answer_create"),
    path("gestion/questions/reponses-types/<int:pk>/", saved.saved_answer_edit, name="saved_answer_edit"),
    path("gestion/questions/reponses-types/<int:pk>/supprimer/", saved.saved_answer_delete, name="saved_answer_delete"),
    path("gestion/questions/<str:reference>/", triage.conversation, name="conversation"),
    path("gestion/questions/<str:reference>/<str:action>/", triage.act, name="act"),
    path("gestion/questions/<str:reference>/pieces-jointes/<int:pk>/", triage.attachment, name="attachment"),
]
