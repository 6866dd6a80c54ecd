"""A restore drill on the real PostgreSQL: build a scratch database with the schema and data,
fingerprint every table and sequence, back it up with ``manage.py backup_database``, drop and
recreate the database, restore it with ``manage.py restore_database --commit``, and find the
same fingerprint and the same uploaded files. Then the restores that must change nothing: a
damaged uploads archive, a damaged dump, and a database that refuses the dump halfway. Runs
the commands as an operator would."""

import io
import os
import re
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from pathlib import Path

import dj_database_url
import psycopg2
import pytest
from django.conf import settings
from django.db import connection

URL = os.environ.get("DATABASE_URL", "")
pytestmark = [
    pytest.mark.skipif(
        not URL.startswith(("postgres://", "postgresql://")),
        reason="the restore drill needs PostgreSQL (DATABASE_URL)",
    ),
    # The test database is the drill's source: its schema, councils and measures.
    pytest.mark.django_db,
]
MANAGE = str(Path(settings.BASE_DIR) / "manage.py")
SEED = """
from accounts.models import AccessLog, Membership, Role, User
from authorities.models import Council
admin = User.objects.create_user(username="drill@example.org", email="drill@example.org")
Membership.objects.create(user=admin, role=Role.REGIONAL_ADMIN)
wirral = Council.objects.get(ons_code="E08000015")
wirral._history_user = admin
wirral.name = "Wirral (restore drill)"
wirral.save()
AccessLog.objects.bulk_create(
    [AccessLog(user=admin, council=wirral, record_type="triggers.Concern", record_id=str(i))
     for i in range(25)]
)
"""


def _server(name: str) -> dict[str, str]:
    parsed = dj_database_url.parse(URL)
    return {
        "dbname": name,
        "host": parsed.get("HOST") or "127.0.0.1",
        "port": str(parsed.get("PORT") or 5432),
        "user": parsed.get("USER") or "postgres",
        "password": parsed.get("PASSWORD") or "",
    }


def _admin(sql: str) -> None:
    admin = psycopg2.connect(**_server("postgres"))
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute(sql)
    finally:
        admin.close()


def _url_for(name: str) -> str:
    return re.sub(r"/[^/]*$", f"/{name}", URL)


def fingerprint(name: str) -> dict[str, object]:
    """Row count and an md5 of every row (ordered) of every table, and every sequence's value."""
    found: dict[str, object] = {}
    conn = psycopg2.connect(**_server(name))
    try:
        with conn.cursor() as cursor:
            cursor.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
            for (table,) in cursor.fetchall():
                cursor.execute(
                    f"SELECT count(*), md5(coalesce(string_agg(t::text, chr(10) "
                    f"ORDER BY t::text), '')) FROM \"{table}\" t"
                )
                found[table] = cursor.fetchone()
            cursor.execute(
                "SELECT sequencename, last_value FROM pg_sequences "
                "WHERE schemaname = 'public' ORDER BY sequencename"
            )
            found["sequences"] = cursor.fetchall()
    finally:
        conn.close()
    return found


def manage(*arguments: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, MANAGE, *arguments],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def scratch(tmp_path: Path) -> Iterator[dict]:
    """A scratch database made from the test database (schema, councils, measures) plus the
    seed above, with one uploaded file."""
    source = connection.settings_dict["NAME"]
    name = f"{source}_restore_drill"
    _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _admin(f'CREATE DATABASE "{name}"')
    server = _server(source)
    copy = subprocess.run(
        f"pg_dump --format=custom --no-owner -h {server['host']} -p {server['port']} "
        f"-U {server['user']} {source} | pg_restore --no-owner -h {server['host']} "
        f"-p {server['port']} -U {server['user']} -d {name}",
        shell=True,
        capture_output=True,
        text=True,
        env={**os.environ, "PGPASSWORD": server["password"]},
    )
    assert copy.returncode == 0, copy.stderr
    media = tmp_path / "uploads"
    (media / "returns" / "2025").mkdir(parents=True)
    (media / "returns" / "2025" / "wirral-q1.csv").write_bytes(
        b"measure,value\r\nASCOF 1A,19.2\r\n"
    )
    env = {
        **os.environ,
        "DATABASE_URL": _url_for(name),
        "DEBUG": "true",
        "MEDIA_ROOT": str(media),
        "CELERY_BROKER_URL": "",
    }
    seeded = manage("shell", "-c", SEED, env=env)
    assert seeded.returncode == 0, seeded.stderr
    try:
        yield {"name": name, "env": env, "media": media, "backups": tmp_path / "backups"}
    finally:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_drop_and_restore_gives_back_the_same_database_and_uploads(
    scratch, tmp_path: Path
) -> None:
    name, env, media = scratch["name"], scratch["env"], scratch["media"]
    before = fingerprint(name)
    assert before["accounts_accesslog"][0] == 25
    assert before["authorities_historicalcouncil"][0] > 0

    made = manage("backup_database", "--directory", str(scratch["backups"]), env=env)
    assert made.returncode == 0, made.stderr
    lines = made.stdout.strip().splitlines()
    assert len(lines) == 2
    dump_path, size, _bytes, _sha, digest = lines[0].split()
    assert dump_path.endswith(".dump")
    assert int(size) > 0
    assert re.fullmatch(r"[0-9a-f]{64}", digest)
    assert lines[1].split()[0].endswith(".uploads.tar.gz")

    _admin(f'DROP DATABASE "{name}" WITH (FORCE)')
    _admin(f'CREATE DATABASE "{name}"')
    (media / "returns" / "2025" / "wirral-q1.csv").unlink()
    (media / "stray.txt").write_text("written after the backup")

    bogus = tmp_path / "not-a-backup.dump"
    bogus.write_text("hello")
    wrong_file = manage("restore_database", str(bogus), "--no-uploads", "--commit", env=env)
    assert wrong_file.returncode != 0
    assert "is not a pg_dump custom-format backup" in wrong_file.stderr

    refused = manage("restore_database", dump_path, env=env)
    assert refused.returncode == 0, refused.stderr
    assert "Nothing restored" in refused.stdout
    assert fingerprint(name) == {"sequences": []}

    restored = manage("restore_database", dump_path, "--commit", env=env)
    assert restored.returncode == 0, restored.stderr
    assert "Restored 1 uploaded files" in restored.stdout
    assert sorted(p.name for p in media.iterdir()) == ["returns"]

    assert fingerprint(name) == before
    assert (media / "returns" / "2025" / "wirral-q1.csv").read_bytes().startswith(b"measure")
    assert not (media / "stray.txt").exists()


