from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecommendationsConfig(AppConfig):
    name = "cairn.recommendations"
    label = "recommendations"
    verbose_name = _("Registre des recommandations")
