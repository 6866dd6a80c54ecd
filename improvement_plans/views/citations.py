"""What a plan cites, as its page shows it to one viewer: confidential records (concerns, risk
assessments) only to those the access module allows, each with a link where the viewer may
open the cited record; and what a council may choose to cite."""

from dataclasses import dataclass

from django.db.models import Model
from django.urls import reverse

from accounts import access
from accounts.access import AnyUser
from authorities.models import Council
from improvement_plans.models import Citation
from selfassessment.models import Standard, ThematicReview
from sli_portal.financial_years import year_label
from support.models import Engagement
from triggers.models import ConcernStatus, RiskAssessment
from triggers.selectors.concerns import SHARED_VISIBILITIES, shared_with_council


@dataclass(frozen=True)
class CitationRow:
    citation: Citation
    kind: str
    label: str
    href: str
    serves: bool

    @property
    def pk(self) -> int:
        return self.citation.pk


def _concern_shared(citation: Citation) -> bool:
    concern = citation.concern
    return concern is not None and (
        concern.visibility in SHARED_VISIBILITIES and concern.status != ConcernStatus.RAISED
    )


def _row(citation: Citation, user: AnyUser, council: Council) -> CitationRow | None:
    """How ``user`` sees one citation of ``council``'s plan, or None when they may not."""
    reviewer = access.council_ids_for(user, "raise_concern") is None
    own = access.may_act_for(user, "view_shared_concerns", council.pk) and not reviewer
    if citation.concern_id and citation.concern is not None:
        return _concern_row(citation, user, council, reviewer=reviewer, own=own)
    if citation.risk_assessment_id and citation.risk_assessment is not None:
        return _risk_assessment_row(citation, user, council, reviewer=reviewer, own=own)
    if citation.thematic_review_id and citation.thematic_review is not None:
        review = citation.thematic_review
        href = (
            reverse("selfassessment:report", kwargs={"pk": review.pk})
            if access.can_view_regional_report(user, review)
            else ""
        )
        return CitationRow(citation, "Thematic self-assessment", review.title, href, False)
    if citation.standard_id and citation.standard is not None:
        standard = citation.standard
        # A standard is read in its review's regional report, once the viewer may see it.
        href = (
            reverse("selfassessment:report", kwargs={"pk": standard.review_id})
            if access.can_view_regional_report(user, standard.review)
            else ""
        )
        return CitationRow(citation, "Self-assessment standard", str(standard), href, False)
    if citation.engagement_id and citation.engagement is not None:
        return _engagement_row(citation, user, council)
    href = reverse("scorecard:scorecard", kwargs={"slug": council.slug})
    return CitationRow(citation, "Scorecard domain", citation.get_domain_display(), href, False)


def _concern_row(
    citation: Citation, user: AnyUser, council: Council, *, reviewer: bool, own: bool
) -> CitationRow | None:
    concern = citation.concern
    assert concern is not None
    if not access.may_see_plan_citation(
        user, kind="concern", council_id=council.pk, shared_with_council=_concern_shared(citation)
    ):
        return None
    href = (
        reverse("triggers:concern", kwargs={"pk": concern.pk})
        if reviewer
        else reverse("triggers:concern_respond", kwargs={"slug": council.slug, "pk": concern.pk})
        if own
        else ""
    )
    return CitationRow(citation, "Concern", concern.title, href, False)


def _risk_assessment_row(
    citation: Citation, user: AnyUser, council: Council, *, reviewer: bool, own: bool
) -> CitationRow | None:
    assessment = citation.risk_assessment
    assert assessment is not None
    shared = assessment.shared_with_council_at is not None
    if not access.may_see_plan_citation(
        user, kind="risk_assessment", council_id=council.pk, shared_with_council=shared
    ):
        return None
    args = {"slug": council.slug, "year": assessment.year}
    href = (
        reverse("triggers:assessment", kwargs=args)
        if reviewer
        else reverse("triggers:council_assessment", kwargs=args)
        if own
        else ""
    )
    label = f"Annual risk assessment {year_label(assessment.year)}"
    return CitationRow(citation, "Risk assessment", label, href, False)


def _engagement_row(citation: Citation, user: AnyUser, council: Council) -> CitationRow | None:
    engagement = citation.engagement
    assert engagement is not None
    if not access.may_see_plan_citation(user, kind="engagement", council_id=council.pk):
        return None
    label = f"{engagement.topic} ({engagement.get_status_display()})"
    # Providers are prefetched by plan_structure, so this asks the database nothing.
    providers = [provider.council_id for provider in engagement.providers.all()]
    href = (
        reverse("support:engagement", kwargs={"pk": engagement.pk})
        if access.may_see_engagement(user, council_id=engagement.council_id, provider_ids=providers)
        else ""
    )
    return CitationRow(citation, "Support engagement", label, href, True)


def citation_rows(citations: list[Citation], user: AnyUser, council: Council) -> list[CitationRow]:
    """The citations ``user`` may see, in order, each with its link (empty when none)."""
    rows = (_row(citation, user, council) for citation in citations)
    return [row for row in rows if row is not None]


def citable(council: Council) -> dict[str, list[Model]]:
    """What the council may cite: its concerns and risk assessments once shared with it, the
    thematic self-assessments and their standards, and the engagements it receives."""
    return {
        "concerns": list(shared_with_council(council).order_by("-raised_on", "-pk")),
        "assessments": list(
            RiskAssessment.objects.filter(
                council=council, shared_with_council_at__isnull=False
            ).order_by("-year")
        ),
        "reviews": list(ThematicReview.objects.order_by("-year", "title")),
        "standards": list(
            Standard.objects.select_related("review").order_by(
                "-review__year", "review__title", "section__order", "order"
            )
        ),
        "engagements": list(Engagement.objects.filter(council=council).order_by("-pk")),
    }


def cited_record(kind: str, value: str, options: dict[str, list[Model]]) -> dict[str, Model]:
    """The record keyword argument for ``citation_add`` for a chosen option (none for a
    domain): only a record that was offered to the council (so another council's concern can
    never be named by its id)."""
    pools = {
        "concern": "concerns",
        "risk_assessment": "assessments",
        "thematic_review": "reviews",
        "standard": "standards",
        "engagement": "engagements",
    }
    for record in options.get(pools.get(kind, ""), []):
        if str(record.pk) == value:
            return {kind: record}
    return {}
