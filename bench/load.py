"""Load test: gunicorn with 2 workers on PostgreSQL, driven by wrk with 20 connections.

Each connection asks in turn for the regional overview, Wirral's council page and the page of
one measure in the return (the first mapped to a scorecard domain), first as an anonymous
visitor and then signed in as a Planning Group member. Two scales, each in its own database:

- region (``sli_load``): the 24 North West councils active in 2023/24;
- national (``sli_load_national``): those and every other England council in the shipped
  published data for 2023/24, 153 in all.

Each database holds 5 years (20 quarters, 2019/20 to 2023/24) of accepted quarterly returns
for every council, made from the real published annual figures as the demonstration data is
(demo/returns.py), with the comparators recomputed for every quarter, the published comparators
for every year, and judgements, narratives and Local Accounts published by the demonstration
loader for the last two quarters. A database is kept between runs and rebuilt only when the
files that shape it change (the fingerprint is its PostgreSQL comment).

Prints ``load_rps``, ``load_p50_ms``, ``load_p95_ms`` and ``load_errors`` (connect, read,
write and timeout errors plus non-2xx responses) and ``load_server_cpu_ms`` (CPU time of
gunicorn and of the PostgreSQL backends per request: a figure that other work on the machine
does not inflate the way it does the latencies), the same for the Planning Group
(``load_planning_group_*``), and all of them again with the ``_national`` suffix. Target: p95
under 300 ms at 20 concurrent users on a 2-core machine, no errors.

Needs PostgreSQL (DATABASE_URL when it names PostgreSQL, else postgres://postgres@127.0.0.1:5432)
and wrk (`make wrk`); without either it says so and stops. ``LOAD_SECONDS`` sets the length of
each measured run (default 20). Run: ``DEBUG=true .venv/bin/python bench/load.py``.
"""

import datetime
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from _benchdb import (
    ROOT,
    files_fingerprint,
    kept_database,
    kept_database_built,
    load_reference_data,
    postgres_server,
)

FIRST_YEAR, YEARS = 2019, 5
CONNECTIONS, THREADS, WARM_UP_SECONDS = 20, 2, 3
SECONDS = int(os.environ.get("LOAD_SECONDS", "20"))
COUNCIL_SLUG = "wirral"
# Every England council in the published figures for this year stands in for the country.
NATIONAL_YEAR = "2023-24"
ASCOF_CSV = ROOT / "returns" / "data" / "acbockmuehl-ascof-trend_data.csv"
OFLOG_CSV = ROOT / "returns" / "data" / "oflog-asc-metrics-by-council.csv"
LUA = Path(__file__).resolve().parent / "load.lua"
# What shapes a built database: a change to any of these builds it again.
SHAPED_BY = [
    Path(__file__).resolve(),
    Path(__file__).resolve().parent / "_benchdb.py",
    *ROOT.glob("*/migrations"),
    ROOT / "authorities" / "data",
    ROOT / "returns" / "data",
    ROOT / "scorecard" / "data",
    ROOT / "demo" / "returns.py",
    ROOT / "demo" / "scorecard.py",
    ROOT / "demo" / "users.py",
    ROOT / "returns" / "catalogue.py",
    ROOT / "returns" / "national.py",
    ROOT / "scorecard" / "comparators",
    ROOT / "scorecard" / "services.py",
    ROOT / "scorecard" / "suggestions.py",
]


@dataclass(frozen=True)
class Scale:
    name: str
    database: str
    suffix: str
    national: bool


SCALES = [
    Scale("region", "sli_load", "", national=False),
    Scale("national", "sli_load_national", "_national", national=True),
]


# --- Building a database (runs in a child process with DATABASE_URL set) ---------------------


def england_councils_add() -> int:
    """Every England council in the published figures for NATIONAL_YEAR that the portal does
    not hold, in a sub-region named after its English region; returns how many were added."""
    import csv

    from django.utils.text import slugify

    from authorities.models import AuthorityType, Council, SubRegion

    types = {
        "E06": AuthorityType.UNITARY,
        "E08": AuthorityType.METROPOLITAN,
        "E09": AuthorityType.LONDON,
        "E10": AuthorityType.COUNTY,
    }
    with OFLOG_CSV.open(newline="", encoding="utf-8") as handle:
        regions = {row["Local authority code"]: row["Region"] for row in csv.DictReader(handle)}
    with ASCOF_CSV.open(newline="", encoding="utf-8") as handle:
        names = {
            row["ONS Code"]: row["Geographical Description"]
            for row in csv.DictReader(handle)
            if row["Year"] == NATIONAL_YEAR and row["Geographical Level"] == "Council"
        }
    held = set(Council.objects.values_list("ons_code", flat=True))
    made = []
    for code, name in sorted(names.items()):
        if code in held or code[:3] not in types:
            continue
        region = SubRegion.objects.get_or_create(name=regions.get(code, "England"))[0]
        made.append(
            Council(
                ons_code=code,
                name=name,
                slug=slugify(name),
                authority_type=types[code[:3]],
                sub_region=region,
            )
        )
    return len(Council.objects.bulk_create(made))


