"""Validation of what members and organisers type into the events' pages. The event and
series forms take their fields from the services that apply them (``EVENT_FIELDS``,
``SERIES_FIELDS``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cairn.accounts.forms import PeopleField, PeopleSearchMixin
from cairn.accounts.models import Language, Office, Sector
from cairn.core.editing import VersionField, version_of
from cairn.core.forms import BoundedDateField, BoundedDateTimeField, check_date_range
from cairn.events import recurrence
from cairn.events.models import Attendance, Event, Kind, MeetupFormat, Series
from cairn.events.recurrence import to_local
from cairn.events.rules import ORGANISER_ROLES
from cairn.events.services.events import DETAIL_FIELDS, EVENT_FIELDS
from cairn.events.services.series import SERIES_FIELDS
from cairn.projects.models import Project
from cairn.recommendations.models import Recommendation, ThemeCategory


class AgendaFilterForm(forms.Form):
    """The agenda's filters (a GET form): every value is optional; a bad one is reported
    on its field and ignored, never a server error."""

    kind = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("Tous")), *Kind.choices])
    meetup_format = forms.ChoiceField(label=_("Format de rencontre"), required=False, choices=[("", _("Tous")), *MeetupFormat.choices])
    attendance = forms.ChoiceField(label=_("Modalité"), required=False, choices=[("", _("Toutes")), *Attendance.choices])
    city = forms.ChoiceField(label=_("Ville ou bureau"), required=False)
    sector = forms.ModelChoiceField(label=_("Secteur"), queryset=Sector.objects.all(), required=False, empty_label=_("Tous"))
    language = forms.ChoiceField(label=_("Langue"), required=False, choices=[("", _("Toutes")), *Language.choices])
    #: By id (?project=12): the project page links to its events; only projects the viewer may see.
    #: Its options are (id, title) rows, not projects: hundreds of model instances built for
    #: one ``<select>`` were most of the agenda's time (docs/performance.md).
    project = forms.TypedChoiceField(label=_("Projet"), required=False, coerce=int, empty_value=None, choices=[("", _("Tous"))])
    date_from = BoundedDateField(label=_("Du"), required=False)
    date_to = BoundedDateField(label=_("Au"), required=False)

    def __init__(self, *args: Any, cities: list[str], viewer: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if viewer is not None:
            # One query, run when first needed (validating a value or rendering the options)
            # and then kept in the queryset's cache for the other.
            rows = Project.objects.visible_to(viewer).order_by("title", "pk").values_list("pk", "title")
            self.fields["project"].choices = lambda: [("", _("Tous")), *rows]  # type: ignore[attr-defined]
        self.fields["city"].choices = [("", _("Toutes")), *[(c, c) for c in cities]]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("La date de fin précède la date de début."))
        return data

    def valid_values(self) -> dict[str, Any]:
        """The values that passed validation: a wrong one is dropped, the others apply."""
        self.is_valid()
        return {
            name: value for name, value in getattr(self, "cleaned_data", {}).items() if value not in (None, "") and name not in self.errors
        }


class CheckInSearchForm(forms.Form):
    """The check-in's search by name (a GET form): a value with a NUL byte or too long is
    ignored, and the whole list shows."""

    q = forms.CharField(label=_("Chercher par nom"), required=False, max_length=100)

    def query(self) -> str:
        return self.cleaned_data["q"] if self.is_valid() else ""


def _answers_fields(form: forms.Form, questions: list[str]) -> None:
    for index, question in enumerate(questions):
        form.fields[f"answer_{index}"] = forms.CharField(label=question, required=False, max_length=500)


class RegisterForm(forms.Form):
    """Register, with the event's questions (all optional)."""

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(event.questions)
        _answers_fields(self, self.questions)

    def answers(self) -> dict[str, str]:
        return {q: self.cleaned_data.get(f"answer_{i}", "") for i, q in enumerate(self.questions)}


