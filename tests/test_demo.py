"""`make run`'s demonstration data: real published figures in, every state shown, and safe to
load twice."""

import io

import pytest
from django.core.management import call_command

from accounts.models import Membership, User
from demo.build import demo_load
from demo.returns import quarter_figures
from demo.users import DEMO_USERS
from returns.models import Measure, Return, ReturnUpload, ReturnVersion
from tests.factories import periods

pytestmark = pytest.mark.django_db


def test_loading_twice_changes_nothing():
    demo_load(with_national_data=False)
    counts = (
        User.objects.count(),
        Membership.objects.count(),
        Return.objects.count(),
        ReturnUpload.objects.count(),
        ReturnVersion.objects.count(),
    )
    demo_load(with_national_data=False)
    assert (
        User.objects.count(),
        Membership.objects.count(),
        Return.objects.count(),
        ReturnUpload.objects.count(),
        ReturnVersion.objects.count(),
    ) == counts
    assert User.objects.count() == len(DEMO_USERS)
    assert Return.objects.filter(is_demonstration=True).count() == Return.objects.count() > 0


def test_the_command_prints_every_demo_user():
    out = io.StringIO()
    call_command("setup_demo", "--skip-national-data", stdout=out)
    text = out.getvalue()
    for email, *_ in DEMO_USERS:
        assert email in text
    assert "password for all" in text


def test_the_demo_e_mails_are_recorded_but_not_printed_before_the_sign_in_details(settings, capsys):
    from notifications.models import Notification

    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    out = io.StringIO()
    call_command("setup_demo", "--skip-national-data", stdout=out)
    assert "Content-Type: multipart/alternative" not in capsys.readouterr().out
    sent = Notification.objects.filter(sent_at__isnull=False).count()
    assert sent > 0
    assert "Demonstration e-mails sent (kept, not printed): " in out.getvalue()


def test_quarters_move_from_last_years_figure_to_this_years():
    from authorities.models import Council

    measures = [m for m in Measure.objects.in_return() if m.code == "2C"]
    wirral = Council.objects.get(slug="wirral")
    figures = {
        (measures[0].pk, wirral.ons_code, 2022): 500.0,
        (measures[0].pk, wirral.ons_code, 2023): 600.0,
    }
    quarters = periods(2023, 4)
    values = [float(quarter_figures(figures, measures, wirral, q)[0][1]) for q in quarters]
    assert values == [525.0, 550.0, 575.0, 600.0]


def test_quarters_after_the_last_published_year_continue_its_trend_at_half_the_slope():
    from authorities.models import Council

    measure = next(m for m in Measure.objects.in_return() if m.code == "2C")
    wirral = Council.objects.get(slug="wirral")
    figures = {
        (measure.pk, wirral.ons_code, 2022): 500.0,
        (measure.pk, wirral.ons_code, 2023): 600.0,
    }
    values = [float(quarter_figures(figures, [measure], wirral, q)[0][1]) for q in periods(2024, 4)]
    # 100 a year published; after 2023/24, 50 a year: 12.5 a quarter.
    assert values == [612.5, 625.0, 637.5, 650.0]
    alone = {(measure.pk, wirral.ons_code, 2023): 600.0}
    assert float(quarter_figures(alone, [measure], wirral, periods(2025, 1)[0])[0][1]) == 600.0


def test_a_continued_trend_stays_within_the_measures_accepted_range():
    from authorities.models import Council

    measure = next(m for m in Measure.objects.in_return() if m.max_value is not None)
    wirral = Council.objects.get(slug="wirral")
    top = float(measure.max_value)
    figures = {
        (measure.pk, wirral.ons_code, 2022): top - 20,
        (measure.pk, wirral.ons_code, 2023): top - 1,
    }
    (value,) = [v for _, v in quarter_figures(figures, [measure], wirral, periods(2026, 4)[-1])]
    assert float(value) == top


def test_every_table_of_invented_content_says_so():
    import json

    from demo.tables import DATA_DIR

    files = sorted(DATA_DIR.glob("*.json"))
    assert files
    readme = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    for path in files:
        table = json.loads(path.read_text(encoding="utf-8"))
        assert "invented demonstration" in table["about"].lower(), path.name
        assert table["rows"], path.name
        assert f"`{path.name}`" in readme, path.name
