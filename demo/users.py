"""The demonstration's people: one user for each role, with one password, printed by
``setup_demo``. Every other demonstration module acts as one of them."""

from accounts.models import Membership, Role, User
from authorities.models import Council

DEMO_PASSWORD = "nw-sli-demo-2026"
WIRRAL_LEAD = "wirral.lead@demo.nwsli.org.uk"
SEFTON_LEAD = "sefton.lead@demo.nwsli.org.uk"
WIRRAL_DIRECTOR = "wirral.director@demo.nwsli.org.uk"
PLANNER = "planning.group@demo.nwsli.org.uk"
ASSESSOR = "risk.assessor@demo.nwsli.org.uk"
BOARD_MEMBER = "board.member@demo.nwsli.org.uk"
ADMIN = "regional.admin@demo.nwsli.org.uk"

# (e-mail, first name, last name, role, council's ONS code or None for the region)
DEMO_USERS = [
    (WIRRAL_LEAD, "Wendy", "Lead", Role.PERFORMANCE_LEAD, "E08000015"),
    (SEFTON_LEAD, "Sam", "Lead", Role.PERFORMANCE_LEAD, "E08000014"),
    (WIRRAL_DIRECTOR, "Dana", "Director", Role.DIRECTOR, "E08000015"),
    (PLANNER, "Pat", "Planner", Role.PLANNING_GROUP, None),
    (ASSESSOR, "Rita", "Assessor", Role.RISK_ASSESSOR, None),
    (BOARD_MEMBER, "Bob", "Board", Role.BOARD_MEMBER, None),
    (ADMIN, "Alex", "Admin", Role.REGIONAL_ADMIN, None),
]


def users_ensure() -> list[tuple[str, str, str]]:
    """Create the demonstration users and their roles where missing; return each one's
    (e-mail, role, where) for printing."""
    councils = {c.ons_code: c for c in Council.objects.all()}
    shown = []
    for email, first, last, role, code in DEMO_USERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                username=email,
                email=email,
                password=DEMO_PASSWORD,
                first_name=first,
                last_name=last,
                is_staff=role == Role.REGIONAL_ADMIN,
                is_superuser=role == Role.REGIONAL_ADMIN,
            )
        Membership.objects.get_or_create(
            user=user, role=role, council=councils.get(code) if code else None
        )
        where = councils[code].name if code else "North West region"
        shown.append((email, Role(role).label, where))
    return shown
