"""The read-only open data API (version 1): councils, measures, measure values and published
scorecard ratings, as JSON, paginated by limit and offset. Field names are part of the
contract: add fields, never rename or remove them within a version.

A page holds at most MAX_PAGE_SIZE results: a larger (or absurdly large) limit is clamped to it,
so no request reads a whole table at once; the `next` link leads on to the rest."""

from typing import Any, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import access
from authorities.models import Council
from opendata import selectors
from opendata.filters import BadFilter, open_data_query
from opendata.selectors import MeasureValueRecord, OpenDataQuery, RatingRecord
from returns.models import Domain, Measure
from scorecard.models import Rating

M = TypeVar("M", bound=Model)

MAX_PAGE_SIZE = 500


class OpenDataPagination(LimitOffsetPagination):
    """Limit and offset paging with a ceiling: a limit above MAX_PAGE_SIZE is clamped to it
    (never an error, never a whole table), as the OpenAPI description of `limit` says."""

    default_limit = MAX_PAGE_SIZE
    max_limit = MAX_PAGE_SIZE
    limit_query_description = (
        f"Results per page, {MAX_PAGE_SIZE} at most (and when not given): a larger number is "
        f"treated as {MAX_PAGE_SIZE}. Follow `next` for the rest."
    )


class PortalUser(BaseAuthentication):
    """The reader as the portal's middleware identified them (signed in or anonymous), never a
    challenge. No CSRF check is needed: these views only answer GET and HEAD, so a request with
    any other method is refused before anything is read or written."""

    def authenticate(self, request: Request) -> tuple[Any, None]:
        return (getattr(request._request, "user", None) or AnonymousUser(), None)


class CanReadOpenData(BasePermission):
    def has_permission(self, request: Request, view: APIView) -> bool:
        return bool(access.can_read_open_data(request.user))


class OpenDataView(ListAPIView[M]):
    """A paginated list of open data; GET (and HEAD) only, any other method is a 405."""

    authentication_classes = [PortalUser]
    permission_classes = [CanReadOpenData]
    http_method_names = ["get", "head", "options"]
    pagination_class = OpenDataPagination
    filters: tuple[str, ...] = ()

    def open_data_query(self) -> OpenDataQuery:
        try:
            return open_data_query(self.request.query_params, allowed=self.filters)
        except BadFilter as bad:
            raise ValidationError({bad.field: [bad.message]}) from bad


YEAR = OpenApiParameter(
    "year",
    OpenApiTypes.STR,
    description=(
        "The financial year, as the year it starts: 2023 for 2023/24 (2023-24 and 2023/24 "
        "are accepted too)."
    ),
)
MEASURE = OpenApiParameter(
    "measure",
    OpenApiTypes.STR,
    description="A measure code, like 1A or ASC1, in any letter case (see the measures list).",
)
COUNCIL = OpenApiParameter(
    "council",
    OpenApiTypes.STR,
    description="A council's ONS code, like E08000015, or the name in its page address, wirral.",
)
BAD_FILTER = {400: OpenApiTypes.OBJECT}


class CouncilSerializer(serializers.ModelSerializer[Council]):
    authority_type_label = serializers.CharField(source="get_authority_type_display")
    sub_region = serializers.CharField(source="sub_region.name")

    class Meta:
        model = Council
        fields = [
            "ons_code",
            "name",
            "slug",
            "authority_type",
            "authority_type_label",
            "sub_region",
            "cassr_code",
            "start_date",
            "end_date",
        ]


class MeasureSerializer(serializers.ModelSerializer[Measure]):
    tier_label = serializers.CharField(source="get_tier_display")
    unit_label = serializers.SerializerMethodField()
    polarity_label = serializers.CharField(source="get_polarity_display")
    # Who publishes the measure, in words for the public (the catalogue's file and repository
    # references stay in the admin).
    source = serializers.CharField(source="publisher")  # type: ignore[assignment]  # DRF's metaclass takes declared fields off the class
    data_collection = serializers.CharField()

    class Meta:
        model = Measure
        fields = [
            "id",
            "code",
            "framework_version",
            "name",
            "definition",
            "numerator_denominator",
            "data_collection",
            "tier",
            "tier_label",
            "scorecard_domain",
            "unit",
            "unit_label",
            "polarity",
            "polarity_label",
            "region_polarity",
            "region_polarity_reason",
            "decimal_places",
            "in_return",
            "retired",
            "first_year",
            "last_year",
            "predecessor",
            "source",
        ]

    def get_unit_label(self, measure: Measure) -> str:
        return measure.unit_label or measure.get_unit_display()


