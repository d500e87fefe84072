"""The PostgreSQL server the store's tests run on, when there is one."""

from __future__ import annotations

import os

import pytest

SERVER = "OKHELP_TEST_DATABASE_URL"


def server_url() -> str | None:
    """The test server's URL, or None (a skip outside CI, a failure inside it)."""
    url = os.environ.get(SERVER, "").strip()
    if url:
        return url
    if os.environ.get("CI"):
        pytest.fail(f"CI runs the PostgreSQL tests: set {SERVER} (.ci/run starts a server)")
    pytest.skip(f"no PostgreSQL server: set {SERVER}=postgresql://... to run these")
    return None
