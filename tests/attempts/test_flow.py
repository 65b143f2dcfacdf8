from backend.attempts import service
from backend.attempts.models import AttemptState
from backend.clock import utcnow


def test_a_contestant_starts_saves_and_submits_and_gets_the_score(use, session, round_, who):
    now = utcnow()
    view = use.start(who=who, round_id=round_.id, now=now)
    assert view.state == AttemptState.IN_PROGRESS
    assert len(view.questions) == 5
    first, second = view.questions[0], view.questions[1]
    right = next(o["id"] for o in first["options"] if o["text"].startswith("Phương án B"))
    wrong = next(o["id"] for o in second["options"] if o["text"].startswith("Phương án A"))
    use(service.save_answers, attempt_id=view.id, who=who,
        answers={first["id"]: [right], second["id"]: [wrong]}, prediction=None, now=now,
        grace_seconds=10)
    done = use(service.submit_attempt, attempt_id=view.id, who=who, answers=None,
               prediction=None, idempotency_key="k1", now=now, grace_seconds=10)
    assert done.state == AttemptState.SUBMITTED
    assert done.score == 1
    assert done.questions is None
