from django.urls import URLPattern, path

from cairn.projects import views

app_name = "projects"

urlpatterns: list[URLPattern] = [
    path("projets/", views.project_list, name="list"),
    path("nos-recommandations/", views.our_recommendations, name="our_recommendations"),
    path("projets/a-realiser/", views.still_to_carry_out, name="still_to_carry_out"),
    path("projets/<int:pk>/", views.project_detail, name="detail"),
    path("projets/<int:pk>/pieces-jointes/<int:attachment_pk>/", views.attachment_download, name="attachment"),
    path("projets/<int:pk>/actualites/nouvelle/", views.post_update, name="post_update"),
    path("gestion/projets/nouveau/", views.project_create, name="create"),
    path("gestion/projets/demandes-d-actualite/", views.update_requests, name="requests"),
    path("gestion/projets/<int:pk>/modifier/", views.project_edit, name="edit"),
    path("gestion/projets/<int:pk>/recommandations/", views.project_recommendations, name="recommendations"),
    path("gestion/projets/<int:pk>/pieces-jointes/", views.project_attachments, name="attachments"),
    path("gestion/projets/<int:pk>/demander-une-actualite/", views.request_update, name="request_update"),
    path("gestion/projets/<int:pk>/evaluer/", views.project_assess, name="assess"),
    path("gestion/projets/<int:pk>/evaluer/<int:recommendation_pk>/", views.project_assess_recommendation, name="assess_recommendation"),
]
