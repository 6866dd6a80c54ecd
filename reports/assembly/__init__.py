"""Everything the Regional Account shows, read in a fixed number of queries whatever the number
of councils (DOMAIN.md 8: the combined balanced scorecard, self-assessment and Local Accounts).

Only what is published is read: a judgement's published rating and public commentary (never its
draft or internal commentary), a narrative's published text, a Local Account's assessment and
public link (never the Planning Group's notes). From the triggers app (concerns, risk
assessments) only counts are read (reports.sections.risk_in_aggregate). Comparators are the stored ones (scorecard.comparators); nothing is
recomputed here.

``manifest`` records which data the Account was built from: the accepted return versions, when
the comparators were computed, when each judgement, narrative and Local Account was last
published or changed. Two Accounts with the same manifest show the same data.
"""

import datetime
from dataclasses import replace
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Max

from authorities.models import ComparatorGroupMember, Council
from reports.assembly.content import (
    AccountRows,
    CouncilSection,
    DomainRating,
    KeyMeasure,
    LocalAccountStatus,
    Published,
    RatingChange,
    RegionalAccountData,
    RegionalSummary,
    TeascRow,
    council_section_build,
    manifest_digest,
    summary_build,
)
from reports.assembly.messages import (
    DomainPosition,
    KeyMessageView,
    domain_positions,
    key_message_drafts,
    key_messages_build,
)
from reports.assembly.scope import (
    AUTHOR,
    NoAccountData,
    Scope,
    format_figure,
    scope_resolve,
    years_with_data,
)
from reports.assembly.sources import DataSource, data_sources
from reports.models import KeyMessage, LocalAccountNaming
from returns.models import (
    GeographyLevel,
    Measure,
    Polarity,
    PublishedValue,
    Return,
    ReturnStatus,
    ReturnTier,
)
from scorecard.models import (
    CouncilPosition,
    Judgement,
    LocalAccount,
    MeasureBenchmark,
    Narrative,
    PublishedPosition,
    TeascComparator,
    TeascSummary,
)
from scorecard.selectors import TeascFigures, neighbour_positions, overview_get, rating_tag

__all__ = [
    "AUTHOR",
    "CouncilSection",
    "DataSource",
    "DomainPosition",
    "DomainRating",
    "KeyMessageView",
    "KeyMeasure",
    "LocalAccountStatus",
    "NoAccountData",
    "RatingChange",
    "RegionalAccountData",
    "RegionalSummary",
    "Scope",
    "TeascRow",
    "account_assemble",
    "data_sources",
    "format_figure",
    "manifest_digest",
    "scope_resolve",
    "years_with_data",
]


