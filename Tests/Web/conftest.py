"""The web tests run against a server that scripts/test starts (HTRULES_WEB_URL)."""
import os

import pytest


@pytest.fixture(scope="session")
def base_url():
    url = os.environ.get("HTRULES_WEB_URL")
    if not url:
        pytest.fail("HTRULES_WEB_URL is not set: run these tests through scripts/test, which starts `htrules serve`")
    return url.rstrip("/")
