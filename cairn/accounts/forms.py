from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cairn.accounts.models import ApiScope, Country, Interest, Language, Office, Profile, Sector, Visibility
from cairn.accounts.services import PROFILE_FIELDS
from cairn.core.editing import VersionField, version_of
from cairn.core.forms import BoundedDateField
from cairn.core.tabular import TabularError, check_size
from cairn.core.validators import validate_single_line


class SignupExtraForm(forms.Form):
    """What allauth's sign-up form asks on top of e-mail and password."""

    display_name = forms.CharField(
        label=_("Nom affiché"), max_length=80, validators=[validate_single_line], help_text=_("Le nom que les autres sociétaires voient.")
    )

    def clean_display_name(self) -> str:
        return " ".join(self.cleaned_data["display_name"].split())

    def signup(self, request: Any, user: Any) -> None:
        from cairn.accounts.services import member_register

        language = (get_language() or settings.LANGUAGE_CODE)[:2]
        member_register(user=user, display_name=self.cleaned_data["display_name"], language=language)


class SkillsField(forms.CharField):
    """Free tags separated by commas."""

    def clean(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().clean(value) or ""
        names = [" ".join(part.split()) for part in text.split(",")]
        names = [n for n in names if n]
        for name in names:
            validate_single_line(name)
            if len(name) > 60:
                raise forms.ValidationError(_("« %(name)s » dépasse 60 caractères."), params={"name": name[:60] + "…"})
        if len(names) > 20:
            raise forms.ValidationError(_("Vingt compétences au plus."))
        return names


class ProfileForm(forms.ModelForm):
    skills_text = SkillsField(
        label=_("Compétences"),
        required=False,
        max_length=1000,
        help_text=_("Séparées par des virgules, par exemple : comptabilité, animation, néerlandais."),
    )
    interests = forms.ModelMultipleChoiceField(
        label=_("Centres d’intérêt"), queryset=Interest.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    version = VersionField()

    class Meta:
        model = Profile
        fields = PROFILE_FIELDS
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 5, "maxlength": 1000}),
            "visibility": forms.RadioSelect,
            "language": forms.Select(choices=Language.choices),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        office_field = cast("forms.ModelChoiceField[Office]", self.fields["office"])
        office_field.queryset = Office.objects.order_by("country", "name")
        cast("forms.ChoiceField", self.fields["country"]).choices = [("", "—"), *Country.choices]
        self.fields["skills_text"].widget.attrs.update({"list": "skill-suggestions", "autocomplete": "off"})
        if self.instance.pk:
            self.fields["version"].initial = version_of(self.instance)
            self.fields["skills_text"].initial = ", ".join(s.name for s in self.instance.skills.all())
            self.fields["interests"].initial = list(self.instance.interests.all())

    def clean_display_name(self) -> str:
        return " ".join(self.cleaned_data["display_name"].split())


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Nom ou compétence"), required=False, max_length=100)
    country = forms.ChoiceField(label=_("Pays"), required=False, choices=[("", _("Tous")), *Country.choices])
    office = forms.ModelChoiceField(label=_("Bureau"), required=False, queryset=Office.objects.all(), empty_label=_("Tous"))
    sector = forms.ModelChoiceField(label=_("Secteur"), required=False, queryset=Sector.objects.all(), empty_label=_("Tous"))


class MemberImportForm(forms.Form):
    file = forms.FileField(label=_("Fichier CSV ou XLSX"), help_text=_("Colonnes : email, name, language, country, office, sector."))
    dry_run = forms.BooleanField(label=_("Vérifier seulement, sans rien enregistrer"), required=False)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        try:
            check_size(upload.size, settings.CAIRN_MEMBER_IMPORT_MAX_BYTES)
        except TabularError as exc:
            raise forms.ValidationError(str(exc)) from exc
        if not upload.name.lower().endswith((".csv", ".xlsx", ".txt")):
            raise forms.ValidationError(_("Format non reconnu : envoyez un fichier .csv ou .xlsx."))
        return upload


class DeleteAccountForm(forms.Form):
    confirm = forms.CharField(label=_("Pour confirmer, écrivez SUPPRIMER"), max_length=20)

    def clean_confirm(self) -> str:
        value = self.cleaned_data["confirm"].strip()
        if value.upper() not in {str(_("SUPPRIMER")).upper(), "SUPPRIMER"}:
            raise forms.ValidationError(_("Écrivez SUPPRIMER pour confirmer la suppression."))
        return value


VISIBILITY_HELP = {
    Visibility.PUBLIC: _("Tout le monde, même sans compte."),
    Visibility.MEMBERS: _("Les sociétaires connecté·es."),
    Visibility.PRIVATE: _("Vous et l’équipe de coordination."),
}


class ApiTokenForm(forms.Form):
    """A new personal access token: its name, what it may do, when it stops."""

    name = forms.CharField(
        label=_("Nom du jeton"), max_length=80, help_text=_("Pour le reconnaître : « Tableau de bord BI », « Script d’import ».")
    )
    scopes = forms.MultipleChoiceField(
        label=_("Ce qu’il peut faire en plus de lire les données publiques"),
        choices=ApiScope.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    expires_on = BoundedDateField(label=_("Expire le"), required=False, help_text=_("Laissez vide pour un jeton sans date d’expiration."))
