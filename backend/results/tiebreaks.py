"""The tie-break keys a round may chain, each with the plain Vietnamese that the rules page
and every leaderboard print, and the one sort key the chain makes."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from backend.errors import InvalidInput

NO_VALUE = float("inf")


@dataclass(frozen=True)
class TieBreak:
    key: str
    label: str  # as a step of the chain: "điểm cao hơn xếp trên"
    value: Callable[[Any], Any]  # smaller sorts first


TIE_BREAKS = {t.key: t for t in [
    TieBreak("score", "điểm cao hơn xếp trên", lambda c: -c.score),
    TieBreak("prediction", "dự đoán gần với con số thực tế hơn xếp trên (không dự đoán xếp sau)",
             lambda c: NO_VALUE if c.distance is None else c.distance),
    TieBreak("duration", "thời gian làm bài ngắn hơn xếp trên", lambda c: c.duration_ms),
    TieBreak("submitted", "nộp bài sớm hơn xếp trên", lambda c: c.submitted_at),
    TieBreak("started", "bắt đầu làm bài sớm hơn xếp trên", lambda c: c.started_at),
    TieBreak("has_prediction", "thí sinh không trả lời câu dự đoán xếp sau",
             lambda c: c.prediction is None),
]}


def checked_chain(keys: list[str]) -> list[str]:
    """A chain as given, refused when it names an unknown key, repeats one or is empty."""
    unknown = [k for k in keys if k not in TIE_BREAKS]
    if unknown:
        known = ", ".join(TIE_BREAKS)
        raise InvalidInput(
            f"Tiêu chí xếp hạng không có: {', '.join(map(str, unknown))}. Các tiêu chí dùng "
            f"được: {known}.")
    if not keys:
        raise InvalidInput("Cần ít nhất một tiêu chí xếp hạng, ví dụ điểm (score).")
    if len(set(keys)) != len(keys):
        raise InvalidInput("Mỗi tiêu chí xếp hạng chỉ được nêu một lần.")
    return list(keys)


def sort_key(chain: list[str]) -> Callable[[Any], tuple]:
    steps = [TIE_BREAKS[k].value for k in chain]
    return lambda c: tuple([step(c) for step in steps])


def described(chain: list[str]) -> str:
    """The chain in one sentence: "Xếp theo thứ tự: điểm cao hơn xếp trên; nếu bằng nhau, …"."""
    steps = [TIE_BREAKS[k].label for k in chain if k in TIE_BREAKS]
    text = "Xếp hạng theo: " + steps[0] if steps else ""
    for step in steps[1:]:
        text += "; nếu vẫn bằng nhau, " + step
    return (text + ". Chỉ những người bằng nhau ở mọi tiêu chí mới đồng hạng.") if text else ""
