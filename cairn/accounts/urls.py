from django.urls import path, re_path

from cairn.accounts import views

app_name = "accounts"

urlpatterns = [
    path("langue/", views.set_language, name="set_language"),
    path("membres/", views.directory, name="directory"),
    path("membres/<int:profile_id>/", views.profile_detail, name="profile_detail"),
    path("profil/", views.profile_edit, name="profile"),
    path("profil/jetons-api/", views.api_tokens, name="api_tokens"),
    path("profil/jetons-api/<int:pk>/revoquer/", views.api_token_revoke, name="api_token_revoke"),
    path("mes-donnees/", views.privacy, name="privacy"),
    path("mes-donnees/export/", views.export_data, name="export_data"),
    path("mes-donnees/supprimer/", views.delete_account, name="delete_account"),
    path("gestion/import-societaires/", views.import_members, name="import_members"),
    path("personnes/chercher/", views.people_search, name="people_search"),
    re_path(r"^invitation/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$", views.accept_invitation, name="accept_invitation"),
]
