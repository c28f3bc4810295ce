"""The state of play's forms: the dashboard's filters are the registry's."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from cairn.core.editing import VersionField
from cairn.core.forms import BoundedDateField
from cairn.recommendations.forms import RegistryFilterForm


class DashboardFilterForm(RegistryFilterForm):
    """The registry's filters (same names, same validation, same facet counts), without
    its sort order: a dashboard URL's query string opens the same recommendations in the
    registry."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["sort"]


class AnalysisForm(forms.Form):
    """A broad theme's analysis in the three languages (Markdown)."""

    text_fr = forms.CharField(label=_("Analyse en français"), required=False, widget=forms.Textarea(attrs={"rows": 8}))
    text_nl = forms.CharField(label=_("Analyse en néerlandais"), required=False, widget=forms.Textarea(attrs={"rows": 8}))
    text_en = forms.CharField(label=_("Analyse en anglais"), required=False, widget=forms.Textarea(attrs={"rows": 8}))
    version = VersionField()


class EditionPublishForm(forms.Form):
    title = forms.CharField(label=_("Titre"), max_length=120, help_text=_("Par exemple « État des lieux 2023 »."))
    as_of = BoundedDateField(
        label=_("État au"),
        help_text=_("Les chiffres et les états sont figés à cette date."),
    )
    introduction = forms.CharField(label=_("Introduction (Markdown)"), required=False, widget=forms.Textarea(attrs={"rows": 4}))


class ComparisonForm(forms.Form):
    """Two editions to compare (a GET form)."""

    first = forms.ChoiceField(label=_("Édition de départ"))
    second = forms.ChoiceField(label=_("Édition d’arrivée"))

    def __init__(self, *args: Any, editions: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(edition.slug, edition.title) for edition in editions]
        cast("forms.ChoiceField", self.fields["first"]).choices = choices
        cast("forms.ChoiceField", self.fields["second"]).choices = choices
