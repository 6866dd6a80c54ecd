"""Comparators computed once per period and read by every page (ARCHITECTURE: Comparators)."""

from django.db import models

from authorities.models import Council
from returns.models import Measure, Period


class Direction(models.TextChoices):
    IMPROVING = "improving", "Improving"
    STABLE = "stable", "Stable"
    WORSENING = "worsening", "Worsening"
    RISING = "rising", "Rising (no declared better direction)"
    FALLING = "falling", "Falling (no declared better direction)"
    UNKNOWN = "unknown", "Not enough data"


class MeasureBenchmark(models.Model):
    """North West and England comparators for one measure in one quarter."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="benchmarks")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="benchmarks")
    nw_count = models.PositiveSmallIntegerField(default=0)
    nw_mean = models.FloatField(null=True)
    nw_median = models.FloatField(null=True)
    nw_lower_quartile = models.FloatField(null=True)
    nw_upper_quartile = models.FloatField(null=True)
    england_value = models.FloatField(null=True)
    england_year = models.PositiveSmallIntegerField(null=True)
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
        return f"{self.england_year}/{(self.england_year + 1) % 100:02d}"


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
    trend = models.JSONField(default=list, help_text="[[period label, value or null], ...]")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["council", "measure", "period"], name="one_position_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.council} {self.measure.code} {self.period}"
