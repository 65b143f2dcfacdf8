"""The organiser's form for how a board ranks and awards: the attempt that counts, what the
prediction predicts, how rounds combine, the tie-break chain, the prize table, the cap on
winners and the complaint window."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from pydantic import BaseModel, Field

from backend.deps import Now, SessionDep
from backend.errors import DomainError, InvalidInput
from backend.results import overview, service
from backend.results.deps import ChangedBoard, ResultsContest, ResultsManager, ViewedBoard
from backend.results.models import Combine, CountedAttempt, PredictionTarget, ResultState
from backend.results.tiebreaks import TIE_BREAKS
from backend.web import redirect, render

router = APIRouter(prefix="/quan-ly/cuoc-thi/{contest_id}/ket-qua", include_in_schema=False)
BLANK_PRIZES = 3
MAX_PRIZE_ROWS = 60
TIERS = ["Giải Đặc biệt", "Giải Nhất", "Giải Nhì", "Giải Ba", "Giải Khuyến khích",
         "Giải lan tỏa"]


class RulesForm(BaseModel):
    counted_attempt: str = Field(default="", max_length=40)
    prediction_target: str = Field(default="", max_length=40)
    combine: str = Field(default="", max_length=40)
    tie_break: list[Annotated[str, Field(max_length=40)]] = Field(
        default_factory=list, max_length=len(TIE_BREAKS))
    prize_tier: list[Annotated[str, Field(max_length=200)]] = Field(
        default_factory=list, max_length=MAX_PRIZE_ROWS)
    prize_count: list[Annotated[str, Field(max_length=20)]] = Field(
        default_factory=list, max_length=MAX_PRIZE_ROWS)
    prize_group: list[Annotated[str, Field(max_length=200)]] = Field(
        default_factory=list, max_length=MAX_PRIZE_ROWS)
    max_winner_share: str = Field(default="", max_length=20)
    complaint_days: str = Field(default="", max_length=20)

    @classmethod
    def of(cls, board) -> "RulesForm":
        return cls(
            counted_attempt=board.counted_attempt.value, combine=board.combine.value,
            prediction_target=board.prediction_target.value, tie_break=list(board.tie_breaks),
            prize_tier=[p["tier"] for p in board.prizes],
            prize_count=[str(p["count"]) for p in board.prizes],
            prize_group=[p.get("group", "") for p in board.prizes],
            max_winner_share=str(board.max_winner_share or ""),
            complaint_days=str(board.complaint_days))


def _choice(enum, value: str, what: str, current):
    if not value:
        return current
    try:
        return enum(value)
    except ValueError:
        raise InvalidInput(f"{what} “{value}” không có; hãy chọn trong danh sách.") from None


def _whole(text: str, what: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise InvalidInput(f"{what} phải là một số nguyên.") from None


def _prizes(body: RulesForm) -> list[dict]:
    """The prize rows filled in, in order; a row whose name and number are both empty is
    left out (that is how a prize is removed)."""
    prizes = []
    rows = zip(body.prize_tier, body.prize_count,
               body.prize_group + [""] * len(body.prize_tier), strict=False)
    for number, (tier, count, group) in enumerate(rows, start=1):
        if not tier.strip() and not count.strip():
            continue
        if not tier.strip():
            raise InvalidInput(f"Dòng {number} của cơ cấu giải có số lượng nhưng chưa có tên "
                               "giải; hãy điền tên giải hoặc xóa số lượng.")
        if not count.strip():
            raise InvalidInput(f"Hãy điền số lượng cho “{tier.strip()}” (dòng {number}).")
        prizes.append({"tier": tier, "count": _whole(count, f"Số lượng “{tier.strip()}”"),
                       "group": group})
    return prizes


def _context(session, contest, board, now, form: RulesForm, **extra) -> dict:
    rows = list(zip(form.prize_tier, form.prize_count,
                    form.prize_group + [""] * len(form.prize_tier), strict=False))
    return {"contest": contest, "base": f"/quan-ly/cuoc-thi/{contest.id}/ket-qua",
            "view": overview.board_view(session=session, board=board, now=now), "form": form,
            "prize_rows": rows + [("", "", "")] * BLANK_PRIZES,
            "chain_slots": (form.tie_break + [""] * len(TIE_BREAKS))[:len(TIE_BREAKS)],
            "tie_breaks": TIE_BREAKS.values(), "counted_attempts": list(CountedAttempt),
            "targets": list(PredictionTarget), "combines": list(Combine), "tiers": TIERS,
            "locked": board.state in (ResultState.PROVISIONAL, ResultState.OFFICIAL), **extra}


@router.get("/{board_id}/thiet-lap")
def rules_page(request: Request, contest: ResultsContest, board: ViewedBoard,
               user: ResultsManager, session: SessionDep, now: Now):
    return render(request, "results/manage_board.html",
                  _context(session, contest, board, now, RulesForm.of(board)))


def _rules(body: RulesForm, board) -> dict:
    """The form as update_rules takes it: a round sets its prediction, the overall board how
    rounds combine; what does not apply keeps its value."""
    is_round = board.round_id is not None
    return {
        "counted_attempt": _choice(CountedAttempt, body.counted_attempt,
                                   "Cách chọn lượt thi được tính", board.counted_attempt),
        "prediction_target": _choice(PredictionTarget, body.prediction_target if is_round
                                     else "", "Nội dung câu dự đoán", board.prediction_target),
        "combine": _choice(Combine, "" if is_round else body.combine,
                           "Cách tính kết quả toàn cuộc thi", board.combine),
        "tie_breaks": [key for key in body.tie_break if key], "prizes": _prizes(body),
        "max_winner_share": (_whole(body.max_winner_share, "Tỷ lệ tối đa người đoạt giải")
                             if body.max_winner_share.strip() else None),
        "complaint_days": _whole(body.complaint_days, "Thời hạn khiếu nại")}


@router.post("/{board_id}/thiet-lap")
def save_rules(request: Request, contest: ResultsContest, board: ChangedBoard,
               user: ResultsManager, session: SessionDep, now: Now,
               body: Annotated[RulesForm, Form()]):
    try:
        service.update_rules(session=session, board=board, **_rules(body, board),
                             actor_id=user.id, now=now)
    except DomainError as error:
        session.rollback()
        return render(request, "results/manage_board.html", _context(
            session, contest, board, now, body, error=error.message),
            status_code=error.status_code)
    return redirect(f"/quan-ly/cuoc-thi/{contest.id}/ket-qua/{board.id}/thiet-lap?da_luu=1",
                    request)
