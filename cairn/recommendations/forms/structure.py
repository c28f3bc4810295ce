"""The staff forms that keep the registry's structure — cycles, theme categories, themes,
working groups — without the Django admin. Each page saves through
``services.structure`` (audited); the forms only read and check what was typed."""

from __future__ import annotations

import datetime
import re
from typing import Any, cast

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from cairn.accounts.forms import PeopleField, PeopleSearchMixin
from cairn.accounts.models import Language, Office
from cairn.accounts.selectors import people_with_roles
from cairn.core.forms import BoundedDateField
from cairn.core.translation import with_translations
from cairn.recommendations.imports.plan import cycle_code_for, theme_code_for
from cairn.recommendations.models import Cycle, GroupRole, LinkKind, Recommendation, Theme, ThemeCategory, WorkingGroup

CYCLE_EDITABLE = ["name", "country", "starts_on", "ends_on", "description", "is_internal"]
CATEGORY_EDITABLE = ["name_fr", "name_nl", "name_en", "position"]
THEME_EDITABLE = with_translations(["title", "category", "voted_on", "prolongs", "introduction", "is_internal"], Theme)
GROUP_EDITABLE = ["name", "cities", "languages", "meeting_dates"]
#: The people of a group a page edits by name, one a line (for groups before Cairn, without an account).
PEOPLE_FIELDS = {"facilitators": GroupRole.FACILITATOR, "secretaries": GroupRole.SECRETARY, "participants": GroupRole.PARTICIPANT}
#: The people of a group a page picks among the accounts, per role (the people picker).
MEMBER_FIELDS = {
    "facilitator_members": GroupRole.FACILITATOR,
    "secretary_members": GroupRole.SECRETARY,
    "participant_members": GroupRole.PARTICIPANT,
}
#: Whose accounts the pickers find: the cooperative's members and its staff.
GROUP_PEOPLE_ROLES = ("member", "facilitator", "coordination", "department_lead")


class CycleForm(forms.ModelForm):
    """A cycle: its code and identifier are made from its name when it is created, then never change."""

    starts_on = BoundedDateField(label=_("Début"))
    ends_on = BoundedDateField(label=_("Fin"), required=False)

    class Meta:
        model = Cycle
        fields = CYCLE_EDITABLE

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("La fin du cycle ne peut pas précéder son début."))
        if self.instance.pk is None and cleaned.get("name") and cleaned.get("country"):
            name, country = cleaned["name"], cleaned["country"]
            code = cycle_code_for(name)
            if Cycle.objects.filter(code=code).exists():
                code = f"{code}-{country}"[:12]
            slug = slugify(f"{name}-{country}")[:40]
            if Cycle.objects.filter(code=code).exists() or Cycle.objects.filter(slug=slug).exists():
                self.add_error("name", _("Un cycle de ce nom existe déjà dans ce pays."))
            cleaned["code"], cleaned["slug"] = code, slug
            self.instance.code, self.instance.slug = code, slug
        return cleaned


class ThemeCategoryForm(forms.ModelForm):
    class Meta:
        model = ThemeCategory
        fields = CATEGORY_EDITABLE

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.instance.pk is None and cleaned.get("name_fr"):
            base = slugify(cleaned["name_fr"])[:55] or "categorie"
            slug, n = base, 2
            while ThemeCategory.objects.filter(slug=slug).exists():
                slug, n = f"{base}-{n}", n + 1
            cleaned["slug"] = self.instance.slug = slug
        return cleaned


