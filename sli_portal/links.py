"""The one check of a link that comes from data (a Local Account's address, evidence links,
links on a concern or an answer): only http(s) and mailto addresses, and the portal's own
paths, become links. Anything else stored by an import or the admin (``javascript:``,
``data:``, an address hiding control characters) is shown as text, never as a live link.

Registered as a template builtin (settings.TEMPLATES), so every template uses the same filter:
``{% with href=value|safe_href %}{% if href %}<a href="{{ href }}">…</a>{% endif %}{% endwith %}``.
"""

from urllib.parse import urlsplit

from django import template

register = template.Library()

LINK_SCHEMES = frozenset({"http", "https", "mailto"})


def safe_href(value: object) -> str:
    """``value`` as an address a link may point at, or "" when it must not be a link: it has
    to be an http(s) address with a host, a mailto address, or a path on the portal itself
    ("/..."). Control characters and spaces inside are refused rather than stripped, because
    browsers strip them and would read ``java\\tscript:`` as a script."""
    address = str(value or "").strip()
    if not address or any(ord(c) < 33 or ord(c) == 127 for c in address):
        return ""
    if address.startswith("/") and not address.startswith(("//", "/\\")):
        return address
    try:
        parts = urlsplit(address)
    except ValueError:
        return ""
    scheme = parts.scheme.lower()
    if scheme not in LINK_SCHEMES:
        return ""
    if scheme != "mailto" and not parts.netloc:
        return ""
    return address


register.filter("safe_href", safe_href)
