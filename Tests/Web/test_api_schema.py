"""Schemathesis against the running server's /openapi.json: no 5xx, every response conforms to
the document (status codes, content types, bodies)."""
import os

import schemathesis
from hypothesis import HealthCheck, settings

schema = schemathesis.openapi.from_url(os.environ.get("HTRULES_WEB_URL", "http://127.0.0.1:1").rstrip("/") + "/openapi.json")


@schema.parametrize()
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms(case):
    # The server under test is a debug build: a matrix for a new date takes seconds to probe.
    case.call_and_validate(timeout=120)
