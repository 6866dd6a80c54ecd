"""Pure checks on what people enter in the support app; no database access. Each returns the
cleaned value or raises ``ValueError`` with a message for the person."""

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from urllib.parse import urlsplit

from returns.models import Domain

# A phone number or an email address in a "role to contact": the directory names a role, so a
# person's own details never go into a page every signed-in user reads.
_PERSONAL = re.compile(r"@|\d[\d\s]{5,}\d")
MAX_DAYS = Decimal("999.5")
# Words too common in adult social care to say two topics are about the same thing.
STOP_WORDS = frozenset(
    {
        "about", "adult", "adults", "care", "council", "councils", "from", "into", "more",
        "over", "service", "services", "social", "support", "that", "their", "this", "with",
    }
)  # fmt: skip


def clean_domains(domains: Iterable[str]) -> list[str]:
    """Scorecard domain keys, each once, in the scorecard's order."""
    chosen = set(domains)
    unknown = chosen - set(Domain.values)
    if unknown:
        raise ValueError(f"Not a scorecard domain: {sorted(unknown)[0]}")
    return [d for d in Domain.values if d in chosen]


def clean_links(links: Iterable[str]) -> list[str]:
    """Evidence links: web addresses starting http:// or https://, blank lines dropped."""
    cleaned = []
    for link in links:
        link = link.strip()
        if not link:
            continue
        parts = urlsplit(link)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"Enter a web address starting https://, not {link}")
        cleaned.append(link)
    return cleaned


def clean_contact_role(role: str) -> str:
    """A role title ("Head of Commissioning"), never an email address or phone number."""
    role = role.strip()
    if not role:
        raise ValueError("Enter the role to contact, such as Head of Commissioning")
    if _PERSONAL.search(role):
        raise ValueError(
            "Enter a role title, not an email address or phone number: the directory is read "
            "by every signed-in user"
        )
    return role


def clean_days(value: Decimal | int | float | str | None, *, what: str) -> Decimal | None:
    """Days to the half day, 0 to 999.5; None stays None (not recorded)."""
    if value is None:
        return None
    try:
        days = Decimal(str(value))
    except InvalidOperation as exc:
        raise ValueError(f"{what} must be a number of days, like 2 or 1.5") from exc
    if not days.is_finite() or days < 0:
        raise ValueError(f"{what} must be 0 or more")
    if days > MAX_DAYS:
        raise ValueError(f"{what} must be {MAX_DAYS} or fewer")
    if (days * 2) % 1 != 0:
        raise ValueError(f"{what} must be in whole or half days, like 2 or 1.5")
    return days.quantize(Decimal("0.1"))


def topic_words(text: str) -> frozenset[str]:
    """The words of four letters or more in ``text``, lower case: how a request's topic is
    matched with directory entries and self-assessment standards. Common words of the field
    ("care", "support", "services"...) are left out."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    return frozenset(w for w in words if len(w) >= 4 and w not in STOP_WORDS)
