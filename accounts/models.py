"""People who use the portal and the roles they hold, for one council or the whole region."""

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from simple_history.models import HistoricalRecords

from authorities.models import Council


class Role(models.TextChoices):
    PERFORMANCE_LEAD = "performance_lead", "Council performance lead"
    DIRECTOR = "director", "Council director (DASS) or improvement lead"
    PLANNING_GROUP = "planning_group", "SLI Planning Group member"
    RISK_ASSESSOR = "risk_assessor", "Risk assessor"
    BOARD_MEMBER = "board_member", "Board member"
    REGIONAL_ADMIN = "regional_admin", "Regional administrator"


COUNCIL_ROLES = frozenset({Role.PERFORMANCE_LEAD, Role.DIRECTOR})
REGIONAL_ROLES = frozenset(set(Role) - COUNCIL_ROLES)


DUPLICATE_EMAIL = (
    "Someone already has this e-mail address (capitals make no difference): "
    "an address belongs to one person, who signs in with it"
)


class PersonManager(UserManager["User"]):
    """Django's user manager, refusing a second account for an address that differs only in
    capitals with a message (createsuperuser shows it as its error) rather than the database's
    bare refusal."""

    def create_user(
        self, username: str, email: str | None = None, password: str | None = None, **extra: Any
    ) -> "User":
        self._refuse_a_taken_address(email)
        return super().create_user(username, email, password, **extra)

    def create_superuser(
        self, username: str, email: str | None = None, password: str | None = None, **extra: Any
    ) -> "User":
        self._refuse_a_taken_address(email)
        return super().create_superuser(username, email, password, **extra)

    def _refuse_a_taken_address(self, email: str | None) -> None:
        if email and self.filter(email__iexact=self.normalize_email(email)).exists():
            raise ValidationError(DUPLICATE_EMAIL, code="duplicate_email")


class User(AbstractUser):
    """A person. Sign-in is by e-mail address, in any mix of capitals (accounts.backends), so
    no two people may have addresses that differ only in capitals; roles come from
    memberships."""

    email = models.EmailField("email address", unique=True)

    objects: ClassVar[PersonManager] = PersonManager()

    class Meta:
        ordering = ["last_name", "first_name", "email"]
        constraints = [
            # Upper, as Django's case-insensitive lookup compares on PostgreSQL, so the index
            # also serves the sign-in's lookup.
            models.UniqueConstraint(
                Upper("email"),
                name="unique_email_any_case",
                violation_error_message=DUPLICATE_EMAIL,
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email


class Membership(models.Model):
    """A role held by a person: council roles for one council, regional roles for the region."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    council = models.ForeignKey(
        Council, on_delete=models.PROTECT, null=True, blank=True, related_name="memberships"
    )
    role = models.CharField(max_length=30, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    # Who gave or removed a role, and when: the audit log's "who changed what".
    history = HistoricalRecords()

    class Meta:
        ordering = ["user", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "council", "role"], name="unique_membership"),
            models.CheckConstraint(
                condition=(
                    Q(role__in=sorted(COUNCIL_ROLES), council__isnull=False)
                    | Q(role__in=sorted(REGIONAL_ROLES), council__isnull=True)
                ),
                name="council_roles_need_a_council",
            ),
        ]

    def __str__(self) -> str:
        where = self.council.name if self.council else "North West region"
        return f"{self.user}: {self.get_role_display()} ({where})"


class AccessLog(models.Model):
    """Who viewed or downloaded confidential material, and when."""

    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=20, default="viewed")
    record_type = models.CharField(max_length=100)
    record_id = models.CharField(max_length=40)
    council = models.ForeignKey(
        Council, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user} {self.action} {self.record_type} {self.record_id}"
