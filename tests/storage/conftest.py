"""The store's tests run against each sessions database okhelp has: SQLite in the data folder,
and a PostgreSQL server where ``OKHELP_TEST_DATABASE_URL`` names one (each test in a schema of
its own, dropped afterwards). Outside CI a missing server skips the PostgreSQL runs; in CI
(``CI`` set) it fails them, so they never pass by not running."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from urllib.parse import quote

import pytest

from okhelp.storage import sessions as store_module
from tests.helpers.postgres import server_url


def _with_schema(url: str, schema: str) -> str:
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}options={quote(f'-csearch_path={schema}')}"


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Which database the test's store (and every okhelp it starts) uses."""
    if request.param == "sqlite":
        monkeypatch.delenv("OKHELP_DATABASE_URL", raising=False)
        yield "sqlite"
        return
    url = server_url()
    assert url is not None
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
    monkeypatch.setenv("OKHELP_DATABASE_URL", _with_schema(url, schema))
    try:
        yield "postgres"
    finally:
        store_module.release_all()
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")
