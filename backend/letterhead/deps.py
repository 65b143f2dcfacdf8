"""Who edits the letterhead: those who manage results, whose signed lists carry it."""

from typing import Annotated

from backend.accounts.models import UserAccount
from backend.deps import require
from backend.policy import Permission

LetterheadEditor = Annotated[UserAccount, require(Permission.MANAGE_RESULTS)]
