"""Validation of what writers and readers send: the story form, its images, the list's filters."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cairn.accounts.models import Language
from cairn.core.editing import VersionField, version_of
from cairn.core.validators import validate_plain_text, validate_single_line
from cairn.projects.models import Project
from cairn.recommendations.models import Recommendation, ThemeCategory
from cairn.stories.models import LANGUAGE_ORDER, Story, StorySeries
from cairn.stories.services import VersionText

#: Formats Pillow must recognise in an upload. SVG is refused: it can carry scripts.
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
#: Beyond this many pixels an image is refused before decoding (a "decompression bomb").
IMAGE_MAX_PIXELS = 40_000_000

LANGUAGE_NAMES = {
    Language.FR: _("Version française"),
    Language.NL: _("Version néerlandaise"),
    Language.EN: _("Version anglaise"),
}


def checked_image(upload: UploadedFile) -> UploadedFile:
    """The upload if it is a JPEG, PNG, WebP or GIF image within the size limits, renamed
    with the extension of its real format; a translated ``ValidationError`` otherwise."""
    from PIL import Image, UnidentifiedImageError

    max_bytes = settings.CAIRN_STORY_IMAGE_MAX_BYTES
    if upload.size is None or upload.size > max_bytes:
        raise forms.ValidationError(
            _("L’image dépasse la taille maximale de %(size)s Mo."), code="too_large", params={"size": max_bytes // (1024 * 1024)}
        )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image_format = image.format or ""
            width, height = image.size
            if width * height > IMAGE_MAX_PIXELS:
                raise forms.ValidationError(_("L’image est trop grande (plus de 40 millions de pixels)."), code="too_many_pixels")
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise forms.ValidationError(
            _("Ce fichier n’est pas une image lisible. Envoyez une image JPEG, PNG, WebP ou GIF."), code="not_an_image"
        ) from exc
    if image_format not in IMAGE_FORMATS:
        raise forms.ValidationError(_("Format d’image non accepté : envoyez une image JPEG, PNG, WebP ou GIF."), code="format")
    upload.seek(0)
    upload.name = f"image.{IMAGE_FORMATS[image_format]}"
    return upload


class StoryForm(forms.Form):
    """A story in one to three languages. A language is written when its title is; its lead,
    text and the cover's alt text are then required."""

    cover_image = forms.FileField(
        label=_("Image de couverture"),
        required=False,
        help_text=_("JPEG, PNG, WebP ou GIF, 5 Mo au plus."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
    )
    series = forms.ModelChoiceField(label=_("Série"), queryset=StorySeries.objects.all(), required=False)
    categories = forms.ModelMultipleChoiceField(
        label=_("Grandes thématiques"), queryset=ThemeCategory.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    recommendations = forms.CharField(
        label=_("Recommandations liées"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Leurs références, une par ligne ou séparées par des espaces, par exemple « 2020-21/ACC/04 »."),
    )
    projects = forms.ModelMultipleChoiceField(
        label=_("Projets liés"), queryset=Project.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    version = VersionField()

    PER_LANGUAGE = ("title", "lead", "body", "cover_alt")

    def __init__(self, *args: Any, story: Story | None = None, user: Any = None, **kwargs: Any) -> None:
        from django.contrib.auth.models import AnonymousUser

        self.story = story
        # The writer chooses among the projects they may see; a story's links to projects
        # they may not see (internal ones another writer linked) are kept as they are.
        self.visible_projects = Project.objects.visible_to(user or AnonymousUser()).order_by("title", "pk")
        if story is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_from(story)
        super().__init__(*args, **kwargs)
        cast("forms.ModelMultipleChoiceField", self.fields["projects"]).queryset = self.visible_projects
        self.fields["projects"].error_messages["invalid_choice"] = _("Ce projet n’existe pas ou vous ne pouvez pas le voir.")
        for code in LANGUAGE_ORDER:
            self.fields[f"title_{code}"] = forms.CharField(
                label=_("Titre"), max_length=200, required=False, validators=[validate_single_line]
            )
            self.fields[f"lead_{code}"] = forms.CharField(
                label=_("Chapeau"),
                max_length=600,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                validators=[validate_plain_text],
                help_text=_("Deux ou trois phrases : elles résument le récit dans la liste, les flux et les partages."),
            )
            self.fields[f"body_{code}"] = forms.CharField(
                label=_("Texte (Markdown)"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 14}),
                help_text=_("Titres avec ##, listes, liens ; une image envoyée plus bas s’insère avec le code Markdown qu’elle affiche."),
            )
            self.fields[f"cover_alt_{code}"] = forms.CharField(
                label=_("Texte alternatif de l’image de couverture"),
                max_length=250,
                required=False,
                validators=[validate_single_line],
                help_text=_("Ce que montre l’image, pour qui ne la voit pas."),
            )
        if story is None:
            self.fields["cover_image"].required = True

    @staticmethod
    def initial_from(story: Story) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "series": story.series_id,
            "categories": list(story.categories.values_list("pk", flat=True)),
            "recommendations": "\n".join(story.recommendations.order_by("reference").values_list("reference", flat=True)),
            "projects": list(story.projects.values_list("pk", flat=True)),
            "version": version_of(story),
        }
        for version in story.versions.all():
            for name in StoryForm.PER_LANGUAGE:
                initial[f"{name}_{version.language}"] = getattr(version, name)
        return initial

    def language_groups(self) -> list[tuple[str, Any, list[forms.BoundField]]]:
        """(code, legend, fields) of each language, for the template's fieldsets."""
        return [(code, LANGUAGE_NAMES[Language(code)], [self[f"{name}_{code}"] for name in self.PER_LANGUAGE]) for code in LANGUAGE_ORDER]

    def clean_cover_image(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("cover_image")
        if not upload:
            return None
        return checked_image(upload)

    def clean_recommendations(self) -> list[Recommendation]:
        references = list(dict.fromkeys(self.cleaned_data["recommendations"].split()))
        if len(references) > 50:
            raise forms.ValidationError(_("Liez au plus 50 recommandations à un récit."))
        found = {r.reference: r for r in Recommendation.objects.filter(reference__in=references)}
        missing = [ref for ref in references if ref not in found]
        if missing:
            raise forms.ValidationError(
                _("Ces références n’existent pas dans le registre : %(references)s."), params={"references": ", ".join(missing)}
            )
        return [found[ref] for ref in references]

    def clean_projects(self) -> list[Project]:
        chosen = list(self.cleaned_data.get("projects") or [])
        if self.story is None:
            return chosen
        hidden = self.story.projects.exclude(pk__in=self.visible_projects.values("pk"))
        return chosen + list(hidden)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        written = [code for code in LANGUAGE_ORDER if cleaned.get(f"title_{code}")]
        for code in LANGUAGE_ORDER:
            filled = [name for name in self.PER_LANGUAGE if cleaned.get(f"{name}_{code}")]
            if code in written or filled:
                for name in self.PER_LANGUAGE:
                    if not cleaned.get(f"{name}_{code}") and f"{name}_{code}" not in self.errors:
                        self.add_error(f"{name}_{code}", _("Ce champ est obligatoire pour écrire le récit dans cette langue."))
        if not written and not self.errors:
            raise forms.ValidationError(_("Écrivez le récit dans au moins une langue : un titre, un chapeau, un texte."))
        return cleaned

    def versions(self) -> dict[str, VersionText]:
        data = self.cleaned_data
        return {
            code: VersionText(
                title=data[f"title_{code}"], lead=data[f"lead_{code}"], body=data[f"body_{code}"], cover_alt=data[f"cover_alt_{code}"]
            )
            for code in LANGUAGE_ORDER
            if data.get(f"title_{code}")
        }

    def service_data(self) -> dict[str, Any]:
        """What ``story_create`` and ``story_update`` take from the form."""
        data = self.cleaned_data
        return {
            "versions": self.versions(),
            "cover_image": data["cover_image"],
            "series": data["series"],
            "categories": data["categories"],
            "recommendations": data["recommendations"],
            "projects": data["projects"],
        }


class StoryImageForm(forms.Form):
    image = forms.FileField(
        label=_("Image"),
        help_text=_("JPEG, PNG, WebP ou GIF, 5 Mo au plus."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
    )
    alt = forms.CharField(
        label=_("Texte alternatif"),
        max_length=250,
        validators=[validate_single_line],
        help_text=_("Ce que montre l’image, pour qui ne la voit pas."),
    )

    def clean_image(self) -> UploadedFile:
        return checked_image(self.cleaned_data["image"])


class StoryFilterForm(forms.Form):
    """The list's filters, a GET form: a bad value never fails the page; its field says what
    is wrong and the other filters still apply."""

    language = forms.ChoiceField(label=_("Langue du récit"), required=False)
    category = forms.ModelChoiceField(
        label=_("Grande thématique"), queryset=ThemeCategory.objects.all(), to_field_name="slug", required=False, empty_label=_("Toutes")
    )
    series = forms.ModelChoiceField(
        label=_("Série"), queryset=StorySeries.objects.all(), to_field_name="slug", required=False, empty_label=_("Toutes")
    )
    year = forms.TypedChoiceField(label=_("Année"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ChoiceField", self.fields["language"]).choices = [
            ("", pgettext_lazy("langues", "Toutes")),
            *((code, str(label)) for code, label in Language.choices),
        ]
        cast("forms.ChoiceField", self.fields["year"]).choices = [("", _("Toutes")), *((str(y), str(y)) for y in years)]
        self.fields["category"].error_messages["invalid_choice"] = _("Cette grande thématique n’existe pas.")
        self.fields["series"].error_messages["invalid_choice"] = _("Cette série n’existe pas.")
        self.fields["year"].error_messages["invalid_choice"] = _("Aucun récit n’a été publié cette année-là.")
        self.fields["language"].error_messages["invalid_choice"] = _("Cette langue n’existe pas.")

    def valid_values(self) -> dict[str, Any]:
        """The values that passed validation (a bad one is left out, with its error shown)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}
