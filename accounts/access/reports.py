"""The Regional Account (reports): who produces versions and who reads them."""

from accounts.access.roles import AnyUser, may_act_at_all, register_rule


def can_produce_regional_account(user: AnyUser) -> bool:
    """Generating, publishing and withdrawing versions of the Regional Account, and seeing
    drafts and failed attempts: the regional administrator's (DOMAIN.md 8)."""
    return may_act_at_all(user, "produce_regional_account")


def can_request_regional_account(user: AnyUser) -> bool:
    """Asking for a new version to be produced, and seeing the versions not yet published (to
    check them before the administrator publishes one): the Planning Group and the
    administrator. Publishing and withdrawing stay the administrator's."""
    return may_act_at_all(user, "request_regional_account")


def can_download_published_regional_account(user: AnyUser) -> bool:
    """A published Regional Account is the Board's document: every signed-in role may read it
    (board members, the Planning Group, risk assessors, the administrator and council users)."""
    return may_act_at_all(user, "download_regional_account")


def may_see_regional_account(user: AnyUser, *, published: bool) -> bool:
    """A published version for every signed-in role; a draft (queued, rendering, rendered,
    failed or withdrawn) only for those who may ask for one (the Planning Group and the
    administrator)."""
    if published:
        return bool(can_download_published_regional_account(user))
    return bool(can_request_regional_account(user))


def can_read_key_messages(user: AnyUser) -> bool:
    """The key messages and regional summary of a year's Account as a web page: board members,
    the Planning Group and the administrator (MoU 2.1 b, i)."""
    return may_act_at_all(user, "read_key_messages")


def can_edit_key_messages(user: AnyUser) -> bool:
    """Writing the key messages the portal drafts, before a version is published: the
    Planning Group (and the administrator)."""
    return may_act_at_all(user, "edit_key_messages")


register_rule("can_produce_regional_account", can_produce_regional_account)
register_rule("can_request_regional_account", can_request_regional_account)
register_rule("can_download_published_regional_account", can_download_published_regional_account)
register_rule("can_read_key_messages", can_read_key_messages)
register_rule("can_edit_key_messages", can_edit_key_messages)
