"""Validation of what members and organisers type into the hackathons' pages."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from cairn.accounts.forms import PeopleSearchMixin, PersonField
from cairn.accounts.models import Department, Language
from cairn.accounts.models import Role as AccountRole
from cairn.accounts.selectors import people_with_roles
from cairn.core.editing import VersionField
from cairn.core.translation import translation_form_fields
from cairn.events.models import Attendance
from cairn.hackathons.models import Phase, Question, QuestionStatus, Role, SessionKind
from cairn.hackathons.services.questions import QUESTION_FIELDS
from cairn.recommendations.models import Recommendation

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class HackathonForm(forms.Form):
    title = forms.CharField(label=_("Titre"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea, help_text=_("Markdown accepté."))
    starts_at = forms.DateTimeField(label=_("Début (premier jour)"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("Fin (dernier jour)"), widget=DATETIME)
    answers_due_at = forms.DateTimeField(label=_("Remise des réponses"), widget=DATETIME)
    attendance = forms.ChoiceField(label=_("Modalité"), choices=Attendance.choices)
    address = forms.CharField(label=_("Adresse"), required=False, max_length=300)
    city = forms.CharField(label=_("Ville"), required=False, max_length=120)
    online_url = forms.URLField(label=_("Lien de connexion"), required=False)
    languages = forms.MultipleChoiceField(label=_("Langues parlées"), choices=Language.choices, widget=forms.CheckboxSelectMultiple)
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=5000)
    team_min_size = forms.IntegerField(label=_("Taille minimale d’une équipe"), min_value=1, max_value=20, initial=3)
    team_max_size = forms.IntegerField(label=_("Taille maximale d’une équipe"), min_value=1, max_value=20, initial=6)
    teams_per_question = forms.IntegerField(label=_("Équipes par question au plus"), min_value=1, max_value=10, initial=2)

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["languages"] = " ".join(sorted(data["languages"]))
        return data


class SessionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=SessionKind.choices)
    title = forms.CharField(label=_("Intitulé"), required=False, max_length=200)
    starts_at = forms.DateTimeField(label=_("Début"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("Fin"), widget=DATETIME)


class MentorSearchForm(forms.Form):
    q = forms.CharField(label=_("Nom du ou de la mentor"), max_length=80, required=False, help_text=_("Au moins deux lettres du nom."))


class MentorSlotForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("Début"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("Fin"), widget=DATETIME)


class StoryLinkForm(forms.Form):
    """Choose a published story that tells of the hackathon (``choices``: (id, title))."""

    story = forms.TypedChoiceField(label=_("Récit"), coerce=int, empty_value=None)

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["story"]).choices = [("", "—"), *choices]


class PhaseForm(forms.Form):
    phase = forms.ChoiceField(label=_("Phase"), choices=Phase.choices)


class QuestionForm(PeopleSearchMixin, forms.Form):
    """An organiser's question: its fields come from ``QUESTION_FIELDS``."""

    title = forms.CharField(label=_("Question"), max_length=300)
    recommendations = forms.ModelMultipleChoiceField(label=_("Recommandations"), queryset=Recommendation.objects.none(), required=False)
    context = forms.CharField(label=_("Contexte"), required=False, widget=forms.Textarea)
    constraints = forms.CharField(label=_("Contraintes (budget, juridique, technique)"), required=False, widget=forms.Textarea)
    deliverable = forms.CharField(label=_("Livrable attendu"), required=False, widget=forms.Textarea)
    resources = forms.CharField(label=_("Ressources"), required=False, widget=forms.Textarea)
    needed_roles = forms.MultipleChoiceField(
        label=_("Rôles nécessaires"), choices=Role.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    sponsor_department = forms.ModelChoiceField(label=_("Direction qui s’engage"), queryset=Department.objects.all(), required=False)
    sponsor = PersonField(label=_("Représentant·e de la direction"), roles=AccountRole.values, required=False)

    def __init__(self, *args: Any, viewer: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recommendations"].queryset = Recommendation.objects.visible_to(viewer).order_by("reference")  # type: ignore[attr-defined]
        self.fields.update(translation_form_fields(Question))
        cast("PersonField", self.fields["sponsor"]).queryset = people_with_roles(AccountRole.values)
        self.setup_people(viewer)
        self.order_fields(["title", "title_nl", "title_en", "recommendations", *QUESTION_FIELDS])
        assert set(self.fields) - {"recommendations"} == set(QUESTION_FIELDS)  # noqa: S101 — the service's fields, no more


class ProposeForm(forms.Form):
    """A member's proposal, from a recommendation's page."""

    title = forms.CharField(label=_("Votre question"), max_length=300, help_text=_("Une question précise, qui se termine par « ? »."))
    context = forms.CharField(label=_("Contexte"), required=False, widget=forms.Textarea, max_length=3000)


class DecideForm(forms.Form):
    status = forms.ChoiceField(label=_("Décision"), choices=[c for c in QuestionStatus.choices if c[0] != QuestionStatus.PROPOSED])
    merged_into = forms.ModelChoiceField(label=_("Fusionner dans"), queryset=Question.objects.none(), required=False)

    def __init__(self, *args: Any, hackathon: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["merged_into"].queryset = hackathon.questions.filter(status=QuestionStatus.SELECTED)  # type: ignore[attr-defined]


class ParticipantForm(forms.Form):
    """A participant's details: role, skills (from the profile, editable), ranked questions,
    languages, the days they can come, whether it is their first hackathon."""

    role = forms.ChoiceField(label=_("Le rôle que je peux tenir"), choices=Role.choices)
    skills = forms.CharField(label=_("Mes compétences"), required=False, max_length=800, help_text=_("Séparées par des virgules."))
    first_choice = forms.TypedChoiceField(label=_("Question préférée"), coerce=int)
    second_choice = forms.TypedChoiceField(label=_("Deuxième choix"), coerce=int, required=False, empty_value=None)
    third_choice = forms.TypedChoiceField(label=_("Troisième choix"), coerce=int, required=False, empty_value=None)
    languages = forms.MultipleChoiceField(
        label=_("Les langues que je parle"), choices=Language.choices, widget=forms.CheckboxSelectMultiple
    )
    availability = forms.TypedMultipleChoiceField(
        label=_("Les jours où je viens"), coerce=dt.date.fromisoformat, widget=forms.CheckboxSelectMultiple
    )
    first_participation = forms.BooleanField(label=_("C’est mon premier hackathon"), required=False)

    def __init__(self, *args: Any, questions: list[Any], days: list[dt.date], languages: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(q.pk, q.title) for q in questions]
        self.fields["first_choice"].choices = choices  # type: ignore[attr-defined]
        self.fields["second_choice"].choices = [("", "—"), *choices]  # type: ignore[attr-defined]
        self.fields["third_choice"].choices = [("", "—"), *choices]  # type: ignore[attr-defined]
        self.fields["availability"].choices = [(d.isoformat(), d.strftime("%d/%m/%Y")) for d in days]  # type: ignore[attr-defined]
        self.fields["languages"].choices = [(c, label) for c, label in Language.choices if c in languages]  # type: ignore[attr-defined]

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "role": data["role"],
            "skills": [s for s in data["skills"].split(",") if s.strip()],
            "preferences": [q for q in (data["first_choice"], data.get("second_choice"), data.get("third_choice")) if q],
            "languages": data["languages"],
            "availability": data["availability"],
            "first_participation": data["first_participation"],
        }


class MoveForm(forms.Form):
    participant = forms.IntegerField(widget=forms.HiddenInput)
    question = forms.IntegerField(label=_("Question"))
    number = forms.IntegerField(label=_("Équipe n°"), min_value=1, max_value=10)


class AnswerForm(forms.Form):
    version = VersionField()
    summary = forms.CharField(label=_("Résumé"), max_length=400)
    answer = forms.CharField(label=_("La réponse à la question"), widget=forms.Textarea, max_length=20000)
    plan = forms.CharField(
        label=_("Plan de mise en œuvre"),
        widget=forms.Textarea,
        max_length=20000,
        help_text=_("Étapes, qui, coût, ce que la direction doit fournir."),
    )
    links = forms.CharField(label=_("Liens"), required=False, widget=forms.Textarea, max_length=3000, help_text=_("Une adresse par ligne."))

    def clean_links(self) -> str:
        lines = [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]
        validator = forms.URLField()
        for line in lines:
            validator.clean(line)
        return "\n".join(lines)


class VoteForm(forms.Form):
    team = forms.IntegerField(widget=forms.HiddenInput)


class ScoreForm(forms.Form):
    """One field pair per criterion: a score 1–5 and a comment."""

    def __init__(self, *args: Any, criteria: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for c in criteria:
            self.fields[f"score_{c.pk}"] = forms.IntegerField(label=c.name, min_value=1, max_value=5)
            self.fields[f"comment_{c.pk}"] = forms.CharField(
                label=_("Commentaire"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
            )

    def scores(self) -> dict[int, tuple[int, str]]:
        return {c.pk: (self.cleaned_data[f"score_{c.pk}"], self.cleaned_data[f"comment_{c.pk}"]) for c in self.criteria}


class TeamPostForm(forms.Form):
    text = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 3}), max_length=3000)


class StartTeamForm(forms.Form):
    question = forms.TypedChoiceField(label=_("Question"), coerce=int)
    open_roles = forms.MultipleChoiceField(
        label=_("Rôles recherchés"), choices=Role.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, questions: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["question"].choices = [(q.pk, q.title) for q in questions]  # type: ignore[attr-defined]
