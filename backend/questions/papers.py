"""Drawing a paper from the bank, showing it without the key, and scoring it."""

import random
from collections.abc import Container, Mapping

from backend.errors import Conflict
from backend.questions.models import DIFFICULTY_LABELS, Difficulty
from backend.questions.pool import Pool

# Papers must not be predictable from earlier ones.
_random = random.SystemRandom()


def draw_paper(pool: Pool, *, question_count: int,
               quotas: list[tuple[str, str, int]], rng: random.Random = _random) -> list[list]:
    """Pick the questions of one attempt (stratified by the round's quotas, so every paper is
    equally hard) and shuffle their order and each question's options."""
    taken: set[int] = set()
    picked: list[int] = []
    # Narrow quotas first, so that "any topic" quotas cannot use up what they need.
    for topic, difficulty, count in sorted(quotas or [("", "", question_count)],
                                           key=lambda q: (not q[0], not q[1])):
        available = [qid for qid in pool.candidates(topic, difficulty) if qid not in taken]
        if len(available) < count:
            raise Conflict(
                f"Ngân hàng câu hỏi chỉ còn {len(available)} câu {_stratum(topic, difficulty)} "
                f"đang dùng, cần {count}. Ban tổ chức cần bổ sung câu hỏi hoặc sửa cơ cấu đề.",
                code="bank_too_small")
        chosen = rng.sample(available, count)
        taken.update(chosen)
        picked.extend(chosen)
    rng.shuffle(picked)
    paper = []
    for qid in picked:
        option_ids = list(pool.questions[qid].options)
        rng.shuffle(option_ids)
        paper.append([qid, option_ids])
    return paper


def _stratum(topic: str, difficulty: str) -> str:
    parts = []
    if topic:
        parts.append(f"chủ đề “{topic}”")
    if difficulty:
        parts.append(f"mức độ {DIFFICULTY_LABELS[Difficulty(difficulty)].lower()}")
    return ", ".join(parts) or "nào"


def public_paper(pool: Pool, paper: list[list]) -> list[dict]:
    """The questions as a contestant sees them: texts and option ids only, never the key."""
    return [
        {"id": qid, "text": pool.questions[qid].text,
         "options": [{"id": oid, "text": pool.questions[qid].options[oid]} for oid in option_ids]}
        for qid, option_ids in paper
    ]


def score(pool: Pool, paper: list[list], answers: Mapping[str, list[int]]) -> int:
    """Questions answered exactly right (with several correct options, all and only those),
    as the organisers' rulings stand: a question voided "mark" counts as right for everyone
    who had it, answered or not; one voided "drop" does not count at all."""
    right = 0
    for qid, _ in paper:
        question = pool.questions[qid]
        answered = frozenset(answers.get(str(qid), ()))
        right += question.voided == "mark" or (
            not question.voided and bool(question.correct) and answered == question.correct)
    return right


def most(paper: list[list], dropped: Container[int]) -> int:
    """The most a paper can score: its questions, less those voided "drop"."""
    return sum(1 for qid, _ in paper if qid not in dropped)
