"""The analysis decides right and wrong in its own loop, for speed (ARCHITECTURE.md): here it
is held to the platform's one scoring function, papers.score, on a round of random papers
with single and multiple correct options and questions voided both ways."""

from collections import Counter

from sqlalchemy import select, update

from backend.attempts.models import Attempt
from backend.contests.models import Contest
from backend.demo.finished_round import fill_round
from backend.questions import papers
from backend.questions.models import Question
from backend.questions.pool import pool_for
from backend.usecase import Reads
from tests.analysis.test_items import analyse
from tests.factories import add_questions


def test_right_and_scores_are_those_papers_score_gives(scene):
    questions = add_questions(scene.session, scene.contest, 12, multi_every=3)
    fill_round(database=scene.database, round_id=scene.round.id, contestants=60, attempts=150)
    # Voided straight in the bank, as a ruling does before re-scoring: stored scores lag.
    for question, voided in ((questions[0], "mark"), (questions[1], "drop")):
        scene.session.execute(update(Question).where(Question.id == question.id)
                              .values(voided=voided))
    scene.session.execute(update(Contest).where(Contest.id == scene.contest.id)
                          .values(bank_version=Contest.bank_version + 1))
    scene.session.commit()
    scene.session.expire_all()
    contest = scene.session.get(Contest, scene.contest.id)
    pool = pool_for(db=Reads(scene.session), contest_id=contest.id, version=contest.bank_version)
    right, scores = Counter(), []
    for paper, answers in scene.session.execute(select(Attempt.paper, Attempt.answers)):
        scores.append(papers.score(pool, paper, answers))
        right.update(qid for qid, shown in paper if papers.score(pool, [[qid, shown]], answers))

    found = analyse(scene)

    stored = scene.session.scalars(select(Attempt.score)).all()
    assert found.attempts == 150
    assert sum(stored) != sum(scores)  # the stale scores were moved, not trusted
    assert round(found.mean_score, 9) == round(sum(scores) / 150, 9)
    assert {q.question_id: q.right for q in found.questions if not q.voided} == {
        qid: right[qid] for qid in pool.questions if not pool.questions[qid].voided}
    assert {q.voided for q in found.questions} == {"", "mark", "drop"}
