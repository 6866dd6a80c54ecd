"""Reads for open data: exactly what an anonymous visitor may see on the public scorecard
pages, as rows for downloads and the API.

Open data is read as an anonymous visitor reads the public pages, whoever asks: the Planning
Group's drafts and internal commentary are never read, and ranks are left out because the
public pages show no league table (``access.can_see_ranks``). Each function is one query
whatever the number of councils, measures and quarters."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast

from authorities.models import Council
from returns.models import (
    WHOLE_YEAR,
    Domain,
    GeographyLevel,
    Measure,
    PublishedValue,
    Return,
    ReturnTier,
    Unit,
)
from scorecard.models import CouncilPosition, Judgement, MeasureBenchmark, Rating
from scorecard.selectors import council_list
from scorecard.selectors.demonstration import DEMONSTRATION_INVENTED_SOURCE, DEMONSTRATION_SOURCE
from sli_portal.figures import round_half_up, rounded_float
from sli_portal.financial_years import quarter_label, year_label

ACCEPTED_RETURN = "accepted_return"
DEMONSTRATION = "demonstration"
DEMONSTRATION_INVENTED = "demonstration_invented"
PUBLISHED_NATIONAL_FIGURE = "published_national_figure"
SOURCES: dict[str, str] = {
    ACCEPTED_RETURN: "Accepted quarterly return",
    DEMONSTRATION: DEMONSTRATION_SOURCE,
    DEMONSTRATION_INVENTED: DEMONSTRATION_INVENTED_SOURCE,
    PUBLISHED_NATIONAL_FIGURE: "Published national figure",
}
DATASETS: dict[str, str] = {
    "ascof_trend": "NHS England, Adult Social Care Outcomes Framework (ASCOF)",
    "oflog_asc": "Office for Local Government (Oflog), adult social care metrics",
    "dtoc_reason": "NHS England, delayed transfers of care by reason for delay",
    "dtoc_organisation": "NHS England, delayed transfers of care by responsible organisation",
    "falls_65": "Public Health England (now OHID), emergency hospital admissions due to falls, 65+",
    "ascfr_unit_costs": "NHS Digital, Adult Social Care Finance Return (ASC-FR) unit costs",
}


@dataclass(frozen=True)
class OpenDataQuery:
    """A validated filter: the financial year (as the year it starts), a measure code and a
    council; each may be absent."""

    year: int | None = None
    measure_code: str = ""
    council: Council | None = None


@dataclass(frozen=True)
class RatingRecord:
    """One published scorecard rating: the published rating and public commentary only."""

    council_name: str
    council_ons_code: str
    year: int
    quarter: int
    domain: str
    rating: str
    public_commentary: str
    published_at: Any

    @property
    def year_label(self) -> str:
        return year_label(self.year)

    @property
    def period_label(self) -> str:
        return quarter_label(self.year, self.quarter)

    @property
    def domain_name(self) -> str:
        return str(Domain(self.domain).label)

    @property
    def rating_label(self) -> str:
        return str(Rating(self.rating).label) if self.rating else "Not published"


@dataclass(frozen=True)
class MeasureValueRecord:
    """One council's figure for one measure: a quarter's accepted return as the public council
    and measure pages show it, or a financial year's published national figure."""

    council_name: str
    council_ons_code: str
    measure_id: int
    measure_code: str
    measure_name: str
    framework_version: str
    year: int
    quarter: int | None
    value: float
    decimal_places: int
    unit: str
    source: str
    dataset: str

    @property
    def year_label(self) -> str:
        return year_label(self.year)

    @property
    def period_label(self) -> str:
        if self.quarter is None:
            return year_label(self.year)
        return quarter_label(self.year, self.quarter)

    @property
    def rounded(self) -> Decimal | None:
        """The figure rounded half-up to the measure's decimal places, as pages show it."""
        return round_half_up(self.value, self.decimal_places)

    @property
    def rounded_value(self) -> float | None:
        return rounded_float(self.value, self.decimal_places)

    @property
    def source_label(self) -> str:
        label = SOURCES[self.source]
        if self.dataset:
            return f"{label}: {DATASETS.get(self.dataset, self.dataset)}"
        return label


def open_data_councils() -> QuerySet[Council]:
    """Every council of the portal, as the public council list shows them."""
    return council_list()


def open_data_measures() -> QuerySet[Measure]:
    """The measure catalogue: every measure has a public page."""
    return Measure.objects.order_by("display_order", "code", "framework_version")


def published_rating_rows(query: OpenDataQuery) -> QuerySet[Judgement, Any]:
    """Published judgements as rows of :class:`RatingRecord` fields, by council, quarter and
    domain. Reads only the published rating and public commentary of judgements with a
    publication date: a draft, a redrafted rating and internal commentary are never selected."""
    rows = Judgement.objects.filter(published_at__isnull=False)
    if query.year is not None:
        rows = rows.filter(period__year=query.year)
    if query.council is not None:
        rows = rows.filter(council=query.council)
    return rows.values(
        council_name=F("council__name"),
        council_ons_code=F("council__ons_code"),
        year=F("period__year"),
        quarter=F("period__quarter"),
        domain_code=F("domain"),
        rating_code=F("published_rating"),
        public_commentary=F("published_commentary"),
        published=F("published_at"),
    ).order_by("council__name", "period__year", "period__quarter", "domain")


