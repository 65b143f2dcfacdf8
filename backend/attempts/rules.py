"""The rules every attempt follows, each written once.

Where the database decides a rule it is one SQL condition below: the statements that write
include it, so that a write breaking it changes nothing, and the reads that explain a refusal
select it as a column (see statements.py). The rest are functions of what was read or sent.
"""

from datetime import datetime, timedelta

from sqlalchemy import Boolean, bindparam, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from backend.accounts.tokens import session_of_contestant
from backend.attempts.models import Attempt, AttemptState
from backend.contests.models import Contest
from backend.errors import InvalidInput
from backend.questions.pool import Pool

# What the prediction column holds: a 32-bit integer; a count is never negative.
PREDICTION_MAX = 2**31 - 1
MAX_OPTIONS_PER_ANSWER = 6
_A, _C = Attempt.__table__, Contest.__table__


class answers_on_paper(FunctionElement):  # noqa: N801 - a SQL condition, named as one
    """Every question answered is on the attempt's paper, with options of that question only
    (paper: [[question, [options]], ...]; answers: {"question": [options]})."""

    type = Boolean()
    inherit_cache = True
    name = "answers_on_paper"


@compiles(answers_on_paper, "postgresql")
def _on_paper_postgresql(element, compiler, **kw):
    paper, answers = (compiler.process(clause, **kw) for clause in element.clauses)
    # The paper as {question: options} contains the answers (jsonb @>: arrays as sets); no
    # answers need no paper. Only compiled SQL of the two clauses goes in, never a value.
    return (f"CASE WHEN CAST({answers} AS JSONB) = '{{}}'::jsonb THEN true ELSE "  # noqa: S608
            f"COALESCE((SELECT jsonb_object_agg(q.value ->> 0, q.value -> 1) "
            f"FROM jsonb_array_elements(CAST({paper} AS JSONB)) AS q), '{{}}'::jsonb) "
            f"@> CAST({answers} AS JSONB) END")


@compiles(answers_on_paper, "sqlite")
def _on_paper_sqlite(element, compiler, **kw):
    paper, answers = (compiler.process(clause, **kw) for clause in element.clauses)
    return (f"NOT EXISTS (SELECT 1 FROM json_each({answers}) AS a WHERE NOT EXISTS ("  # noqa: S608
            f"SELECT 1 FROM json_each({paper}) AS q "
            f"WHERE json_extract(q.value, '$[0]') = CAST(a.key AS INTEGER) AND NOT EXISTS ("
            f"SELECT 1 FROM json_each(a.value) AS o WHERE o.value NOT IN ("
            f"SELECT p.value FROM json_each(json_extract(q.value, '$[1]')) AS p))))")


# Conditions on an attempt row, run with the parameters they name.
SIGNED_IN = session_of_contestant(_A.c.contestant_id)  # digest, now (SignedIn.parameters)
PUBLISHED = select(_C.c.is_published).where(_C.c.id == _A.c.contest_id).scalar_subquery()
IN_PROGRESS = _A.c.state == AttemptState.IN_PROGRESS
# The deadline, plus a grace for answers in flight: `cutoff` is deadline_cutoff(now, grace).
IN_TIME = _A.c.deadline_at >= bindparam("cutoff")
ON_PAPER = answers_on_paper(_A.c.paper, bindparam("patch", type_=Attempt.__table__.c.answers.type))
# The answers' options were checked against this version of the bank (one_option_each); none
# means they did not need the bank.
SAME_BANK = (bindparam("bank_version", type_=_C.c.bank_version.type).is_(None)
             | (select(_C.c.bank_version).where(_C.c.id == _A.c.contest_id).scalar_subquery()
                == bindparam("bank_version")))


def deadline_cutoff(now: datetime, grace_seconds: int) -> datetime:
    """The earliest deadline still in time at `now`: answers get `grace_seconds` in flight."""
    return now - timedelta(seconds=grace_seconds)


def checked_prediction(value: int | None) -> int | None:
    """The prediction as the database can hold it, or refused."""
    if value is not None and not 0 <= value <= PREDICTION_MAX:
        raise InvalidInput(f"Câu trả lời dự đoán phải là số nguyên từ 0 đến "
                           f"{PREDICTION_MAX:,}.".replace(",", "."), code="invalid_prediction")
    return value


def shaped(answers: dict[int, list[int]]) -> dict[str, list[int]]:
    """Answers keyed as stored, each option once, no more options than a question has."""
    checked = {}
    for question_id, chosen in answers.items():
        picked = list(dict.fromkeys(chosen))
        if len(picked) > MAX_OPTIONS_PER_ANSWER:
            raise off_paper()
        checked[str(question_id)] = picked
    return checked


def needs_bank(answers: dict[str, list[int]]) -> bool:
    """Whether `one_option_each` has anything to check."""
    return any(len(chosen) > 1 for chosen in answers.values())


def one_option_each(answers: dict[str, list[int]], pool: Pool) -> None:
    """Several options for one question only where the bank has questions with several correct
    options (then every question shows check boxes, telling nothing about any one)."""
    if needs_bank(answers) and not pool.multiple_answers:
        raise InvalidInput("Mỗi câu chỉ được chọn một phương án.", code="one_option_only")


def prediction_given(prompt: str | None, prediction: int | None) -> None:
    """An attempt whose round asked a prediction question when it started needs an answer."""
    if prompt is not None and prediction is None:
        raise InvalidInput("Bạn chưa trả lời câu hỏi dự đoán.", code="prediction_required")


def attempts_left(max_attempts: int | None, used: int) -> int | None:
    """How many more attempts a contestant may start in a round (None: no limit)."""
    return None if max_attempts is None else max(0, max_attempts - used)


def off_paper() -> InvalidInput:
    return InvalidInput("Có câu hỏi hoặc phương án không thuộc đề thi của bạn.",
                        code="off_paper")