class QuestionsField(forms.CharField):
    """Registration questions typed one per line."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value: Any) -> Any:
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if len(lines) > 10 or any(len(line) > 200 for line in lines):
            raise forms.ValidationError(_("Au plus dix questions de 200 caractères chacune."))
        return list(dict.fromkeys(lines))


class LanguagesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=Language.choices, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        return value.split() if isinstance(value, str) else value

    def clean(self, value: Any) -> str:  # type: ignore[override]
        return " ".join(sorted(super().clean(value)))


class _DetailsForm(PeopleSearchMixin, forms.ModelForm):
    languages = LanguagesField(label=_("Langues parlées"))
    questions = QuestionsField(
        label=_("Questions à l’inscription"), required=False, help_text=_("Une par ligne, par exemple « Régime alimentaire ».")
    )
    organisers = PeopleField(label=_("Organisation"), roles=ORGANISER_ROLES, required=False)
    recommendations = forms.ModelMultipleChoiceField(
        label=_("Recommandations dont il est question"), queryset=Recommendation.objects.none(), required=False
    )
    categories = forms.ModelMultipleChoiceField(
        label=_("Grandes thématiques"), queryset=ThemeCategory.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    projects = forms.ModelMultipleChoiceField(label=_("Projets dont il est question"), queryset=Project.objects.none(), required=False)
    #: The version of the event or series an edit was opened on (``cairn.core.editing``).
    version = VersionField()

    def __init__(
        self,
        *args: Any,
        organiser_choices: Any = None,
        recommendation_choices: Any = None,
        project_choices: Any = None,
        kept_projects: Any = (),
        viewer: Any = None,
        **kwargs: Any,
    ) -> None:
        #: Projects already linked that the editor may not see (internal ones): kept as they are.
        self.kept_projects = list(kept_projects)
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = Office.objects.all()  # type: ignore[attr-defined]
        self.fields["sector"].queryset = Sector.objects.all()  # type: ignore[attr-defined]
        if organiser_choices is not None:
            self.fields["organisers"].queryset = organiser_choices  # type: ignore[attr-defined]
        if recommendation_choices is not None:
            self.fields["recommendations"].queryset = recommendation_choices  # type: ignore[attr-defined]
        if project_choices is not None:
            self.fields["projects"].queryset = project_choices  # type: ignore[attr-defined]
        self.fields["description"].widget = forms.Textarea(attrs={"rows": 6})
        self.setup_people(viewer)
        if self.instance.pk:
            self.fields["version"].initial = version_of(self.instance)

    def details(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in DETAIL_FIELDS}

    def links(self) -> dict[str, Any]:
        links = {name: self.cleaned_data[name] for name in ("organisers", "recommendations", "categories")}
        links["projects"] = [*self.cleaned_data["projects"], *self.kept_projects]
        return links


DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EventForm(_DetailsForm):
    class Meta:
        model = Event
        fields = EVENT_FIELDS
        field_classes = dict.fromkeys(("starts_at", "ends_at", "registration_opens_at", "registration_closes_at"), BoundedDateTimeField)
        widgets = {
            "starts_at": DATETIME_WIDGET,
            "ends_at": DATETIME_WIDGET,
            "registration_opens_at": DATETIME_WIDGET,
            "registration_closes_at": DATETIME_WIDGET,
        }

    def event_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in EVENT_FIELDS}


WEEKDAY_LABELS = (_("lundi"), _("mardi"), _("mercredi"), _("jeudi"), _("vendredi"), _("samedi"), _("dimanche"))


class SeriesForm(_DetailsForm):
    """A series: its rhythm in plain options ("every second Tuesday of the month, until
    June"), which the form writes as an RFC 5545 rule; the raw rule is an advanced choice."""

    #: The fields that say when the series takes place, shown together (the rest: the details).
    WHEN = ("first_start", "duration_minutes", "repeat", "interval", "weekday", "position", "until", "exceptions_text")

    repeat = forms.ChoiceField(
        label=_("Rythme"),
        choices=[
            (recurrence.WEEKLY, _("Chaque semaine, le même jour")),
            (recurrence.MONTHLY_WEEKDAY, _("Chaque mois, un jour de la semaine (par exemple le 2e mardi)")),
            (recurrence.MONTHLY_DATE, _("Chaque mois, à la même date")),
            (recurrence.CUSTOM, _("Règle avancée (RFC 5545)")),
        ],
        initial=recurrence.MONTHLY_WEEKDAY,
        widget=forms.RadioSelect,
        required=False,  # a form that sends only a rule (the API, older pages) means the advanced choice
    )
    interval = forms.IntegerField(
        label=_("Toutes les … semaines ou mois"),
        min_value=1,
        max_value=12,
        initial=1,
        required=False,
        help_text=_("1 : chaque semaine ou chaque mois ; 2 : une sur deux…"),
    )
    weekday = forms.ChoiceField(
        label=_("Jour de la semaine"),
        required=False,
        choices=[("", _("Celui de la première date")), *zip(recurrence.WEEKDAYS, WEEKDAY_LABELS, strict=True)],
    )
    position = forms.TypedChoiceField(
        label=_("Quelle semaine du mois"),
        coerce=int,
        required=False,
        empty_value=1,  # type: ignore[arg-type]  # an empty choice means the first week
        choices=[(1, _("la première")), (2, _("la deuxième")), (3, _("la troisième")), (4, _("la quatrième")), (-1, _("la dernière"))],
        initial=1,
    )
    until = BoundedDateField(label=_("Jusqu’au"), required=False, widget=DATE_WIDGET, help_text=_("Laissez vide pour une série sans fin."))
    duration_minutes = forms.IntegerField(label=_("Durée (minutes)"), min_value=15, max_value=24 * 60)
    exceptions_text = forms.CharField(
        label=_("Dates exclues"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Une date par ligne (AAAA-MM-JJ) : pas d’occurrence ce jour-là."),
    )

    class Meta:
        model = Series
        # The duration and the excluded days are typed otherwise: ``duration_minutes`` and
        # ``exceptions_text``, which ``series_fields`` turns into the service's fields.
        fields = [name for name in SERIES_FIELDS if name not in {"duration", "exceptions"}]
        field_classes = {"first_start": BoundedDateTimeField}
        widgets = {"first_start": DATETIME_WIDGET}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rule_field = self.fields["rule"]
        rule_field.required = False
        rule_field.help_text = _(
            "Pour un rythme que les options ne disent pas, par exemple FREQ=WEEKLY;BYDAY=MO,TH. Choisissez alors « Règle avancée »."
        )
        if self.instance.pk:
            self.initial.setdefault("duration_minutes", int(self.instance.duration.total_seconds() // 60))
            self.initial.setdefault("exceptions_text", "\n".join(e[:10] for e in self.instance.exceptions))
        rule = self.initial.get("rule") or (self.instance.rule if self.instance.pk else "")
        if rule:
            self.initial.update(recurrence.plain_options(rule) or {"repeat": recurrence.CUSTOM})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first = data.get("first_start")
        repeat = data["repeat"] = data.get("repeat") or (recurrence.CUSTOM if (data.get("rule") or "").strip() else "")
        if not repeat:
            self.add_error("repeat", _("Choisissez le rythme de la série."))
        elif repeat == recurrence.CUSTOM:
            if not (data.get("rule") or "").strip():
                self.add_error("rule", _("Écrivez la règle, ou choisissez un rythme parmi les options."))
        elif first:
            local = to_local(first) if first.tzinfo else first
            data["rule"] = recurrence.plain_rule(
                repeat=repeat,
                interval=data.get("interval") or 1,
                weekday=data.get("weekday") or recurrence.WEEKDAYS[local.weekday()],
                position=data.get("position") or 1,
                until=data.get("until"),
            )
        if first and (data.get("rule") or "").strip() and not self.has_error("rule"):
            try:
                self.preview = recurrence.next_starts(data["rule"], first)
            except ValidationError as error:
                self.add_error("rule" if repeat == recurrence.CUSTOM else "repeat", error)
        return data

    def clean_exceptions_text(self) -> list[str]:
        days = []
        for line in (self.cleaned_data.get("exceptions_text") or "").splitlines():
            if line.strip():
                try:
                    day = dt.date.fromisoformat(line.strip())
                except ValueError:
                    raise forms.ValidationError(_("« %(value)s » n’est pas une date AAAA-MM-JJ.") % {"value": line.strip()}) from None
                check_date_range(day)
                days.append(day)
        return [d.isoformat() for d in days]

    def series_fields(self) -> dict[str, Any]:
        first = self.cleaned_data["first_start"]
        local_time = to_local(first).time() if first.tzinfo else first.time()
        # An excluded day becomes the local start time of that day (EXDATE).
        exceptions = [dt.datetime.combine(dt.date.fromisoformat(d), local_time).isoformat() for d in self.cleaned_data["exceptions_text"]]
        return {
            **self.details(),
            "rule": self.cleaned_data["rule"].strip(),
            "first_start": first,
            "duration": dt.timedelta(minutes=self.cleaned_data["duration_minutes"]),
            "exceptions": exceptions,
        }

    #: The series' next dates once the form is valid (the page shows them before saving).
    preview: list[dt.datetime] = []


class MessageForm(forms.Form):
    subject = forms.CharField(label=_("Objet"), max_length=200)
    body = forms.CharField(label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8}))


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Votre note"), coerce=int, choices=[(n, str(n)) for n in range(5, 0, -1)], widget=forms.RadioSelect
    )
    comment = forms.CharField(label=_("Un commentaire ?"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