def _uploads(media: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(media)): path.read_bytes()
        for path in sorted(media.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def backed_up(scratch) -> dict:
    """The scratch portal backed up, then changed: a later upload and a later row."""
    made = manage("backup_database", "--directory", str(scratch["backups"]), env=scratch["env"])
    assert made.returncode == 0, made.stderr
    dump = Path(made.stdout.split()[0])
    (scratch["media"] / "later.csv").write_text("uploaded after the backup")
    later = manage(
        "shell",
        "-c",
        "from authorities.models import Council; "
        "Council.objects.filter(ons_code='E08000015').update(name='Wirral (later)')",
        env=scratch["env"],
    )
    assert later.returncode == 0, later.stderr
    return {
        **scratch,
        "dump": dump,
        "archive": dump.with_name(dump.name.replace(".dump", ".uploads.tar.gz")),
        "before": fingerprint(scratch["name"]),
        "uploads": _uploads(scratch["media"]),
    }


def _assert_nothing_changed(portal: dict) -> None:
    assert fingerprint(portal["name"]) == portal["before"]
    assert _uploads(portal["media"]) == portal["uploads"]
    assert sorted(p.name for p in portal["media"].iterdir()) == ["later.csv", "returns"]


def _archive_with_a_link(path: Path) -> Path:
    with tarfile.open(path, "w:gz") as archive:
        info = tarfile.TarInfo("returns/2025/wirral-q1.csv")
        info.size = 5
        archive.addfile(info, io.BytesIO(b"a,b\r\n"))
        link = tarfile.TarInfo("evidence")
        link.type = tarfile.SYMTYPE
        link.linkname = "/etc"
        archive.addfile(link)
    return path


def test_a_damaged_uploads_archive_changes_nothing(backed_up, tmp_path: Path) -> None:
    data = backed_up["archive"].read_bytes()
    truncated = tmp_path / "truncated.uploads.tar.gz"
    truncated.write_bytes(data[: len(data) - 20])
    linked = _archive_with_a_link(tmp_path / "linked.uploads.tar.gz")

    for archive, message in [
        (truncated, "is not a readable uploads archive"),
        (linked, "'evidence' is a link or a special file"),
    ]:
        for commit in ([], ["--commit"]):
            refused = manage(
                "restore_database",
                str(backed_up["dump"]),
                "--uploads",
                str(archive),
                *commit,
                env=backed_up["env"],
            )
            assert refused.returncode != 0
            assert message in refused.stderr
            _assert_nothing_changed(backed_up)


def test_a_damaged_dump_changes_nothing(backed_up, tmp_path: Path) -> None:
    data = backed_up["dump"].read_bytes()
    damaged = tmp_path / "sli-damaged.dump"
    damaged.write_bytes(data[:-20])  # the end of the last table's data is missing
    listed = subprocess.run(["pg_restore", "--list", str(damaged)], capture_output=True)
    assert listed.returncode == 0, "the table of contents alone looks whole"

    for commit in ([], ["--commit"]):
        refused = manage(
            "restore_database",
            str(damaged),
            "--uploads",
            str(backed_up["archive"]),
            *commit,
            env=backed_up["env"],
        )
        assert refused.returncode != 0
        assert "is damaged and cannot be restored" in refused.stderr
        _assert_nothing_changed(backed_up)


def test_a_database_that_refuses_the_dump_halfway_changes_nothing(backed_up) -> None:
    """pg_restore drops and recreates every table in one transaction: an object it may not
    drop (a report view another team added) stops it, and everything rolls back, uploads
    included."""
    conn = psycopg2.connect(**_server(backed_up["name"]))
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("CREATE SCHEMA reporting")
        cursor.execute("CREATE VIEW reporting.councils AS SELECT * FROM authorities_council")
    conn.close()
    backed_up["before"] = fingerprint(backed_up["name"])

    refused = manage("restore_database", str(backed_up["dump"]), "--commit", env=backed_up["env"])

    assert refused.returncode != 0
    assert "The database could not be restored, so nothing changed" in refused.stderr
    _assert_nothing_changed(backed_up)
