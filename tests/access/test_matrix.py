"""Every URL for every role: the allowed role, another council (404), a read-only role (403),
anonymous (sent to sign in). A second test fails when a URL is missing from the matrix."""

from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.access.matrix_improvement_plans import IMPROVEMENT_PLANS_MATRIX
from tests.access.matrix_meetings import MEETINGS_MATRIX
from tests.access.matrix_national import NATIONAL_MATRIX
from tests.access.matrix_notifications import NOTIFICATIONS_MATRIX
from tests.access.matrix_opendata import OPENDATA_MATRIX
from tests.access.matrix_operations import OPERATIONS_MATRIX
from tests.access.matrix_reports import REPORTS_MATRIX
from tests.access.matrix_security import SECURITY_MATRIX
from tests.access.matrix_selfassessment import SELFASSESSMENT_MATRIX
from tests.access.matrix_support import SUPPORT_MATRIX
from tests.access.personas import (
    ADMIN_ONLY_ON_WIRRAL,
    ALL_200,
    CONCERN,
    LEAD_ONLY_ON_WIRRAL,
    PERIOD,
    PERSONAS,
    REVIEWERS_AND_COUNCILS,
    SIGN_IN,
    STAFF_ONLY,
    WIRRAL_RECORD,
    Matrix,
    W,
    kw,
)
from tests.access.world import YEAR, build_world
from tests.conftest import committed

