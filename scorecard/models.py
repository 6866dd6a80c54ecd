"""The balanced scorecard: comparators computed once per period and read by every page
(ARCHITECTURE: Comparators), the Planning Group's six-domain judgements, councils' narratives
and Local Accounts."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from authorities.models import ComparatorGroup as PeerGroup
from authorities.models import Council
from returns.models import Domain, Measure, Period
from sli_portal.financial_years import quarter_label, year_label, year_slug

# A median, quartile, band or rank is never shown over fewer councils' figures than this.
MIN_GROUP_SIZE = 8
# A direction of travel compares a quarter's figure with the earliest of the four quarters up
# to it that has a figure (scorecard.comparators.quarterly).
TREND_PERIODS = 4


class Direction(models.TextChoices):
    IMPROVING = "improving", "Improving"
    STABLE = "stable", "Stable"
    WORSENING = "worsening", "Worsening"
    RISING = "rising", "Rising (no declared better direction)"
    FALLING = "falling", "Falling (no declared better direction)"
    UNKNOWN = "unknown", "Not enough data"


class Band(models.TextChoices):
    """Distance from a comparator group's median in MADs, phrased by polarity: under 0.5 broadly
    similar; 0.5-1.5 slightly; 1.5-3 better/worse; 3-7.5 much better/worse; beyond 7.5 is left
    for a person to describe. Never banded without a declared polarity or in a group of
    fewer than 8 values."""

    MUCH_BETTER = "much_better", "Much better"
    BETTER = "better", "Better"
    SLIGHTLY_BETTER = "slightly_better", "Slightly better"
    SIMILAR = "similar", "Broadly similar"
    SLIGHTLY_WORSE = "slightly_worse", "Slightly worse"
    WORSE = "worse", "Worse"
    MUCH_WORSE = "much_worse", "Much worse"
    BEYOND = "beyond", "Far from the median: for a person to describe"
    NOT_BANDED = "not_banded", "Not banded: no declared better direction"
    TOO_SMALL = "too_small", "Group too small to compare (fewer than 8)"
    NO_VALUE = "no_value", "No figure"


class ComparatorGroup(models.TextChoices):
    REGION = "region", "North West"
    SAME_TYPE = "same_type", "Councils of the same type"
    ENGLAND = "england", "England"
    CIPFA = "cipfa", "CIPFA nearest neighbours"
    NHSE = "nhse", "NHS England near-neighbour peer group"


class MeasureBenchmark(models.Model):
    """North West and England comparators for one measure in one quarter."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="benchmarks")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="benchmarks")
    nw_count = models.PositiveSmallIntegerField(default=0)
    nw_mean = models.FloatField(null=True)
    nw_median = models.FloatField(null=True)
    nw_lower_quartile = models.FloatField(null=True)
    nw_upper_quartile = models.FloatField(null=True)
    nw_mad = models.FloatField(
        null=True, help_text="Median absolute deviation from the NW median (unscaled)."
    )
    england_value = models.FloatField(null=True)
    england_year = models.PositiveSmallIntegerField(null=True)
    region_value = models.FloatField(
        null=True, help_text="The published North West figure (NHS England ASCOF)."
    )
    region_year = models.PositiveSmallIntegerField(null=True)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["measure", "period"], name="one_benchmark_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.measure.code} {self.period}"

    @property
    def england_year_label(self) -> str:
        if self.england_year is None:
            return ""
        return year_label(self.england_year)

    @property
    def region_year_label(self) -> str:
        if self.region_year is None:
            return ""
        return year_label(self.region_year)

    @property
    def too_few(self) -> bool:
        """Fewer councils have a figure than a median, quartile, band or rank may be over."""
        return self.nw_count < MIN_GROUP_SIZE


