"""Who may do what with figures, checked once per route."""

from typing import Annotated

from backend.accounts.models import UserAccount
from backend.deps import require
from backend.policy import Permission

FigureReporter = Annotated[UserAccount, require(Permission.REPORT_FIGURES)]
# Collective prizes and the reconciliation of reported figures are the organisers' work.
CollectiveManager = Annotated[UserAccount, require(Permission.MANAGE_RESULTS)]
TallyExporter = Annotated[UserAccount, require(Permission.EXPORT_RESULTS)]
