"""Which e-mails each person wants, and the e-mails themselves.

A person receives an e-mail of a kind only if the kind is relevant to one of their roles and
they have not turned it off; every kind is on until they do. Each e-mail is one row per
(person, kind, key): a key names the event or the scheduled step ("period 12, 7 days before"),
so a job that runs twice records and sends nothing twice.
"""

from django.conf import settings
from django.db import models

from accounts.models import Role


class Kind(models.TextChoices):
    RETURN_DEADLINE_APPROACHING = (
        "return_deadline_approaching",
        "A quarterly return's deadline is approaching",
    )
    RETURN_DEADLINE_MISSED = "return_deadline_missed", "A quarterly return's deadline has passed"
    RETURN_FILE_CHECKED = "return_file_checked", "A return file you uploaded has been checked"
    RETURN_ACCEPTED = "return_accepted", "Your council's return has been accepted"
    CONCERN_SHARED = (
        "concern_shared",
        "A concern has been shared with your council for discussion",
    )
    SELF_ASSESSMENT_DEADLINE = (
        "self_assessment_deadline",
        "A thematic self-assessment's closing date is approaching",
    )
    REGIONAL_ACCOUNT_PUBLISHED = (
        "regional_account_published",
        "A Regional Account has been published",
    )
    ROLE_GIVEN = "role_given", "You have been given a role on the portal"


COUNCIL_USERS = frozenset({Role.PERFORMANCE_LEAD, Role.DIRECTOR})

KIND_ROLES: dict[str, frozenset[str]] = {
    Kind.RETURN_DEADLINE_APPROACHING: COUNCIL_USERS,
    Kind.RETURN_DEADLINE_MISSED: COUNCIL_USERS,
    # Only performance leads upload returns, and only the uploader hears about a file.
    Kind.RETURN_FILE_CHECKED: frozenset({Role.PERFORMANCE_LEAD}),
    Kind.RETURN_ACCEPTED: COUNCIL_USERS,
    Kind.CONCERN_SHARED: COUNCIL_USERS,
    Kind.SELF_ASSESSMENT_DEADLINE: COUNCIL_USERS,
    Kind.REGIONAL_ACCOUNT_PUBLISHED: frozenset(Role),
    Kind.ROLE_GIVEN: frozenset(Role),
}
"""The roles each kind of e-mail is relevant to: a council role means that council's e-mails."""

# Sent whatever the person's choices, and not offered as a choice: being invited or given a
# role is something a person must hear about.
ALWAYS_SENT: frozenset[str] = frozenset({Kind.ROLE_GIVEN})

KIND_HINTS: dict[str, str] = {
    Kind.RETURN_DEADLINE_APPROACHING: (
        "7 days and 1 day before your council's quarterly return is due, if it has not been "
        "submitted."
    ),
    Kind.RETURN_DEADLINE_MISSED: (
        "The day after the deadline, if your council's quarterly return has not been submitted."
    ),
    Kind.RETURN_FILE_CHECKED: (
        "When a return file you uploaded has been checked: made into a new version, or "
        "problems found."
    ),
    Kind.RETURN_ACCEPTED: (
        "When the regional administrator accepts your council's quarterly return."
    ),
    Kind.CONCERN_SHARED: (
        "When the SLI Planning Group shares a concern with your council for discussion. The "
        "e-mail does not include the concern: sign in to read it."
    ),
    Kind.SELF_ASSESSMENT_DEADLINE: (
        "14 and 3 days before a thematic review closes, if your council has not submitted its "
        "self-assessment."
    ),
    Kind.REGIONAL_ACCOUNT_PUBLISHED: "When a new version of the Regional Account is published.",
    Kind.ROLE_GIVEN: "When the regional administrator invites you or gives you a role.",
}


class NotificationPreference(models.Model):
    """A person's choice for one kind of e-mail. No row means the kind is on."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=40, choices=Kind.choices)
    enabled = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["user", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")
        ]

    def __str__(self) -> str:
        state = "on" if self.enabled else "off"
        return f"{self.user}: {self.get_kind_display()} ({state})"


class Notification(models.Model):
    """An e-mail to one person about one event, recorded with the change that caused it and
    sent by a worker once that change has committed (``sent_at`` stays empty until then).

    The unique (user, kind, key) is what makes every scheduled reminder go once per step,
    however often the job runs. A send the mail server refuses is counted in ``attempts`` with
    its error and tried again later; the row is never removed, so nothing is sent twice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=40, choices=Kind.choices)
    key = models.CharField(max_length=200)
    subject = models.CharField(max_length=300)
    paragraphs = models.JSONField(default=list, help_text="What happened, a paragraph each.")
    path = models.CharField(max_length=300, blank=True, help_text="The page the e-mail links to.")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "key"], name="one_email_per_user_kind_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.subject}"
