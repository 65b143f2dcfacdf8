"""A closed round of finished attempts (the results tests' `scene`), and the small round
whose figures the tests compute by hand."""

import pytest
from sqlalchemy import select

from backend.questions.models import LETTERS, QuestionOption
from tests.factories import add_finished_attempt
from tests.results import conftest as results

# The results tests' closed round (`scene`) and its four questions, B correct (`bank`).
scene, bank = results.scene, results.bank

# Six contestants, four questions of four options, B correct in each ("-": left blank).
SIX = ["BBAB", "BBAB", "BBAC", "BCCD", "BABA", "BDD-"]


def sit_sets(scene, contestant, questions: list, choices: list[str], round_=None, **kwargs):
    """A finished attempt in which choices[i] holds the letters picked for questions[i] (""
    for none); right only when exactly the correct options are picked, as the platform
    scores."""
    paper, answers, score = [], {}, 0
    for question, letters in zip(questions, choices, strict=True):
        options = list(scene.session.execute(
            select(QuestionOption).where(QuestionOption.question_id == question.id)
            .order_by(QuestionOption.position)).scalars())
        paper.append([question.id, [o.id for o in options]])
        picked = [options[LETTERS.index(letter)] for letter in letters]
        if picked:
            answers[str(question.id)] = [o.id for o in picked]
        score += bool(picked) and {o.id for o in picked} == {o.id for o in options
                                                              if o.is_correct}
    return add_finished_attempt(scene.session, round_ or scene.round, contestant, score=score,
                                paper=paper, answers=answers, question_count=len(paper),
                                **kwargs)


@pytest.fixture
def six(scene, bank):
    """The round of SIX, sat in order by six contestants."""
    for contestant, letters in zip(scene.contestants(len(SIX)), SIX, strict=True):
        scene.sit(contestant, bank, letters)
    return bank
