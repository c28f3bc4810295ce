from django.urls import URLPattern, path, re_path

from cairn.reports import views

app_name = "reports"

urlpatterns: list[URLPattern] = [
    path("etat-des-lieux/", views.dashboard, name="dashboard"),
    path("etat-des-lieux/donnees-ouvertes/", views.open_data, name="open_data"),
    re_path(
        r"^etat-des-lieux/donnees-ouvertes/(?P<filename>chiffres\.(?:json|csv|xlsx)|recommandations\.csv)$", views.download, name="download"
    ),
]