def _iso(moment: datetime.datetime | datetime.date | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def account_assemble(*, scope: Scope) -> RegionalAccountData:
    """Read everything the Account shows for ``scope``, as at the end of its quarter (never
    today's date: the same data gives the same Account). A fixed number of queries whatever the
    number of councils and measures (see reports.sections for the other apps' sections)."""
    from reports.sections import extra_sections

    last = scope.last_year
    # The matrix comes from the public overview, read as an anonymous visitor: only what the
    # public sees (published ratings) can reach it.
    matrix = overview_get(period=scope.period, fetched_by=AnonymousUser())
    councils = [row.council for row in matrix.rows]
    rows = _rows(scope, [c.pk for c in councils])
    scales = {m.pk: rows.scale(m) for m in rows.measures}
    sections = [council_section_build(council, scope, rows, scales) for council in councils]
    last_year_matrix = {
        (council_id, domain): tag
        for (council_id, period_id, domain), (rating, _c, _a) in rows.judgements.items()
        if last is not None and period_id == last.pk
        for tag in [rating_tag(rating)]
        if tag is not None
    }
    manifest = _manifest(scope, councils, rows)
    extras = extra_sections(year=scope.year, period=scope.period, councils=len(councils))
    manifest["sections"] = {extra.anchor: extra.manifest for extra in extras}
    summary = summary_build(scope, councils, rows, sections)
    summary = replace(
        summary,
        domain_positions=domain_positions(
            scope,
            [c.pk for c in councils],
            rows.judgements,
            has_previous_year=summary.has_previous_year,
        ),
    )
    sections_by_anchor = {extra.anchor: extra for extra in extras}
    messages = key_messages_build(
        key_message_drafts(scope, summary, sections_by_anchor),
        {m.topic: m for m in KeyMessage.objects.filter(year=scope.year)},
    )
    manifest["key_messages"] = {m.topic: _iso(m.edited_at) if m.edited else None for m in messages}
    return RegionalAccountData(
        scope=scope,
        title=scope.title,
        key_messages=messages,
        summary=summary,
        matrix=matrix,
        last_year_matrix=last_year_matrix,
        councils=sections,
        sources=data_sources(),
        manifest=manifest,
        sections=sections_by_anchor,
    )


def _rows(scope: Scope, council_ids: list[int]) -> AccountRows:
    """Every published row the Account is built from, and the Board's decision on naming Local
    Account assessments. The key measures are the return's ASCOF measures with a scorecard
    domain and a declared better direction. Twelve queries."""
    period, last = scope.period, scope.last_year
    period_ids = [period.pk] + ([last.pk] if last else [])
    judgements = _judgements(period_ids, council_ids)
    local_accounts, narratives, returns, reopened = _council_records(scope, council_ids, period_ids)
    measures = list(
        Measure.objects.in_return()
        .filter(tier=ReturnTier.ASCOF)
        .exclude(scorecard_domain="")
        .filter(polarity__in=[Polarity.HIGHER, Polarity.LOWER])
        .order_by("display_order", "code")
    )
    neighbours = neighbour_positions(council_ids=council_ids, year=period.year, measures=measures)
    return AccountRows(
        judgements=judgements,
        teasc={
            (s.council_id, s.period_id): TeascFigures.of(s)
            for s in TeascSummary.objects.filter(
                period_id__in=period_ids,
                council_id__in=council_ids,
                comparator=TeascComparator.NW_MEDIAN,
            )
            .order_by()
            .only("council_id", "period_id", "items", "better", "improving", "better_and_improving")
        },
        measures=measures,
        benchmarks={
            b.measure_id: b
            for b in MeasureBenchmark.objects.filter(period=period, measure__in=measures).order_by()
        },
        positions={
            (p.council_id, p.measure_id): p
            for p in CouncilPosition.objects.filter(
                period=period, council_id__in=council_ids, measure__in=measures
            )
            .order_by()
            .defer("trend")
        },
        neighbours=neighbours,
        neighbour_names=_neighbour_names(neighbours),
        local_accounts=local_accounts,
        narratives=narratives,
        returns=returns,
        reopened_returns=reopened,
        local_account_naming=LocalAccountNaming.objects.order_by("-decided_on", "-pk").first(),
    )


def _judgements(period_ids: list[int], council_ids: list[int]) -> Published:
    """Published judgements: (rating, commentary, when) by (council, quarter, domain). One
    query."""
    judgements: Published = {}
    for council_id, period_id, domain, rating, commentary, published_at in (
        Judgement.objects.filter(
            period_id__in=period_ids, council_id__in=council_ids, published_at__isnull=False
        )
        .order_by()
        .values_list(
            "council_id",
            "period_id",
            "domain",
            "published_rating",
            "published_commentary",
            "published_at",
        )
    ):
        judgements[(council_id, period_id, domain)] = (rating, commentary, published_at)
    return judgements


def _neighbour_names(neighbours: dict[tuple[int, int], PublishedPosition]) -> dict[int, list[str]]:
    """The councils in each published list of nearest neighbours used, by list, by name: the
    list's own name for a council where it gives one, else the name the published national
    figures give the council's code (the lists name councils outside the region by code
    only; where they changed, the latest). Two queries."""
    names: dict[int, list[str]] = {}
    group_ids = {p.peer_group_id for p in neighbours.values() if p.peer_group_id}
    members = list(
        ComparatorGroupMember.objects.filter(group_id__in=group_ids, is_self=False)
        .order_by("group_id", "source_order")
        .values_list("group_id", "neighbour_name", "neighbour_code")
    )
    unnamed = {code for _group, name, code in members if not name}
    published = (
        dict(
            PublishedValue.objects.filter(level=GeographyLevel.COUNCIL, geography__in=unnamed)
            .exclude(geography_name="")
            .order_by("geography", "year")
            .values_list("geography", "geography_name")
            .distinct()
        )
        if unnamed
        else {}
    )
    for group_id, name, code in members:
        names.setdefault(group_id, []).append(name or published.get(code, code))
    return names


def _council_records(
    scope: Scope, council_ids: list[int], period_ids: list[int]
) -> tuple[
    dict[int, LocalAccount],
    dict[int, tuple[str, datetime.datetime | None]],
    list[tuple[int, int, int]],
    int,
]:
    """Each council's Local Account for the year, published narrative (text, when) for the
    quarter, accepted returns as (council, quarter, version) and how many of the quarter's
    returns are reopened. Three queries."""
    local_accounts = {
        la.council_id: la
        for la in LocalAccount.objects.filter(council_id__in=council_ids, year=scope.year)
        .order_by()
        .only("council_id", "year", "url", "published_on", "assessment", "updated_at")
    }
    narratives = {
        council_id: (text, published_at)
        for council_id, text, published_at in Narrative.objects.filter(
            council_id__in=council_ids, period=scope.period, published_at__isnull=False
        )
        .order_by()
        .values_list("council_id", "published_text", "published_at")
    }
    # A reopened return is not accepted: it is counted apart, never among the accepted.
    statuses = list(
        Return.objects.filter(
            period_id__in=period_ids,
            council_id__in=council_ids,
            status__in=[ReturnStatus.ACCEPTED, ReturnStatus.REOPENED],
        )
        .order_by()
        .values_list("council_id", "period_id", "accepted_version_id", "status")
    )
    returns = [(c, p, v) for c, p, v, status in statuses if status == ReturnStatus.ACCEPTED]
    reopened = sum(
        1
        for _c, p, _v, status in statuses
        if status == ReturnStatus.REOPENED and p == scope.period.pk
    )
    return local_accounts, narratives, returns, reopened


def _manifest(scope: Scope, councils: list[Council], rows: AccountRows) -> dict[str, Any]:
    """Which data the Account was built from (see the module's docstring). One query: when the
    comparators were computed."""
    period, last = scope.period, scope.last_year
    period_slugs = {period.pk: period.slug, **({last.pk: last.slug} if last else {})}
    computed = dict(
        MeasureBenchmark.objects.filter(period_id__in=list(period_slugs))
        .order_by()
        .values("period_id")
        .annotate(at=Max("computed_at"))
        .values_list("period_id", "at")
    )
    slugs = {c.pk: c.ons_code for c in councils}
    naming = rows.local_account_naming
    return {
        "local_account_naming": naming.pk if naming else None,
        "year": scope.year,
        "up_to": scope.up_to.slug if scope.up_to else None,
        "as_at": period.slug,
        "compared_with": last.slug if last else None,
        "councils": sorted(slugs.values()),
        "accepted_return_versions": {
            f"{slugs[c]}/{period_slugs[p]}": v for c, p, v in sorted(rows.returns, key=str)
        },
        "comparators_computed_at": {period_slugs[p]: _iso(at) for p, at in computed.items()},
        "judgements_published_at": {
            f"{slugs[c]}/{period_slugs[p]}/{d}": _iso(at)
            for (c, p, d), (_r, _t, at) in rows.judgements.items()
        },
        "narratives_published_at": {slugs[c]: _iso(at) for c, (_t, at) in rows.narratives.items()},
        "local_accounts_changed_at": {
            slugs[c]: _iso(la.updated_at) for c, la in rows.local_accounts.items()
        },
        "published_comparator_years": sorted({p.year for p in rows.neighbours.values()}),
    }
