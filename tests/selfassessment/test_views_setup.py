"""The administrator's set-up pages: create a review, change its details, add sections and
standards with their level descriptors, copy, import (problems shown by row and column, a
duplicate recognised, nothing saved on error) and export; everyone else refused."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from selfassessment.models import LevelDescriptor, Section, Standard, ThematicReview
from selfassessment.services import DATA_DIR, self_assessment_start
from tests.selfassessment.helpers import FY

pytestmark = pytest.mark.django_db


def dates(prefix: str, day: datetime.date) -> dict[str, str]:
    return {
        f"{prefix}_0": str(day.day),
        f"{prefix}_1": str(day.month),
        f"{prefix}_2": str(day.year),
    }


def review_data(**extra: str) -> dict[str, str]:
    return {
        "year": str(FY + 1),
        "theme": "Carers",
        "description": "Support for carers",
        **dates("opens_on", datetime.date(FY + 1, 6, 1)),
        **dates("closes_on", datetime.date(FY + 1, 9, 30)),
        "max_level": "3",
        **extra,
    }


@pytest.mark.parametrize("name", ["review_create", "review_import"])
@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("wirral_lead", 403),
        ("planning_group_member", 403),
        ("board_member", 403),
        ("regional_admin", 200),
    ],
)
def test_only_the_administrator_sets_up_reviews(name, persona, status, client_for, request) -> None:
    client = client_for(request.getfixturevalue(persona))

    assert client.get(reverse(f"selfassessment:{name}")).status_code == status


def test_the_administrator_creates_a_review(regional_admin, client_for) -> None:
    response = client_for(regional_admin).post(
        reverse("selfassessment:review_create"), review_data()
    )

    created = ThematicReview.objects.get(title="Carers")
    assert response["Location"] == reverse("selfassessment:review", args=[created.pk])
    assert created.max_level == 3
    assert created.opens_on == datetime.date(FY + 1, 6, 1)


def test_closing_before_opening_is_shown_on_the_closing_date(regional_admin, client_for) -> None:
    data = review_data(**dates("closes_on", datetime.date(FY + 1, 5, 1)))

    response = client_for(regional_admin).post(reverse("selfassessment:review_create"), data)

    assert response.status_code == 400
    text = response.content.decode()
    assert 'href="#id_closes_on_0"' in text
    assert "The closing date must be the same as or after the opening date" in text
    assert not ThematicReview.objects.exists()


def test_a_theme_used_that_year_is_refused_on_the_theme(review, regional_admin, client_for) -> None:
    data = review_data(year=str(review.year), theme=review.title)

    response = client_for(regional_admin).post(reverse("selfassessment:review_create"), data)

    assert response.status_code == 400
    assert 'href="#id_theme"' in response.content.decode()


def test_the_review_page_shows_sections_standards_descriptors_and_prompts(
    review, board_member, client_for
) -> None:
    response = client_for(board_member).get(reverse("selfassessment:review", args=[review.pk]))

    text = response.content.decode()
    standard = review.standards.order_by("pk").first()
    assert response.status_code == 200
    assert standard.title.replace("'", "&#x27;") in text
    assert "Level 1 (minimum)" in text
    assert "Key element" in text
    assert "Add a standard" not in text


def test_the_administrator_changes_the_dates(review, regional_admin, client_for) -> None:
    data = {
        "theme": review.title,
        "description": "",
        **dates("opens_on", review.opens_on),
        **dates("closes_on", review.closes_on + datetime.timedelta(days=14)),
    }

    response = client_for(regional_admin).post(
        reverse("selfassessment:review_edit", args=[review.pk]), data
    )

    assert response.status_code == 302
    review.refresh_from_db()
    assert review.history.count() == 2


def test_sections_and_standards_are_added_with_each_levels_descriptor(
    regional_admin, client_for
) -> None:
    client = client_for(regional_admin)
    client.post(reverse("selfassessment:review_create"), review_data())
    created = ThematicReview.objects.get()

    assert (
        "Add a section first"
        in client.get(reverse("selfassessment:standard_add", args=[created.pk])).content.decode()
    )
    client.post(
        reverse("selfassessment:section_add", args=[created.pk]), {"section_title": "Leadership"}
    )
    section = Section.objects.get(review=created)
    form_page = client.get(reverse("selfassessment:standard_add", args=[created.pk]))
    assert "Level 3 descriptor" in form_page.content.decode()
    assert "Level 4 descriptor" not in form_page.content.decode()
    missing = client.post(
        reverse("selfassessment:standard_add", args=[created.pk]),
        {"section": section.pk, "code": "1.1", "standard_title": "Carers are identified"},
    )
    assert missing.status_code == 400
    assert "Enter the Level 1 descriptor" in missing.content.decode()
    response = client.post(
        reverse("selfassessment:standard_add", args=[created.pk]),
        {
            "section": section.pk,
            "code": "1.1",
            "standard_title": "Carers are identified",
            "is_key_element": "on",
            "level_1": "A register",
            "level_2": "Reviewed yearly",
            "level_3": "Co-produced",
        },
    )
    assert response.status_code == 302
    standard = Standard.objects.get(review=created)
    assert standard.is_key_element
    assert list(standard.levels.values_list("descriptor", flat=True)) == [
        "A register",
        "Reviewed yearly",
        "Co-produced",
    ]

    edit = client.post(
        reverse("selfassessment:standard_edit", args=[created.pk, standard.pk]),
        {
            "code": "1.1",
            "standard_title": "Carers are identified early",
            "level_1": "A register",
            "level_2": "Reviewed yearly",
            "level_3": "Co-produced with carers",
        },
    )
    assert edit.status_code == 302
    standard.refresh_from_db()
    assert not standard.is_key_element
    assert LevelDescriptor.objects.get(standard=standard, level=3).descriptor.endswith("carers")


def test_a_started_review_can_no_longer_be_changed(
    review, wirral, wirral_lead, regional_admin, client_for
) -> None:
    self_assessment_start(review=review, council=wirral, started_by=wirral_lead)
    client = client_for(regional_admin)

    page = client.get(reverse("selfassessment:review", args=[review.pk])).content.decode()
    assert "can no longer be changed" in page
    response = client.post(
        reverse("selfassessment:section_add", args=[review.pk]), {"section_title": "More"}
    )
    assert response.status_code == 400
    assert "Copy it to make a new review" in response.content.decode()


def test_a_review_is_copied_to_the_next_year(review, regional_admin, client_for) -> None:
    data = {
        "year": str(review.year + 1),
        "theme": "",
        **dates("opens_on", datetime.date(review.year + 1, 6, 1)),
        **dates("closes_on", datetime.date(review.year + 1, 9, 1)),
    }

    response = client_for(regional_admin).post(
        reverse("selfassessment:review_copy", args=[review.pk]), data
    )

    copied = ThematicReview.objects.get(year=review.year + 1)
    assert response["Location"] == reverse("selfassessment:review", args=[copied.pk])
    assert copied.copied_from == review
    assert copied.standards.count() == review.standards.count()


def upload(content: bytes, name: str = "carers.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


def import_data(content: bytes, name: str = "carers.csv", **extra: str) -> dict[str, object]:
    return {**review_data(**extra), "file": upload(content, name)}


def test_a_review_is_imported_from_a_file(regional_admin, client_for) -> None:
    content = (DATA_DIR / "icbo.csv").read_bytes()
    client = client_for(regional_admin)

    response = client.post(reverse("selfassessment:review_import"), import_data(content))

    created = ThematicReview.objects.get()
    assert response["Location"] == reverse("selfassessment:review", args=[created.pk])
    assert created.standards.count() == 12

    again = client.post(
        reverse("selfassessment:review_import"), import_data(content, theme="Another")
    )
    assert again.status_code == 400
    text = again.content.decode()
    assert "This file has already been imported" in text
    assert ThematicReview.objects.count() == 1


def test_import_problems_are_listed_by_row_and_column_and_nothing_is_saved(
    regional_admin, client_for
) -> None:
    content = (
        b"Section,Standard code,Standard,Key element,Evidence prompts,Level 1,Level 2,Level 3\r\n"
        b"Leadership,1.1,Carers identified,Perhaps,,a,b,c\r\n"
        b"Leadership,1.1,Duplicate code,No,,a,b,c\r\n"
    )

    response = client_for(regional_admin).post(
        reverse("selfassessment:review_import"), import_data(content)
    )

    assert response.status_code == 400
    text = response.content.decode()
    assert "There is a problem" in text
    assert 'href="#problems"' in text
    assert "Perhaps" in text
    assert '<td class="govuk-table__cell">2</td>' in text
    assert '<td class="govuk-table__cell">3</td>' in text
    assert not ThematicReview.objects.exists()


def test_a_file_that_is_not_a_spreadsheet_is_refused(regional_admin, client_for) -> None:
    response = client_for(regional_admin).post(
        reverse("selfassessment:review_import"), import_data(b"%PDF-1.4", name="carers.pdf")
    )

    assert response.status_code == 400
    assert "Whole file" in response.content.decode()
    assert not ThematicReview.objects.exists()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_review_is_exported(review, regional_admin, fmt, client_for) -> None:
    response = client_for(regional_admin).get(
        reverse("selfassessment:review_export", args=[review.pk, fmt])
    )

    assert response.status_code == 200
    assert f'.{fmt}"' in response["Content-Disposition"]
    if fmt == "csv":
        assert "Standard code" in response.content.decode("utf-8-sig")


def test_an_unknown_export_format_is_404(review, regional_admin, client_for) -> None:
    url = reverse("selfassessment:review_export", args=[review.pk, "pdf"])

    assert client_for(regional_admin).get(url).status_code == 404


def test_council_users_may_not_export(review, wirral_lead, client_for) -> None:
    url = reverse("selfassessment:review_export", args=[review.pk, "csv"])

    assert client_for(wirral_lead).get(url).status_code == 403