class CouncilPosition(models.Model):
    """Where one council's accepted figure stands among NW councils in one quarter."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="positions")
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="positions")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="positions")
    value = models.FloatField(null=True)
    rank = models.PositiveSmallIntegerField(null=True, help_text="1 = best, by polarity.")
    ranked_of = models.PositiveSmallIntegerField(null=True)
    value_quartile = models.PositiveSmallIntegerField(
        null=True, help_text="1 = lowest quarter of NW values, 4 = highest."
    )
    direction = models.CharField(
        max_length=20, choices=Direction.choices, default=Direction.UNKNOWN
    )
    change = models.FloatField(null=True, help_text="Change over the last four quarters.")
    nw_mads = models.FloatField(null=True, help_text="Distance from the NW median in MADs.")
    band = models.CharField(max_length=20, choices=Band.choices, default=Band.NOT_BANDED)
    same_type_count = models.PositiveSmallIntegerField(default=0)
    same_type_median = models.FloatField(null=True)
    same_type_mads = models.FloatField(null=True)
    same_type_band = models.CharField(max_length=20, choices=Band.choices, default=Band.NOT_BANDED)
    trend = models.JSONField(default=list, help_text="[[period label, value or null], ...]")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["council", "measure", "period"], name="one_position_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.council} {self.measure.code} {self.period}"


class PublishedBenchmark(models.Model):
    """Comparators over the published annual figures of all English councils for one measure,
    year and group (England; councils of a type; one council's CIPFA or NHS England group)."""

    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="published_benchmarks"
    )
    year = models.PositiveSmallIntegerField()
    group = models.CharField(max_length=20, choices=ComparatorGroup.choices)
    group_key = models.CharField(
        max_length=30,
        blank=True,
        help_text="Council type, or the council whose peer group this is.",
    )
    count = models.PositiveSmallIntegerField(default=0)
    suppressed = models.PositiveSmallIntegerField(
        default=0, help_text="Members whose figure is missing or suppressed, left out."
    )
    mean = models.FloatField(null=True)
    median = models.FloatField(null=True)
    lower_quartile = models.FloatField(null=True)
    upper_quartile = models.FloatField(null=True)
    mad = models.FloatField(null=True)
    too_small = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "year", "group", "group_key"], name="one_published_benchmark"
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure.code} {self.year} {self.group} {self.group_key}"


class PublishedPosition(models.Model):
    """Where a NW council's published annual figure stands within one comparator group."""

    council = models.ForeignKey(
        Council, on_delete=models.CASCADE, related_name="published_positions"
    )
    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="published_positions"
    )
    year = models.PositiveSmallIntegerField()
    group = models.CharField(max_length=20, choices=ComparatorGroup.choices)
    value = models.FloatField(null=True)
    median = models.FloatField(null=True)
    count = models.PositiveSmallIntegerField(default=0)
    mads = models.FloatField(null=True)
    band = models.CharField(max_length=20, choices=Band.choices, default=Band.NOT_BANDED)
    peer_group = models.ForeignKey(
        PeerGroup,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The published CIPFA or NHS England list the group is, for those groups.",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["council", "measure", "year", "group"], name="one_published_position"
            )
        ]

    def __str__(self) -> str:
        return f"{self.council} {self.measure.code} {self.year} {self.group}"


class TeascComparator(models.TextChoices):
    """What a TEASC summary counts an item better than; the North West median by default."""

    NW_MEDIAN = "nw_median", "North West median of councils’ returns"
    NW_PUBLISHED = "nw_published", "Published North West figure"
    ENGLAND = "england", "Published England figure"
    SAME_TYPE = "same_type", "Median of councils of the same type"


