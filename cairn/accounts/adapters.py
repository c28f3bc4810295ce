from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest
from django.utils.translation import gettext as _


class AccountAdapter(DefaultAccountAdapter):
    def clean_email(self, email: str) -> str:
        return super().clean_email(email).strip().lower()

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """After login, continue in the member's preferred language."""
        from django.urls import translate_url

        url = super().get_login_redirect_url(request)
        profile = getattr(request.user, "profile", None)
        if profile is not None:
            url = translate_url(url, profile.language)
        return url

    def format_email_subject(self, subject: str) -> str:
        return _("[Cairn] %(subject)s") % {"subject": subject}
