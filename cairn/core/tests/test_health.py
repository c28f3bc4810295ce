import pytest
from django.test import Client


def test_healthz_answers_without_the_database(client: Client) -> None:
    # No django_db mark: any query here would raise, so this also proves none is made.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_checks_the_database(client: Client) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok"}}


def test_health_checks_are_never_cached(client: Client) -> None:
    response = client.get("/healthz")

    assert "no-cache" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_answers_503_when_the_database_fails(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    from django.db import OperationalError, connection

    def broken_cursor(*args: object, **kwargs: object) -> None:
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "checks": {"database": "error: OperationalError"}}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("location", "status", "redis"),
    [
        ("redis://127.0.0.1:6379/15", 200, "ok"),  # the Redis every test machine runs
        ("redis://127.0.0.1:1/0", 503, "error: ConnectionError"),  # nothing listens there
    ],
)
def test_readyz_checks_redis_when_configured(client: Client, settings, location: str, status: int, redis: str) -> None:
    settings.REDIS_URL = location
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": location}}

    response = client.get("/readyz")

    assert response.status_code == status
    assert response.json() == {"status": "ok" if status == 200 else "unavailable", "checks": {"database": "ok", "redis": redis}}
