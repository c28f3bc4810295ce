from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "cairn.core"
    label = "core"
    verbose_name = _("Socle")

    def ready(self) -> None:
        from django.db.models import fields

        from cairn.core import hooks

        # Django 6.1's empty choice, "- Select an option -", has no Dutch translation yet, and a
        # string missing in Dutch falls back to the default language: Dutch pages showed it in
        # French. Cairn's own label lives in Cairn's catalogues (Django's documented hook).
        fields.BLANK_CHOICE_LABEL = _("- Choisir une option -")
        # What the apps add to each other's pages and commands, from their hooks.py.
        hooks.discover()
