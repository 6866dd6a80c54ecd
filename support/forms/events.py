"""Forms for the reciprocity ledger's challenges and for regional events: the page copy and
every error message, written for the person filling them in. The rules a challenge, booking or
event must keep are the services' (``support.services.SupportRefused``)."""

import datetime
import re
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from authorities.models import Council
from sli_portal.forms import GDSDateField, PageForm
from support.models import Attendance, ChallengeOutcome, EventKind, Offer

TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")


class ChallengeLodgeForm(PageForm):
    title = "Challenge your council's share of time"
    button_text = "Lodge the challenge"

    reason = forms.CharField(
        label="Why is the share of time asked of your council too much?",
        help_text="For example, the engagements you are giving this year, what else your "
        "officers and members are committed to, and what you would ask the Board to change.",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=5000,
        error_messages={
            "required": "Enter why the share of time asked of your council is too much",
            "max_length": "The reason must be 5,000 characters or fewer",
        },
    )


class ChallengeResolveForm(PageForm):
    title = "Record the resolution"
    button_text = "Record the resolution"

    outcome = forms.ChoiceField(
        label="Is the challenge upheld?",
        choices=ChallengeOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether the challenge is upheld",
            "invalid_choice": "Choose whether the challenge is upheld",
        },
    )
    resolution = forms.CharField(
        label="Resolution",
        help_text="What the sub-regional Director of Adult Social Services on the Board decided, "
        "and why. The council sees this.",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        error_messages={
            "required": "Enter the resolution",
            "max_length": "The resolution must be 5,000 characters or fewer",
        },
    )


class BookingForm(PageForm):
    title = "Book places"
    button_text = "Book"

    council = forms.ModelChoiceField(
        label="Council",
        queryset=Council.objects.none(),
        empty_label="Choose your council",
        error_messages={
            "required": "Choose the council you are booking for",
            "invalid_choice": "Choose the council you are booking for",
        },
    )
    places = forms.IntegerField(
        label="Number of places",
        help_text="Places for you and colleagues from your council.",
        min_value=1,
        max_value=50,
        initial=1,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter the number of places",
            "invalid": "Enter the number of places as a whole number, like 2",
            "min_value": "Book at least one place",
            "max_value": "Book 50 places or fewer",
        },
    )

    def __init__(self, *args: Any, councils: list[Council], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.only = councils[0] if len(councils) == 1 else None
        if self.only is not None:
            # One council: nothing to choose, so no question to answer.
            del self.fields["council"]
        else:
            council = self.fields["council"]
            assert isinstance(council, forms.ModelChoiceField)
            council.queryset = Council.objects.filter(pk__in=[c.pk for c in councils])
        self.build_helper()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.only is not None:
            data["council"] = self.only
        return data


class AttendanceForm(PageForm):
    title = "Record attendance"
    button_text = "Record attendance"

    attended = forms.ChoiceField(
        label="Attendance",
        choices=Attendance.choices,
        error_messages={
            "required": "Choose attended, did not attend or not recorded",
            "invalid_choice": "Choose attended, did not attend or not recorded",
        },
    )


class BeaconFundingForm(PageForm):
    title = "Record Beacon event funding"
    button_text = "Record funding"

    amount = forms.DecimalField(
        label="Funding (£)",
        help_text="The funding made available to the host council for the event's costs, in "
        "pounds and pence, like 1500.00 (MoU 2.1 e).",
        min_value=Decimal(0),
        max_digits=10,
        decimal_places=2,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "decimal"}),
        error_messages={
            "required": "Enter the funding in pounds, like 1500 or 1500.00",
            "invalid": "Enter the funding in pounds, like 1500 or 1500.00",
            "min_value": "The funding must be £0 or more",
            "max_digits": "The funding must be less than £100,000,000",
            "max_decimal_places": "Enter the funding in pounds and pence, like 1500.00",
            "max_whole_digits": "The funding must be less than £100,000,000",
        },
    )
    note = forms.CharField(
        label="Note (optional)",
        help_text="For example, who agreed it and what it covers.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        error_messages={"max_length": "The note must be 2,000 characters or fewer"},
    )


