"""Validation of what staff, coordinators and members type into the projects' pages."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cairn.accounts.forms import PeopleField, PeopleSearchMixin, PersonField
from cairn.accounts.models import Role, User
from cairn.accounts.selectors import people_with_roles
from cairn.core.editing import VersionField, version_of
from cairn.core.forms import BoundedDateField, ObjectIdField
from cairn.projects.models import Answer, Project, ProjectKind, ProjectStatus
from cairn.projects.selectors import carried_labels
from cairn.projects.services import PROJECT_FIELDS
from cairn.recommendations.models import Recommendation


class ProjectForm(PeopleSearchMixin, forms.ModelForm):
    """Create or edit a project. People are chosen by a search by name (the people picker):
    a list of 30,000 members would not fit a select, and an e-mail address is no name."""

    coordinator = PersonField(
        label=_("Coordinateur·rice"), roles=Role.values, required=False, help_text=_("La personne qui coordonne le projet.")
    )
    team = PeopleField(label=_("Équipe"), roles=Role.values, required=False)
    links_text = forms.CharField(
        label=_("Liens"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Un lien par ligne : intitulé | https://…"),
    )
    version = VersionField()

    class Meta:
        model = Project
        # What the service may change; the coordinator is chosen with the people picker.
        fields = [name for name in PROJECT_FIELDS if name != "coordinator"]
        field_classes = {"starts_on": BoundedDateField, "ends_on": BoundedDateField}
        widgets = {
            "text": forms.Textarea(attrs={"rows": 8}),
            "stop_reason": forms.Textarea(attrs={"rows": 2}),
            "progress": forms.NumberInput(attrs={"min": 0, "max": 100}),
        }

    #: Fields only the coordination team changes: who coordinates, and whether it is internal.
    TEAM_ONLY = ("coordinator", "is_internal")

    def __init__(self, *args: Any, full: bool = True, viewer: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        project = self.instance
        #: Who the project names now: kept as they are, even after they left (``User.objects.nameable``).
        self.named_ids: list[int] = []
        if project.pk:
            self.named_ids = [*project.team.values_list("pk", flat=True), *([project.coordinator_id] if project.coordinator_id else [])]
        if not full:
            for name in self.TEAM_ONLY:
                del self.fields[name]
        # Members and staff, and whom the project names now (kept as they are).
        for name in ("coordinator", "team"):
            if name in self.fields:
                cast("PeopleField", self.fields[name]).queryset = people_with_roles(Role.values, keeping=self.named_ids)
        if project.pk and "coordinator" in self.fields:
            self.fields["coordinator"].initial = project.coordinator_id
        if project.pk:
            self.fields["team"].initial = [member.pk for member in project.team.all()]
            self.fields["links_text"].initial = "\n".join(f"{link.label} | {link.url}" for link in project.links.all())
            self.fields["version"].initial = version_of(project)
        cast("forms.ModelChoiceField[Any]", self.fields["department"]).empty_label = _("—")
        self.setup_people(viewer)

    def clean_team(self) -> list[User]:
        return list(self.cleaned_data.get("team") or [])

    def clean_links_text(self) -> list[tuple[str, str]]:
        links, errors = [], []
        validate = URLValidator(schemes=["http", "https"])
        for number, line in enumerate((self.cleaned_data.get("links_text") or "").splitlines(), start=1):
            if not line.strip():
                continue
            label, _sep, url = line.rpartition("|") if "|" in line else ("", "", line)
            label, url = label.strip(), url.strip()
            try:
                validate(url)
            except ValidationError:
                errors.append(_("Ligne %(n)s : « %(url)s » n’est pas une adresse web (https://…).") % {"n": number, "url": url})
                continue
            links.append(((label or url)[:200], url))
        if errors:
            raise ValidationError(errors)
        return links

    def clean_progress(self) -> int:
        value = self.cleaned_data.get("progress")
        if value is None or not 0 <= value <= 100:
            raise ValidationError(_("L’avancement est un pourcentage entre 0 et 100."))
        return int(value)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") == ProjectStatus.STOPPED and not (data.get("stop_reason") or "").strip():
            self.add_error("stop_reason", _("Un projet arrêté doit dire publiquement pourquoi."))
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("La fin ne peut pas précéder le début."))
        return data

    def _post_clean(self) -> None:
        # The services validate and write; the model form only reads fields.
        pass

    def service_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.fields}
        if "coordinator" in self.fields:
            data["coordinator"] = self.cleaned_data["coordinator"]
        return data


class LinkRecommendationForm(forms.Form):
    reference = forms.CharField(label=_("Référence de la recommandation"), max_length=40, help_text=_("Par exemple « 2020-21/ACC/04 »."))
    answer = forms.ChoiceField(label=_("Le projet"), choices=Answer.choices, initial=Answer.PARTLY)
    note = forms.CharField(label=_("Note (facultative)"), max_length=300, required=False)

    def clean_reference(self) -> Recommendation:
        reference = self.cleaned_data["reference"].strip()
        recommendation = Recommendation.objects.filter(reference__iexact=reference).first()
        if recommendation is None:
            raise ValidationError(_("Aucune recommandation n’a cette référence."))
        return recommendation


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Pièce jointe"), help_text=_("10 Mo au plus : PDF, PNG, JPEG, ODT, ODS, DOCX ou XLSX."))


class ProjectUpdateForm(forms.Form):
    posted_on = BoundedDateField(label=_("Date"))
    text = forms.CharField(label=_("Ce qui a changé (Markdown)"), widget=forms.Textarea(attrs={"rows": 6}))
    progress = forms.IntegerField(label=_("Nouvel avancement (%, facultatif)"), required=False, min_value=0, max_value=100)
    status = forms.ChoiceField(label=_("Nouvel état (facultatif)"), required=False)
    stop_reason = forms.CharField(
        label=_("Raison de l’arrêt"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Publique. Obligatoire si le projet s’arrête."),
    )

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.project = project
        self.fields["posted_on"].initial = timezone.localdate()
        cast("forms.ChoiceField", self.fields["status"]).choices = [("", _("Inchangé"))] + [
            (s.value, s.label) for s in ProjectStatus if s != project.status
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        posted_on = data.get("posted_on")
        if posted_on and posted_on > timezone.localdate():
            self.add_error("posted_on", _("La date ne peut pas être dans le futur."))
        if data.get("status") == ProjectStatus.STOPPED and not (data.get("stop_reason") or "").strip():
            self.add_error("stop_reason", _("Un projet arrêté doit dire publiquement pourquoi."))
        return data


class UpdateRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message (facultatif)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ce que l’équipe aimerait savoir ; il figure dans l’e-mail."),
    )


class ProjectFilterForm(forms.Form):
    """The project list's filters (a GET form): a bad value is reported and ignored."""

    kind = forms.ChoiceField(label=_("Nature"), required=False)
    status = forms.ChoiceField(label=_("État"), required=False)
    department = forms.TypedChoiceField(label=_("Direction"), required=False, coerce=int, empty_value=None)
    category = forms.TypedChoiceField(label=_("Grande thématique"), required=False, coerce=int, empty_value=None)
    cycle = forms.TypedChoiceField(label=_("Cycle des recommandations"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, choices: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        every = [("", _("Tous"))]
        cast("forms.ChoiceField", self.fields["kind"]).choices = [("", _("Toutes")), *ProjectKind.choices]
        cast("forms.ChoiceField", self.fields["status"]).choices = every + list(ProjectStatus.choices)
        cast("forms.ChoiceField", self.fields["department"]).choices = [("", _("Toutes"))] + [
            (str(d.pk), d.name) for d in choices["departments"]
        ]
        cast("forms.ChoiceField", self.fields["category"]).choices = [("", _("Toutes"))] + [
            (str(c.pk), c.name) for c in choices["categories"]
        ]
        cast("forms.ChoiceField", self.fields["cycle"]).choices = every + [(str(c.pk), str(c)) for c in choices["cycles"]]

    def valid_values(self) -> dict[str, Any]:
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}


class CarriedFilterForm(forms.Form):
    """What "still to carry out" shows: every group's first recommendations, or one group
    in full, page by page (a GET form: a bad value is reported and the overview shown)."""

    carried = forms.ChoiceField(label=_("Ce qui les porte"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ChoiceField", self.fields["carried"]).choices = [("", _("Vue d’ensemble")), *carried_labels().items()]

    def chosen(self) -> str:
        return self.cleaned_data["carried"] if self.is_bound and self.is_valid() else ""


class UpdateRequestLinkForm(forms.Form):
    """The update request an e-mail's link names (``?demande=12``): a bad value is ignored."""

    demande = ObjectIdField(required=False)

    def request_id(self) -> int | None:
        return self.cleaned_data.get("demande") if self.is_valid() else None
