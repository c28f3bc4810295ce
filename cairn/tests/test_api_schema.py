"""Schemathesis against the live schema: every endpoint, called through Cairn's WSGI
application with inputs generated from ``/api/v1/openapi.json``, anonymously and with a
staff token with every scope. No answer is a server error, every answer's status is one
the schema documents for the operation — its refusals too, as problem details — and
every answer conforms to its documented content type and schema."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance, status_code_conformance

from cairn.accounts.factories import ApiTokenFactory
from cairn.recommendations.factories import AssessmentFactory, RecommendationFactory
from cairn.wsgi import application


def behind_a_server(environ: dict[str, Any], start_response: Any) -> Any:
    """Cairn's WSGI application with the client's address a server gives every request
    (the rate limits count per address; without one, allauth refuses to guess)."""
    environ.setdefault("REMOTE_ADDR", "192.0.2.10")
    return application(environ, start_response)


schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", behind_a_server)


@pytest.fixture
def some_data(settings: Any) -> Iterator[None]:
    settings.CAIRN_API_RATE_PER_IP = settings.CAIRN_API_RATE_PER_TOKEN = 10**9
    AssessmentFactory(recommendation=RecommendationFactory(), public_comment="Fait.", status="done")
    RecommendationFactory(is_internal=True)
    # As Django's test client does: the WSGI handler would otherwise close the test's
    # connection (and its transaction) at the end of each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.parametrize("caller", ["visitor", "staff token"])
@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_answers_every_input_without_a_server_error(case: Any, caller: str, some_data: None) -> None:
    headers = {}
    if caller == "staff token":
        token = ApiTokenFactory(scopes=["read_internal", "submit_assessment", "queue_import"])
        headers["Authorization"] = f"Bearer {token.secret}"
    case.call_and_validate(
        headers=headers, checks=[not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
    )