# url name -> (method, kwargs from the world, expected status by persona)
MATRIX: Matrix = {
    "pages:home": ("get", kw(), ALL_200),
    "pages:accessibility": ("get", kw(), ALL_200),
    "pages:your_council": (
        "get",
        kw(),
        {
            **ADMIN_ONLY_ON_WIRRAL,
            "wirral_lead": 200,
            "wirral_director": 200,
            "sefton_lead": 200,
            "regional_admin": 403,
        },  # fmt: skip
    ),
    "accounts:login": ("get", kw(), {**dict.fromkeys(PERSONAS, 302), "anonymous": 200}),
    "accounts:logout": ("get", kw(), dict.fromkeys(PERSONAS, 405)),
    "accounts:password_reset": ("get", kw(), ALL_200),
    "accounts:password_reset_done": ("get", kw(), ALL_200),
    "accounts:password_reset_confirm": ("get", kw(uidb64="MQ", token="not-a-token"), ALL_200),
    "accounts:password_reset_complete": ("get", kw(), ALL_200),
    "scorecard:councils": ("get", kw(), ALL_200),
    "scorecard:council": ("get", kw(slug=W), ALL_200),
    "returns:list": ("get", kw(), {**REVIEWERS_AND_COUNCILS}),
    "returns:completeness": ("get", kw(), {**REVIEWERS_AND_COUNCILS}),
    "returns:detail": (
        "get",
        kw(council_slug=W, period_slug=lambda w: w["period"].slug),
        WIRRAL_RECORD,
    ),
    "returns:template": (
        "get",
        kw(council_slug=W, period_slug=lambda w: w["period"].slug, fmt="xlsx"),
        WIRRAL_RECORD,
    ),
    "returns:upload": (
        "get",
        kw(council_slug=W, period_slug=lambda w: w["period"].slug),
        LEAD_ONLY_ON_WIRRAL,
    ),
    "returns:upload_status": ("get", kw(pk=lambda w: w["upload"].pk), WIRRAL_RECORD),
    "returns:upload_status_json": ("get", kw(pk=lambda w: w["upload"].pk), WIRRAL_RECORD),
    "returns:upload_file": ("get", kw(pk=lambda w: w["upload"].pk), WIRRAL_RECORD),
    "returns:version": (
        "get",
        kw(council_slug=W, period_slug=lambda w: w["period"].slug, number=2),
        WIRRAL_RECORD,
    ),
    "returns:compare": (
        "get",
        kw(council_slug=W, period_slug=lambda w: w["period"].slug, number=2, other=1),
        WIRRAL_RECORD,
    ),
    "returns:submit": (
        "post",
        kw(council_slug=W, period_slug=lambda w: w["period"].slug, number=2),
        {**LEAD_ONLY_ON_WIRRAL, "wirral_lead": 302},
    ),
    "returns:accept": (
        "post",
        kw(council_slug=W, period_slug=lambda w: w["period"].slug),
        {**ADMIN_ONLY_ON_WIRRAL, "regional_admin": 302},
    ),
    "returns:reopen": (
        "get",
        kw(council_slug=W, period_slug=lambda w: w["period"].slug),
        ADMIN_ONLY_ON_WIRRAL,
    ),
    "returns:polarity_list": ("get", kw(), {**ADMIN_ONLY_ON_WIRRAL, "sefton_lead": 403}),
    "returns:polarity_declare": (
        "get",
        kw(pk=lambda w: w["measure"].pk),
        {**ADMIN_ONLY_ON_WIRRAL, "sefton_lead": 403},
    ),
    "scorecard:overview": (
        "get",
        kw(),
        {
            "anonymous": 200,
            "wirral_lead": 200,
            "wirral_director": 200,
            "sefton_lead": 200,
            "planning_group_member": 200,
            "risk_assessor": 200,
            "board_member": 200,
            "regional_admin": 200,
        },
    ),
    # The regional TEASC page: those who read the region as a whole.
    "scorecard:teasc_overview": (
        "get",
        kw(),
        {
            "anonymous": 302,
            "wirral_lead": 403,
            "wirral_director": 403,
            "sefton_lead": 403,
            "planning_group_member": 200,
            "risk_assessor": 200,
            "board_member": 200,
            "regional_admin": 200,
        },
    ),
    "scorecard:scorecard": (
        "get",
        kw(slug=W),
        {
            "anonymous": 200,
            "wirral_lead": 200,
            "wirral_director": 200,
            "sefton_lead": 200,
            "planning_group_member": 200,
            "risk_assessor": 200,
            "board_member": 200,
            "regional_admin": 200,
        },
    ),
    "scorecard:measure": (
        "get",
        kw(pk=lambda w: w["measure"].pk),
        {
            "anonymous": 200,
            "wirral_lead": 200,
            "wirral_director": 200,
            "sefton_lead": 200,
            "planning_group_member": 200,
            "risk_assessor": 200,
            "board_member": 200,
            "regional_admin": 200,
        },
    ),
    "scorecard:measure_download": (
        "get",
        kw(pk=lambda w: w["measure"].pk, fmt="csv"),
        {
            "anonymous": 200,
            "wirral_lead": 200,
            "wirral_director": 200,
            "sefton_lead": 200,
            "planning_group_member": 200,
            "risk_assessor": 200,
            "board_member": 200,
            "regional_admin": 200,
        },
    ),
    "scorecard:judgements": (
        "get",
        kw(slug=W, period=PERIOD),
        {
            "anonymous": 302,
            "wirral_lead": 403,
            "wirral_director": 403,
            "sefton_lead": 403,
            "planning_group_member": 200,
            "risk_assessor": 200,
            "board_member": 403,
            "regional_admin": 200,
        },
    ),
    "scorecard:publish": (
        "post",
        kw(slug=W, period=PERIOD),
        {
            "anonymous": 302,
            "wirral_lead": 403,
            "wirral_director": 403,
            "sefton_lead": 403,
            "planning_group_member": 302,
            "risk_assessor": 403,
            "board_member": 403,
            "regional_admin": 302,
        },
    ),
    "scorecard:narrative": (
        "get",
        kw(slug=W, period=PERIOD),
        {
            "anonymous": 302,
            "wirral_lead": 403,
            "wirral_director": 403,
            "sefton_lead": 403,
            "planning_group_member": 200,
            "risk_assessor": 200,
            "board_member": 403,
            "regional_admin": 200,
        },
    ),
    "scorecard:judgement_history": (
        "get",
        kw(slug=W, period=PERIOD),
        {
            "anonymous": 302,
            "wirral_lead": 403,
            "wirral_director": 403,
            "sefton_lead": 403,
            "planning_group_member": 200,
            "risk_assessor": 200,
            "board_member": 403,
            "regional_admin": 200,
        },
    ),
    "scorecard:local_accounts": (
        "get",
        kw(slug=W),
        {
            "anonymous": 200,
            "wirral_lead": 200,
            "wirral_director": 200,
            "sefton_lead": 200,
            "planning_group_member": 200,
            "risk_assessor": 200,
            "board_member": 200,
            "regional_admin": 200,
        },
    ),
    "scorecard:local_account_edit": (
        "get",
        kw(slug=W, year=YEAR),
        {
            "anonymous": 302,
            "wirral_lead": 403,
            "wirral_director": 403,
            "sefton_lead": 403,
            "planning_group_member": 200,
            "risk_assessor": 403,
            "board_member": 403,
            "regional_admin": 200,
        },
    ),
    "scorecard:local_account_document": (
        "get",
        kw(slug=W, year=YEAR),
        {
            "anonymous": 200,
            "wirral_lead": 200,
            "wirral_director": 200,
            "sefton_lead": 200,
            "planning_group_member": 200,
            "risk_assessor": 200,
            "board_member": 200,
            "regional_admin": 200,
        },
    ),
    "triggers:review": (
        "get",
        kw(),
        {
            "anonymous": 302,
            "wirral_lead": 403,
            "wirral_director": 403,
            "sefton_lead": 403,
            "planning_group_member": 200,
            "risk_assessor": 403,
            "board_member": 403,
            "regional_admin": 200,
        },
    ),
    "triggers:profile": (
        "get",
        kw(slug=W),
        {
            "anonymous": 302,
            "wirral_lead": 403,
            "wirral_director": 403,
            "sefton_lead": 403,
            "planning_group_member": 200,
            "risk_assessor": 200,
            "board_member": 403,
            "regional_admin": 200,
        },
    ),
    "triggers:meetings": (
        "get",
        kw(),
        {
            "anonymous": 302,
            "wirral_lead": 403,
            "wirral_director": 403,
            "sefton_lead": 403,
            "planning_group_member": 200,
            "risk_assessor": 403,
            "board_member": 403,
            "regional_admin": 200,
        },
    ),
    "triggers:meeting": (
        "get",
        kw(pk=lambda w: w["meeting"].pk),
        {
            "anonymous": 302,
            "wirral_lead": 403,
            "wirral_director": 403,
            "sefton_lead": 403,
            "planning_group_member": 200,
            "risk_assessor": 403,
            "board_member": 403,
            "regional_admin": 200,
        },
    ),
    "triggers:meeting_minutes": (
        "get",
        kw(pk=lambda w: w["meeting"].pk, fmt="xlsx"),
        {
            "anonymous": 302,
            "wirral_lead": 403,
            "wirral_director": 403,
            "sefton_lead": 403,
            "planning_group_member": 200,
            "risk_assessor": 403,
            "board_member": 403,
            "regional_admin": 200,
        },
    ),
    "triggers:assessment": (
        "get",
        kw(slug=W, year=YEAR),
        {
            "anonymous": 302,
            "wirral_lead": 403,
            "wirral_director": 403,
            "sefton_lead": 403,
            "planning_group_member": 200,
            "risk_assessor": 200,
            "board_member": 403,
            "regional_admin": 200,
        },
    ),
    "triggers:assessment_share": (
        "post",
        kw(slug=W, year=YEAR),
        {
            "anonymous": 302,
            "wirral_lead": 403,
            "wirral_director": 403,
            "sefton_lead": 403,
            "planning_group_member": 403,
            "risk_assessor": 302,
            "board_member": 403,
            "regional_admin": 302,
        },
    ),
    "triggers:council_assessment": (
        "get",
        kw(slug=W, year=YEAR),
        {
            "anonymous": 302,
            "wirral_lead": 200,
            "wirral_director": 200,
            "sefton_lead": 404,
            "planning_group_member": 200,
            "risk_assessor": 200,
            "board_member": 403,
            "regional_admin": 200,
        },
    ),
    "triggers:self_check": (
        "get",
        kw(slug=W, year=YEAR),
        {
            "anonymous": 302,
            "wirral_lead": 200,
            "wirral_director": 200,
            "sefton_lead": 404,
            "planning_group_member": 200,
            "risk_assessor": 200,
            "board_member": 403,
            "regional_admin": 200,
        },
    ),
    "triggers:self_check_share": (
        "post",
        kw(slug=W, year=YEAR),
        {
            "anonymous": 302,
            "wirral_lead": 302,
            "wirral_director": 302,
            "sefton_lead": 404,
            "planning_group_member": 403,
            "risk_assessor": 403,
            "board_member": 403,
            "regional_admin": 403,
        },
    ),
    "triggers:self_checks": (
        "get",
        kw(),
        {
            "anonymous": 302,
            "wirral_lead": 403,
            "wirral_director": 403,
            "sefton_lead": 403,
            "planning_group_member": 200,
            "risk_assessor": 200,
            "board_member": 403,
            "regional_admin": 200,
        },
    ),
    "triggers:concerns": (
        "get",
        kw(),
        {
            "anonymous": 302,
            "wirral_lead": 403,
            "wirral_director": 403,
            "sefton_lead": 403,
            "planning_group_member": 200,
            "risk_assessor": 200,
            "board_member": 403,
            "regional_admin": 200,
        },
    ),
    "triggers:concern_raise": (
        "get",
        kw(),
        {
            "anonymous": 302,
            "wirral_lead": 403,
            "wirral_director": 403,
            "sefton_lead": 403,
            "planning_group_member": 200,
            "risk_assessor": 200,
            "board_member": 403,
            "regional_admin": 200,
        },
    ),
    "triggers:concern": (
        "get",
        kw(pk=CONCERN),
        {
            "anonymous": 302,
            "wirral_lead": 403,
            "wirral_director": 403,
            "sefton_lead": 403,
            "planning_group_member": 200,
            "risk_assessor": 200,
            "board_member": 403,
            "regional_admin": 200,
        },
    ),
    "triggers:concern_share": (
        "post",
        kw(pk=CONCERN),
        {
            "anonymous": 302,
            "wirral_lead": 403,
            "wirral_director": 403,
            "sefton_lead": 403,
            "planning_group_member": 400,
            "risk_assessor": 400,
            "board_member": 403,
            "regional_admin": 400,
        },
    ),
    "triggers:concern_confirm": (
        "post",
        kw(pk=CONCERN),
        {
            "anonymous": 302,
            "wirral_lead": 403,
            "wirral_director": 403,
            "sefton_lead": 403,
            "planning_group_member": 400,
            "risk_assessor": 400,
            "board_member": 403,
            "regional_admin": 400,
        },
    ),
    "triggers:review_act": (
        "post",
        kw(),
        {
            "anonymous": 302,
            "wirral_lead": 403,
            "wirral_director": 403,
            "sefton_lead": 403,
            "planning_group_member": 400,
            "risk_assessor": 403,
            "board_member": 403,
            "regional_admin": 400,
        },
    ),
    "triggers:thresholds": (
        "get",
        kw(),
        {
            "anonymous": 302,
            "wirral_lead": 403,
            "wirral_director": 403,
            "sefton_lead": 403,
            "planning_group_member": 200,
            "risk_assessor": 200,
            "board_member": 200,
            "regional_admin": 200,
        },
    ),
    "triggers:concern_reopen": (
        "post",
        kw(pk=CONCERN),
        {
            "anonymous": 302,
            "wirral_lead": 403,
            "wirral_director": 403,
            "sefton_lead": 403,
            "planning_group_member": 400,
            "risk_assessor": 400,
            "board_member": 403,
            "regional_admin": 400,
        },
    ),
    "triggers:concern_edit": (
        "get",
        kw(pk=CONCERN),
        {
            "anonymous": 302,
            "wirral_lead": 403,
            "wirral_director": 403,
            "sefton_lead": 403,
            "planning_group_member": 200,
            "risk_assessor": 403,
            "board_member": 403,
            "regional_admin": 200,
        },
    ),
    "triggers:concern_close": (
        "post",
        kw(pk=CONCERN),
        {
            "anonymous": 302,
            "wirral_lead": 403,
            "wirral_director": 403,
            "sefton_lead": 403,
            "planning_group_member": 400,
            "risk_assessor": 400,
            "board_member": 403,
            "regional_admin": 400,
        },
    ),
    "triggers:concern_attach": (
        "post",
        kw(pk=CONCERN),
        {
            "anonymous": 302,
            "wirral_lead": 403,
            "wirral_director": 403,
            "sefton_lead": 403,
            "planning_group_member": 400,
            "risk_assessor": 400,
            "board_member": 403,
            "regional_admin": 400,
        },
    ),
    "triggers:concern_file": (
        "get",
        kw(pk=CONCERN, file_pk=lambda w: w["concern_file"].pk),
        {
            "anonymous": 302,
            "wirral_lead": 403,
            "wirral_director": 403,
            "sefton_lead": 403,
            "planning_group_member": 200,
            "risk_assessor": 200,
            "board_member": 403,
            "regional_admin": 200,
        },
    ),
    "triggers:council_concerns": (
        "get",
        kw(slug=W),
        {
            "anonymous": 302,
            "wirral_lead": 200,
            "wirral_director": 200,
            "sefton_lead": 404,
            "planning_group_member": 200,
            "risk_assessor": 200,
            "board_member": 403,
            "regional_admin": 200,
        },
    ),
    "triggers:concern_respond": (
        "get",
        kw(slug=W, pk=CONCERN),
        {
            "anonymous": 302,
            "wirral_lead": 200,
            "wirral_director": 200,
            "sefton_lead": 404,
            "planning_group_member": 200,
            "risk_assessor": 200,
            "board_member": 403,
            "regional_admin": 200,
        },
    ),
    "triggers:board_summary": (
        "get",
        kw(),
        {
            "anonymous": 302,
            "wirral_lead": 403,
            "wirral_director": 403,
            "sefton_lead": 403,
            "planning_group_member": 200,
            "risk_assessor": 200,
            "board_member": 200,
            "regional_admin": 200,
        },
    ),
    "admin:*": ("get", kw(), STAFF_ONLY),
    **SELFASSESSMENT_MATRIX,
    **SUPPORT_MATRIX,
    **IMPROVEMENT_PLANS_MATRIX,
    **REPORTS_MATRIX,
    **MEETINGS_MATRIX,
    **NOTIFICATIONS_MATRIX,
    **OPENDATA_MATRIX,
    **OPERATIONS_MATRIX,
    **NATIONAL_MATRIX,
    **SECURITY_MATRIX,
}


