"""What the registry adds to the seed, to notifications and to a member's personal data
(``cairn.core.hooks``)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cairn.accounts.services import PersonalData
from cairn.core import hooks
from cairn.core.api import ApiRouter
from cairn.core.items import ItemKind
from cairn.core.menus import MANAGE, MenuLink
from cairn.core.seeding import Seeder
from cairn.core.selectors import HomeCard, HomeFigure
from cairn.core.translation import TranslatableKind
from cairn.notifications.registry import EventKind, Followable
from cairn.recommendations import api, notify
from cairn.recommendations.models import Theme, ThemeCategory
from cairn.recommendations.seed import seed_recommendations
from cairn.recommendations.selectors.home import completion_label, completion_shown, public_completion, public_count
from cairn.recommendations.selectors.personal_data import personal_data

hooks.register("seeders", Seeder("recommendations", seed_recommendations), order=20)
# Beside members and offices, the home page's headline: how many recommendations, and how
# many of the assessed ones are done (the completion rate, with its counts: rates.py).
hooks.register(
    "home_figures",
    HomeFigure(
        "recommendations", count=public_count, label=lambda n: ngettext("recommandation depuis 2015", "recommandations depuis 2015", n)
    ),
    order=30,
)
hooks.register("home_figures", HomeFigure("completion", count=public_completion, label=completion_label, shown=completion_shown), order=40)

hooks.register(
    "followables",
    Followable(
        "recommendation",
        label=_("Recommandation"),
        titles=notify.recommendation_titles,
        implicit_followers=notify.recommendation_implicit_followers,
    ),
)
hooks.register("followables", Followable("category", label=_("Grande thématique"), titles=notify.category_titles))
hooks.register("followables", Followable("group", label=_("Groupe de travail"), titles=notify.group_titles))
hooks.register("notification_kinds", EventKind("assessment_published", describe=notify.describe_assessment_published))
hooks.register("personal_data", PersonalData("recommendations", export=personal_data))
hooks.register(
    "inbox_items",
    ItemKind(
        "recommendation",
        label=_("Recommandation"),
        shown=notify.recommendations_shown,
        route=notify.recommendation_follow_route,
        topics=notify.recommendation_topics,
    ),
    order=10,
)

hooks.register("api_routers", ApiRouter("registry", api.router, tag="registry"), order=10)
# The app's pages in the header's menus (cairn.core.menus), with the permission each view checks.
hooks.register(
    "menu_links",
    MenuLink("campaigns", MANAGE, _("Campagnes d’évaluation"), "recommendations:campaign_list", "recommendations.manage_campaigns"),
    order=20,
)
hooks.register(
    "menu_links",
    MenuLink("my_todo", MANAGE, _("Mes recommandations à évaluer"), "recommendations:my_todo", "recommendations.propose_assessment"),
    order=21,
)
hooks.register(
    "menu_links",
    MenuLink("registry_import", MANAGE, _("Importer le registre"), "recommendations:registry_import", "recommendations.import"),
    order=30,
)
hooks.register(
    "menu_links",
    MenuLink("structure", MANAGE, _("Cycles et groupes"), "recommendations:structure", "recommendations.manage_structure"),
    order=31,
)
hooks.register(
    "menu_links",
    MenuLink("untranslated", MANAGE, _("Traductions à compléter"), "recommendations:untranslated", "recommendations.edit_recommendation"),
    order=32,
)

# A way to act on the recommendations: a card of the home page leading to the app's page.
hooks.register(
    "home_cards",
    HomeCard(
        "registry",
        _("Le registre"),
        _("Chaque recommandation depuis 2015, avec son état d’avancement, ses preuves et son histoire."),
        "recommendations:registry",
    ),
    order=10,
)


# The registry's structure staff translate (the recommendations have their own page and
# language versions): listed on the page of what is still untranslated.
hooks.register(
    "translatables",
    TranslatableKind(
        "categories",
        _("Grandes thématiques"),
        ThemeCategory,
        items=lambda: ThemeCategory.objects.order_by("position", "name_fr"),
        edit_url=lambda category: reverse("recommendations:category_edit", args=[category.pk]),
    ),
    order=10,
)
hooks.register(
    "translatables",
    TranslatableKind(
        "themes",
        _("Thématiques"),
        Theme,
        items=lambda: Theme.objects.select_related("cycle").order_by("cycle__starts_on", "title"),
        edit_url=lambda theme: reverse("recommendations:theme_edit", args=[theme.pk]),
        described=lambda theme: theme.cycle.name,
    ),
    order=20,
)
