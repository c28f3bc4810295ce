"""Validation of what people type in experiments' forms; services check the rest."""

from __future__ import annotations

import datetime
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from cairn.accounts.forms import PeopleSearchMixin, PersonField
from cairn.accounts.models import Office, Skill
from cairn.core.editing import VersionField, version_of
from cairn.core.translation import translation_form_fields
from cairn.events.forms import LanguagesField
from cairn.events.models import Event, MeetupFormat
from cairn.experiments.models import Call, Expression, Group, GroupStatus, LogKind, MeetingRecord, Moment, Outcome, PhaseKind, Rhythm, Topic
from cairn.experiments.services.calls import CALL_FIELDS, TOPIC_FIELDS
from cairn.experiments.services.interests import EXPRESSION_FIELDS
from cairn.experiments.services.life import CHARTER_FIELDS
from cairn.experiments.services.meetings import RECORD_FIELDS
from cairn.recommendations.models import Recommendation

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CallForm(forms.ModelForm):
    """The call and its planning: a start and an end date for each phase (leave a phase
    empty to leave it out of the planning)."""

    version = VersionField()

    class Meta:
        model = Call
        fields = CALL_FIELDS
        widgets = {
            "framework": forms.Textarea(attrs={"rows": 8}),
            "interest_deadline": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        phases = {p.kind: p for p in self.instance.phases.all()} if self.instance.pk else {}
        for kind, label in PhaseKind.choices:
            phase = phases.get(kind)
            self.fields[f"phase_{kind}_start"] = forms.DateField(
                label=_("%(phase)s : début") % {"phase": label}, required=False, widget=DATE, initial=phase.starts_on if phase else None
            )
            self.fields[f"phase_{kind}_end"] = forms.DateField(
                label=_("%(phase)s : fin") % {"phase": label}, required=False, widget=DATE, initial=phase.ends_on if phase else None
            )
        if self.instance.pk:
            self.fields["version"].initial = version_of(self.instance)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for kind, _label in PhaseKind.choices:
            start, end = data.get(f"phase_{kind}_start"), data.get(f"phase_{kind}_end")
            if end and not start:
                self.add_error(f"phase_{kind}_start", _("Une phase qui a une fin a aussi un début."))
            elif start and end and end < start:
                self.add_error(f"phase_{kind}_end", _("Une phase ne peut pas finir avant de commencer."))
        return data

    def phases(self) -> list[tuple[str, datetime.date, datetime.date | None]]:
        data = self.cleaned_data
        return [
            (kind, data[f"phase_{kind}_start"], data.get(f"phase_{kind}_end"))
            for kind, _label in PhaseKind.choices
            if data.get(f"phase_{kind}_start")
        ]

    def service_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in CALL_FIELDS}


