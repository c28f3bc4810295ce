import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

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
