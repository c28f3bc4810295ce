"""E-mails rendered from templates in the recipient's language (cairn/core/emails.py)."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation

from cairn.core.emails import render_email, send_templated_email

CONTEXT = {"name": "Léa <b>Martin</b>", "url": "https://cairn.example.org/fr/invitation/1-abc/"}


def test_an_email_has_a_one_line_subject_a_text_body_and_an_html_alternative() -> None:
    message = render_email("accounts/email/invitation", CONTEXT, "fr")

    assert message.subject == f"Votre compte sur Cairn, la plateforme participative de {settings.CAIRN_COOPERATIVE_NAME}"
    assert "\n" not in message.subject
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    # The text part is not HTML-escaped; the HTML part is.
    assert message.body.startswith("Bonjour Léa <b>Martin</b>,\n")
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert "Bonjour Léa &lt;b&gt;Martin&lt;/b&gt;," in html
    assert 'href="https://cairn.example.org/fr/invitation/1-abc/"' in html


def test_the_recipient_language_applies_only_to_the_email() -> None:
    translation.activate("fr")
    try:
        message = render_email("accounts/email/invitation", CONTEXT, "nl")
        assert translation.get_language() == "fr"
    finally:
        translation.deactivate()

    [(html, _mimetype)] = message.alternatives
    assert '<html lang="nl">' in html


def test_send_templated_email_sends_to_the_recipients(mailoutbox: list) -> None:
    send_templated_email("accounts/email/invitation", to=["lea@example.org"], context=CONTEXT, language="fr")

    [message] = mailoutbox
    assert message.to == ["lea@example.org"]
    assert message.subject.startswith("Votre compte sur Cairn")
