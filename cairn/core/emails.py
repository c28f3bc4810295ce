"""E-mails rendered from templates, in the recipient's language.

Each e-mail is three templates sharing a prefix: ``<prefix>_subject.txt``,
``<prefix>.txt`` and ``<prefix>.html``.
"""

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def render_email(template_prefix: str, context: dict[str, Any], language: str) -> EmailMultiAlternatives:
    with translation.override(language):
        context = {"cooperative_name": settings.CAIRN_COOPERATIVE_NAME, "site_url": settings.SITE_URL, "language": language, **context}
        subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", context).split())
        text = render_to_string(f"{template_prefix}.txt", context)
        html = render_to_string(f"{template_prefix}.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL)
    message.attach_alternative(html, "text/html")
    return message


def send_templated_email(template_prefix: str, *, to: Sequence[str], context: dict[str, Any], language: str) -> None:
    message = render_email(template_prefix, context, language)
    message.to = list(to)
    message.send()
