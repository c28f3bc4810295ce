"""Failed logins are limited per client address and per account, and the client is the one
the reverse proxy saw (README: Production deployment; decision 0020).

Behind the proxy every request comes from the proxy's address: unless Cairn is told how
many proxies stand in front of it (``CAIRN_TRUSTED_PROXY_COUNT``) or which header one of
them sets (``CAIRN_TRUSTED_CLIENT_IP_HEADER``), ten failed logins anywhere lock everyone
out. The addresses below are documentation ranges (RFC 5737) in request headers; no
traffic goes anywhere.
"""

from __future__ import annotations

import importlib.util
import types
from pathlib import Path

import pytest
from allauth.account.adapter import get_adapter
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.utils import translation
from django.utils.html import escape

from cairn.accounts.factories import PASSWORD, UserFactory
from cairn.accounts.models import User
from cairn.accounts.tests.helpers import make_user

LOGIN_URL = "/fr/compte/login/"
SETTINGS_FILE = Path(__file__).resolve().parents[2] / "settings.py"
PROXY = "192.0.2.10"  # the reverse proxy, as gunicorn sees it
OUTER_PROXY = "192.0.2.20"  # a load balancer in front of it
FIRST = "203.0.113.5"
SECOND = "198.51.100.7"
FORGED = "198.51.100.99"


