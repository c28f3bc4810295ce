from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cairn.notifications.models import Frequency
from cairn.notifications.registry import followables


class FollowForm(forms.Form):
    kind = forms.CharField(max_length=30)
    target = forms.IntegerField(min_value=1)
    action = forms.ChoiceField(choices=[("follow", "follow"), ("unfollow", "unfollow")])
    next = forms.CharField(required=False, max_length=2000)

    def clean_kind(self) -> str:
        kind = self.cleaned_data["kind"]
        if kind not in followables():
            raise forms.ValidationError(_("On ne peut pas suivre ce type d’élément."))
        return kind


class PreferenceForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("Recevoir les notifications par e-mail"),
        choices=Frequency.choices,
        widget=forms.RadioSelect,
        help_text=_("Les e-mails sont envoyés dans votre langue, regroupés par élément suivi."),
    )
