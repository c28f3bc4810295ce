"""E-mails rendered from templates, in the recipient's language.

Each e-mail is three templates sharing a prefix: ``<prefix>_subject.txt``,
``<prefix>.txt`` and ``<prefix>.html``.
"""

import email.policy
import re
from collections.abc import Sequence
from email.headerregistry import HeaderRegistry, UnstructuredHeader
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

#: One ``<https://…>`` a mail client may open or POST to (RFC 2369, RFC 8058): no space,
#: no line break, no angle bracket inside (``http`` for a demo without TLS).
_ONE_URL = re.compile(r"<https?://[^\s<>]+>")


class _UrlHeader(UnstructuredHeader):
    """A header that holds URLs in angle brackets (``List-Unsubscribe``). Python's e-mail
    policies fold a long unstructured header by RFC 2047-encoding it (``=?utf-8?q?…``),
    which no mail client reads back as a URL: this one is written as it is, on one line
    (RFC 5322 allows 998 characters), and refuses anything but URLs."""

    name: str  # from BaseHeader, which the registry mixes in

    def fold(self, *, policy: email.policy.Policy) -> str:
        value = str(self)
        if not _ONE_URL.fullmatch(value) or len(self.name) + len(value) + 2 > 998:
            raise ValueError(f"{self.name} must be one <https://…> URL on one line, not {value!r}")
        return f"{self.name}: {value}{policy.linesep}"


class CairnEmail(EmailMultiAlternatives):
    """Every e-mail Cairn sends: Django's, with the URL headers written as RFC 8058 asks."""

    def message(self, *, policy: Any = email.policy.default) -> Any:
        registry = HeaderRegistry()
        registry.map_to_type("list-unsubscribe", _UrlHeader)  # type: ignore[arg-type]  # mixed with BaseHeader by the registry
        return super().message(policy=(policy or email.policy.default).clone(header_factory=registry))

    def allow_one_click_unsubscribe(self, url: str) -> None:
        """Let the mail client offer "unsubscribe": it POSTs ``List-Unsubscribe=One-Click``
        to ``url`` (RFC 8058), which must answer that POST without a session or CSRF token."""
        self.extra_headers["List-Unsubscribe"] = f"<{url}>"
        self.extra_headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"


def render_email(template_prefix: str, context: dict[str, Any], language: str) -> CairnEmail:
    with translation.override(language):
        context = {"cooperative_name": settings.CAIRN_COOPERATIVE_NAME, "site_url": settings.SITE_URL, "language": language, **context}
        subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", context).split())
        text = render_to_string(f"{template_prefix}.txt", context)
        html = render_to_string(f"{template_prefix}.html", context)
    message = CairnEmail(subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL)
    message.attach_alternative(html, "text/html")
    return message


def send_templated_email(template_prefix: str, *, to: Sequence[str], context: dict[str, Any], language: str) -> None:
    message = render_email(template_prefix, context, language)
    message.to = list(to)
    message.send()
