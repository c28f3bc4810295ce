"""Validation of what people write to the inbox and what the coordination team does with it."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cairn.accounts.forms import PeopleSearchMixin, PersonField
from cairn.accounts.models import Language
from cairn.accounts.selectors import people_with_roles
from cairn.core.editing import VersionField, version_of
from cairn.core.items import parse_reference
from cairn.inbox.models import Kind, SavedAnswer, State
from cairn.inbox.rules import RECEIVING_ROLES
from cairn.inbox.services.asking import MAX_BODY, Question

#: The name of the field people never see and bots fill in.
HONEYPOT = "website"


class AskForm(forms.Form):
    """ "Poser une question": a visitor also gives the address to confirm; an account is
    recognised and gives none."""

    kind = forms.ChoiceField(label=_("Votre message est"), choices=Kind.choices, initial=Kind.QUESTION, widget=forms.RadioSelect)
    subject = forms.CharField(label=_("Objet"), max_length=200)
    body = forms.CharField(label=_("Message"), max_length=MAX_BODY, widget=forms.Textarea(attrs={"rows": 8}))
    language = forms.ChoiceField(label=_("Langue de la réponse"), choices=Language.choices)
    email = forms.EmailField(
        label=_("Votre adresse e-mail"), help_text=_("Nous vous enverrons un lien pour la confirmer : votre message nous parvient ensuite.")
    )
    about = forms.CharField(required=False, widget=forms.HiddenInput)
    consent_answer = forms.BooleanField(label=_("J’accepte que la coopérative utilise mon adresse pour me répondre."))
    consent_contact = forms.BooleanField(label=_("J’accepte aussi d’être informé·e des appels et hackathons sur ce sujet."), required=False)
    consent_contact_until = forms.DateField(
        label=_("Jusqu’au"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Après cette date, nous ne vous écrirons plus à ce sujet."),
    )
    consent_publish = forms.BooleanField(
        label=_("J’accepte que ma question et sa réponse soient publiées, sans mon nom, dans les questions fréquentes."), required=False
    )
    website = forms.CharField(label=_("Laissez ce champ vide"), required=False)

    def __init__(self, *args: Any, signed_in: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if signed_in:
            del self.fields["email"]
        self.fields["consent_contact_until"].initial = timezone.localdate() + datetime.timedelta(days=365)

    def clean_about(self) -> tuple[str, int] | None:
        raw = self.cleaned_data.get("about", "")
        if not raw:
            return None
        parsed = parse_reference(raw)
        if parsed is None:
            raise forms.ValidationError(_("Cet élément n’existe pas ou n’est pas visible."))
        return parsed

    def is_bot(self) -> bool:
        return bool(self.data.get(HONEYPOT, "").strip())

    def question(self) -> Question:
        data = self.cleaned_data
        about = data.get("about")
        return Question(
            kind=data["kind"],
            subject=data["subject"],
            body=data["body"],
            language=data["language"],
            about_kind=about[0] if about else "",
            about_id=about[1] if about else None,
            consent_contact=data.get("consent_contact", False),
            consent_contact_until=data.get("consent_contact_until"),
            consent_publish=data.get("consent_publish", False),
        )


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Votre message"), max_length=MAX_BODY, widget=forms.Textarea(attrs={"rows": 5}))


class InboxFilterForm(forms.Form):
    """The coordination team's filters; a wrong value is ignored rather than refused."""

    state = forms.ChoiceField(
        label=_("État"), required=False, choices=[("", _("Tous les états"))] + [c for c in State.choices if c[0] != State.UNCONFIRMED]
    )
    kind = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("Tous les types")), *Kind.choices])
    language = forms.ChoiceField(label=_("Langue"), required=False, choices=[("", _("Toutes les langues")), *Language.choices])
    topic = forms.ChoiceField(label=_("Grande thématique"), required=False)
    about = forms.ChoiceField(label=_("Type d’élément"), required=False)
    mine = forms.BooleanField(label=_("Attribuées à moi"), required=False)
    assignee = forms.TypedChoiceField(label=_("Attribuées à"), required=False, coerce=int, empty_value=None)
    department = forms.TypedChoiceField(label=_("Direction"), required=False, coerce=int, empty_value=None)
    older_than = forms.IntegerField(label=_("Sans réponse depuis plus de (jours)"), required=False, min_value=0, max_value=3650)

    def __init__(
        self,
        *args: Any,
        about_choices: list[tuple[str, str]],
        assignee_choices: list[tuple[str, str]],
        topic_choices: Sequence[tuple[str, str]] = (),
        department_choices: Sequence[tuple[str, str]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("", _("Tout le monde")), *assignee_choices]  # type: ignore[attr-defined]
        choices = [("", _("Tous les types d’élément")), ("none", _("Sans élément lié")), *about_choices]
        self.fields["about"].choices = choices  # type: ignore[attr-defined]
        topics = [("", _("Toutes les thématiques")), *topic_choices, ("none", _("Sans grande thématique"))]
        self.fields["topic"].choices = topics  # type: ignore[attr-defined]
        self.fields["department"].choices = [("", _("Toutes les directions")), *department_choices]  # type: ignore[attr-defined]

    def valid_values(self) -> dict[str, Any]:
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in ("", None, False)}


