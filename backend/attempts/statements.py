"""Every statement the attempt use cases run, built once and run prepared (backend/prepared.py).

Writes are guarded by the rules (rules.py) and by the attempt's `revision`, so a write that
breaks a rule, or that was decided on a row someone changed since, changes nothing; the use
case then reads why (ATTEMPT_AS_SEEN) instead of holding a lock while it decides.
"""

from sqlalchemy import bindparam, func, literal, select, true, update

from backend.accounts.models import AuthSession
from backend.attempts import rules
from backend.attempts.models import Attempt, AttemptEvent
from backend.contestants.models import Contestant
from backend.contests.models import Contest, Round, RoundQuota
from backend.jsonsql import json_merge
from backend.prepared import Chain, Prepared, Returned, insert_row

_A, _E = Attempt.__table__, AttemptEvent.__table__
_C, _R, _Q = Contest.__table__, Round.__table__, RoundQuota.__table__
_S, _P = AuthSession.__table__, Contestant.__table__
NO_PATCH = {}  # what ON_PAPER checks when a read has no answers to check


def _logged(kind) -> dict:
    """The event row that records a change: `kind` and the request's `payload`."""
    return {"attempt_id": Returned("id"), "at": bindparam("now"), "kind": kind,
            "accepted": true(), "payload": bindparam("payload")}


# A start: the round, its contest, who the token's contestant is, their attempt in progress
# (in any round) and how many they made in this round, in one read. No row: a bad token, or
# a round of another contest.
ROUND_FOR_START = Prepared(
    select(_R, _C.c.bank_version, _C.c.is_published,
           _S.c.contestant_id.label("who_id"), _P.c.unit_id.label("who_unit_id"),
           select(func.max(_A.c.id)).where(_A.c.contestant_id == _S.c.contestant_id,
                                           rules.IN_PROGRESS)
           .scalar_subquery().label("open_id"),
           select(func.count()).select_from(_A)
           .where(_A.c.contestant_id == _S.c.contestant_id, _A.c.round_id == _R.c.id)
           .scalar_subquery().label("used"))
    .select_from(_S).join(_P, _P.c.id == _S.c.contestant_id)
    .join(_R, _R.c.contest_id == _P.c.contest_id).join(_C, _C.c.id == _R.c.contest_id)
    .where(_R.c.id == bindparam("round_id"), _S.c.id == bindparam("digest"),
           _S.c.revoked_at.is_(None), _S.c.expires_at > bindparam("now")))
QUOTAS_OF_ROUND = Prepared(select(_Q.c.topic, _Q.c.difficulty, _Q.c.count)
                           .where(_Q.c.round_id == bindparam("round_id")))
INSERT_ATTEMPT = insert_row(_A, returning=_A.c.id)

_BANK_VERSION = (select(_C.c.bank_version).where(_C.c.id == _A.c.contest_id)
                 .scalar_subquery().label("bank_version"))
# An attempt with every rule a use case may need to explain, as columns. Run with
# SignedIn.parameters(), `cutoff` and `patch` (the answers a save or submit brings).
_AS_SEEN = (select(_A, _BANK_VERSION, rules.SIGNED_IN.label("signed_in"),
                   rules.PUBLISHED.label("published"), rules.IN_TIME.label("in_time"),
                   rules.ON_PAPER.label("on_paper"))
            .where(_A.c.id == bindparam("attempt_id")))
ATTEMPT_AS_SEEN = Prepared(_AS_SEEN)
# The same in a write transaction, the attempt locked until it ends (on SQLite the write
# transaction itself is the lock): what a submit that lost a race decides on.
ATTEMPT_AS_SEEN_LOCKED = Prepared(_AS_SEEN.with_for_update(of=_A))
OVERDUE_IDS = Prepared(select(_A.c.id).where(rules.IN_PROGRESS, ~rules.IN_TIME)
                       .order_by(_A.c.deadline_at).limit(bindparam("limit")))
ATTEMPTS_OF_CONTESTANT = Prepared(
    select(_A, _BANK_VERSION).where(_A.c.contestant_id.in_(
        select(_S.c.contestant_id).where(_S.c.id == bindparam("digest"),
                                         _S.c.revoked_at.is_(None),
                                         _S.c.expires_at > bindparam("now"))))
    .order_by(_A.c.id.desc()))

# A save: the answers merged over those saved (a later save of a question replaces an
# earlier one), only while every rule holds, and logged; both or neither.
SAVE_ANSWERS = Chain(
    update(_A).where(_A.c.id == bindparam("attempt_id"), rules.SIGNED_IN, rules.PUBLISHED,
                     rules.IN_PROGRESS, rules.IN_TIME, rules.ON_PAPER, rules.SAME_BANK)
    .values(answers=json_merge(_A.c.answers, bindparam("patch", type_=_A.c.answers.type)),
            answers_saved_at=bindparam("now"),
            prediction=func.coalesce(bindparam("prediction", type_=_A.c.prediction.type),
                                     _A.c.prediction),
            revision=_A.c.revision + 1)
    .returning(_A.c.id, _A.c.answers, _A.c.deadline_at),
    _E, _logged(literal("save")))

# The one way out of "in progress" (to submitted or expired), decided on the row as read at
# `revision`, and logged as `kind`.
_FINISHED = ("state", "finished_at", "answers", "prediction", "score", "duration_ms",
             "submit_key")
FINISH_ATTEMPT = Chain(
    update(_A).where(_A.c.id == bindparam("attempt_id"), rules.IN_PROGRESS,
                     _A.c.revision == bindparam("revision"))
    .values({**{name: bindparam(f"v_{name}", type_=_A.c[name].type) for name in _FINISHED},
             "revision": _A.c.revision + 1})
    .returning(_A.c.id),
    _E, _logged(bindparam("kind", type_=_E.c.kind.type)))
LOG_EVENT = insert_row(_E)
