"""Risks and support appear in the Account in counts only: councils at each final view of the
annual risk assessment and each recommended Table 1 tier, concerns by Table 2 quadrant,
engagements by tier, days and events in totals; no council is named in those sections. Local
Account assessments are counts unless the Board has decided to name them."""

import datetime
import re
from typing import Any

import pytest
from django.utils import timezone

from authorities.models import Council
from reports.assembly import account_assemble, scope_resolve
from reports.models import LocalAccountNaming
from reports.services import TEMPLATE
from scorecard.models import LocalAccount
from sli_portal.pdf import render_pdf_html
from support.models import Engagement, EngagementStatus, Offer, Origin, Table1Tier
from support.table1 import table1_load
from tests.reports.regional_data import regional_data_fill
from triggers.models import Concern, RiskAssessment, RiskView, SupportTier, Trigger
from triggers.table2 import table2_load

pytestmark = pytest.mark.django_db


def html_for(year: int = 2023) -> str:
    data = account_assemble(scope=scope_resolve(year=year))
    return render_pdf_html(
        TEMPLATE,
        {"account": data, "version_number": 1, "generated_at": timezone.now()},
        title=data.title,
    )


def section(html: str, anchor: str) -> str:
    match = re.search(rf'<section class="ra-section" id="{anchor}">(.*?)</section>', html, re.S)
    assert match, anchor
    return match.group(1)


def test_risk_and_support_are_counts_naming_no_council(
    planning_group_member: Any, risk_assessor: Any, wirral: Any, sefton: Any
) -> None:
    regional_data_fill(by=planning_group_member, councils=[wirral, sefton])
    table2_load()
    table1_load()
    trigger = Trigger.objects.order_by("pk").first()
    for council, view, tier in [
        (wirral, RiskView.HIGH, SupportTier.TARGETED),
        (sefton, RiskView.LOW, ""),
    ]:
        RiskAssessment.objects.create(
            council=council,
            year=2023,
            assessor=risk_assessor,
            discussed_on=datetime.date(2024, 2, 1),
            final_view=view,
            recommended_tier=tier,
        )
        Concern.objects.create(
            council=council,
            trigger=trigger,
            title=f"Concern about {council.name}",
            raised_on=datetime.date(2023, 11, 1),
            raised_by=risk_assessor,
        )
        Engagement.objects.create(
            council=council,
            offer=Offer.objects.order_by("pk").first(),
            tier=Table1Tier.objects.get(key=SupportTier.TARGETED),
            origin=Origin.PLANNING_GROUP,
            topic=f"Peer review for {council.name}",
            starts_on=datetime.date(2023, 10, 1),
            status=EngagementStatus.AGREED,
            created_by=planning_group_member,
        )
    html = html_for()
    risk, support = section(html, "risk"), section(html, "support")
    assert '<tr><th scope="row">High risk</th><td>1</td></tr>' in risk
    assert '<tr><th scope="row">Low risk</th><td>1</td></tr>' in risk
    assert f'<tr><th scope="row">{trigger.quadrant.name}</th><td>2</td><td>2</td></tr>' in risk
    assert "<td>2</td><td>2</td></tr>" in support
    names = list(Council.objects.values_list("name", flat=True))
    for name in names:
        assert name not in risk
        assert name not in support


def test_local_account_assessments_are_counts_until_the_board_decides(
    planning_group_member: Any, regional_admin: Any, wirral: Any, sefton: Any
) -> None:
    # The second council given has a Local Account recorded (see regional_data_fill).
    regional_data_fill(by=planning_group_member, councils=[sefton, wirral])
    LocalAccount.objects.filter(council=wirral).update(
        assessment=LocalAccount.Assessment.TOO_AMBITIOUS
    )
    html = html_for()
    councils = section(html, "councils")
    assert "Too ambitious" not in councils
    assert "Local Account 2023/24" in councils
    summary = section(html, "summary")
    assert re.search(r'<th scope="row">Too ambitious</th><td>[1-9]', summary)
    assert "the Board has not decided to name them" in summary
    LocalAccountNaming.objects.create(
        name_councils=True,
        decision="NWTEB minute 7, to name Local Account assessments",
        decided_on=datetime.date(2024, 5, 1),
        recorded_by=regional_admin,
    )
    html = html_for()
    assert "Local Account 2023/24: Too ambitious" in section(html, "councils")
    assert "NWTEB minute 7" in section(html, "summary")