class AnswerForm(forms.Form):
    body = forms.CharField(label=_("Réponse"), max_length=MAX_BODY, widget=forms.Textarea(attrs={"rows": 8}))
    #: A saved answer in the conversation's language, inserted into the text (the "insert"
    #: button re-renders the page with it; nothing is sent).
    saved = forms.TypedChoiceField(label=_("Réponse type"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, saved_answers: Sequence[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.saved_answers = {answer.pk: answer for answer in saved_answers}
        self.fields["saved"].choices = [("", "—"), *[(answer.pk, answer.title) for answer in saved_answers]]  # type: ignore[attr-defined]
        if not saved_answers:
            del self.fields["saved"]

    def with_saved_inserted(self) -> str:
        """The text written so far followed by the chosen saved answer (the form is bound)."""
        text = (self.data.get("body") or "").rstrip()
        chosen = self.saved_answers.get(self.cleaned_data.get("saved")) if "saved" in self.fields else None
        if chosen is None:
            return text
        return f"{text}\n\n{chosen.body}" if text else chosen.body


class SavedAnswerForm(forms.ModelForm):
    """A saved answer: a title, its language and its text."""

    body = forms.CharField(label=_("Texte"), max_length=MAX_BODY, widget=forms.Textarea(attrs={"rows": 10}))
    version = VersionField()

    class Meta:
        model = SavedAnswer
        fields = ["title", "language", "body"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = version_of(self.instance)

    def validate_unique(self) -> None:
        """The service checks the title once per language, on the row it locked."""

    def service_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in ("title", "language", "body")}


class NoteForm(forms.Form):
    body = forms.CharField(label=_("Note interne"), max_length=MAX_BODY, widget=forms.Textarea(attrs={"rows": 3}))


class AssignForm(PeopleSearchMixin, forms.Form):
    """Who handles a conversation: a person found by name (the people picker), a direction."""

    assignee = PersonField(
        label=_("Attribuer à"),
        roles=RECEIVING_ROLES,
        required=False,
        error_messages={
            "invalid_choice": _(
                "Seuls l’équipe de coordination, les responsables de direction et les animateur·rices peuvent recevoir une conversation."
            )
        },
    )
    department: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Direction"), queryset=None, required=False)  # type: ignore[arg-type]

    def __init__(self, *args: Any, viewer: Any = None, **kwargs: Any) -> None:
        from cairn.accounts.models import Department

        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.all()  # type: ignore[attr-defined]
        cast("PersonField", self.fields["assignee"]).queryset = people_with_roles(RECEIVING_ROLES)
        self.setup_people(viewer)


class MoveForm(forms.Form):
    state = forms.ChoiceField(label=_("Nouvel état"), choices=[c for c in State.choices if c[0] != State.UNCONFIRMED])


class LinkForm(forms.Form):
    about = forms.CharField(label=_("Élément lié"), max_length=60, help_text=_("Le type et le numéro, par exemple « project:12 »."))

    def clean_about(self) -> tuple[str, int]:
        parsed = parse_reference(self.cleaned_data["about"].strip())
        if parsed is None:
            raise forms.ValidationError(_("Cet élément n’existe pas ou n’est pas visible."))
        return parsed


class MergeForm(forms.Form):
    into = forms.CharField(label=_("Référence de la conversation à garder"), max_length=12)


class FaqForm(forms.Form):
    """A published question, rewritten by the coordination team without any name."""

    topic: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Grande thématique"), queryset=None, required=False)  # type: ignore[arg-type]
    question_fr = forms.CharField(label=_("Question (français)"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    answer_fr = forms.CharField(label=_("Réponse (français)"), max_length=MAX_BODY, widget=forms.Textarea(attrs={"rows": 6}))
    question_nl = forms.CharField(
        label=_("Question (néerlandais)"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    answer_nl = forms.CharField(
        label=_("Réponse (néerlandais)"), max_length=MAX_BODY, required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    question_en = forms.CharField(label=_("Question (anglais)"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    answer_en = forms.CharField(label=_("Réponse (anglais)"), max_length=MAX_BODY, required=False, widget=forms.Textarea(attrs={"rows": 6}))
    publish = forms.BooleanField(label=_("Publier dans les questions fréquentes"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from cairn.recommendations.models import ThemeCategory

        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = ThemeCategory.objects.all()  # type: ignore[attr-defined]


class FaqSearchForm(forms.Form):
    q = forms.CharField(label=_("Rechercher"), required=False, max_length=200)
