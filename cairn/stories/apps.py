from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StoriesConfig(AppConfig):
    name = "cairn.stories"
    label = "stories"
    verbose_name = _("Récits")

    def ready(self) -> None:
        from cairn.accounts.services import ERASURE_STEPS, PERSONAL_DATA_EXPORTERS
        from cairn.core.seeding import register_seeder
        from cairn.core.selectors import register_home_section

        from . import selectors, services
        from .seed import seed_stories

        register_home_section("stories", template="stories/_home_section.html", context=selectors.home_section_context, order=10)
        register_seeder("stories", seed_stories, order=40)

        from cairn.notifications.registry import register_followable
        from cairn.projects.selectors import register_project_section
        from cairn.recommendations.selectors.pages import register_recommendation_section

        register_project_section(
            "stories", title=_("Récits"), template="stories/_page_section.html", load=selectors.project_section, order=20
        )
        register_recommendation_section(
            "stories", title=_("Récits"), template="stories/_page_section.html", load=selectors.recommendation_section, order=20
        )
        register_followable("series", label=_("Série de récits"), titles=selectors.series_titles)
        if not any(name == "stories" for name, _exporter in PERSONAL_DATA_EXPORTERS):
            PERSONAL_DATA_EXPORTERS.append(("stories", services.export_authored_stories))
        if services.story_author_erase not in ERASURE_STEPS:
            ERASURE_STEPS.append(services.story_author_erase)

        from .models import Story, StoryVersion

        selectors.published_stamp.watch(Story, StoryVersion)
