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
    # Who registered, within what the account sees (sees_whole_tree); personal data masked
    # unless may_see_personal_data.
    VIEW_CONTESTANTS = "view_contestants"
    # Rankings before publication and every column of them, within what the account sees.
    VIEW_RESULTS = "view_results"
    # Ranking rules, finalising, publishing, correcting results and faulty questions.
    MANAGE_RESULTS = "manage_results"
    # Downloading result spreadsheets (personal data masked unless may_see_personal_data).
    EXPORT_RESULTS = "export_results"
    # Entering figures reported outside the platform (unit officers: their subtree's units).
    REPORT_FIGURES = "report_figures"
    # Writing competitions: setting them up, the panel, assignment, locking scores, "ráp
    # phách", prizes, reopening signed batches.
    MANAGE_WRITING = "manage_writing"
    # Essays of the account's subtree: submitting on authors' behalf, bulk batches, entering
    # pre-screening scores, forwarding and signing batches. Authors' identities shown.
    SUBMIT_ESSAYS = "submit_essays"
    # Scoring the essays assigned to the account, by code only.
    JUDGE_ESSAYS = "judge_essays"
    # The "Dân vận khéo" movement: years and fields, the city's steps (recognition at the city
    # level, exemplary, proposing for commendation), bulk steps over the whole tree.
    MANAGE_MOVEMENT = "manage_movement"
    # Entries of the account's subtree: registering, evidence, bulk registration, verifying;
    # recognition at the unit level and proposing to the city by officers of units right
    # under the city.
    REGISTER_ENTRIES = "register_entries"
    # A unit's lists of nominees ("danh sách đề nghị khen thưởng"), within the subtree.
    PROPOSE_COMMENDATIONS = "propose_commendations"
    # Award forms, decisions and the commendation lists attached to them.
    MANAGE_COMMENDATIONS = "manage_commendations"


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ORGANISER: frozenset(Permission),
    Role.UNIT_OFFICER: frozenset({
        Permission.VIEW_UNITS, Permission.EDIT_HEADCOUNT, Permission.MONITOR_CONTESTS,
        Permission.VIEW_CONTESTANTS, Permission.VIEW_RESULTS, Permission.EXPORT_RESULTS,
        Permission.REPORT_FIGURES, Permission.SUBMIT_ESSAYS, Permission.REGISTER_ENTRIES,
        Permission.PROPOSE_COMMENDATIONS,
    }),
    Role.JUDGE: frozenset({Permission.JUDGE_ESSAYS}),
}


def has_permission(user: UserAccount, permission: Permission) -> bool:
    return user.is_active and permission in ROLE_PERMISSIONS[user.role]


def sees_whole_tree(user: UserAccount) -> bool:
    """Organisers see every unit; unit officers only the subtree of their own unit."""
    return user.role == Role.ORGANISER


def may_see_personal_data(user: UserAccount) -> bool:
    """Phone, CCCD, email and birth date in full: staff who see contestants (organisers and
    unit officers, each within their scope) and were given that permission, as the consent
    notice tells contestants."""
    return has_permission(user, Permission.VIEW_CONTESTANTS) and user.can_view_personal_data
