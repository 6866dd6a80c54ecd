"""A throwaway database for a benchmark: a fresh PostgreSQL database when DATABASE_URL is set
(dropped at the end), else a temporary SQLite file. Django is set up on it and migrated."""

import os
import sys
import tempfile
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
    """Set up Django on a new database called ``name``; yield its vendor."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sli_portal.settings")
    os.environ.setdefault("DEBUG", "true")
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
