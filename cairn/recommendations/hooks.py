"""What the registry adds to the seed, to notifications and to a member's personal data
(``cairn.core.hooks``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cairn.accounts.services import PersonalData
from cairn.core import hooks
from cairn.core.api import ApiRouter
from cairn.core.items import ItemKind
from cairn.core.seeding import Seeder
from cairn.notifications.registry import EventKind, Followable
from cairn.recommendations import api, notify
from cairn.recommendations.seed import seed_recommendations
from cairn.recommendations.selectors.personal_data import personal_data

hooks.register("seeders", Seeder("recommendations", seed_recommendations), order=20)

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
