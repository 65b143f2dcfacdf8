"""Reading rulings for the pages and the API: who ruled what, when and why, and the scores
each ruling changed, a page at a time with the contestants' names and units."""

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlmodel import Session

from backend.accounts.models import UserAccount
from backend.contestants.models import Contestant
from backend.contests.models import ContestUnit
from backend.errors import NotFound
from backend.questions.models import Question
from backend.results.models import QuestionRuling
from backend.units.models import Unit


@dataclass(frozen=True)
class RulingRow:
    ruling: QuestionRuling
    number: int  # the question's number in the bank
    text: str
    actor: str  # who ruled, by full name; "" when no one signed in (the command line)


@dataclass(frozen=True)
class ChangedScore:
    attempt_id: int
    contestant_id: int
    full_name: str
    unit_name: str
    before: int | None
    after: int


def rulings_of(*, session: Session, contest_id: int,
               question_id: int | None = None) -> list[RulingRow]:
    """The contest's rulings (or one question's), newest first."""
    query = (select(QuestionRuling, Question.number, Question.text, UserAccount.full_name)
             .join(Question, Question.id == QuestionRuling.question_id)
             .outerjoin(UserAccount, UserAccount.id == QuestionRuling.actor_id)
             .where(QuestionRuling.contest_id == contest_id)
             .order_by(QuestionRuling.id.desc()))
    if question_id is not None:
        query = query.where(QuestionRuling.question_id == question_id)
    return [RulingRow(r, number, text, actor or "")
            for r, number, text, actor in session.execute(query).all()]


def get_ruling(*, session: Session, contest_id: int, ruling_id: int) -> RulingRow:
    found = [row for row in rulings_of(session=session, contest_id=contest_id)
             if row.ruling.id == ruling_id]
    if not found:
        raise NotFound("Không tìm thấy quyết định xử lý câu hỏi này.")
    return found[0]


def named_changes(*, session: Session, contest_id: int, changes: list[dict]) -> list[ChangedScore]:
    """`changes` (as a ruling keeps them) with each contestant's name and unit, in order."""
    ids = {c["contestant_id"] for c in changes}
    people = {row.id: (row.full_name, row.unit_name or "") for row in session.execute(
        select(Contestant.id, Contestant.full_name,
               func.coalesce(ContestUnit.name, Unit.name).label("unit_name"))
        .join(Unit, Unit.id == Contestant.unit_id)
        .outerjoin(ContestUnit, (ContestUnit.contest_id == contest_id)
                   & (ContestUnit.unit_id == Contestant.unit_id))
        .where(Contestant.id.in_(ids)))} if ids else {}
    return [ChangedScore(c["attempt_id"], c["contestant_id"],
                         *people.get(c["contestant_id"], ("", "")), c["before"], c["after"])
            for c in changes]
