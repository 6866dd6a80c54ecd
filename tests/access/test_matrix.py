"""Every URL for every role: the allowed role, another council (404), a read-only role (403),
anonymous (sent to sign in). A second test fails when a URL is missing from the matrix."""

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.access.world import YEAR, build_world
from tests.conftest import committed

PERSONAS = [
    "anonymous",
    "wirral_lead",
    "wirral_director",
    "sefton_lead",
    "planning_group_member",
    "risk_assessor",
    "board_member",
    "regional_admin",
]

ALL_200 = dict.fromkeys(PERSONAS, 200)
SIGN_IN = 302
# A Wirral record: its own council's users and the regional reviewers see it; Sefton gets 404.
WIRRAL_RECORD = {
    "anonymous": SIGN_IN,
    "wirral_lead": 200,
    "wirral_director": 200,
    "sefton_lead": 404,
    "planning_group_member": 200,
    "risk_assessor": 200,
    "board_member": 403,
    "regional_admin": 200,
}
REVIEWERS_AND_COUNCILS = {**WIRRAL_RECORD, "sefton_lead": 200}
ADMIN_ONLY_ON_WIRRAL = {
    "anonymous": SIGN_IN,
    "wirral_lead": 403,
    "wirral_director": 403,
    "sefton_lead": 404,
    "planning_group_member": 403,
    "risk_assessor": 403,
    "board_member": 403,
    "regional_admin": 200,
}
LEAD_ONLY_ON_WIRRAL = {**ADMIN_ONLY_ON_WIRRAL, "wirral_lead": 200, "regional_admin": 403}
STAFF_ONLY = {**dict.fromkeys(PERSONAS, 302), "regional_admin": 200}

W = "wirral"


def PERIOD(world: dict[str, Any]) -> str:  # noqa: N802
    return world["period"].slug


def CONCERN(world: dict[str, Any]) -> int:  # noqa: N802
    return world["concern"].pk


def _kw(**kwargs: Any) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return lambda world: {k: (v(world) if callable(v) else v) for k, v in kwargs.items()}


