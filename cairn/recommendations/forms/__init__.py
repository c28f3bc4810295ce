"""Validation of what staff and members type into the registry's pages."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.conf import settings
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from cairn.accounts.forms import PeopleSearchMixin, PersonField
from cairn.accounts.models import Department
from cairn.core.editing import VersionField, version_of
from cairn.core.forms import BoundedDateField
from cairn.core.tabular import TabularError, check_size
from cairn.recommendations.imports.plan import NewCycle
from cairn.recommendations.imports.reading import PAD_SUFFIXES, TABLE_SUFFIXES
from cairn.recommendations.models import (
    STATUSES_NEEDING_RATIONALE,
    Assessment,
    Campaign,
    Cycle,
    CycleCountry,
    Kind,
    Recommendation,
    Status,
    Theme,
    ThemeCategory,
)
from cairn.recommendations.selectors.campaigns import ASSIGNABLE_ROLES
from cairn.recommendations.services.campaigns import PROPOSAL_FIELDS
from cairn.recommendations.services.recommendations import RECOMMENDATION_FIELDS

# --- Assessment campaigns --------------------------------------------------------------


class IdListField(forms.Field):
    """Ids ticked in a list of checkboxes rendered by the page itself (``name="…" value="pk"``)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[int]:
        try:
            return sorted({int(v) for v in value or []})
        except (TypeError, ValueError):
            raise forms.ValidationError(_("Sélection invalide : rechargez la page et recommencez.")) from None


class CampaignOpenForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ["name", "description"]
        labels = {"name": _("Nom de la campagne"), "description": _("Description (facultative)")}
        help_texts = {
            "name": _("Par exemple « État des lieux 2025 ». Le nom doit être unique."),
            "description": _("Pourquoi cette campagne, jusqu’à quand, qui contacter : les personnes assignées la liront."),
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class AssignmentFilter(forms.Form):
    """The filters of the campaign page's recommendation list (a GET form)."""

    theme = forms.ModelChoiceField(label=_("Thématique"), queryset=Theme.objects.none(), required=False, empty_label=_("Toutes"))
    department = forms.ModelChoiceField(label=_("Direction"), queryset=Department.objects.all(), required=False, empty_label=_("Toutes"))
    assignment = forms.ChoiceField(
        label=_("Attribution"),
        required=False,
        choices=[("", _("Toutes")), ("unassigned", _("Pas encore attribuées")), ("assigned", _("Déjà attribuées"))],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Theme]", self.fields["theme"]).queryset = Theme.objects.select_related("cycle").order_by(
            "cycle__starts_on", "title"
        )


