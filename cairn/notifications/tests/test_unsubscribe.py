"""The unsubscribe link of notification e-mails: the one-click header as RFC 8058 asks it
(read on the message's bytes, as a mail client reads them), and links that expire after
``CAIRN_UNSUBSCRIBE_LINK_DAYS`` with a page that says so and where to go instead."""

from __future__ import annotations

import datetime
import email.policy
import re

import pytest
from django.core import mail
from django.test import Client, override_settings
from freezegun import freeze_time

from cairn.accounts.factories import UserFactory
from cairn.core.emails import CairnEmail
from cairn.notifications import services
from cairn.notifications.models import Follow, Frequency
from cairn.notifications.tests.test_notifications import _assess
from cairn.recommendations.factories import RecommendationFactory

pytestmark = pytest.mark.django_db


def _digest(django_capture_on_commit_callbacks) -> CairnEmail:
    member = UserFactory()
    services.preference_set(user=member, frequency=Frequency.DAILY)
    rec = RecommendationFactory(title="Une crèche")
    services.follow(user=member, kind="recommendation", target_id=rec.pk)
    with django_capture_on_commit_callbacks(execute=True):
        _assess(rec)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.digests_send(frequency=Frequency.DAILY) == 1
    (message,) = mail.outbox
    assert isinstance(message, CairnEmail)
    return message


@override_settings(SITE_URL="https://cairn.example.org")
@pytest.mark.parametrize("policy", [email.policy.default, email.policy.SMTP], ids=["default", "smtp"])
def test_the_one_click_headers_are_written_as_rfc_8058_asks(django_capture_on_commit_callbacks, policy: email.policy.Policy) -> None:
    message = _digest(django_capture_on_commit_callbacks)
    linesep = policy.linesep.encode()

    raw = message.message(policy=policy).as_bytes()

    headers = raw.split(linesep + linesep, 1)[0].split(linesep)
    unsubscribe = [line for line in headers if line.lower().startswith(b"list-unsubscribe:")]
    assert len(unsubscribe) == 1
    assert re.fullmatch(rb"List-Unsubscribe: <https://cairn\.example\.org/fr/notifications/desabonnement/[^\s<>]+/>", unsubscribe[0])
    assert b"List-Unsubscribe-Post: List-Unsubscribe=One-Click" in headers
    # Not folded onto a continuation line (a folded URL is no longer one a client reads).
    assert not headers[headers.index(unsubscribe[0]) + 1].startswith((b" ", b"\t"))
    # The link in the header is the one the body offers to unsubscribe from everything.
    url = unsubscribe[0].decode().removeprefix("List-Unsubscribe: <").removesuffix(">")
    assert url in message.body


def test_a_header_that_is_not_one_url_is_refused() -> None:
    message = CairnEmail(subject="Test", body="Corps", from_email="cairn@example.org", to=["a@example.org"])
    message.allow_one_click_unsubscribe("javascript:alert(1)")

    with pytest.raises(ValueError, match="must be one <https://…> URL"):
        message.message().as_bytes()


def test_a_one_click_post_within_the_links_lifetime_unsubscribes() -> None:
    member = UserFactory()
    with freeze_time("2026-01-01 09:00"):
        token = services.unsubscribe_token(user_id=member.pk)
    with freeze_time("2026-03-31 09:00"):  # 89 days later (the default keeps a link 90 days)
        response = Client(enforce_csrf_checks=True).post(f"/fr/notifications/desabonnement/{token}/", {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert services.frequency_of(member) == Frequency.NEVER


@override_settings(CAIRN_UNSUBSCRIBE_LINK_DAYS=30)
def test_an_expired_link_changes_nothing_and_says_where_to_manage_e_mails(client: Client) -> None:
    member = UserFactory()
    rec = RecommendationFactory(title="Une crèche")
    services.follow(user=member, kind="recommendation", target_id=rec.pk)
    with freeze_time("2026-01-01 09:00"):
        token = services.unsubscribe_token(user_id=member.pk, kind="recommendation", target_id=rec.pk)
        everything = services.unsubscribe_token(user_id=member.pk)
    later = datetime.datetime(2026, 1, 31, 9, 1, tzinfo=datetime.UTC)  # 30 days and a minute

    with freeze_time(later):
        asked = client.get(f"/fr/notifications/desabonnement/{token}/")
        one_click = Client(enforce_csrf_checks=True).post(
            f"/fr/notifications/desabonnement/{everything}/", {"List-Unsubscribe": "One-Click"}
        )
        client.force_login(member)
        signed_in = client.get(f"/nl/notifications/desabonnement/{token}/")

    assert (asked.status_code, one_click.status_code, signed_in.status_code) == (410, 410, 410)
    assert "Ce lien de désabonnement a expiré : un lien ne sert que 30 jours après l’envoi de son e-mail." in asked.text
    assert 'href="/fr/compte/login/?next=/fr/notifications/suivis/">Connectez-vous pour gérer vos e-mails.</a>' in asked.text
    assert "Deze uitschrijflink is verlopen" in signed_in.text
    assert 'href="/nl/notifications/suivis/"' in signed_in.text
    assert Follow.objects.get(user=member).muted is False
    assert services.frequency_of(member) != Frequency.NEVER