class TeascSummary(models.Model):
    """For a council, quarter and comparator: how many submitted items are better than the
    comparator, how many are improving, and the share both better and improving ("exceptional
    and sustained on at least 75% of submitted items"). Items are those with a declared
    polarity and a comparator to be measured against (a median over at least 8 councils, or a
    published figure)."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="teasc_summaries")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="teasc_summaries")
    comparator = models.CharField(
        max_length=20, choices=TeascComparator.choices, default=TeascComparator.NW_MEDIAN
    )
    items = models.PositiveSmallIntegerField(
        default=0, help_text="Submitted items with a declared polarity and a comparator."
    )
    better = models.PositiveSmallIntegerField(default=0)
    improving = models.PositiveSmallIntegerField(default=0)
    better_and_improving = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["council", "period", "comparator"], name="one_teasc_summary_per_comparator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.council} {self.period}"

    @property
    def share_better_and_improving(self) -> float | None:
        return self.better_and_improving / self.items if self.items else None

    @property
    def improving_since_label(self) -> str:
        """The quarter "improving" is measured from: the first of the four quarters a
        direction of travel spans, three quarters before this one."""
        index = self.period.index - TREND_PERIODS + 1
        return quarter_label(index // 4, index % 4 + 1)


class QualityStatement(models.Model):
    """A quality statement of CQC's local authority assessment framework (4 themes, 9
    statements), so evidence can be read the way CQC will."""

    class Theme(models.TextChoices):
        WORKING_WITH_PEOPLE = "working_with_people", "Working with people"
        PROVIDING_SUPPORT = "providing_support", "Providing support"
        SAFETY = "safety", "How the local authority ensures safety within the system"
        LEADERSHIP = "leadership", "Leadership"

    theme = models.CharField(max_length=30, choices=Theme.choices)
    number = models.PositiveSmallIntegerField(unique=True)
    name = models.CharField(max_length=120)
    domains = models.JSONField(
        default=list, blank=True, help_text="Scorecard domains it speaks to."
    )

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return self.name


class Rating(models.TextChoices):
    GREEN = "green", "Green"
    AMBER = "amber", "Amber"
    RED = "red", "Red"
    NOT_ASSESSED = "not_assessed", "Not assessed"


class Judgement(models.Model):
    """The Planning Group's judgement of one council in one risk domain for one quarter: a
    rating and commentary on the evidence. Drafted, then published: the public sees only the
    published rating and public commentary; internal commentary is for the Planning Group."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="judgements")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="judgements")
    domain = models.CharField(max_length=20, choices=Domain.choices)
    rating = models.CharField(max_length=20, choices=Rating.choices, default=Rating.NOT_ASSESSED)
    commentary = models.TextField("Public commentary", blank=True)
    internal_commentary = models.TextField("Internal commentary (Planning Group only)", blank=True)
    quality_statements = models.ManyToManyField(
        QualityStatement, blank=True, related_name="judgements"
    )
    published_rating = models.CharField(max_length=20, choices=Rating.choices, blank=True)
    published_commentary = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[quality_statements])

    class Meta:
        ordering = ["council__name", "period", "domain"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "period", "domain"], name="one_judgement_per_domain"
            )
        ]

    def __str__(self) -> str:
        return f"{self.council} {self.period} {self.get_domain_display()}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def has_unpublished_changes(self) -> bool:
        return self.changed_since_publication(
            published=self.is_published,
            rating=self.rating,
            commentary=self.commentary,
            published_rating=self.published_rating,
            published_commentary=self.published_commentary,
        )

    @staticmethod
    def changed_since_publication(
        *,
        published: bool,
        rating: str,
        commentary: str,
        published_rating: str,
        published_commentary: str,
    ) -> bool:
        """Never published, or the draft differs from what was published. One rule, for model
        instances and for pages that read plain rows."""
        return not published or rating != published_rating or commentary != published_commentary


class Narrative(models.Model):
    """A council's scorecard narrative for a quarter: drafted from the bands, edited by a
    person before publishing; the generated draft and every edit are kept."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="narratives")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="narratives")
    generated_text = models.TextField()
    text = models.TextField()
    published_text = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["council", "period"], name="one_narrative_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.council} {self.period} narrative"


class LocalAccount(models.Model):
    """A council's Local Account for a financial year: the qualitative counterpart of the
    scorecard, with the Planning Group's assessment of it."""

    class Assessment(models.TextChoices):
        PUBLISHED = "published", "Published"
        NOT_PUBLISHED = "not_published", "Not published"
        VAGUE = "vague", "Vague"
        AMBIGUOUS = "ambiguous", "Ambiguous"
        TOO_AMBITIOUS = "too_ambitious", "Too ambitious"

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="local_accounts")
    year = models.PositiveSmallIntegerField(
        help_text="The year the financial year starts: 2023 for 2023/24."
    )
    url = models.URLField("Link", blank=True, max_length=500)
    document = models.FileField(upload_to="local_accounts/", blank=True, max_length=300)
    published_on = models.DateField(null=True, blank=True)
    assessment = models.CharField(max_length=20, choices=Assessment.choices)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["council__name", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["council", "year"], name="one_local_account_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.council} Local Account {self.year_label}"

    @property
    def year_label(self) -> str:
        return year_label(self.year)

    @property
    def document_name(self) -> str:
        """The name its PDF is stored and downloaded under."""
        return f"{self.council.slug}-local-account-{year_slug(self.year)}.pdf"
