"""Councils of the North West region, their sub-regions, succession and comparator groups."""

import datetime

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class SubRegion(models.Model):
    """One of the five NW ADASS sub-regions (Cheshire, Cumbria, Lancashire, Greater Merseyside,
    Greater Manchester), each represented on the Board by a DASS."""

    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AuthorityType(models.TextChoices):
    UNITARY = "unitary", "Unitary"
    METROPOLITAN = "metropolitan", "Metropolitan district"
    COUNTY = "county", "County"
    LONDON = "london", "London borough"


class CouncilQuerySet(models.QuerySet["Council"]):
    def active_on(self, day: datetime.date) -> "CouncilQuerySet":
        """Councils holding adult social care responsibility on ``day`` (Cumbria ends
        31 March 2023; Cumberland and Westmorland and Furness begin 1 April 2023)."""
        return self.filter(Q(start_date__isnull=True) | Q(start_date__lte=day)).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=day)
        )

    def active_between(self, start: datetime.date, end: datetime.date) -> "CouncilQuerySet":
        return self.filter(Q(start_date__isnull=True) | Q(start_date__lte=end)).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=start)
        )


class Council(models.Model):
    """An upper-tier council with adult social services responsibilities in the North West."""

    ons_code = models.CharField("ONS code", max_length=9, unique=True)
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    authority_type = models.CharField(max_length=20, choices=AuthorityType.choices)
    sub_region = models.ForeignKey(SubRegion, on_delete=models.PROTECT, related_name="councils")
    in_2013_mou = models.BooleanField("Signatory of the 2013 MoU", default=False)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    successors = models.ManyToManyField(
        "self", symmetrical=False, related_name="predecessors", blank=True
    )
    cassr_code = models.CharField("CASSR code", max_length=10, blank=True)
    note = models.TextField(blank=True)

    objects = CouncilQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def is_active_on(self, day: datetime.date) -> bool:
        return self.is_active_between(day, day)

    def is_active_between(self, start: datetime.date, end: datetime.date) -> bool:
        """Whether the council held adult social care responsibility on any day from ``start``
        to ``end``, as ``Council.objects.active_between`` selects."""
        return (self.start_date is None or self.start_date <= end) and (
            self.end_date is None or self.end_date >= start
        )


class ComparatorGroup(models.Model):
    """A published peer group for a council: CIPFA nearest neighbours or an NHS England near
    neighbour peer group, versioned by the year it applies from (groups change over time)."""

    class Kind(models.TextChoices):
        CIPFA = "cipfa", "CIPFA nearest neighbours"
        NHSE = "nhse", "NHS England near-neighbour peer group"

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="comparator_groups")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    comparator_set = models.CharField(max_length=100)
    applies_from_year = models.PositiveSmallIntegerField(
        help_text="First financial year (its starting calendar year) the group applies to."
    )
    source = models.CharField(max_length=300)
    history = HistoricalRecords()

    class Meta:
        ordering = ["council__name", "kind", "-applies_from_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "comparator_set"], name="unique_comparator_set_per_council"
            )
        ]

    def __str__(self) -> str:
        return f"{self.council}: {self.get_kind_display()} from {self.applies_from_year}"

    @property
    def list_name(self) -> str:
        """The published list in words, for the public pages."""
        return LIST_NAMES.get(
            self.comparator_set, f"{self.get_kind_display()} ({self.applies_from_year})"
        )


# The published lists in words (authorities/data/nearest_neighbours.source.md says more).
LIST_NAMES: dict[str, str] = {
    "cipfa_oflog_nn_json": "CIPFA nearest neighbours as Oflog publishes them (2024)",
    "cipfa_2019_trafford_data_lab": "CIPFA nearest neighbours (2019)",
    "cipfa_2021_trafford_data_lab": "CIPFA nearest neighbours (2021)",
    "cipfa_lg_inform_2024_07_trafford_data_lab": (
        "CIPFA nearest neighbours as listed on LG Inform (July 2024)"
    ),
    "nhse_near_neighbour_peer_group_lg_inform_2024_07_trafford_data_lab": (
        "NHS England near-neighbour peer group as listed on LG Inform (July 2024)"
    ),
}


class ComparatorGroupMember(models.Model):
    group = models.ForeignKey(ComparatorGroup, on_delete=models.CASCADE, related_name="members")
    neighbour_code = models.CharField(max_length=9)
    neighbour_name = models.CharField(max_length=100, blank=True)
    source_order = models.PositiveSmallIntegerField()
    is_self = models.BooleanField(default=False)

    class Meta:
        ordering = ["group", "source_order"]
        constraints = [
            models.UniqueConstraint(fields=["group", "neighbour_code"], name="unique_group_member")
        ]

    def __str__(self) -> str:
        return self.neighbour_name or self.neighbour_code
