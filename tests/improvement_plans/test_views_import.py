"""The import page: the layout explained and offered as a download, the Sefton plan imported
with a banner counting what came in, a bad file's problems by row and column with nothing
saved, and a second copy of the same file pointed at the earlier plan."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import User
from improvement_plans.models import Plan
from improvement_plans.validation import COLUMNS
from tests.improvement_plans.conftest import HEADER

pytestmark = pytest.mark.django_db
IMPORT = "/plans/import/"


def upload(content: bytes, name: str = "plan.csv") -> dict[str, object]:
    return {"file": SimpleUploadedFile(name, content), "plan_title": "", "period_covered": ""}


def test_the_page_explains_the_columns_and_offers_the_layout(sefton_lead: User, client_for) -> None:
    assert reverse("improvement_plans:import") == IMPORT
    page = client_for(sefton_lead).get(IMPORT).content.decode()
    for column in COLUMNS:
        assert f">{column}</dt>" in page
    assert reverse("improvement_plans:import_example", kwargs={"fmt": "xlsx"}) in page
    layout = client_for(None).get(
        reverse("improvement_plans:import_example", kwargs={"fmt": "csv"})
    )
    assert layout.content.decode("utf-8-sig").startswith(",".join(COLUMNS))


def test_the_layout_download_imports_as_a_plan(sefton_lead: User, client_for) -> None:
    client = client_for(sefton_lead)
    layout = client.get(reverse("improvement_plans:import_example", kwargs={"fmt": "xlsx"}))
    response = client.post(IMPORT, upload(layout.content, "layout.xlsx"))
    assert response.status_code == 302


def test_import_the_sefton_plan(sefton_lead: User, sefton_csv: bytes, client_for) -> None:
    client = client_for(sefton_lead)
    response = client.post(IMPORT, upload(sefton_csv, "sefton.csv"), follow=True)
    plan = Plan.objects.get()
    assert response.redirect_chain[-1][0] == reverse(
        "improvement_plans:plan", kwargs={"pk": plan.pk}
    )
    html = response.content.decode()
    assert "govuk-notification-banner--success" in html
    assert "19 improvement areas and 53 actions" in html
    assert plan.council.slug == "sefton"
    assert plan.status == "draft"


def test_a_second_copy_of_the_same_file_points_to_the_earlier_plan(
    sefton_lead: User, sefton_csv: bytes, client_for
) -> None:
    client = client_for(sefton_lead)
    client.post(IMPORT, upload(sefton_csv))
    response = client.post(IMPORT, upload(sefton_csv), follow=True)
    plan = Plan.objects.get()
    assert response.redirect_chain[-1][0] == reverse(
        "improvement_plans:plan", kwargs={"pk": plan.pk}
    )
    assert "You already imported this same file" in response.content.decode()


def test_a_bad_file_lists_each_problem_by_row_and_column_and_saves_nothing(
    sefton_lead: User, client_for
) -> None:
    content = (
        HEADER
        + "Safeguarding Adults,Improvement Area 1 – Practice,1,Audit files,Audits done,June 2025\n"
        + ",,one,Train staff,,\n"
        + ",,3,=SUM(A1),,\n"
    ).encode()
    response = client_for(sefton_lead).post(IMPORT, upload(content))
    assert response.status_code == 400
    html = response.content.decode()
    assert "There are problems in your file" in html
    assert "Nothing from this file was saved" in html
    assert "Row 3, column C (Action)" in html
    assert "is not an action number" in html
    assert "Row 4, column D (How achieved)" in html
    assert "The cell contains a formula" in html
    assert not Plan.objects.exists()


def test_a_file_of_the_wrong_type_is_refused_on_the_form(sefton_lead: User, client_for) -> None:
    response = client_for(sefton_lead).post(IMPORT, upload(b"%PDF-1.4", "plan.pdf"))
    assert response.status_code == 400
    assert "The selected file must be a CSV or Excel (.xlsx) file" in response.content.decode()
    assert not Plan.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("planning_group_member", 403), ("board_member", 403), ("regional_admin", 403)],
)
def test_only_council_users_import(
    persona: str, status: int, request: pytest.FixtureRequest, sefton_csv: bytes, client_for
) -> None:
    client = client_for(request.getfixturevalue(persona))
    assert client.post(IMPORT, upload(sefton_csv)).status_code == status
    assert not Plan.objects.exists()
