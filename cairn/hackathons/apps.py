from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HackathonsConfig(AppConfig):
    name = "cairn.hackathons"
    label = "hackathons"
    verbose_name = _("Hackathons")
