from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExperimentsConfig(AppConfig):
    name = "cairn.experiments"
    label = "experiments"
    verbose_name = _("Expérimentations")

    def ready(self) -> None:
        from .models import Action, Call, Decision, Expression, Group, LogEntry, MeetingRecord, Placement, Topic
        from .selectors import open_calls_stamp
        from .stamps import calls_stamp, group_life_stamp, interest_stamp
        from .state_of_play import groups_stamp

        # The home page's open calls are cached under this stamp (cairn.core.stamps).
        open_calls_stamp.watch(Call)
        # The state of play counts experiments under this one.
        groups_stamp.watch(Group, Topic)
        # The API's lists of calls and groups are kept under these (cairn.core.stamps).
        calls_stamp.watch(Call, Topic)
        # A visitor's call page counts the interest and the places taken (views/calls.py).
        interest_stamp.watch(Expression, Placement)
        # A group's page is kept under this one too (views/groups.py).
        group_life_stamp.watch(LogEntry, Action, Decision, MeetingRecord)