def accepted_published_returns(periods: list, by: object) -> int:
    """An accepted return for every council active in each quarter, its figures made from the
    published annual figures as the demonstration's are; written in bulk, not uploaded."""
    from decimal import Decimal

    from authorities.models import Council
    from demo.returns import DEMO_REASON, _published, quarter_figures
    from returns.models import Measure, Return, ReturnStatus, ReturnValue, ReturnVersion

    measures = list(Measure.objects.in_return())
    figures = _published(measures)
    made = 0
    for period in periods:
        councils = list(Council.objects.active_between(period.starts_on, period.ends_on))
        rows = {c.pk: quarter_figures(figures, measures, c, period) for c in councils}
        returns = Return.objects.bulk_create(
            [
                Return(
                    council=c, period=period, status=ReturnStatus.ACCEPTED, is_demonstration=True
                )
                for c in councils
            ]
        )
        versions = ReturnVersion.objects.bulk_create(
            [
                ReturnVersion(
                    return_obj=r,
                    number=1,
                    created_by=by,
                    reason=DEMO_REASON,
                    blank_count=sum(v is None for _, v in rows[r.council_id]),
                )
                for r in returns
            ]
        )
        values: list[ReturnValue] = []
        for r, v in zip(returns, versions, strict=True):
            figures_of: list[tuple[Measure, Decimal | None]] = rows[r.council_id]
            values += [ReturnValue(version=v, measure=m, value=x) for m, x in figures_of]
            r.submitted_version = v
            r.accepted_version = v
        ReturnValue.objects.bulk_create(values, batch_size=5000)
        Return.objects.bulk_update(returns, ["submitted_version", "accepted_version"])
        made += len(returns)
    return made


def build(scale: Scale) -> None:
    """Migrate, then load everything the three pages read (see the module docstring)."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from accounts.models import User
    from demo.returns import periods_ensure
    from demo.scorecard import demo_scorecard_load
    from demo.users import users_ensure
    from returns.national import national_import_all
    from scorecard.comparators import comparators_recompute, published_comparators_recompute_all

    load_reference_data()
    if scale.national:
        england_councils_add()
    national_import_all()
    users_ensure()
    admin = User.objects.get(email="regional.admin@demo.nwsli.org.uk")
    periods = periods_ensure(range(FIRST_YEAR, FIRST_YEAR + YEARS))
    # Judgements are published for the quarter before the last, then for the last, so the
    # overview shows the change since the previous quarter.
    for batch in (periods[:-1], periods[-1:]):
        accepted_published_returns(batch, admin)
        for period in batch:
            comparators_recompute(period=period)
        demo_scorecard_load()
    published_comparators_recompute_all()


def prepare(scale: Scale, must_build: bool) -> None:
    """In the child: build when asked, then print what the load needs as one JSON line."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sli_portal.settings")
    import django

    django.setup()
    if must_build:
        build(scale)
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    from accounts.models import User
    from authorities.models import Council
    from demo.users import PLANNER as PLANNER_EMAIL
    from returns.models import Measure

    measure = Measure.objects.in_return().exclude(scorecard_domain="").order_by("code").first()
    assert measure is not None, "no measure in the return"
    client = Client()
    client.force_login(User.objects.get(email=PLANNER_EMAIL))
    print(
        json.dumps(
            {
                "paths": [
                    reverse("scorecard:overview"),
                    reverse("scorecard:council", args=[COUNCIL_SLUG]),
                    reverse("scorecard:measure", args=[measure.pk]),
                ],
                "session": f"{settings.SESSION_COOKIE_NAME}="
                f"{client.cookies[settings.SESSION_COOKIE_NAME].value}",
                "councils": Council.objects.active_on(
                    datetime.date(FIRST_YEAR + YEARS, 3, 31)
                ).count(),
            }
        )
    )


