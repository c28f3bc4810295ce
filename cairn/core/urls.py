from django.urls import path

from cairn.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("processus/", views.about, name="about"),
    path("composants/", views.components, name="components"),
    path("api/", views.api_docs, name="api_docs"),
]
