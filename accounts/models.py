"""People who use the portal and the roles they hold, for one council or the whole region."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q

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


class User(AbstractUser):
    """A person. Sign-in is by e-mail address; roles come from memberships."""

    email = models.EmailField("email address", unique=True)

    class Meta:
        ordering = ["last_name", "first_name", "email"]

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
