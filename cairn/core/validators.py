import unicodedata

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

# Bidirectional overrides and isolates can make a name read differently from what it is
# ("Trojan source"); zero-width characters hide text. None has a place in a name or a bio.
_INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}


def validate_plain_text(value: str) -> None:
    """Refuse control characters, bidirectional overrides and invisible characters."""
    for char in value:
        if char in "\n\r\t":
            continue
        if unicodedata.category(char) in {"Cc", "Cf"} or char in _INVISIBLE:
            raise ValidationError(
                _("Ce texte contient un caractère invisible ou de contrôle (U+%(code)04X) qui n’est pas accepté."),
                code="control_character",
                params={"code": ord(char)},
            )


def validate_single_line(value: str) -> None:
    if "\n" in value or "\r" in value:
        raise ValidationError(_("Ce champ tient sur une seule ligne."), code="multiline")
    validate_plain_text(value)


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's minimum-length rule, worded in Cairn's catalogues.

    Django 6.1 changed this message and its Dutch catalogue does not have the new
    wording yet, so Dutch members would read it in French.
    """

    def get_error_message(self) -> str:
        return ngettext(
            "Ce mot de passe est trop court. Il doit contenir au minimum %(min_length)d caractère.",
            "Ce mot de passe est trop court. Il doit contenir au minimum %(min_length)d caractères.",
            self.min_length,
        ) % {"min_length": self.min_length}

    def get_help_text(self) -> str:
        return ngettext(
            "Votre mot de passe doit contenir au minimum %(min_length)d caractère.",
            "Votre mot de passe doit contenir au minimum %(min_length)d caractères.",
            self.min_length,
        ) % {"min_length": self.min_length}
