"""Helpers for the question bank tests: a contest, workbooks built in memory, what is stored."""

from datetime import date, timedelta

import pytest
from sqlmodel import select

from backend.attempts.models import Attempt
from backend.audit.models import AuditEntry
from backend.clock import utcnow
from backend.contestants.models import Contestant, Gender
from backend.contests import service as contests
from backend.contests.models import Contest
from backend.questions.models import Question, QuestionOption
from tests.factories import xlsx_bytes
from tests.questions.raw_xlsx import QUESTION_HEADERS


def xlsx(rows: list[tuple], *, headers: list[str] = QUESTION_HEADERS,
         sheet: str = "Câu hỏi") -> bytes:
    """A question workbook: the headers, then the rows."""
    return xlsx_bytes(headers, rows, sheet=sheet)


def stored(database, contest_id: int) -> dict:
    """Everything the bank of a contest keeps, read afresh from committed data."""
    with database.scope(write=False) as fresh:
        questions = sorted(
            (q.number, q.text, q.text_hash, q.topic, q.difficulty, q.is_active)
            for q in fresh.exec(select(Question).where(Question.contest_id == contest_id)))
        options = sorted(
            (o.question_id, o.position, o.text, o.is_correct)
            for o in fresh.exec(select(QuestionOption)))
        version = fresh.get(Contest, contest_id).bank_version
        audit = len(list(fresh.exec(select(AuditEntry).where(
            AuditEntry.action.startswith("question")))))
    return {"questions": questions, "options": options, "version": version, "audit": audit}


@pytest.fixture
def contest(session, tree) -> Contest:
    return contests.create_contest(
        session=session, title="Tìm hiểu 75 năm Dân vận", rules_text="Thể lệ",
        requires_id_number=False, scope_unit_ids=[], actor_id=None, now=utcnow())


def take_contest(session, contest: Contest, unit) -> Attempt:
    """One attempt by one contestant: from now on the contest counts as taken."""
    now = utcnow()
    round_ = contests.add_round(session=session, contest=contest, rules=contests.RoundRules(
        name="Tuần 1", opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=6),
        question_count=1, time_limit_seconds=600, max_attempts=None, prediction_prompt=None,
        quotas=[]), actor_id=None, now=now)
    person = Contestant(contest_id=contest.id, full_name="Nguyễn Văn An", name_key="nguyễn văn an",
                        birth_date=date(1990, 1, 1), gender=Gender.MALE, phone="+84901234567",
                        unit_id=unit.id, password_hash="x", consent_at=now, consent_version="1")
    session.add(person)
    session.flush()
    attempt = Attempt(contest_id=contest.id, round_id=round_.id, contestant_id=person.id,
                      unit_id=unit.id, attempt_no=1, started_at=now,
                      deadline_at=now + timedelta(minutes=10), question_count=1, paper=[])
    session.add(attempt)
    session.commit()
    return attempt


