from django.urls import path  # noqa: F401 — routes arrive with the registry's pages

app_name = "recommendations"

urlpatterns: list = []
