from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cairn.accounts.models import ApiScope, Country, Gender, Interest, Language, Office, Profile, Role, Sector, User, Visibility
from cairn.accounts.selectors import people_chosen, people_found, people_listed
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
            "gender": forms.RadioSelect,
            "language": forms.Select(choices=Language.choices),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        office_field = cast("forms.ModelChoiceField[Office]", self.fields["office"])
        office_field.queryset = Office.objects.order_by("country", "name")
        cast("forms.ChoiceField", self.fields["country"]).choices = [("", "—"), *Country.choices]
        cast("forms.ChoiceField", self.fields["gender"]).choices = [("", _("Forme neutre : animateur·rice")), *Gender.choices]
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


# --- Choosing people: a search by name, never a list of e-mail addresses -------------------


class PeoplePicker(forms.Widget):
    """Chooses people by a search by name, each shown with their office and role.

    Without JavaScript it is a filtered list: the people chosen now, ticked, then those
    whose name matches the search box, found when the form comes back through the
    "Chercher" button (``PeopleSearchMixin``). With JavaScript, htmx asks
    ``accounts:people_search`` as one types and swaps the matches in — for a viewer that
    search answers (``accounts.search_people``); others use the "Chercher" button.

    ``listed``: the candidates are a small circle (an experiment group's people): all of
    them are offered, by name, office and role, without a search.
    A single choice that is not required offers "Aucune personne" to leave it empty.
    """

    template_name = "accounts/widgets/people_picker.html"

    def __init__(self, *, roles: Iterable[str], multiple: bool = True, listed: bool = False, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.roles = sorted(roles)
        self.multiple = multiple
        self.listed = listed
        self.candidates: Any = None
        self.viewer: Any = None
        self.query = ""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        getlist = getattr(data, "getlist", None)
        if self.multiple:
            values = getlist(name) if getlist else data.get(name)
            return [v for v in values if v != ""] if isinstance(values, list) else values
        return data.get(name)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return False  # an empty choice sends nothing, like checkboxes

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        values = value if isinstance(value, list | tuple) else ([] if value in (None, "") else [value])
        ids = [int(v) for v in values if str(v).isdigit()]
        candidates = self.candidates if self.candidates is not None else User.objects.none()
        if self.listed:
            everyone = people_listed(candidates=candidates, viewer=self.viewer)
            chosen = [p for p in everyone if p.pk in ids]
            found = [p for p in everyone if p.pk not in ids]
        else:
            chosen = people_chosen(candidates=candidates, viewer=self.viewer, ids=ids)
            found = [p for p in people_found(candidates=candidates, viewer=self.viewer, query=self.query) if p.pk not in ids]
        context["picker"] = {
            "chosen": chosen,
            "found": found,
            "query": self.query,
            "input_type": "checkbox" if self.multiple else "radio",
            "roles": ",".join(self.roles),
            "searched": bool(self.query.strip()),
            "listed": self.listed,
            "live": self.viewer is not None and self.viewer.has_perm("accounts.search_people"),
            "nobody": not self.multiple and not self.is_required,
            "nobody_checked": not ids,
        }
        return context


class PeopleField(forms.ModelMultipleChoiceField):
    """Several people among ``queryset`` (their roles: ``roles``), chosen with ``PeoplePicker``."""

    def __init__(self, *, roles: Iterable[str], queryset: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("widget", PeoplePicker(roles=roles, multiple=True))
        super().__init__(queryset=queryset if queryset is not None else User.objects.none(), **kwargs)

    def _set_queryset(self, queryset: Any) -> None:
        # Never hand the widget an iterator over every candidate (30,000 members): it
        # looks up the chosen ones and the matches itself.
        self._queryset = None if queryset is None else queryset.all()
        self.widget.candidates = self._queryset  # type: ignore[attr-defined]

    queryset = property(forms.ModelMultipleChoiceField._get_queryset, _set_queryset)  # type: ignore[assignment, attr-defined]


class PersonField(forms.ModelChoiceField):
    """One person among ``queryset``, chosen with ``PeoplePicker`` (a single choice)."""

    def __init__(self, *, roles: Iterable[str], queryset: Any = None, listed: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("widget", PeoplePicker(roles=roles, multiple=False, listed=listed))
        super().__init__(queryset=queryset if queryset is not None else User.objects.none(), **kwargs)

    def _set_queryset(self, queryset: Any) -> None:
        self._queryset = None if queryset is None else queryset.all()
        self.widget.candidates = self._queryset  # type: ignore[attr-defined]

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)  # type: ignore[assignment, attr-defined]


#: The name of the no-JavaScript "Chercher" button of a people picker.
PEOPLE_SEARCH = "people_search"


class PeopleSearchMixin:
    """For a form with people pickers: tells them the viewer and the search typed, and when
    the "Chercher" button sent the form (no JavaScript), shows it again with the matches —
    without saving and without flagging the fields not filled in yet."""

    def setup_people(self, viewer: Any) -> None:
        form = cast("forms.BaseForm", self)
        for name, field in form.fields.items():
            if isinstance(field.widget, PeoplePicker):
                field.widget.viewer = viewer
                field.widget.query = str(form.data.get(f"{name}__q", "") or "")[:100] if form.is_bound else ""

    @property
    def searching_people(self) -> bool:
        form = cast("forms.BaseForm", self)
        return form.is_bound and PEOPLE_SEARCH in form.data

    def is_valid(self) -> bool:
        if self.searching_people:
            return False
        return super().is_valid()  # type: ignore[misc]

    @property
    def errors(self) -> Any:
        form = cast("forms.BaseForm", self)
        if self.searching_people:
            return forms.utils.ErrorDict()
        return forms.BaseForm.errors.fget(form)  # type: ignore[attr-defined]


class PeopleSearchForm(forms.Form):
    """The people picker's search (``accounts:people_search``): which field asks, among
    which roles, and the name typed, sent as ``<field>__q`` like the picker's own box."""

    field = forms.SlugField(max_length=60)
    roles = forms.CharField(max_length=200)
    type = forms.ChoiceField(choices=[("checkbox", "checkbox"), ("radio", "radio")])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        typed = str(self.data.get(f"{data.get('field', '')}__q", ""))
        data["query"] = typed.replace("\x00", "")[:100]
        return data

    def clean_roles(self) -> list[str]:
        roles = [role for role in self.cleaned_data["roles"].split(",") if role]
        if not roles or any(role not in Role.values for role in roles):
            raise forms.ValidationError(_("Rôle inconnu."))
        return roles
