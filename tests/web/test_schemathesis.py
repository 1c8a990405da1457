"""Schemathesis drives the API from its OpenAPI document: no 5xx, and every answer conforms."""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings

from web import create_app


def test_the_api_keeps_its_openapi_promises(config: dict[str, Any]) -> None:
    app = create_app({**config, "RATE_LIMIT_POST": "100000 per minute"})
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.label for op in operations} == {
        "GET /api/search",
        "GET /api/term/{id}",
        "GET /api/export",
        "POST /api/annotate",
        "POST /api/check",
        "GET /api/usage",
        "GET /api/concordance",
        "GET /api/compare",
    }
    for operation in operations:
        drive(operation)


def drive(operation: Any) -> None:
    """Send generated requests to one operation and check every answer."""

    @given(case=operation.as_strategy())
    @settings(
        max_examples=80,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    def keeps_its_promises(case: Any) -> None:
        case.call_and_validate()

    keeps_its_promises()
