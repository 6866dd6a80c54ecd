"""A throwaway database for a benchmark: a fresh PostgreSQL database when DATABASE_URL is set
(dropped at the end), else a temporary SQLite file. Django is set up on it and migrated."""

import os
import sys
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent


def _postgres(server_url: str, name: str, *, create: bool) -> str:
    import psycopg2

    admin = psycopg2.connect(server_url)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        if create:
            cursor.execute(f"CREATE DATABASE {name}")
    admin.close()
    return urlunsplit(urlsplit(server_url)._replace(path=f"/{name}"))


@contextmanager
def throwaway_database(name: str) -> Iterator[str]:
    """Set up Django on a new database named after ``name``, with this run's own suffix so that
    two runs on one server never share or drop each other's database; yield its vendor."""
    name = f"{name}_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sli_portal.settings")
    os.environ.setdefault("DEBUG", "true")
    # The e-mails the measured work sends are kept in memory, not printed among the figures.
    os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    server = os.environ.get("DATABASE_URL", "")
    with tempfile.TemporaryDirectory() as scratch:
        if server.startswith("postgres"):
            os.environ["DATABASE_URL"] = _postgres(server, name, create=True)
        else:
            os.environ["DATABASE_URL"] = f"sqlite:///{Path(scratch) / f'{name}.sqlite3'}"
        os.environ["MEDIA_ROOT"] = str(Path(scratch) / "uploads")
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)
        from django.db import connection

        try:
            yield connection.vendor
        finally:
            connection.close()
            if server.startswith("postgres"):
                _postgres(server, name, create=False)


def load_reference_data() -> None:
    from authorities.services import comparator_groups_load, councils_load
    from returns.catalogue import measures_load

    councils_load()
    comparator_groups_load()
    measures_load()


# Databases kept between runs (bench/load.py): built once, reused while nothing that shapes
# them has changed. The fingerprint of what built one is kept as the database's comment.

LOCAL_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"


def postgres_server() -> str | None:
    """The PostgreSQL server for a kept database: DATABASE_URL when it names PostgreSQL, else
    the local default. None when that server does not answer."""
    import psycopg2

    server = os.environ.get("DATABASE_URL", "")
    if not server.startswith("postgres"):
        server = LOCAL_POSTGRES
    try:
        psycopg2.connect(server, connect_timeout=3).close()
    except psycopg2.OperationalError:
        return None
    return server


def files_fingerprint(paths: list[Path], *extra: str) -> str:
    """SHA-256 over the names and contents of ``paths`` (folders walked for *.py, *.csv and
    *.lua files) and ``extra``."""
    import hashlib

    digest = hashlib.sha256("\n".join(extra).encode())
    for path in sorted(paths):
        files = (
            sorted(
                f for f in path.rglob("*") if f.suffix in {".py", ".csv", ".lua"} and f.is_file()
            )
            if path.is_dir()
            else [path]
        )
        for file in files:
            digest.update(str(file.relative_to(ROOT)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()


def kept_database(server_url: str, name: str, fingerprint: str) -> tuple[str, bool]:
    """The URL of database ``name`` and whether it must be built: an existing one is reused
    when its recorded fingerprint matches, else it is dropped and created empty. Record the
    fingerprint with ``kept_database_built`` once the build has finished."""
    import psycopg2

    admin = psycopg2.connect(server_url)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [name],
        )
        found = cursor.fetchone()
    admin.close()
    url = urlunsplit(urlsplit(server_url)._replace(path=f"/{name}"))
    if found is not None and found[0] == fingerprint:
        return url, False
    return _postgres(server_url, name, create=True), True


def kept_database_built(server_url: str, name: str, fingerprint: str) -> None:
    import psycopg2
    from psycopg2 import sql

    admin = psycopg2.connect(server_url)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                sql.Identifier(name), sql.Literal(fingerprint)
            )
        )
    admin.close()