# url name -> (method, kwargs from the world, expected status by persona)
MATRIX: dict[str, tuple[str, Callable[[dict[str, Any]], dict[str, Any]], dict[str, int]]] = {
    "pages:home": ("get", _kw(), ALL_200),
    "pages:accessibility": ("get", _kw(), ALL_200),
    "accounts:login": ("get", _kw(), {**dict.fromkeys(PERSONAS, 302), "anonymous": 200}),
    "accounts:logout": ("get", _kw(), dict.fromkeys(PERSONAS, 405)),
    "accounts:password_reset": ("get", _kw(), ALL_200),
    "accounts:password_reset_done": ("get", _kw(), ALL_200),
    "accounts:password_reset_confirm": ("get", _kw(uidb64="MQ", token="not-a-token"), ALL_200),
    "accounts:password_reset_complete": ("get", _kw(), ALL_200),
    "scorecard:councils": ("get", _kw(), ALL_200),
    "scorecard:council": ("get", _kw(slug=W), ALL_200),
    "returns:list": ("get", _kw(), {**REVIEWERS_AND_COUNCILS}),
    "returns:completeness": ("get", _kw(), {**REVIEWERS_AND_COUNCILS}),
    "returns:detail": (
        "get",
        _kw(council_slug=W, period_slug=lambda w: w["period"].slug),
        WIRRAL_RECORD,
    ),
    "returns:template": (
        "get",
        _kw(council_slug=W, period_slug=lambda w: w["period"].slug, fmt="xlsx"),
        WIRRAL_RECORD,
    ),
    "returns:upload": (
        "get",
        _kw(council_slug=W, period_slug=lambda w: w["period"].slug),
        LEAD_ONLY_ON_WIRRAL,
    ),
    "returns:upload_status": ("get", _kw(pk=lambda w: w["upload"].pk), WIRRAL_RECORD),
    "returns:upload_status_json": ("get", _kw(pk=lambda w: w["upload"].pk), WIRRAL_RECORD),
    "returns:upload_file": ("get", _kw(pk=lambda w: w["upload"].pk), WIRRAL_RECORD),
    "returns:version": (
        "get",
        _kw(council_slug=W, period_slug=lambda w: w["period"].slug, number=2),
        WIRRAL_RECORD,
    ),
    "returns:compare": (
        "get",
        _kw(council_slug=W, period_slug=lambda w: w["period"].slug, number=2, other=1),
        WIRRAL_RECORD,
    ),
    "returns:submit": (
        "post",
        _kw(council_slug=W, period_slug=lambda w: w["period"].slug, number=2),
        {**LEAD_ONLY_ON_WIRRAL, "wirral_lead": 302},
    ),
    "returns:accept": (
        "post",
        _kw(council_slug=W, period_slug=lambda w: w["period"].slug),
        {**ADMIN_ONLY_ON_WIRRAL, "regional_admin": 302},
    ),
    "returns:reopen": (
        "get",
        _kw(council_slug=W, period_slug=lambda w: w["period"].slug),
        ADMIN_ONLY_ON_WIRRAL,
    ),
    "scorecard:overview": (
        "get",
        _kw(),
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
    "scorecard:scorecard": (
        "get",
        _kw(slug=W),
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
        _kw(pk=lambda w: w["measure"].pk),
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
        _kw(pk=lambda w: w["measure"].pk, fmt="csv"),
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
        _kw(slug=W, period=PERIOD),
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
        _kw(slug=W, period=PERIOD),
        {
            "anonymous": 302,
            "wirral_lead": 403,
            "wirral_director": 403,
            "sefton_lead": 403,
            "planning_group_member": 302,
            "risk_assessor": 302,
            "board_member": 403,
            "regional_admin": 302,
        },
    ),
    "scorecard:narrative": (
        "get",
        _kw(slug=W, period=PERIOD),
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
        _kw(slug=W, period=PERIOD),
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
        _kw(slug=W),
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
        _kw(slug=W, year=YEAR),
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
        _kw(slug=W, year=YEAR),
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
        _kw(),
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
    "triggers:profile": (
        "get",
        _kw(slug=W),
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
        _kw(),
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
    "triggers:meeting": (
        "get",
        _kw(pk=lambda w: w["meeting"].pk),
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
    "triggers:meeting_minutes": (
        "get",
        _kw(pk=lambda w: w["meeting"].pk, fmt="xlsx"),
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
    "triggers:assessment": (
        "get",
        _kw(slug=W, year=YEAR),
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
        _kw(slug=W, year=YEAR),
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
        _kw(slug=W, year=YEAR),
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
        _kw(slug=W, year=YEAR),
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
        _kw(slug=W, year=YEAR),
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
        _kw(),
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
        _kw(),
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
        _kw(),
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
        _kw(pk=CONCERN),
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
        _kw(pk=CONCERN),
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
        _kw(pk=CONCERN),
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
    "triggers:concern_close": (
        "post",
        _kw(pk=CONCERN),
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
        _kw(pk=CONCERN),
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
        _kw(pk=CONCERN, file_pk=lambda w: w["concern_file"].pk),
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
        _kw(slug=W),
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
        _kw(slug=W, pk=CONCERN),
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
        _kw(),
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
    "admin:*": ("get", _kw(), STAFF_ONLY),
}


@pytest.fixture
def world(wirral, open_period, wirral_lead, planning_group_member) -> dict[str, Any]:
    return build_world(wirral, open_period, wirral_lead, planning_group_member)


def _cases() -> list[Any]:
    return [
        pytest.param(name, persona, id=f"{name}-{persona}")
        for name in MATRIX
        for persona in PERSONAS
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "persona"), _cases())
def test_role_url_matrix(
    name: str, persona: str, world: dict[str, Any], request: pytest.FixtureRequest, client_for
) -> None:
    method, kwargs, expected = MATRIX[name]
    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    client = client_for(user)
    url = reverse("admin:index") if name == "admin:*" else reverse(name, kwargs=kwargs(world))
    with committed():
        response = getattr(client, method)(url)
    assert response.status_code == expected[persona], f"{persona} {method.upper()} {url}"
    if (
        response.status_code == 302
        and persona == "anonymous"
        and expected[persona] == SIGN_IN
        and name != "admin:*"
    ):
        assert response["Location"].startswith(reverse("accounts:login"))


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
