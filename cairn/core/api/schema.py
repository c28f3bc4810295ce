"""The refusals in the OpenAPI schema: every operation lists the problem details it may
answer (``application/problem+json``, the ``Problem`` schema), so a client knows them and
schemathesis checks them (``cairn/tests/test_api_schema.py``).

Those every operation shares are added here — ``400`` (a parameter or the body), ``401`` (a
token that does not hold), ``429`` (the rate limits), ``404`` where the path names
something, ``403`` on a write (the token's scope) — and an endpoint names its own
(``response={201: ProposalOut, 409: Problem}``)."""

from __future__ import annotations

from typing import Any

from cairn.core.api.problems import PROBLEM_MEDIA_TYPE, Problem

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}

#: What each refusal means, for the schema's readers.
REFUSALS = {
    400: "Un paramètre inconnu ou invalide, un curseur forgé, un corps illisible.",
    401: "Un jeton d’accès absent (écriture), inconnu, expiré ou révoqué.",
    403: "Un jeton sans la portée requise, ou un rôle qui ne le permet pas.",
    404: "Rien n’existe à cette adresse, ou vous ne pouvez pas le voir.",
    409: "La demande ne peut pas être faite dans l’état présent.",
    429: "Trop de requêtes : réessayez après le délai de l’en-tête Retry-After.",
}


def shared_refusals(method: str, operation: dict[str, Any]) -> set[int]:
    """The refusals any operation of this kind may answer."""
    statuses = {400, 401, 429}
    if any(parameter.get("in") == "path" for parameter in operation.get("parameters", [])):
        statuses.add(404)
    if method.lower() != "get":
        statuses.add(403)
    return statuses


def document_problems(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with every operation's refusals described as problem details."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["Problem"] = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    for operations in schema.get("paths", {}).values():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            declared = {int(status): status for status in responses}
            for status in sorted(shared_refusals(method, operation) | {code for code in declared if code >= 400}):
                responses.pop(declared.get(status, status), None)
                responses[status] = {
                    "description": REFUSALS.get(status, "Refusé."),
                    "content": {PROBLEM_MEDIA_TYPE: {"schema": PROBLEM_REF}},
                }
    return schema
