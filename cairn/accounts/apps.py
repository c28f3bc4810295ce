from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "cairn.accounts"
    label = "accounts"
    verbose_name = _("Sociétaires et comptes")

    def ready(self) -> None:
        from django.utils.translation import ngettext

        from cairn.core.selectors import register_home_figure

        from .models import Office, Profile

        register_home_figure(
            "members",
            count=lambda: Profile.objects.active().count(),
            label=lambda n: ngettext("sociétaire sur Cairn", "sociétaires sur Cairn", n),
        )
        register_home_figure(
            "offices",
            count=lambda: Office.objects.count(),
            label=lambda n: ngettext("bureau en Belgique et en France", "bureaux en Belgique et en France", n),
        )

        from cairn.core.seeding import register_seeder

        from .seed import seed_accounts

        register_seeder("accounts", seed_accounts, order=10)
