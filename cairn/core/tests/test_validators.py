"""Validators for text people write (cairn/core/validators.py)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from cairn.core.validators import validate_plain_text, validate_single_line

ACCEPTED = [
    "Camille Dubois",
    "Zoë Noël-Ñúñez",
    "Jan 't Hart",
    "محمد",  # right-to-left letters are fine; only the invisible controls are not
    "王小明",
    "Ada 🧗",
    "",
]
REFUSED = {
    "\u202e": "RIGHT-TO-LEFT OVERRIDE",
    "\u202d": "LEFT-TO-RIGHT OVERRIDE",
    "\u2066": "LEFT-TO-RIGHT ISOLATE",
    "\u2067": "RIGHT-TO-LEFT ISOLATE",
    "\u200b": "ZERO WIDTH SPACE",
    "\u200c": "ZERO WIDTH NON-JOINER",
    "\u200d": "ZERO WIDTH JOINER",
    "\u2060": "WORD JOINER",
    "\ufeff": "ZERO WIDTH NO-BREAK SPACE",
    "\u00ad": "SOFT HYPHEN",
    "\x00": "NULL",
    "\x1b": "ESCAPE",
    "\x7f": "DELETE",
}


@pytest.mark.parametrize("value", ACCEPTED)
def test_ordinary_names_are_accepted(value: str) -> None:
    validate_single_line(value)
    validate_plain_text(value)


@pytest.mark.parametrize("char", REFUSED, ids=REFUSED.values())
def test_invisible_and_control_characters_are_refused(char: str) -> None:
    with pytest.raises(ValidationError) as raised:
        validate_plain_text(f"Ada{char}Lovelace")

    assert raised.value.code == "control_character"
    assert raised.value.messages == [f"Ce texte contient un caractère invisible ou de contrôle (U+{ord(char):04X}) qui n’est pas accepté."]


def test_plain_text_keeps_line_breaks_and_tabs() -> None:
    validate_plain_text("Ligne 1\nLigne 2\r\n\tretrait")


@pytest.mark.parametrize("value", ["Ligne 1\nLigne 2", "Ligne 1\rLigne 2"])
def test_a_single_line_refuses_line_breaks(value: str) -> None:
    with pytest.raises(ValidationError) as raised:
        validate_single_line(value)

    assert raised.value.code == "multiline"
    assert raised.value.messages == ["Ce champ tient sur une seule ligne."]


def test_a_single_line_also_refuses_invisible_characters() -> None:
    with pytest.raises(ValidationError) as raised:
        validate_single_line("Ada\u202eLovelace")

    assert raised.value.code == "control_character"