@pytest.fixture
def world(wirral, open_period, wirral_lead, planning_group_member) -> dict[str, Any]:
    return build_world(wirral, open_period, wirral_lead, planning_group_member)


def _cases() -> list[Any]:
    """A GET is asked of every persona in one test, on one world: reading changes nothing a
    later persona would see. A POST may change the world, so each persona gets its own."""
    cases = []
    for name, (method, _kwargs, _expected) in MATRIX.items():
        if method == "get":
            cases.append(pytest.param(name, None, id=name))
        else:
            cases.extend(pytest.param(name, p, id=f"{name}-{p}") for p in PERSONAS)
    return cases


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "persona"), _cases())
def test_role_url_matrix(
    name: str,
    persona: str | None,
    world: dict[str, Any],
    request: pytest.FixtureRequest,
    client_for,
) -> None:
    method, kwargs, expected = MATRIX[name]
    url = reverse("admin:index") if name == "admin:*" else reverse(name, kwargs=kwargs(world))
    wrong = []
    for who in [persona] if persona else PERSONAS:
        user = None if who == "anonymous" else request.getfixturevalue(who)
        with committed():
            response = getattr(client_for(user), method)(url)
        if response.status_code != expected[who]:
            wrong.append(f"{who}: {response.status_code}, expected {expected[who]}")
        elif (
            response.status_code == 302
            and who == "anonymous"
            and expected[who] == SIGN_IN
            and name != "admin:*"
            and not response["Location"].startswith(reverse("accounts:login"))
        ):
            wrong.append(f"{who}: sent to {response['Location']}, not to sign in")
    assert not wrong, f"{method.upper()} {url}: " + "; ".join(wrong)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["returns:submit", "returns:accept"])
def test_posts_only_views_refuse_get(
    name: str, world: dict[str, Any], wirral_lead, client_for
) -> None:
    _method, kwargs, _expected = MATRIX[name]
    response = client_for(wirral_lead).get(reverse(name, kwargs=kwargs(world)))
    assert response.status_code == 405


def _names(patterns: list[Any], namespace: str = "") -> set[str]:
    found: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found |= _names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            found.add(f"{namespace}{pattern.name}")
    return found


def test_every_url_is_in_the_matrix() -> None:
    names = {n for n in _names(get_resolver().url_patterns) if not n.startswith("admin:")}
    missing = sorted(names - set(MATRIX))
    assert not missing, f"URLs missing from the access matrix: {missing}"
    assert any(n.startswith("admin:") for n in _names(get_resolver().url_patterns))
