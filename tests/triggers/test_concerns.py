"""Concerns: each workflow step with its history and refusals, the checks on attached files,
and confidentiality on every URL (a council's users never see another council's concerns, nor
their own before they are shared; board members see the summary only; anonymous visitors see
nothing; every view is logged), with fixed query counts on the list pages."""

import datetime
import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccessLog, User
from authorities.models import Council
from triggers.models import (
    Concern,
    ConcernEvent,
    ConcernFile,
    ConcernStatus,
    Severity,
    Trigger,
    Visibility,
)
from triggers.services.concerns import (
    ConcernRefused,
    check_concern_file,
    concern_attach,
    concern_close,
    concern_confirm,
    concern_raise,
    concern_respond,
    concern_share,
)
from triggers.table2 import table2_load

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    """The personas' passwords are hashed with a fast hasher: these tests are not about it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64
SECRET = "Demonstration: two senior managers resigned citing budget pressure (LGA lead)."


@pytest.fixture
def table2(db: None) -> None:
    table2_load()


def trigger(name_starts: str) -> Trigger:
    return Trigger.objects.get(name__startswith=name_starts)


def raise_one(
    council: Council,
    by: User,
    *,
    title: str = "Turnover of senior staff",
    severity: str = Severity.MEDIUM,
    visibility: str = Visibility.PLANNING_GROUP,
) -> Concern:
    return concern_raise(
        council=council,
        trigger=trigger("Recruitment / retention"),
        title=title,
        evidence=SECRET,
        links=["https://www.example.gov.uk/committee/report"],
        source="HR Leads Group",
        raised_on=timezone.localdate(),
        severity=severity,
        visibility=visibility,
        raised_by=by,
    )


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT) / "concerns"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


# --- The workflow -----------------------------------------------------------------------------


def test_each_step_is_recorded_with_who_when_and_why(
    table2, wirral, planning_group_member, wirral_director
) -> None:
    concern = raise_one(wirral, planning_group_member)
    concern_share(concern=concern, shared_by=planning_group_member, note="Can we discuss?")
    concern_respond(
        concern=concern,
        response="A new head of service starts in May.",
        responded_by=wirral_director,
    )
    concern_confirm(
        concern=concern,
        by=planning_group_member,
        reason="Still short of staff.",
        board_summary=True,
    )
    concern_close(concern=concern, by=planning_group_member, reason="Resolved after support.")

    concern.refresh_from_db()
    assert concern.status == ConcernStatus.CLOSED
    assert concern.visibility == Visibility.BOARD_SUMMARY
    steps = [(e.action, e.actor, e.text) for e in concern.events.all()]
    assert steps == [
        ("raised", planning_group_member, "Raised under '" + concern.trigger.name + "'."),
        ("shared", planning_group_member, "Can we discuss?"),
        ("responded", wirral_director, "A new head of service starts in May."),
        (
            "confirmed",
            planning_group_member,
            "Still short of staff.\n\nIncluded in the board's summary.",
        ),
        ("closed", planning_group_member, "Resolved after support."),
    ]
    assert all(e.at for e in concern.events.all())
    assert concern.history.count() == 5
    assert concern.history.first().history_user == planning_group_member


def test_sharing_makes_the_concern_visible_to_the_council(
    table2, wirral, planning_group_member
) -> None:
    concern = raise_one(wirral, planning_group_member)

    concern_share(concern=concern, shared_by=planning_group_member, note="Please discuss.")

    concern.refresh_from_db()
    assert concern.status == ConcernStatus.SHARED
    assert concern.visibility == Visibility.SHARED


def test_sharing_keeps_a_board_summary_concern_in_the_summary(
    table2, wirral, planning_group_member
) -> None:
    concern = raise_one(wirral, planning_group_member, visibility=Visibility.BOARD_SUMMARY)

    concern_share(concern=concern, shared_by=planning_group_member, note="Please discuss.")

    concern.refresh_from_db()
    assert concern.visibility == Visibility.BOARD_SUMMARY


def test_a_council_cannot_respond_before_the_concern_is_shared(
    table2, wirral, planning_group_member, wirral_lead
) -> None:
    concern = raise_one(wirral, planning_group_member)

    with pytest.raises(ConcernRefused, match="has not been shared with the council"):
        concern_respond(concern=concern, response="Not true.", responded_by=wirral_lead)
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.RAISED
    assert concern.events.count() == 1


def test_another_councils_user_cannot_respond(
    table2, wirral, planning_group_member, sefton_lead
) -> None:
    concern = raise_one(wirral, planning_group_member)
    concern_share(concern=concern, shared_by=planning_group_member, note="Please discuss.")

    with pytest.raises(ConcernRefused, match="Only Wirral's own director or performance lead"):
        concern_respond(concern=concern, response="Not ours.", responded_by=sefton_lead)


def test_a_concern_cannot_be_closed_without_a_reason(table2, wirral, planning_group_member) -> None:
    concern = raise_one(wirral, planning_group_member)

    with pytest.raises(ConcernRefused, match="Enter the reason for closing the concern"):
        concern_close(concern=concern, by=planning_group_member, reason="   ")
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.RAISED


def test_a_concern_is_confirmed_only_after_discussing_it_with_the_council(
    table2, wirral, planning_group_member
) -> None:
    concern = raise_one(wirral, planning_group_member)

    with pytest.raises(ConcernRefused, match="Share the concern with the council"):
        concern_confirm(concern=concern, by=planning_group_member, reason="Sure of it.")
    with pytest.raises(ConcernRefused, match="Enter the reason for confirming"):
        concern_confirm(concern=concern, by=planning_group_member, reason="")


def test_a_closed_concern_cannot_be_closed_or_answered_again(
    table2, wirral, planning_group_member, wirral_lead
) -> None:
    concern = raise_one(wirral, planning_group_member)
    concern_share(concern=concern, shared_by=planning_group_member, note="Please discuss.")
    concern_close(concern=concern, by=planning_group_member, reason="Unfounded.")

    with pytest.raises(ConcernRefused, match="already closed"):
        concern_close(concern=concern, by=planning_group_member, reason="Again.")
    with pytest.raises(ConcernRefused, match="can no longer be responded to"):
        concern_respond(concern=concern, response="Late reply.", responded_by=wirral_lead)


def test_only_reviewers_raise_concerns(table2, wirral, wirral_director, board_member) -> None:
    for person in (wirral_director, board_member):
        with pytest.raises(ConcernRefused, match="Only the SLI Planning Group"):
            raise_one(wirral, person)
    assert not Concern.objects.exists()


def test_a_concern_needs_a_council_active_on_the_day(table2, planning_group_member) -> None:
    cumbria = Council.objects.get(slug="cumbria")

    with pytest.raises(ConcernRefused, match="did not hold adult social care responsibility"):
        raise_one(cumbria, planning_group_member)


def test_a_concern_is_raised_for_the_planning_group_or_the_board_not_shared(
    table2, wirral, planning_group_member
) -> None:
    with pytest.raises(ConcernRefused, match="then share it with the council"):
        raise_one(wirral, planning_group_member, visibility=Visibility.SHARED)


# --- Files ------------------------------------------------------------------------------------


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _xlsx() -> bytes:
    from openpyxl import Workbook

    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("letter.pdf", PDF),
        ("notes.docx", _docx()),
        ("figures.xlsx", _xlsx()),
        ("chart.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20),
        ("photo.JPG", b"\xff\xd8\xff\xe0" + b"\x00" * 20),
        ("notes.txt", "Caf\u00e9 notes\r\n".encode()),
        ("data.csv", b"council,value\nWirral,12\n"),
    ],
)
def test_allowed_files_pass_the_checks(name: str, content: bytes) -> None:
    assert check_concern_file(name=name, size=len(content), content=content) is None


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("payload.pdf", EXE, "The selected file is not a real PDF"),
        ("payload.exe", EXE, "The selected file must be a PDF, Word document"),
        ("notes.docx", PDF, "The selected file is not a real Word document"),
        ("book.xlsx", _docx(), "The selected file is not a real Excel spreadsheet"),
        ("notes.txt", b"text\x00with a NUL", "The selected file is not a real text file"),
        ("empty.pdf", b"", "The selected file is empty"),
    ],
)
def test_files_whose_type_or_content_is_wrong_are_refused(
    name: str, content: bytes, message: str
) -> None:
    assert (check_concern_file(name=name, size=len(content), content=content) or "").startswith(
        message
    )


def test_an_attached_file_is_stored_outside_the_web_root_by_a_random_name(
    table2, wirral, planning_group_member
) -> None:
    concern = raise_one(wirral, planning_group_member)

    attached = concern_attach(
        concern=concern, file=upload("Board letter.pdf", PDF), uploaded_by=planning_group_member
    )

    assert attached.original_name == "Board letter.pdf"
    assert attached.file.name.startswith(f"concerns/{concern.pk}/")
    assert "Board letter" not in attached.file.name
    path = Path(attached.file.path)
    assert path.read_bytes() == PDF
    assert Path(settings.MEDIA_ROOT) in path.parents
    assert Path(settings.STATIC_ROOT) not in path.parents
    assert concern.events.last().text == "Attached Board letter.pdf"


def test_an_exe_renamed_pdf_is_refused_and_nothing_is_saved(
    table2, wirral, planning_group_member
) -> None:
    concern = raise_one(wirral, planning_group_member)

    with pytest.raises(ConcernRefused, match="not a real PDF"):
        concern_attach(
            concern=concern, file=upload("minutes.pdf", EXE), uploaded_by=planning_group_member
        )
    assert not ConcernFile.objects.exists()
    assert not stored_files()
    assert concern.events.count() == 1


def test_a_file_of_10_mb_or_more_is_refused_and_nothing_is_saved(
    table2, wirral, planning_group_member
) -> None:
    concern = raise_one(wirral, planning_group_member)
    big = PDF + b"0" * (10 * 1024 * 1024)

    with pytest.raises(ConcernRefused, match="must be smaller than 10 MB"):
        concern_attach(
            concern=concern, file=upload("big.pdf", big), uploaded_by=planning_group_member
        )
    assert not ConcernFile.objects.exists()
    assert not stored_files()


def test_the_attach_page_shows_the_refusal_in_an_error_summary(
    table2, wirral, planning_group_member, client_for
) -> None:
    concern = raise_one(wirral, planning_group_member)

    response = client_for(planning_group_member).post(
        reverse("triggers:concern_attach", args=[concern.pk]),
        {"attach-file": upload("minutes.pdf", EXE)},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "The selected file is not a real PDF" in page
    assert not ConcernFile.objects.exists()


def test_a_download_is_for_reviewers_only_and_logged(
    table2, wirral, planning_group_member, wirral_director, client_for
) -> None:
    concern = raise_one(wirral, planning_group_member)
    attached = concern_attach(
        concern=concern, file=upload("letter.pdf", PDF), uploaded_by=planning_group_member
    )
    url = reverse("triggers:concern_file", args=[concern.pk, attached.pk])

    response = client_for(planning_group_member).get(url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert 'attachment; filename="letter.pdf"' in response["Content-Disposition"]
    assert AccessLog.objects.filter(
        user=planning_group_member,
        action="downloaded",
        record_type="triggers.ConcernFile",
        record_id=str(attached.pk),
        council=wirral,
    ).exists()
    assert client_for(wirral_director).get(url).status_code == 403


# --- Pages and confidentiality ----------------------------------------------------------------


@pytest.fixture
def world(table2, wirral, sefton, planning_group_member) -> dict[str, Any]:
    raised = raise_one(wirral, planning_group_member, title="Wirral raised only")
    shared = raise_one(wirral, planning_group_member, title="Wirral shared")
    concern_share(concern=shared, shared_by=planning_group_member, note="Wirral: please discuss.")
    other = raise_one(sefton, planning_group_member, title="Sefton shared")
    concern_share(concern=other, shared_by=planning_group_member, note="Sefton: please discuss.")
    board = raise_one(
        wirral, planning_group_member, title="Wirral for the board", severity=Severity.HIGH
    )
    concern_share(concern=board, shared_by=planning_group_member, note="Discuss, please.")
    concern_confirm(concern=board, by=planning_group_member, reason="Confirmed", board_summary=True)
    closed_unshared = raise_one(wirral, planning_group_member, title="Wirral closed unshared")
    concern_close(concern=closed_unshared, by=planning_group_member, reason="Unfounded")
    attached = concern_attach(
        concern=raised, file=upload("letter.pdf", PDF), uploaded_by=planning_group_member
    )
    return {
        "raised": raised,
        "shared": shared,
        "other": other,
        "board": board,
        "closed_unshared": closed_unshared,
        "file": attached,
    }


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
REVIEWERS = ("planning_group_member", "risk_assessor", "regional_admin")
SIGN_IN = 302


def _expect(reviewers: int, **others: int) -> dict[str, int]:
    expected = dict.fromkeys(PERSONAS, 403)
    expected["anonymous"] = SIGN_IN
    expected.update(dict.fromkeys(REVIEWERS, reviewers))
    expected.update(others)
    return expected


W = "wirral"
WIRRAL_SHARED = {"wirral_lead": 200, "wirral_director": 200, "sefton_lead": 404}

# url name -> (method, kwargs from the world, expected status by persona). The integrator can
# merge this into tests/access/test_matrix.py.
TRIGGERS_MATRIX: dict[
    str, tuple[str, Callable[[dict[str, Any]], dict[str, Any]], dict[str, int]]
] = {
    "triggers:concerns": ("get", lambda w: {}, _expect(200)),
    "triggers:concern_raise": ("get", lambda w: {}, _expect(200)),
    "triggers:concern": ("get", lambda w: {"pk": w["raised"].pk}, _expect(200)),
    "triggers:concern_share": ("post", lambda w: {"pk": w["raised"].pk}, _expect(400)),
    "triggers:concern_confirm": ("post", lambda w: {"pk": w["shared"].pk}, _expect(400)),
    "triggers:concern_close": ("post", lambda w: {"pk": w["raised"].pk}, _expect(400)),
    "triggers:concern_attach": ("post", lambda w: {"pk": w["raised"].pk}, _expect(400)),
    "triggers:concern_reopen": ("post", lambda w: {"pk": w["raised"].pk}, _expect(400)),
    # Correcting: the person who raised it (a Planning Group member here) or the Planning Group.
    "triggers:concern_edit": (
        "get",
        lambda w: {"pk": w["raised"].pk},
        _expect(200, risk_assessor=403),
    ),
    "triggers:concern_file": (
        "get",
        lambda w: {"pk": w["raised"].pk, "file_pk": w["file"].pk},
        _expect(200),
    ),
    "triggers:council_concerns": ("get", lambda w: {"slug": W}, _expect(200, **WIRRAL_SHARED)),
    "triggers:concern_respond": (
        "get",
        lambda w: {"slug": W, "pk": w["shared"].pk},
        _expect(200, **WIRRAL_SHARED),
    ),
    "triggers:board_summary": ("get", lambda w: {}, _expect(200, board_member=200)),
}


@pytest.mark.parametrize(("name", "persona"), [(n, p) for n in TRIGGERS_MATRIX for p in PERSONAS])
def test_role_url_matrix(name, persona, world, request, client_for) -> None:
    method, kwargs, expected = TRIGGERS_MATRIX[name]
    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    url = reverse(name, kwargs=kwargs(world))

    response = getattr(client_for(user), method)(url)

    assert response.status_code == expected[persona], f"{persona} {method.upper()} {url}"
    if persona == "anonymous":
        assert response["Location"].startswith(reverse("accounts:login"))


def test_every_concern_url_is_in_the_matrix() -> None:
    from django.urls import get_resolver

    from tests.access.test_matrix import _names  # the resolver walk of the access matrix

    names = {n for n in _names(get_resolver().url_patterns) if n.startswith("triggers:concern")}
    names |= {"triggers:council_concerns", "triggers:board_summary"}
    assert names <= set(TRIGGERS_MATRIX)


@pytest.mark.parametrize(
    "name",
    [
        "triggers:concern_share",
        "triggers:concern_confirm",
        "triggers:concern_close",
        "triggers:concern_attach",
    ],
)
def test_posts_only_views_refuse_get(name, world, planning_group_member, client_for) -> None:
    url = reverse(name, args=[world["shared"].pk])

    assert client_for(planning_group_member).get(url).status_code == 405


def test_a_council_sees_only_its_own_concerns_once_shared(world, wirral_lead, client_for) -> None:
    response = client_for(wirral_lead).get(reverse("triggers:council_concerns", args=[W]))

    page = response.content.decode()
    assert "Wirral shared" in page
    assert "Wirral for the board" in page
    assert "Wirral raised only" not in page
    assert "Wirral closed unshared" not in page
    assert "Sefton shared" not in page


@pytest.mark.parametrize(
    ("slug", "concern"),
    [
        (W, "raised"),  # its own, not yet shared
        (W, "closed_unshared"),  # its own, closed without being shared
        (W, "other"),  # Sefton's, addressed through Wirral
        ("sefton", "other"),  # Sefton's
    ],
)
def test_a_council_user_gets_404_for_any_concern_not_shared_with_it(
    world, wirral_lead, client_for, slug, concern
) -> None:
    url = reverse("triggers:concern_respond", args=[slug, world[concern].pk])

    assert client_for(wirral_lead).get(url).status_code == 404
    assert client_for(wirral_lead).post(url, {"response": "x"}).status_code == 404


def test_a_council_never_sees_the_evidence_or_files(world, wirral_director, client_for) -> None:
    url = reverse("triggers:concern_respond", args=[W, world["shared"].pk])

    page = client_for(wirral_director).get(url).content.decode()

    assert "Wirral: please discuss." in page
    assert page.count("</form>") == 2  # the response and sign out, not nested
    assert SECRET not in page
    assert "HR Leads Group" not in page
    assert "letter.pdf" not in page


def test_a_council_responds_to_a_shared_concern(world, wirral_director, client_for) -> None:
    url = reverse("triggers:concern_respond", args=[W, world["shared"].pk])

    missing = client_for(wirral_director).post(url, {"response": ""})
    response = client_for(wirral_director).post(url, {"response": "We have a plan."})

    assert missing.status_code == 400
    assert "Enter the council&#x27;s response" in missing.content.decode()
    assert response.status_code == 302
    concern = Concern.objects.get(pk=world["shared"].pk)
    assert concern.status == ConcernStatus.RESPONDED
    assert concern.events.last().text == "We have a plan."


def test_reviewers_see_a_councils_page_but_cannot_respond_for_it(
    world, planning_group_member, client_for
) -> None:
    url = reverse("triggers:concern_respond", args=[W, world["shared"].pk])

    assert "Send response" not in client_for(planning_group_member).get(url).content.decode()
    assert client_for(planning_group_member).post(url, {"response": "x"}).status_code == 403


def test_board_members_see_the_summary_only(world, board_member, client_for) -> None:
    page = client_for(board_member).get(reverse("triggers:board_summary")).content.decode()

    assert "Wirral" in page
    assert world["board"].trigger.name in page
    assert "High" in page
    assert "Confirmed" in page
    assert "Wirral for the board" not in page  # the title stays with the Planning Group
    assert SECRET not in page
    assert "letter.pdf" not in page
    assert "Wirral shared" not in page


def test_the_planning_groups_page_shows_everything_with_history(
    world, planning_group_member, client_for
) -> None:
    page = (
        client_for(planning_group_member)
        .get(reverse("triggers:concern", args=[world["board"].pk]))
        .content.decode()
    )

    assert SECRET in page
    assert "Discuss, please." in page
    # attach and close (it is confirmed already), and sign out; none nested
    assert page.count("</form>") == 3
    assert "<form  method" not in page
    assert 'id="id_submit"' not in page
    assert "Included in the board&#x27;s summary." in page
    assert "<caption" in page


def test_closing_without_a_reason_shows_an_error_summary(
    world, planning_group_member, client_for
) -> None:
    url = reverse("triggers:concern_close", args=[world["raised"].pk])

    response = client_for(planning_group_member).post(url, {"close-reason": ""})

    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert 'href="#id_close-reason"' in page
    assert "Enter the reason for closing the concern" in page
    assert Concern.objects.get(pk=world["raised"].pk).status == ConcernStatus.RAISED


def test_raising_a_concern_through_the_form(table2, planning_group_member, client_for) -> None:
    today = timezone.localdate()
    data = {
        "council": Council.objects.get(slug="halton").pk,
        "trigger": trigger("Sudden political change").pk,
        "title_text": "Leader and cabinet replaced",
        "evidence": "Demonstration: a change of control in May.",
        "links": "https://www.example.gov.uk/news\n\n",
        "source": "Local knowledge",
        "raised_on_0": today.day,
        "raised_on_1": today.month,
        "raised_on_2": today.year,
        "severity": "low",
        "visibility": "planning_group",
    }

    form_page = client_for(planning_group_member).get(reverse("triggers:concern_raise"))
    response = client_for(planning_group_member).post(reverse("triggers:concern_raise"), data)

    assert '<optgroup label="Other Intelligence">' in form_page.content.decode()
    concern = Concern.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("triggers:concern", args=[concern.pk])
    assert concern.links == ["https://www.example.gov.uk/news"]
    assert concern.raised_by == planning_group_member


def test_a_raise_form_with_mistakes_is_shown_again_with_its_errors(
    table2, planning_group_member, client_for
) -> None:
    response = client_for(planning_group_member).post(
        reverse("triggers:concern_raise"),
        {"links": "www.example.gov.uk", "severity": "low", "visibility": "planning_group"},
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "Select the council the concern is about" in page
    assert "Select the Table 2 trigger the concern falls under" in page
    assert "Enter a short title for the concern" in page
    assert not Concern.objects.exists()


def test_the_list_filters_by_council_status_severity_and_kind(
    world, planning_group_member, client_for
) -> None:
    get = client_for(planning_group_member).get
    url = reverse("triggers:concerns")

    sefton = get(url, {"council": "sefton"}).content.decode()
    high = get(url, {"severity": "high"}).content.decode()
    closed = get(url, {"status": "closed"}).content.decode()
    automatic = get(url, {"kind": "automatic", "quadrant": "resources"}).content.decode()

    assert "Sefton shared" in sefton and "Wirral shared" not in sefton  # noqa: PT018
    assert "Wirral for the board" in high and "Wirral shared" not in high  # noqa: PT018
    assert "Wirral closed unshared" in closed and "Wirral raised only" not in closed  # noqa: PT018
    assert "No concerns match." in automatic


# --- Every view is logged ---------------------------------------------------------------------


def _logged(user: User, concern: Concern, action: str = "viewed") -> bool:
    return AccessLog.objects.filter(
        user=user,
        action=action,
        record_type="triggers.Concern",
        record_id=str(concern.pk),
        council=concern.council,
    ).exists()


def test_every_view_of_a_concern_is_logged(
    world, planning_group_member, wirral_lead, board_member, client_for
) -> None:
    client_for(planning_group_member).get(reverse("triggers:concern", args=[world["raised"].pk]))
    client_for(planning_group_member).get(reverse("triggers:concerns"))
    client_for(wirral_lead).get(reverse("triggers:council_concerns", args=[W]))
    client_for(wirral_lead).get(reverse("triggers:concern_respond", args=[W, world["shared"].pk]))
    client_for(board_member).get(reverse("triggers:board_summary"))

    assert _logged(planning_group_member, world["raised"])
    assert _logged(planning_group_member, world["other"], "listed")
    assert _logged(wirral_lead, world["shared"], "listed")
    assert _logged(wirral_lead, world["shared"])
    assert not _logged(wirral_lead, world["raised"], "listed")
    assert _logged(board_member, world["board"], "listed")
    assert not AccessLog.objects.filter(user=board_member, record_id=str(world["shared"].pk))


# --- Query counts -----------------------------------------------------------------------------


def _many(scale: int, by: User) -> None:
    active = Council.objects.active_on(timezone.localdate()).exclude(slug=W)
    councils = [Council.objects.get(slug=W), *active[: 4 * scale - 1]]
    for i, council in enumerate(councils):
        for j in range(scale):
            concern = raise_one(council, by, title=f"Concern {i}-{j}", severity=Severity.HIGH)
            concern_share(concern=concern, shared_by=by, note="Please discuss.")
            concern_confirm(concern=concern, by=by, reason="Confirmed.", board_summary=True)
            concern_attach(concern=concern, file=upload("a.pdf", PDF), uploaded_by=by)


PAGES = [
    ("triggers:concerns", lambda: {}, "planning_group_member"),
    ("triggers:council_concerns", lambda: {"slug": W}, "wirral_lead"),
    ("triggers:board_summary", lambda: {}, "board_member"),
    (
        "triggers:concern",
        lambda: {"pk": Concern.objects.filter(council__slug=W).first().pk},
        "planning_group_member",
    ),
    (
        "triggers:concern_respond",
        lambda: {"slug": W, "pk": Concern.objects.filter(council__slug=W).first().pk},
        "wirral_lead",
    ),
]


@pytest.mark.parametrize("scale", [1, 4])
@pytest.mark.parametrize(("name", "kwargs", "persona"), PAGES)
def test_pages_use_a_fixed_number_of_queries(
    scale,
    name,
    kwargs,
    persona,
    table2,
    planning_group_member,
    request,
    client_for,
    django_assert_max_num_queries,
) -> None:
    _many(scale, planning_group_member)
    client = client_for(request.getfixturevalue(persona))
    url = reverse(name, kwargs=kwargs())

    with django_assert_max_num_queries(14):
        response = client.get(url)

    assert response.status_code == 200


def test_the_board_summary_loads_no_evidence(table2, wirral, planning_group_member) -> None:
    from triggers.selectors.concerns import board_summary_list

    raise_one(wirral, planning_group_member, visibility=Visibility.BOARD_SUMMARY)

    (concern,) = board_summary_list()
    assert "evidence" in concern.get_deferred_fields()
    assert "title" in concern.get_deferred_fields()


def test_concern_events_are_never_written_without_a_concern_step(table2) -> None:
    assert not ConcernEvent.objects.exists()


def test_a_raised_on_date_cannot_be_in_the_future(table2, wirral, planning_group_member) -> None:
    with pytest.raises(ConcernRefused, match="today or in the past"):
        concern_raise(
            council=wirral,
            trigger=trigger("Sudden political change"),
            title="Tomorrow",
            evidence="Demonstration.",
            links=[],
            source="",
            raised_on=timezone.localdate() + datetime.timedelta(days=1),
            severity="low",
            visibility=Visibility.PLANNING_GROUP,
            raised_by=planning_group_member,
        )


def test_the_demonstration_concerns_load_in_every_state_and_only_once(db) -> None:
    from demo.triggers import triggers_demo_load
    from demo.users import users_ensure

    users_ensure()
    triggers_demo_load()
    first = list(Concern.objects.values_list("council__name", "title", "status", "visibility"))
    events = ConcernEvent.objects.count()

    triggers_demo_load()

    assert sorted(first) == sorted(
        Concern.objects.values_list("council__name", "title", "status", "visibility")
    )
    assert ConcernEvent.objects.count() == events
    assert {status for _, _, status, _ in first} == set(ConcernStatus.values)
    assert any(visibility == Visibility.BOARD_SUMMARY for *_, visibility in first)
    assert all(c.evidence.startswith("Demonstration: ") for c in Concern.objects.all())