class MeasureValueSerializer(serializers.Serializer[MeasureValueRecord]):
    council_name = serializers.CharField()
    council_ons_code = serializers.CharField()
    measure_id = serializers.IntegerField()
    measure_code = serializers.CharField()
    measure_name = serializers.CharField()
    framework_version = serializers.CharField()
    year = serializers.IntegerField(help_text="The year the financial year starts.")
    year_label = serializers.CharField(help_text="The financial year, like 2023/24.")
    quarter = serializers.IntegerField(
        allow_null=True, help_text="1 to 4 for a quarterly figure; null for an annual one."
    )
    period_label = serializers.CharField(help_text="2023/24 Q4, or 2023/24 for a year.")
    value = serializers.FloatField(
        source="rounded_value",
        help_text="Rounded half-up to the measure's decimal places, as the pages show it.",
    )
    unit = serializers.CharField()
    source = serializers.ChoiceField(choices=list(selectors.SOURCES.items()))  # type: ignore[assignment]  # DRF's metaclass takes declared fields off the class
    source_label = serializers.CharField()


class RatingSerializer(serializers.Serializer[RatingRecord]):
    council_name = serializers.CharField()
    council_ons_code = serializers.CharField()
    year = serializers.IntegerField(help_text="The year the financial year starts.")
    year_label = serializers.CharField()
    quarter = serializers.IntegerField()
    period_label = serializers.CharField()
    domain = serializers.ChoiceField(choices=[(d, d) for d in Domain.values])
    domain_name = serializers.CharField()
    rating = serializers.ChoiceField(choices=[(r, r) for r in Rating.values])
    rating_label = serializers.CharField()
    public_commentary = serializers.CharField()
    published_at = serializers.DateTimeField()


@extend_schema(summary="Councils", description="Every council of the portal.")
class CouncilList(OpenDataView[Council]):
    serializer_class = CouncilSerializer

    def get_queryset(self) -> QuerySet[Council]:
        return selectors.open_data_councils()


@extend_schema(
    summary="Measures",
    description="The measure catalogue. A code is unique only with its framework version.",
)
class MeasureList(OpenDataView[Measure]):
    serializer_class = MeasureSerializer

    def get_queryset(self) -> QuerySet[Measure]:
        return selectors.open_data_measures()


@extend_schema(
    summary="Measure values",
    description=(
        "Councils' accepted quarterly figures, where the public council and measure pages "
        "show them, and their figures in the published national datasets (annual)."
    ),
    parameters=[YEAR, MEASURE, COUNCIL],
    responses={200: MeasureValueSerializer(many=True), **BAD_FILTER},
)
class MeasureValueList(OpenDataView[Any]):  # serializes records, not one model's instances
    serializer_class = MeasureValueSerializer
    filters = ("year", "measure", "council")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        rows = self.paginate_queryset(selectors.measure_value_rows(self.open_data_query()))
        records: list[MeasureValueRecord] = [selectors.measure_value_record(r) for r in rows or []]
        return self.get_paginated_response(self.get_serializer(records, many=True).data)


@extend_schema(
    summary="Scorecard ratings",
    description=(
        "The Planning Group's published ratings of each council in the six domains of the "
        "balanced scorecard, with their public commentary. Drafts are never included."
    ),
    parameters=[YEAR, COUNCIL],
    responses={200: RatingSerializer(many=True), **BAD_FILTER},
)
class RatingList(OpenDataView[Any]):  # serializes records, not one model's instances
    serializer_class = RatingSerializer
    filters = ("year", "council")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        rows = self.paginate_queryset(selectors.published_rating_rows(self.open_data_query()))
        records: list[RatingRecord] = [selectors.rating_record(r) for r in rows or []]
        return self.get_paginated_response(self.get_serializer(records, many=True).data)