def _time_field(label: str, what: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text="Use the 24-hour clock, like 09:30 or 14:00.",
        max_length=5,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
        error_messages={"required": f"Enter the {what}, like 09:30"},
    )


class EventForm(PageForm):
    title = "Add an event"
    button_text = "Save event"

    kind = forms.ChoiceField(
        label="Kind of event",
        choices=[("", "Choose the kind of event"), *EventKind.choices],
        error_messages={
            "required": "Choose the kind of event",
            "invalid_choice": "Choose the kind of event",
        },
    )
    title_text = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={
            "required": "Enter the event's title",
            "max_length": "The title must be 200 characters or fewer",
        },
    )
    description = forms.CharField(
        label="Description (optional)",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=5000,
        error_messages={"max_length": "The description must be 5,000 characters or fewer"},
    )
    starts_on = GDSDateField(
        label="Date", help_text="For example, 27 3 2026", what="the date of the event"
    )
    start_time = _time_field("Start time", "start time")
    end_time = _time_field("End time", "end time")
    ends_on = GDSDateField(
        label="Last day (optional)",
        help_text="Only for an event over more than one day, like a two-day conference.",
        what="the last day",
        required=False,
    )
    place = forms.CharField(
        label="Place",
        help_text="The venue and town, like 'Liverpool Town Hall'.",
        max_length=300,
        error_messages={
            "required": "Enter where the event takes place",
            "max_length": "The place must be 300 characters or fewer",
        },
    )
    host_council = forms.ModelChoiceField(
        label="Host council (optional)",
        help_text="A Beacon event is hosted by a council at the Board's request.",
        queryset=Council.objects.none(),
        required=False,
        empty_label="No host council",
        error_messages={"invalid_choice": "Choose the host council from the list"},
    )
    capacity = forms.IntegerField(
        label="Number of places",
        min_value=0,
        max_value=5000,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-5", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter the number of places",
            "invalid": "Enter the number of places as a whole number, like 40",
            "min_value": "The number of places must be 0 or more",
            "max_value": "The number of places must be 5,000 or fewer",
        },
    )
    offer = forms.ModelChoiceField(
        label="Table 1 offer or programme activity (optional)",
        queryset=Offer.objects.none(),
        required=False,
        empty_label="None",
        error_messages={"invalid_choice": "Choose the offer from the list"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        host_council, offer = self.fields["host_council"], self.fields["offer"]
        assert isinstance(host_council, forms.ModelChoiceField)
        assert isinstance(offer, forms.ModelChoiceField)
        host_council.queryset = Council.objects.active_on(today).order_by("name")
        offer.queryset = Offer.objects.filter(active=True).select_related("tier")

    @staticmethod
    def initial_for(event: Any) -> dict[str, Any]:
        """The form's starting values for an existing event, in local time."""
        starts, ends = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
        return {
            "kind": event.kind,
            "title_text": event.title,
            "description": event.description,
            "starts_on": starts.date(),
            "start_time": f"{starts:%H:%M}",
            "end_time": f"{ends:%H:%M}",
            "ends_on": ends.date() if ends.date() != starts.date() else None,
            "place": event.place,
            "host_council": event.host_council_id,
            "capacity": event.capacity,
            "offer": event.offer_id,
        }

    def _time(self, name: str, what: str) -> datetime.time:
        match = TIME.match(self.cleaned_data[name].strip())
        if match is None:
            raise ValidationError(f"Enter the {what} on the 24-hour clock, like 09:30")
        return datetime.time(int(match.group(1)), int(match.group(2)))

    def clean_start_time(self) -> datetime.time:
        return self._time("start_time", "start time")

    def clean_end_time(self) -> datetime.time:
        return self._time("end_time", "end time")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, start, end = data.get("starts_on"), data.get("start_time"), data.get("end_time")
        if day is None or start is None or end is None:
            return data
        last = data.get("ends_on") or day
        zone = timezone.get_current_timezone()
        data["starts_at"] = datetime.datetime.combine(day, start, tzinfo=zone)
        data["ends_at"] = datetime.datetime.combine(last, end, tzinfo=zone)
        if last < day:
            self.add_error("ends_on", "The last day must be the same as or after the date")
        elif data["ends_at"] <= data["starts_at"]:
            self.add_error("end_time", "The event must end after it starts")
        return data
