"""The figures of item analysis, from counts kept by the attempt's score.

For each question the reading (items.py) counts, at every score an attempt can have, how many
attempts had the question on their paper, how many of them got it right, and how many picked
each option. Everything follows from those counts: the share right (facility), the item-rest
point-biserial correlation (the attempt's score less this question, so that a question does
not correlate with itself), and what the top 27 % of those who had the question picked."""

import math
from dataclasses import dataclass, field

from backend.questions.models import LETTERS

EASY_FROM = 0.9  # facility at or above: too easy
HARD_UNTIL = 0.2  # facility at or below: too hard
WEAK_BELOW = 0.2  # discrimination below: separates strong and weak contestants poorly
UPPER_SHARE = 0.27  # the upper group of Kelley's upper-lower method
FEW_ATTEMPTS = 30  # fewer attempts than this had the question: the figures are only a hint
MISKEYED = "có thể sai đáp án"


@dataclass(frozen=True)
class Flag:
    code: str
    text: str

    @property
    def suspect(self) -> bool:
        """Whether the flag says the key itself may be wrong."""
        return MISKEYED in self.text


@dataclass(frozen=True)
class OptionFigures:
    option_id: int
    letter: str
    text: str
    correct: bool
    picks: int
    share: float | None  # of the attempts that had the question
    upper_share: float | None  # of the top 27 % of them


@dataclass(frozen=True)
class QuestionFigures:
    question_id: int
    number: int
    text: str
    voided: str  # "" counts as written; "mark" or "drop" as the organisers ruled
    shown: int
    answered: int
    blank: int
    right: int
    facility: float | None  # None: voided, or no attempt had it
    discrimination: float | None  # None: voided, or no variation to correlate
    options: list[OptionFigures]
    flags: list[Flag] = field(default_factory=list)
    note: str = ""

    @property
    def voided_label(self) -> str:
        return {"mark": "Đã hủy: mọi người có câu này đều được điểm",
                "drop": "Đã hủy: câu này không được tính"}.get(self.voided, "")

    @property
    def suspect(self) -> bool:
        return any(f.suspect for f in self.flags)


class Tally:
    """One question's counts by score: `shown[s]`, `right[s]`, `blank[s]` and, per option
    id, `picks[option][s]` over the attempts scoring `s`."""

    __slots__ = ("blank", "picks", "right", "shown")

    def __init__(self, option_ids, levels: int):
        self.shown = [0] * levels
        self.right = [0] * levels
        self.blank = [0] * levels
        self.picks = {option_id: [0] * levels for option_id in option_ids}


def point_biserial(shown: list[int], right: list[int]) -> float | None:
    """Pearson's r between right (1/0) and the rest of the score, from counts by score; None
    when either does not vary."""
    n = c = sum_y = sum_yy = sum_xy = 0
    for s, (count, good) in enumerate(zip(shown, right, strict=True)):
        if count:
            n += count
            c += good
            sum_y += count * s - good
            sum_yy += (count - good) * s * s + good * (s - 1) * (s - 1)
            sum_xy += good * (s - 1)
    spread = (n * c - c * c) * (n * sum_yy - sum_y * sum_y)
    if spread <= 0:
        return None
    return (n * sum_xy - c * sum_y) / math.sqrt(spread)


def upper_weights(shown: list[int]) -> tuple[list[float], float]:
    """How much of each score's attempts belongs to the top 27 % (a score straddling the
    line counts in part, so that ties do not make the group larger), and the group's size."""
    size = UPPER_SHARE * sum(shown)
    weights = [0.0] * len(shown)
    taken = 0.0
    for s in range(len(shown) - 1, -1, -1):
        if taken >= size:
            break
        if shown[s]:
            part = min(1.0, (size - taken) / shown[s])
            weights[s] = part
            taken += part * shown[s]
    return weights, size


def question_figures(*, question, number: int, tally: Tally) -> QuestionFigures:
    """The figures and flags of one question (`question` as the pool holds it)."""
    shown = sum(tally.shown)
    right = sum(tally.right)
    blank = sum(tally.blank)
    weights, upper = upper_weights(tally.shown)
    options = []
    for position, (option_id, text) in enumerate(question.options.items()):
        levels = tally.picks[option_id]
        picks = sum(levels)
        upper_picks = sum(w * p for w, p in zip(weights, levels, strict=True) if w)
        options.append(OptionFigures(
            option_id, LETTERS[position], text, option_id in question.correct, picks,
            picks / shown if shown else None, upper_picks / upper if upper else None))
    counts = {"question_id": question.id, "number": number, "text": question.text,
              "voided": question.voided, "shown": shown, "answered": shown - blank,
              "blank": blank, "options": options}
    if question.voided or not shown:
        return QuestionFigures(**counts, right=0, facility=None, discrimination=None)
    facility = right / shown
    discrimination = point_biserial(tally.shown, tally.right)
    note = (f"Chỉ {shown} lượt thi có câu này: các chỉ số mới chỉ là gợi ý."
            if shown < FEW_ATTEMPTS else "")
    return QuestionFigures(**counts, right=right, facility=facility,
                           discrimination=discrimination,
                           flags=flags(facility, discrimination, options), note=note)


def flags(facility: float, discrimination: float | None,
          options: list[OptionFigures]) -> list[Flag]:
    """What an organiser should look at, in plain words."""
    found = []
    if discrimination is not None and discrimination < 0:
        found.append(Flag("negative_discrimination", (
            "Độ phân biệt âm: người làm tốt cả bài lại hay sai câu này, "
            f"{MISKEYED}.")))
    better = _wrong_above_key(options)
    if better:
        found.append(Flag("distractor_above_key", (
            f"Nhóm 27% điểm cao nhất chọn phương án {better} nhiều hơn đáp án, "
            f"{MISKEYED}.")))
    if facility >= EASY_FROM:
        found.append(Flag("too_easy", "Quá dễ: gần như ai cũng trả lời đúng."))
    if facility <= HARD_UNTIL:
        found.append(Flag("too_hard", "Quá khó: rất ít người trả lời đúng."))
    if discrimination is not None and 0 <= discrimination < WEAK_BELOW:
        found.append(Flag("weak_discrimination", (
            "Độ phân biệt yếu: câu này chưa tách được người nắm vững với người chưa nắm "
            "vững.")))
    return found


def _wrong_above_key(options: list[OptionFigures]) -> str:
    """The wrong options the upper group picked more than the least picked correct one."""
    keyed = [o.upper_share for o in options if o.correct and o.upper_share is not None]
    if not keyed:
        return ""
    # A hair of tolerance: shares of tied counts may differ in the last float digit.
    return ", ".join(o.letter for o in options if not o.correct and o.upper_share is not None
                     and o.upper_share > min(keyed) + 1e-9)