class AssignForm(PeopleSearchMixin, forms.Form):
    """Assign the ticked recommendations, or every one matching the filters, to a person."""

    SELECTED, MATCHING = "selected", "matching"

    assignee = PersonField(
        label=_("Attribuer à"),
        roles=ASSIGNABLE_ROLES,
        help_text=_("Membres de l’équipe de coordination, responsables de direction et animateur·rices."),
    )
    scope = forms.ChoiceField(choices=[(SELECTED, SELECTED), (MATCHING, MATCHING)], initial=SELECTED)
    recommendations = IdListField(required=False)

    def __init__(self, *args: Any, assignees: Any, viewer: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("PersonField", self.fields["assignee"]).queryset = assignees
        self.setup_people(viewer)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("scope") == self.SELECTED and not data.get("recommendations"):
            raise forms.ValidationError(_("Cochez au moins une recommandation, ou choisissez « toutes celles du filtre »."))
        return data


class AssessmentForm(forms.ModelForm):
    """An assessment with its interview: proposed in a campaign or published directly."""

    class Meta:
        model = Assessment
        # What an interviewer writes on a proposal, and a coordinator on an assessment they
        # publish at once (``services.campaigns.PROPOSAL_FIELDS``).
        fields = PROPOSAL_FIELDS
        labels = {
            "interviewee": _("Personne interrogée"),
            "interviewee_role": _("Sa fonction"),
            "interviewee_department": _("Sa direction"),
            "interview_date": _("Date de l’entretien"),
            "source": _("Source"),
            "notes": _("Notes d’entretien"),
            "status": _("État d’avancement"),
            "effective_date": _("Date d’effet"),
            "public_comment": _("Commentaire public"),
            "internal_note": _("Note interne"),
        }
        help_texts = {
            "interviewee": _("Nom de la personne rencontrée (facultatif si la source est un document)."),
            "source": _("Par exemple : entretien, compte rendu du CA du 12 mars, rapport annuel."),
            "notes": _("Ce qui a été dit ; visible seulement de l’équipe de coordination."),
            "effective_date": _("Depuis quand cet état est vrai. Pas dans le futur."),
            "public_comment": _("Lu par tous les sociétaires. Obligatoire si la recommandation est rejetée ou reportée."),
            "internal_note": _("Visible seulement de l’équipe de coordination."),
        }
        field_classes = {"interview_date": BoundedDateField, "effective_date": BoundedDateField}
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 4}),
            "public_comment": forms.Textarea(attrs={"rows": 3}),
            "internal_note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        status = cast("forms.ChoiceField", self.fields["status"])
        status.choices = [("", _("Choisissez un état"))] + [(s.value, s.label) for s in Status if s != Status.NOT_ASSESSED]
        cast("forms.ModelChoiceField[Department]", self.fields["interviewee_department"]).empty_label = _("—")
        if not self.instance.pk:
            self.fields["effective_date"].initial = timezone.localdate()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") in STATUSES_NEEDING_RATIONALE and not (data.get("public_comment") or "").strip():
            self.add_error(
                "public_comment",
                _("Une recommandation rejetée ou reportée doit être expliquée publiquement : écrivez un commentaire public."),
            )
        effective = data.get("effective_date")
        if effective and effective > timezone.localdate():
            self.add_error("effective_date", _("La date d’effet ne peut pas être dans le futur."))
        return data

    def _post_clean(self) -> None:
        # The services validate and write; the model form only reads fields.
        pass


