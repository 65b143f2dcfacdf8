"""A judge's points checked against the rubric: every criterion present, each from 0 to its
maximum in steps of half a point."""

import math
from collections.abc import Mapping, Sequence

from backend.errors import InvalidInput
from backend.judging.assignment import Criterion, points_text

MAX_REASON = 500


def checked_points(points: Mapping, criteria: Sequence[Criterion]) -> dict[str, float]:
    """criterion id (text) -> points, in the rubric's order, or InvalidInput saying which
    criterion is wrong and what it accepts."""
    given = {str(key): value for key, value in points.items()}
    unknown = set(given) - {str(c.id) for c in criteria}
    if unknown:
        raise InvalidInput("Bảng điểm có tiêu chí không thuộc thang điểm của cuộc thi; hãy tải "
                           "lại trang chấm rồi nhập lại.")
    checked = {}
    for criterion in criteria:
        value = given.get(str(criterion.id))
        if value is None or value == "":
            raise InvalidInput(f"Hãy cho điểm tiêu chí “{criterion.name}”.")
        try:
            number = float(str(value).strip().replace(",", "."))
        except ValueError:
            number = math.nan
        if not math.isfinite(number) or not 0 <= number <= criterion.max_points or (
                not (number * 2).is_integer()):
            raise InvalidInput(f"Điểm tiêu chí “{criterion.name}” phải từ 0 đến "
                               f"{criterion.max_points}, chẵn hoặc lẻ nửa điểm (ví dụ 7 hoặc "
                               "7,5).")
        checked[str(criterion.id)] = int(number) if number.is_integer() else number
    return checked


def total_of(points: Mapping[str, float]) -> float:
    return sum(points.values())


def describe(points: Mapping[str, float], criteria: Sequence[Criterion]) -> str:
    """"Nội dung 40, Tính thực tiễn 15, …" for a history line."""
    return ", ".join(f"{c.name} {points_text(points.get(str(c.id), 0))}" for c in criteria)
