"""The sessions pages are requested with: the demo member signed in through the real
login form, the demo coordinator's and the burst members' opened in the session store;
and the coordinator's personal access token for the API."""

from __future__ import annotations

import http.client
import re
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlencode

from pages import MEMBER_EMAIL, MEMBER_PASSWORD, STAFF_EMAIL
from server import HOST, PROXY_HEADERS, get


def cookies_of(message: http.client.HTTPMessage) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    for header in message.get_all("Set-Cookie") or []:
        jar.load(header)
    return {name: morsel.value for name, morsel in jar.items()}


def sign_in_member(port: int, session_cookie_name: str) -> str:
    """Sign the demo member in through the real login form (CSRF, Origin check and all);
    return the session id."""
    login_path = "/fr/compte/login/"
    status, message, body = get(port, login_path, PROXY_HEADERS)
    if status != 200:
        raise SystemExit(f"bench: GET {login_path} answered {status}")
    csrf_cookie = cookies_of(message).get("csrftoken")
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if not csrf_cookie or not match:
        raise SystemExit("bench: no CSRF token on the login page")
    origin = f"https://{HOST}:{port}"
    form = urlencode({"csrfmiddlewaretoken": match[1].decode(), "login": MEMBER_EMAIL, "password": MEMBER_PASSWORD})
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        conn.request(
            "POST",
            login_path,
            body=form,
            headers={
                **PROXY_HEADERS,
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={csrf_cookie}",
                "Origin": origin,
                "Referer": origin + login_path,
            },
        )
        response = conn.getresponse()
        response.read()
    finally:
        conn.close()
    session = cookies_of(response.msg).get(session_cookie_name)
    if response.status not in (302, 303) or not session:
        raise SystemExit(f"bench: signing in {MEMBER_EMAIL} failed (status {response.status}, no session cookie)")
    return session


def open_staff_session() -> str:
    """A session of the demo coordinator, made in the session store: staff sign in with a
    TOTP code, which a benchmark cannot type. TOTP is activated for the account so the
    staff-MFA middleware lets the pages through, as it does for a real coordinator."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from allauth.mfa.utils import is_mfa_enabled

    from cairn.accounts.models import User

    user = User.objects.get(email=STAFF_EMAIL)
    if not is_mfa_enabled(user):
        TOTP.activate(user, generate_totp_secret())
    return session_for(user)


def session_for(user: Any) -> str:
    """Open a signed-in session for ``user`` directly in the session store (as the login
    view would, without its form); return the session key for the cookie."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "cairn.accounts.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return str(session.session_key)


def open_staff_token() -> str:
    """A personal access token of the demo coordinator that reads internal data, made
    through the service as the profile page makes it (valid a day); return its secret."""
    import datetime

    from django.utils import timezone

    from cairn.accounts.models import ApiScope, User
    from cairn.accounts.services import api_token_create

    user = User.objects.get(email=STAFF_EMAIL)
    expires_at = timezone.now() + datetime.timedelta(days=1)
    _token, secret = api_token_create(user=user, name="Benchmark", scopes=[ApiScope.READ_INTERNAL], expires_at=expires_at)
    return secret
