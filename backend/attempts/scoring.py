"""What finishing an attempt records: its state, time taken and score, from paper and answers."""

from datetime import datetime

from backend.attempts.models import AttemptState
from backend.questions import papers
from backend.questions.pool import Pool

TRANSITIONS = {AttemptState.IN_PROGRESS: frozenset({AttemptState.SUBMITTED,
                                                     AttemptState.EXPIRED})}


def finished_columns(attempt, to: AttemptState, *, now: datetime, answers: dict,
                     prediction: int | None, pool: Pool) -> dict:
    """The columns an attempt leaving "in progress" for `to` gets. Expiry is recorded as
    finishing at the deadline, whenever the sweep that notices it happens to run."""
    if to not in TRANSITIONS[AttemptState.IN_PROGRESS]:
        raise ValueError(f"no transition from in_progress to {to}")
    finished_at = attempt.deadline_at if to == AttemptState.EXPIRED else now
    return {"state": to, "finished_at": finished_at, "answers": answers,
            "prediction": prediction, "score": papers.score(pool, attempt.paper, answers),
            "duration_ms": int((finished_at - attempt.started_at).total_seconds() * 1000)}
