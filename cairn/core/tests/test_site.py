import pytest
from django.contrib.sites.models import Site
from django.core import mail
from django.test import Client


@pytest.mark.django_db
def test_the_site_is_named_cairn_in_allauth_emails(client: Client, django_capture_on_commit_callbacks) -> None:
    assert Site.objects.get_current().name == "Cairn"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/fr/compte/signup/",
            {
                "email": "nouvelle@example.org",
                "display_name": "Nouvelle",
                "password1": "un mot de passe solide 42",
                "password2": "un mot de passe solide 42",
            },
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "Cairn" in body
    assert "example.com" not in body