class ReviewForm(forms.Form):
    PUBLISH, RETURN = "publish", "return"

    decision = forms.ChoiceField(choices=[(PUBLISH, PUBLISH), (RETURN, RETURN)])
    note = forms.CharField(
        label=_("Note pour l’auteur·rice"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Obligatoire pour renvoyer : dites ce qu’il faut revoir."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == self.RETURN and not (data.get("note") or "").strip():
            self.add_error("note", _("Expliquez à l’auteur·rice ce qu’il faut revoir."))
        return data


class BulkPublishForm(forms.Form):
    assessments = IdListField(required=False)

    def clean_assessments(self) -> list[int]:
        ids = list(self.cleaned_data.get("assessments") or [])
        if not ids:
            raise forms.ValidationError(_("Cochez au moins une proposition à publier."))
        return ids


# --- The public registry's filters -----------------------------------------------------


class FacetSelect(forms.Select):
    """A ``<select>`` whose options are written in Python: a facet may list hundreds of
    options, and Django's ``Select`` renders one template per option (most of the
    registry page's rendering time)."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        selected = {str(v) for v in self.format_value(value)}
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option_value, mark_safe(" selected") if str(option_value) in selected else "", label)
                for option_value, label in self.choices
            ),
        )
        return format_html("<select{}>{}</select>", flatatt(final_attrs), options)


def _object_id(value: str) -> int:
    """A positive integer a database id can hold (a longer one would overflow the query)."""
    number = int(value)
    if not 0 < number < 2**63:
        raise ValueError(value)
    return number


class FacetField(forms.TypedChoiceField):
    """A filter whose options, with their counts, come from the registry's facet queries
    (``RegistryFilterForm.set_facets``). Until then any value of the right type passes:
    ``set_facets`` reports one that names no option the viewer may see."""

    widget = FacetSelect

    def __init__(self, *, coerce: Any = str, **kwargs: Any) -> None:
        super().__init__(coerce=coerce, required=False, empty_value=None if coerce is _object_id else "", **kwargs)

    def valid_value(self, value: Any) -> bool:
        return len(str(value)) <= 120


class RegistryFilterForm(forms.Form):
    """The registry's filters, a GET form: a bad value never fails the page; its field says
    what is wrong and the other filters still apply."""

    q = forms.CharField(label=_("Rechercher"), required=False, max_length=200, widget=forms.TextInput(attrs={"type": "search"}))
    cycle = FacetField(label=_("Cycle"), coerce=_object_id)
    country = FacetField(label=_("Pays"))
    theme = FacetField(label=_("Thématique"), coerce=_object_id)
    category = FacetField(label=_("Grande thématique"), coerce=_object_id)
    group = FacetField(label=_("Groupe de travail"), coerce=_object_id)
    city = FacetField(label=_("Ville"))
    department = FacetField(label=_("Direction"), coerce=_object_id)
    status = FacetField(label=_("État d’avancement"))
    kind = FacetField(label=_("Nature"))
    as_of = BoundedDateField(
        label=_("État au"),
        required=False,
        help_text=_("Laissez vide pour l’état d’aujourd’hui."),
    )
    sort = forms.ChoiceField(
        label=_("Trier par"),
        required=False,
        choices=[("chronologique", _("ordre chronologique")), ("recent", _("dernier changement d’état")), ("pertinence", _("pertinence"))],
        help_text=_("Avec une recherche, les recommandations qui y répondent le mieux viennent d’abord."),
    )

    #: The empty option of each facet ("all"), agreed in gender with the field's noun.
    ALL_LABELS = {
        "cycle": _("Tous"),
        "country": _("Tous"),
        "theme": _("Toutes"),
        "category": _("Toutes"),
        "group": _("Tous"),
        "city": _("Toutes"),
        "department": _("Toutes"),
        "status": _("Tous"),
        "kind": _("Toutes"),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.is_bound and str(self.data.get("q") or "").strip():
            # A search is ordered by relevance unless the reader chose another order: the
            # select shows it first, so that it reads as chosen.
            sort = cast("forms.ChoiceField", self.fields["sort"])
            choices: list[Any] = list(sort.choices)  # type: ignore[arg-type]
            sort.choices = sorted(choices, key=lambda choice: choice[0] != "pertinence")
        self.fields["q"].widget.attrs["placeholder"] = _("mot, référence…")
        for name in self.ALL_LABELS:
            cast("forms.ChoiceField", self.fields[name]).choices = [("", self.ALL_LABELS[name])]

    def clean_status(self) -> str:
        value = self.cleaned_data["status"]
        if value and value not in Status.values:
            raise forms.ValidationError(_("Cet état d’avancement n’existe pas."))
        return value

    def clean_kind(self) -> str:
        value = self.cleaned_data["kind"]
        if value and value not in Kind.values:
            raise forms.ValidationError(_("Cette nature n’existe pas."))
        return value

    def clean_country(self) -> str:
        value = self.cleaned_data["country"]
        if value and value not in CycleCountry.values:
            raise forms.ValidationError(_("Ce pays n’existe pas."))
        return value

    def valid_values(self) -> dict[str, Any]:
        """The values that passed validation (a bad one is left out, with its error shown)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        values = {}
        for name, value in list(self.cleaned_data.items()):  # add_error removes the value
            if isinstance(value, str) and "\x00" in value:
                # Never a filter (nor stored in a file's parameters, which PostgreSQL refuses).
                self.add_error(name, _("Ce choix n’existe pas ou n’est plus disponible."))
            elif value not in (None, ""):
                values[name] = value
        return values

    def set_facets(self, facets: dict[str, list[Any]], *, unknown: Iterable[str] = ()) -> None:
        """Give each filter its options with their counts, e.g. « Réalisée (12) »."""
        for name, options in facets.items():
            choices = [("", self.ALL_LABELS[name]), *((option.value, f"{option.label} ({option.count})") for option in options)]
            cast("forms.ChoiceField", self.fields[name]).choices = choices
        for name in unknown:
            if name not in self.errors:
                self.add_error(name, _("Ce choix n’existe pas ou n’est plus disponible."))


# --- Registry import -------------------------------------------------------------------


class RegistryImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier CSV, XLSX ou Markdown (pad)"),
        help_text=_("10 Mo au plus. Un tableau (.csv, .xlsx) ou le document d’une thématique exporté du pad (.md)."),
    )
    cycle = forms.ModelChoiceField(
        label=_("Cycle"),
        queryset=Cycle.objects.all(),
        required=False,
        help_text=_(
            "Pour un pad qui ne nomme pas son cycle (en-tête « cycle : 2022-2023 » ou titre), et pour les lignes d’un tableau "
            "dont la colonne « cycle » est vide. Pas encore dans la liste ? Décrivez-le ci-dessous."
        ),
    )
    new_cycle_name = forms.CharField(
        label=_("Ou un nouveau cycle : son nom"),
        max_length=40,
        required=False,
        help_text=_("Avec ses années, par exemple « 2024-2025 ». L’aperçu montre le cycle qui sera créé avec l’import."),
    )
    new_cycle_country = forms.ChoiceField(label=_("Pays du nouveau cycle"), choices=[("", "—"), *CycleCountry.choices], required=False)
    new_cycle_starts_on = BoundedDateField(
        label=_("Début du nouveau cycle"),
        required=False,
        help_text=_("Facultatif : le 1er juin de sa première année sinon."),
    )
    category = forms.ModelChoiceField(
        label=_("Grande thématique"),
        queryset=ThemeCategory.objects.all(),
        required=False,
        help_text=_("Pour un pad, facultatif : la grande thématique de sa thématique."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        try:
            check_size(upload.size, settings.CAIRN_REGISTRY_IMPORT_MAX_BYTES)
        except TabularError as exc:
            raise forms.ValidationError(str(exc)) from exc
        if not upload.name.lower().endswith(PAD_SUFFIXES + TABLE_SUFFIXES):
            raise forms.ValidationError(_("Format non reconnu : envoyez un fichier .csv, .xlsx ou .md."))
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        name = " ".join((cleaned.get("new_cycle_name") or "").split())
        cleaned["new_cycle"] = None
        if name and cleaned.get("cycle"):
            self.add_error("new_cycle_name", _("Choisissez un cycle existant ou décrivez-en un nouveau, pas les deux."))
        elif name:
            if not cleaned.get("new_cycle_country"):
                self.add_error("new_cycle_country", _("Le pays est obligatoire pour créer un cycle."))
            elif not re.search(r"(?<!\d)(19|20)\d{2}(?!\d)", name) and not cleaned.get("new_cycle_starts_on"):
                self.add_error("new_cycle_starts_on", _("Donnez le début du cycle, ou des années dans son nom (« 2024-2025 »)."))
            else:
                cleaned["new_cycle"] = NewCycle(name, cleaned["new_cycle_country"], cleaned.get("new_cycle_starts_on"))
        return cleaned


class RegistryImportConfirmForm(forms.Form):
    """The digest of the preview the coordinator saw: confirming applies exactly that."""

    fingerprint = forms.RegexField(regex=r"^[0-9a-f]{64}$", widget=forms.HiddenInput)


class RecommendationEditForm(forms.ModelForm):
    """What the coordination team may correct on a recommendation; the cycle, theme and
    public reference never change."""

    departments = forms.ModelMultipleChoiceField(
        label=_("Directions responsables"), queryset=Department.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    version = VersionField()

    class Meta:
        model = Recommendation
        # What the service may change, but the parent: sub-items come from the import.
        fields = [name for name in RECOMMENDATION_FIELDS if name != "parent"]
        widgets = {"text": forms.Textarea(attrs={"rows": 8})}
        help_texts = {"text": _("En Markdown. Le texte s’affiche tel quel sur la page publique.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["departments"].initial = list(self.instance.departments.all())
            self.fields["version"].initial = version_of(self.instance)


# The structure pages' forms live in their own module; they are importable from here too.
from cairn.recommendations.forms.structure import (  # noqa: E402, F401
    CycleForm,
    RecommendationLinkForm,
    RecommendationTranslationForm,
    ThemeCategoryForm,
    ThemeForm,
    WorkingGroupForm,
)
