"""Who may do what: every staff right is decided here, in one place, and tested as a matrix."""

from enum import StrEnum

from backend.accounts.models import Role, UserAccount


class Permission(StrEnum):
    VIEW_UNITS = "view_units"
    EDIT_HEADCOUNT = "edit_headcount"
    MANAGE_UNITS = "manage_units"
    MANAGE_USERS = "manage_users"
    MANAGE_CONTESTS = "manage_contests"
    MONITOR_CONTESTS = "monitor_contests"


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ORGANISER: frozenset(Permission),
    Role.UNIT_OFFICER: frozenset({
        Permission.VIEW_UNITS, Permission.EDIT_HEADCOUNT, Permission.MONITOR_CONTESTS,
    }),
    Role.JUDGE: frozenset(),
}


def has_permission(user: UserAccount, permission: Permission) -> bool:
    return user.is_active and permission in ROLE_PERMISSIONS[user.role]


def sees_whole_tree(user: UserAccount) -> bool:
    """Organisers see every unit; unit officers only the subtree of their own unit."""
    return user.role == Role.ORGANISER


def may_see_personal_data(user: UserAccount) -> bool:
    """Phone numbers and CCCD in full: organisers who were given that permission."""
    return user.role == Role.ORGANISER and user.can_view_personal_data