class TopicForm(forms.Form):
    """A topic of a call, in French with its Dutch and English versions, and the
    recommendations it acts on by their references."""

    title = forms.CharField(label=_("Titre"), max_length=200)
    description = forms.CharField(label=_("Description (Markdown)"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    references = forms.CharField(
        label=_("Recommandations"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Une référence par ligne, par exemple « 2020-21/ACC/04 »."),
    )
    version = VersionField()

    def __init__(self, *args: Any, topic: Topic | None = None, **kwargs: Any) -> None:
        if topic is not None:
            kwargs.setdefault(
                "initial",
                {
                    **{name: getattr(topic, name) for name in TOPIC_FIELDS},
                    "references": "\n".join(r.reference for r in topic.recommendations.order_by("reference")),
                    "version": version_of(topic),
                },
            )
        super().__init__(*args, **kwargs)
        self.fields.update(translation_form_fields(Topic))
        for name in ("description_nl", "description_en"):
            self.fields[name].widget.attrs["rows"] = 4
        self.order_fields([*TOPIC_FIELDS, "references", "version"])

    def service_data(self) -> dict[str, Any]:
        """What ``services.topic_add`` takes; ``topic_update`` also takes ``expected_updated_at``."""
        return {**{name: self.cleaned_data[name] for name in TOPIC_FIELDS}, "recommendations": self.cleaned_data["references"]}

    def clean_references(self) -> list[Recommendation]:
        lines = [line.strip() for line in (self.cleaned_data.get("references") or "").splitlines() if line.strip()]
        if len(lines) > 50:
            raise ValidationError(_("Au plus cinquante recommandations par sujet."))
        query = Q()
        for line in lines:
            query |= Q(reference__iexact=line)
        found = {r.reference.lower(): r for r in Recommendation.objects.filter(query)} if lines else {}
        missing = [line for line in lines if line.lower() not in found]
        if missing:
            raise ValidationError(_("Aucune recommandation n’a ces références : %(refs)s.") % {"refs": ", ".join(missing)})
        return list({r.pk: r for r in (found[line.lower()] for line in lines)}.values())


class ExpressionForm(forms.ModelForm):
    """An expression of interest. The skills offered are the member's own (their profile)."""

    skills = forms.ModelMultipleChoiceField(
        label=_("Ce que j’apporte"),
        queryset=Skill.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Les compétences de votre profil ; ajoutez-en depuis « Mon profil »."),
    )
    moments = forms.MultipleChoiceField(label=_("Moments qui me conviennent"), choices=Moment.choices, widget=forms.CheckboxSelectMultiple)
    languages = LanguagesField(label=_("Langues dans lesquelles je peux travailler"))

    class Meta:
        model = Expression
        fields = EXPRESSION_FIELDS
        widgets = {"motivation": forms.Textarea(attrs={"rows": 5}), "rhythm": forms.RadioSelect}
        labels = {"office": _("Bureau ou ville où je peux me rendre")}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        profile = getattr(user, "profile", None)
        skills = cast("forms.ModelMultipleChoiceField[Any]", self.fields["skills"])
        skills.queryset = profile.skills.order_by("name") if profile is not None else Skill.objects.none()
        office = cast("forms.ModelChoiceField[Any]", self.fields["office"])
        office.queryset = Office.objects.order_by("city", "name")
        office.required = False
        cast("forms.ChoiceField", self.fields["rhythm"]).choices = Rhythm.choices
        self.fields["online"].label = _("Je peux participer en ligne")
        if self.instance.pk:
            self.initial["moments"] = self.instance.moment_codes
            self.initial["skills"] = list(self.instance.skills.values_list("pk", flat=True))
        elif profile is not None:
            self.initial.setdefault("office", profile.office_id)
            self.initial.setdefault("languages", profile.language)

    def clean_moments(self) -> str:
        return " ".join(sorted(self.cleaned_data["moments"]))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("online") and not data.get("office"):
            self.add_error("office", _("Choisissez un bureau ou une ville, ou indiquez que vous pouvez participer en ligne."))
        return data

    def service_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in EXPRESSION_FIELDS}


# --- forming the groups ------------------------------------------------------------------------


class GroupCreateForm(forms.Form):
    name = forms.CharField(label=_("Nom du groupe"), max_length=120)
    office = forms.ModelChoiceField(label=_("Bureau"), queryset=Office.objects.order_by("city", "name"), required=False)
    online = forms.BooleanField(label=_("Le groupe se réunit en ligne"), required=False)
    languages = LanguagesField(label=_("Langue du groupe"))


class FacilitatorSearchForm(forms.Form):
    q = forms.CharField(label=_("Nom de l’animateur·rice"), max_length=80, required=False, help_text=_("Au moins deux lettres du nom."))


# --- a group's life ----------------------------------------------------------------------------


class CharterForm(forms.ModelForm):
    version = VersionField()

    class Meta:
        model = Group
        fields = CHARTER_FIELDS
        widgets = {
            "goal": forms.Textarea(attrs={"rows": 3}),
            "dispositif": forms.Textarea(attrs={"rows": 3}),
            "success": forms.Textarea(attrs={"rows": 3}),
            "rhythm": forms.RadioSelect,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ChoiceField", self.fields["rhythm"]).choices = Rhythm.choices
        self.fields["version"].initial = version_of(self.instance)

    def service_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in CHARTER_FIELDS}


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Nouvel état"), choices=GroupStatus.choices)
    conclusion = forms.CharField(
        label=_("Ce que le groupe a fait (pour conclure)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    learned = forms.CharField(label=_("Ce que nous avons appris"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    outcome = forms.ChoiceField(label=_("La suite proposée"), choices=[("", "—"), *Outcome.choices], required=False)


MEETING_RHYTHMS = [
    ("weekly", _("Chaque semaine, le même jour")),
    ("fortnightly", _("Toutes les deux semaines, le même jour")),
    ("monthly", _("Chaque mois, le même jour du mois (par exemple le premier jeudi)")),
    ("once", _("Une seule date (les suivantes, une à une)")),
]


class MeetingForm(forms.Form):
    """The group's meetings in plain words: a rhythm and the first date, or one date."""

    rhythm = forms.ChoiceField(label=_("Rythme"), choices=MEETING_RHYTHMS, widget=forms.RadioSelect, initial="monthly")
    starts_at = forms.DateTimeField(
        label=_("Première réunion (date et heure)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    minutes = forms.IntegerField(label=_("Durée (minutes)"), min_value=15, max_value=12 * 60, initial=120)
    address = forms.CharField(label=_("Adresse"), max_length=300, required=False)
    online_url = forms.URLField(label=_("Lien de connexion"), required=False, assume_scheme="https")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("address") and not data.get("online_url"):
            self.add_error("address", _("Indiquez une adresse, un lien de connexion, ou les deux."))
        return data


class MeetupForm(MeetingForm):
    """A meetup the group organises for all members, with registrations."""

    meetup_format = forms.ChoiceField(label=_("Format"), choices=MeetupFormat.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["rhythm"]
        self.fields["starts_at"].label = _("Date et heure")


class LogEntryForm(forms.Form):
    kind = forms.ChoiceField(label=_("Nature"), choices=LogKind.choices, widget=forms.RadioSelect, initial=LogKind.TRIED)
    posted_on = forms.DateField(label=_("Date"), widget=DATE)
    text = forms.CharField(label=_("Texte (Markdown)"), widget=forms.Textarea(attrs={"rows": 6}))
    highlight = forms.BooleanField(label=_("Temps fort : le publier aussi comme actualité du projet"), required=False)


class ActionForm(PeopleSearchMixin, forms.Form):
    title = forms.CharField(label=_("Action"), max_length=200)
    # The group's own people, a small circle: all offered by name, office and role.
    owner = PersonField(label=_("Qui s’en charge"), roles=(), listed=True, required=False)
    due_on = forms.DateField(label=_("Pour le"), widget=DATE, required=False)

    def __init__(self, *args: Any, people: Any, viewer: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("PersonField", self.fields["owner"]).queryset = people
        # People are named as their profile allows the one who fills the form.
        self.setup_people(viewer)


class MeetingRecordForm(forms.ModelForm):
    """A meeting's agenda (before), notes (after) and public summary."""

    version = VersionField()

    class Meta:
        model = MeetingRecord
        fields = RECORD_FIELDS
        widgets = {
            "agenda": forms.Textarea(attrs={"rows": 6}),
            "notes": forms.Textarea(attrs={"rows": 10}),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = version_of(self.instance) if self.instance.pk else ""

    def service_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in RECORD_FIELDS}


class DecisionForm(forms.Form):
    text = forms.CharField(label=_("Ce qui a été décidé"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    decided_on = forms.DateField(label=_("Décidée le"), widget=DATE)
    meeting = forms.ModelChoiceField(
        label=_("Lors de la réunion"), queryset=Event.objects.none(), required=False, empty_label=_("En dehors d’une réunion")
    )

    def __init__(self, *args: Any, meetings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        meeting = cast("forms.ModelChoiceField[Any]", self.fields["meeting"])
        meeting.queryset = meetings
        meeting.label_from_instance = lambda event: formats.date_format(timezone.localtime(event.starts_at), "DATETIME_FORMAT")  # type: ignore[method-assign,assignment]