# --- Driving the load (the parent process: no Django here) ------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get(url: str, cookie: str = "") -> int:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def serve(database_url: str, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    """gunicorn with 2 workers as production runs it (DEBUG off), on a free loopback port."""
    port = free_port()
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "SECURE_HSTS_SECONDS": "0",
        "DATABASE_URL": database_url,
        # As .env.example sets it for production: each worker keeps its connection.
        "DATABASE_CONN_MAX_AGE": "60",
        # Production does not start without the shared cache; only uploads count in it, and
        # the load test makes none, so it need not answer.
        "REDIS_CACHE_URL": os.environ.get("REDIS_CACHE_URL", "redis://127.0.0.1:6379/1"),
        "LOG_LEVEL": "WARNING",
    }
    gunicorn = Path(sys.executable).parent / "gunicorn"
    server = subprocess.Popen(
        [str(gunicorn), "sli_portal.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            break
        try:
            get(base + "/")
            return server, base
        except OSError:
            time.sleep(0.3)
    stop(server)
    raise SystemExit(f"gunicorn did not start:\n{log.read_text()[-3000:]}")


def stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def server_cpu_seconds(server: subprocess.Popen[bytes], database: str) -> float:
    """CPU time used so far by gunicorn (master and workers) and by the PostgreSQL backends
    connected to ``database``: what the pages cost, whoever else shares the machine."""
    pids = [server.pid]
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if f" {database} " in (entry / "cmdline").read_bytes().decode(errors="replace"):
                    pids.append(int(entry.name))
            except OSError:
                continue
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def wrk(base: str, paths: list[str], seconds: int, cookie: str = "") -> dict[str, float]:
    """One wrk run; the figures load.lua prints."""
    command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "10s"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    command += ["-s", str(LUA), base, "--", *paths]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    figures = {}
    for line in out.splitlines():
        name, _, value = line.partition(": ")
        if name in {"rps", "p50_ms", "p95_ms", "requests", "errors"}:
            figures[name] = float(value)
    return figures


def run_scale(scale: Scale, server_url: str) -> None:
    fingerprint = files_fingerprint(SHAPED_BY, scale.name, str(FIRST_YEAR), str(YEARS))
    url, must_build = kept_database(server_url, scale.database, fingerprint)
    started = time.monotonic()
    child = subprocess.run(
        [sys.executable, __file__, "--prepare", scale.name, *(["--build"] if must_build else [])],
        env={**os.environ, "DATABASE_URL": url, "DEBUG": "true"},
        capture_output=True,
        text=True,
    )
    if child.returncode != 0:
        raise SystemExit(f"building {scale.database} failed:\n{child.stderr[-5000:]}")
    if must_build:
        kept_database_built(server_url, scale.database, fingerprint)
    built_s = time.monotonic() - started
    target = json.loads(child.stdout.strip().splitlines()[-1])
    paths, session = target["paths"], target["session"]
    s = scale.suffix
    print(
        f"load_database{s}: {scale.database} ({'built' if must_build else 'kept'} in {built_s:.0f} s)"
    )
    print(
        f"load_size{s}: {target['councils']} councils x {YEARS * 4} quarters; "
        f"{CONNECTIONS} connections, {THREADS} threads, {SECONDS} s per run; pages {' '.join(paths)}"
    )
    with tempfile.TemporaryDirectory() as scratch:
        log = Path(scratch) / "gunicorn.log"
        server, base = serve(url, log)
        try:
            for cookie in ("", session):
                for path in paths:
                    for _ in range(3):
                        status = get(base + path, cookie)
                        if status != 200:
                            raise SystemExit(
                                f"{path} answered {status}{' signed in' if cookie else ''}:\n"
                                f"{log.read_text()[-3000:]}"
                            )
            for prefix, cookie in (("load", ""), ("load_planning_group", session)):
                wrk(base, paths, WARM_UP_SECONDS, cookie)
                cpu_before = server_cpu_seconds(server, scale.database)
                figures = wrk(base, paths, SECONDS, cookie)
                cpu_ms = (server_cpu_seconds(server, scale.database) - cpu_before) * 1000
                print(f"{prefix}_rps{s}: {figures['rps']:.1f}")
                print(f"{prefix}_p50_ms{s}: {figures['p50_ms']:.1f}")
                print(f"{prefix}_p95_ms{s}: {figures['p95_ms']:.1f}")
                print(f"{prefix}_errors{s}: {int(figures['errors'])}")
                print(f"{prefix}_server_cpu_ms{s}: {cpu_ms / max(figures['requests'], 1):.1f}")
                sys.stdout.flush()
        finally:
            stop(server)


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--prepare":
        scale = next(s for s in SCALES if s.name == sys.argv[2])
        prepare(scale, must_build="--build" in sys.argv)
        return
    if shutil.which("wrk") is None:
        print("load: skipped: wrk is not installed (make wrk installs Debian's wrk)")
        return
    server_url = postgres_server()
    if server_url is None:
        print(
            "load: skipped: no PostgreSQL answers (set DATABASE_URL to a PostgreSQL server, or "
            "start one on 127.0.0.1:5432)"
        )
        return
    only = os.environ.get("LOAD_SCALES", "region,national").split(",")
    for scale in SCALES:
        if scale.name in only:
            run_scale(scale, server_url)


if __name__ == "__main__":
    main()