def load_settings(monkeypatch: pytest.MonkeyPatch, **environ: str) -> types.ModuleType:
    """``cairn/settings.py`` run afresh with ``environ``, as a server process starts with it."""
    for name in ("CAIRN_TRUSTED_PROXY_COUNT", "CAIRN_TRUSTED_CLIENT_IP_HEADER", "REDIS_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SECRET_KEY", "settings-under-test")
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location("cairn_settings_under_test", SETTINGS_FILE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def configure(settings, monkeypatch: pytest.MonkeyPatch, **environ: str) -> None:
    """Give this test the client-address settings that ``environ`` produces."""
    loaded = load_settings(monkeypatch, **environ)
    for name in ("ALLAUTH_TRUSTED_PROXY_COUNT", "ALLAUTH_TRUSTED_CLIENT_IP_HEADER", "ACCOUNT_RATE_LIMITS"):
        if hasattr(loaded, name):
            setattr(settings, name, getattr(loaded, name))
        else:  # allauth's default, as in a server started with those settings
            delattr(settings, name)


def message(key: str) -> str:
    """allauth's message, in French, as the login page shows it."""
    with translation.override("fr"):
        return escape(str(get_adapter().error_messages[key]))


WRONG = "email_password_mismatch"
LIMITED = "too_many_login_attempts"


def outcome(response) -> str:
    """``signed in``, or which refusal the login page shows."""
    if response.status_code == 302:
        return "signed in"
    assert response.status_code == 200
    page = response.content.decode()
    shown = [key for key in (WRONG, LIMITED) if message(key) in page]
    assert len(shown) == 1, shown
    return shown[0]


def log_in(client: Client, email: str, password: str, **meta: str) -> str:
    return outcome(client.post(LOGIN_URL, {"login": email, "password": password}, **meta))


def fail_ten_times(client: Client, **meta: str) -> list[str]:
    """Ten wrong passwords on ten accounts (so the per-account limit is not what stops them)."""
    return [log_in(client, f"guess-{n}@example.org", "not the password", **meta) for n in range(10)]


#: How each set-up forwards a client: its settings, and the request headers gunicorn
#: receives from the proxy nearest to it for a client at ``address`` (a forging client
#: adds its own X-Forwarded-For first; each proxy appends the address it received from).
SETUPS = {
    "one proxy": (
        {"CAIRN_TRUSTED_PROXY_COUNT": "1"},
        lambda address, forged: {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": ", ".join([*forged, address])},
    ),
    "two proxies": (
        {"CAIRN_TRUSTED_PROXY_COUNT": "2"},
        lambda address, forged: {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": ", ".join([*forged, address, OUTER_PROXY])},
    ),
    "a header the proxy sets": (
        {"CAIRN_TRUSTED_CLIENT_IP_HEADER": "X-Real-IP"},
        lambda address, forged: {"REMOTE_ADDR": PROXY, "HTTP_X_REAL_IP": address, "HTTP_X_FORWARDED_FOR": ", ".join([*forged, address])},
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("setup", list(SETUPS))
def test_behind_the_proxy_one_client_failing_ten_times_does_not_lock_out_another(settings, monkeypatch, setup: str) -> None:
    environ, forwarded = SETUPS[setup]
    configure(settings, monkeypatch, **environ)
    UserFactory(email="ada@example.org")
    first, second = Client(), Client()

    failures = fail_ten_times(first, **forwarded(FIRST, []))
    # The first client is now limited, even with the right password, and however it
    # dresses up its own X-Forwarded-For: the proxy's entries come after it.
    eleventh = log_in(first, "ada@example.org", PASSWORD, **forwarded(FIRST, []))
    forging = log_in(first, "ada@example.org", PASSWORD, **forwarded(FIRST, [FORGED]))
    # The second client, through the same proxy, signs in.
    other = log_in(second, "ada@example.org", PASSWORD, **forwarded(SECOND, []))

    assert failures == [WRONG] * 10
    assert (eleventh, forging) == (LIMITED, LIMITED)
    assert other == "signed in"
    assert "_auth_user_id" not in first.session
    assert second.session["_auth_user_id"] == str(User.objects.get(email="ada@example.org").pk)


@pytest.mark.django_db
def test_without_a_configured_proxy_a_forged_x_forwarded_for_gives_no_fresh_bucket(settings, monkeypatch) -> None:
    configure(settings, monkeypatch)  # nothing set: the TCP peer is the client
    UserFactory(email="ada@example.org")
    client = Client(REMOTE_ADDR=FIRST)

    failures = fail_ten_times(client)
    forged = log_in(client, "ada@example.org", PASSWORD, HTTP_X_FORWARDED_FOR=SECOND)
    real_ip_header = log_in(client, "ada@example.org", PASSWORD, HTTP_X_REAL_IP=SECOND)
    from_elsewhere = log_in(Client(REMOTE_ADDR=SECOND), "ada@example.org", PASSWORD)

    assert failures == [WRONG] * 10
    assert (forged, real_ip_header) == (LIMITED, LIMITED)
    assert from_elsewhere == "signed in"


@pytest.mark.django_db
def test_an_account_is_limited_after_five_failures_whatever_the_addresses(settings, monkeypatch) -> None:
    configure(settings, monkeypatch, CAIRN_TRUSTED_PROXY_COUNT="1")
    UserFactory(email="ada@example.org")
    forwarded = SETUPS["one proxy"][1]

    failures = [log_in(Client(), "ada@example.org", "not the password", **forwarded(f"203.0.113.{n}", [])) for n in range(1, 6)]
    sixth = log_in(Client(), "ADA@example.org", PASSWORD, **forwarded("203.0.113.6", []))
    other_account = log_in(Client(), "bob@example.org", "not the password", **forwarded("203.0.113.6", []))

    assert failures == [WRONG] * 5
    assert sixth == LIMITED
    assert other_account == WRONG


def test_the_client_address_settings_come_from_the_environment(monkeypatch) -> None:
    default = load_settings(monkeypatch)
    two = load_settings(monkeypatch, CAIRN_TRUSTED_PROXY_COUNT="2")
    header = load_settings(monkeypatch, CAIRN_TRUSTED_CLIENT_IP_HEADER=" CF-Connecting-IP ")

    assert (default.ALLAUTH_TRUSTED_PROXY_COUNT, default.ALLAUTH_TRUSTED_CLIENT_IP_HEADER) == (0, None)
    assert (two.ALLAUTH_TRUSTED_PROXY_COUNT, two.ALLAUTH_TRUSTED_CLIENT_IP_HEADER) == (2, None)
    assert (header.ALLAUTH_TRUSTED_PROXY_COUNT, header.ALLAUTH_TRUSTED_CLIENT_IP_HEADER) == (0, "CF-Connecting-IP")
    assert default.ACCOUNT_RATE_LIMITS == {"login_failed": "10/m/ip,5/5m/key", "inbox_ask": "20/h/ip,5/h/key"}


@pytest.mark.parametrize(
    ("environ", "error"),
    [
        ({"CAIRN_TRUSTED_PROXY_COUNT": "-1"}, "CAIRN_TRUSTED_PROXY_COUNT is the number of proxies in front of Cairn: 0 or more."),
        (
            {"CAIRN_TRUSTED_PROXY_COUNT": "1", "CAIRN_TRUSTED_CLIENT_IP_HEADER": "X-Real-IP"},
            "Set CAIRN_TRUSTED_PROXY_COUNT (X-Forwarded-For) or CAIRN_TRUSTED_CLIENT_IP_HEADER, not both: the header would win.",
        ),
    ],
)
def test_a_contradictory_client_address_setting_stops_the_start(monkeypatch, environ: dict[str, str], error: str) -> None:
    with pytest.raises(ImproperlyConfigured) as refused:
        load_settings(monkeypatch, **environ)

    assert str(refused.value) == error


def test_no_module_reads_the_client_address_itself() -> None:
    """allauth's adapter (``get_adapter().get_client_ip(request)``), configured in
    ``settings.py``, is the one place that says who the client is."""
    package = Path(__file__).resolve().parents[2]
    readers = [
        str(path.relative_to(package))
        for path in sorted(package.rglob("*.py"))
        if "tests" not in path.relative_to(package).parts
        and path.name != "settings.py"
        and any(word in path.read_text(encoding="utf-8") for word in ("REMOTE_ADDR", "FORWARDED_FOR", "X-Forwarded-For", "X_REAL_IP"))
    ]

    assert readers == []


@pytest.mark.django_db
def test_the_admin_has_no_login_form_of_its_own(client: Client) -> None:
    """Django's admin login form authenticates with the password alone: no limit on
    failed logins and no TOTP step for the staff. Its page sends people to allauth's."""
    make_user("admin", email="root@example.org")

    form = client.get("/fr/admin/login/?next=/fr/admin/")
    posted = client.post("/fr/admin/login/?next=/fr/admin/", {"username": "root@example.org", "password": PASSWORD})

    assert form.status_code == posted.status_code == 302
    assert form["Location"] == posted["Location"] == "/fr/compte/login/?next=%2Ffr%2Fadmin%2F"
    assert "_auth_user_id" not in client.session