class ThemeForm(forms.ModelForm):
    """A theme of ``cycle``; its code (the middle of public references) is made from its
    title when it is created, then never changes."""

    voted_on = BoundedDateField(label=_("Voté en AG le"), required=False)

    class Meta:
        model = Theme
        fields = THEME_EDITABLE

    def __init__(self, *args: Any, cycle: Cycle, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cycle = cycle
        self.instance.cycle = cycle
        prolongs = cast(forms.ModelChoiceField, self.fields["prolongs"])
        prolongs.queryset = (
            Theme.objects.filter(cycle__starts_on__lt=cycle.starts_on).select_related("cycle").order_by("-cycle__starts_on", "title")
        )
        prolongs.help_text = _("Une thématique d’un cycle précédent que celle-ci poursuit.")

    def clean_title(self) -> str:
        title = " ".join(self.cleaned_data["title"].split())
        same = Theme.objects.filter(cycle=self.cycle, title__iexact=title).exclude(pk=self.instance.pk)
        if same.exists():
            raise forms.ValidationError(_("Ce cycle a déjà une thématique de ce titre."))
        return title

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.instance.pk is None and cleaned.get("title"):
            taken = set(Theme.objects.filter(cycle=self.cycle).values_list("code", flat=True))
            self.instance.code = cleaned["code"] = theme_code_for(cleaned["title"], taken)
        return cleaned


def _lines(value: str) -> list[str]:
    return [" ".join(line.split()) for line in value.splitlines() if line.strip()]


class WorkingGroupForm(PeopleSearchMixin, forms.ModelForm):
    """A working group: cities, offices, languages, meeting dates and its facilitators,
    secretaries and participants — members chosen by their account, and, for groups before
    Cairn, people known only by a name."""

    languages = forms.MultipleChoiceField(
        label=_("Langues de travail"), choices=Language.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    offices = forms.ModelMultipleChoiceField(
        label=_("Bureaux"), queryset=Office.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    meeting_dates = forms.CharField(
        label=_("Dates des réunions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Une date par ligne : 2024-11-05."),
    )
    facilitator_members = PeopleField(label=_("Animateur·rices (sociétaires)"), roles=GROUP_PEOPLE_ROLES, required=False)
    facilitators = forms.CharField(label=_("Animateur·rices (noms)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    secretary_members = PeopleField(label=_("Secrétaires (sociétaires)"), roles=GROUP_PEOPLE_ROLES, required=False)
    secretaries = forms.CharField(label=_("Secrétaires (noms)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    participant_members = PeopleField(label=_("Participant·es (sociétaires)"), roles=GROUP_PEOPLE_ROLES, required=False)
    participants = forms.CharField(
        label=_("Participant·es (noms)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Un nom par ligne, pour chaque rôle : les personnes sans compte, pour les groupes d’avant Cairn."),
    )

    class Meta:
        model = WorkingGroup
        fields = GROUP_EDITABLE

    def __init__(self, *args: Any, theme: Theme, viewer: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.theme = theme
        self.instance.theme = theme
        for field in MEMBER_FIELDS:
            cast(PeopleField, self.fields[field]).queryset = people_with_roles(GROUP_PEOPLE_ROLES)
        self.setup_people(viewer)
        if self.instance.pk is not None and not self.is_bound:
            self.initial["offices"] = list(self.instance.offices.all())
            self.initial["meeting_dates"] = "\n".join(self.instance.meeting_dates)
            people = list(self.instance.people.all())
            for field, role in PEOPLE_FIELDS.items():
                self.initial[field] = "\n".join(p.name for p in people if p.role == role and p.user_id is None)
            for field, role in MEMBER_FIELDS.items():
                self.initial[field] = [p.user_id for p in people if p.role == role and p.user_id is not None]

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if WorkingGroup.objects.filter(theme=self.theme, name__iexact=name).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Cette thématique a déjà un groupe de ce nom."))
        return name

    def clean_meeting_dates(self) -> list[str]:
        dates = []
        for line in _lines(self.cleaned_data.get("meeting_dates") or ""):
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", line):
                raise forms.ValidationError(_("Date illisible « %(value)s » : écrivez-la AAAA-MM-JJ.") % {"value": line[:40]})
            try:
                datetime.date.fromisoformat(line)
            except ValueError as exc:
                raise forms.ValidationError(_("Date illisible « %(value)s » : écrivez-la AAAA-MM-JJ.") % {"value": line}) from exc
            dates.append(line)
        return sorted(set(dates))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for field in PEOPLE_FIELDS:
            names = _lines(cleaned.get(field) or "")
            if any(len(name) > 120 for name in names):
                self.add_error(field, _("Un nom compte 120 caractères au plus."))
            cleaned[field] = list(dict.fromkeys(names))
        return cleaned


class RecommendationLinkForm(forms.Form):
    """Link the recommendation a page shows to one the search picker found."""

    target = forms.ModelChoiceField(label=_("Recommandation"), queryset=Recommendation.objects.all(), widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("Lien"), choices=LinkKind.choices)


class RecommendationTranslationForm(forms.Form):
    """A recommendation's title and text in one other language; an empty title leaves it untranslated."""

    title = forms.CharField(label=_("Titre"), max_length=300, required=False)
    text = forms.CharField(label=_("Texte (Markdown)"), required=False, widget=forms.Textarea(attrs={"rows": 6}))