def rating_record(row: dict[str, Any]) -> RatingRecord:
    return RatingRecord(
        council_name=row["council_name"],
        council_ons_code=row["council_ons_code"],
        year=row["year"],
        quarter=row["quarter"],
        domain=row["domain_code"],
        rating=row["rating_code"],
        public_commentary=row["public_commentary"],
        published_at=row["published"],
    )


_VALUE_COLUMNS = [
    "council_name",
    "council_ons_code",
    "measure_pk",
    "measure_code",
    "measure_name",
    "framework",
    "year_start",
    "quarter_number",
    "figure",
    "places",
    "unit_code",
    "unit_text",
    "source_code",
    "dataset_code",
]


def _quarterly_values(query: OpenDataQuery) -> QuerySet[CouncilPosition, dict[str, Any]]:
    """Councils' accepted quarterly figures where the public pages show them: a quarter and
    measure with North West comparators (the council and measure pages list no other)."""
    shown = MeasureBenchmark.objects.filter(
        measure=OuterRef("measure"), period=OuterRef("period"), nw_count__gt=0
    )
    demonstration = Return.objects.filter(
        council=OuterRef("council"), period=OuterRef("period"), is_demonstration=True
    )
    rows = CouncilPosition.objects.filter(Exists(shown), value__isnull=False)
    if query.year is not None:
        rows = rows.filter(period__year=query.year)
    if query.measure_code:
        rows = rows.filter(measure__code__iexact=query.measure_code)
    if query.council is not None:
        rows = rows.filter(council=query.council)
    values: QuerySet[CouncilPosition, dict[str, Any]] = rows.annotate(
        council_name=F("council__name"),
        council_ons_code=F("council__ons_code"),
        measure_pk=F("measure_id"),
        measure_code=F("measure__code"),
        measure_name=F("measure__name"),
        framework=F("measure__framework_version"),
        year_start=Cast(F("period__year"), IntegerField()),
        quarter_number=Cast(F("period__quarter"), IntegerField()),
        figure=F("value"),
        places=Cast(F("measure__decimal_places"), IntegerField()),
        unit_code=F("measure__unit"),
        unit_text=F("measure__unit_label"),
        source_code=Case(
            When(
                Exists(demonstration) & ~Q(measure__tier=ReturnTier.ASCOF),
                then=Value(DEMONSTRATION_INVENTED),
            ),
            When(Exists(demonstration), then=Value(DEMONSTRATION)),
            default=Value(ACCEPTED_RETURN),
            output_field=CharField(),
        ),
        dataset_code=Value("", output_field=CharField()),
    ).values(*_VALUE_COLUMNS)
    return values


def _published_values(query: OpenDataQuery) -> QuerySet[PublishedValue, dict[str, Any]]:
    """The portal's councils' figures in the published national datasets (NHS England ASCOF,
    Oflog): public statistics; a missing or suppressed figure is left out."""
    councils = Council.objects.filter(ons_code=OuterRef("geography"))
    rows = PublishedValue.objects.filter(
        level=GeographyLevel.COUNCIL,
        month=WHOLE_YEAR,
        value__isnull=False,
        geography__in=Council.objects.values("ons_code"),
    )
    if query.year is not None:
        rows = rows.filter(year=query.year)
    if query.measure_code:
        rows = rows.filter(measure__code__iexact=query.measure_code)
    if query.council is not None:
        rows = rows.filter(geography=query.council.ons_code)
    values: QuerySet[PublishedValue, dict[str, Any]] = rows.annotate(
        council_name=Subquery(councils.values("name")[:1], output_field=CharField()),
        council_ons_code=F("geography"),
        measure_pk=F("measure_id"),
        measure_code=F("measure__code"),
        measure_name=F("measure__name"),
        framework=F("measure__framework_version"),
        year_start=Cast(F("year"), IntegerField()),
        quarter_number=Value(None, output_field=IntegerField()),
        figure=F("value"),
        places=Cast(F("measure__decimal_places"), IntegerField()),
        unit_code=F("measure__unit"),
        unit_text=F("measure__unit_label"),
        source_code=Value(PUBLISHED_NATIONAL_FIGURE, output_field=CharField()),
        dataset_code=F("dataset"),
    ).values(*_VALUE_COLUMNS)
    return values


VALUE_ORDER = (
    "council_name",
    "measure_code",
    "framework",
    "year_start",
    "quarter_number",
    "source_code",
)


def measure_value_rows(query: OpenDataQuery) -> QuerySet[Any, dict[str, Any]]:
    """Accepted quarterly figures and published national figures in one ordered queryset, so a
    page of the API and a whole download are each one query (and a count)."""
    # Each part without its model's default ordering: SQLite allows no ORDER BY inside a UNION.
    both = _quarterly_values(query).order_by().union(_published_values(query).order_by(), all=True)
    return both.order_by(*VALUE_ORDER)


def measure_value_record(row: dict[str, Any]) -> MeasureValueRecord:
    return MeasureValueRecord(
        council_name=row["council_name"],
        council_ons_code=row["council_ons_code"],
        measure_id=row["measure_pk"],
        measure_code=row["measure_code"],
        measure_name=row["measure_name"],
        framework_version=row["framework"],
        year=row["year_start"],
        quarter=row["quarter_number"],
        value=row["figure"],
        decimal_places=row["places"],
        unit=row["unit_text"] or str(Unit(row["unit_code"]).label),
        source=row["source_code"],
        dataset=row["dataset_code"],
    )
