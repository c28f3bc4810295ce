from django.urls import URLPattern, path, re_path

from cairn.reports import views

app_name = "reports"

urlpatterns: list[URLPattern] = [
    path("etat-des-lieux/", views.dashboard, name="dashboard"),
    path("etat-des-lieux/donnees-ouvertes/", views.open_data, name="open_data"),
    re_path(
        r"^etat-des-lieux/donnees-ouvertes/(?P<filename>chiffres\.(?:json|csv|xlsx)|recommandations\.csv|datapackage\.json)$",
        views.download,
        name="download",
    ),
    path("etat-des-lieux/editions/", views.edition_list, name="editions"),
    path("etat-des-lieux/editions/comparer/", views.edition_compare, name="compare"),
    path("etat-des-lieux/editions/<slug:slug>/", views.edition_detail, name="edition"),
    path("etat-des-lieux/pdf/", views.pdf_page, name="pdf"),
    path("etat-des-lieux/pdf/<int:pk>/telecharger/", views.pdf_download, name="pdf_download"),
    path("etat-des-lieux/editions/<slug:slug>/pdf/", views.pdf_page, name="edition_pdf"),
    # Staff: the analyses by broad theme and the publication of an edition.
    path("gestion/etat-des-lieux/", views.manage, name="manage"),
    path("gestion/etat-des-lieux/analyses/<slug:slug>/", views.analysis_edit, name="analysis_edit"),
]
