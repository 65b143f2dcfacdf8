"""Organiser pages for faulty questions: choose how to rule on a question of the bank, see
what the ruling changed, and the contest's rulings with who, when and why."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from pydantic import BaseModel, Field

from backend.deps import Id, Now, PageNumber, ReadSessionDep, SessionDep
from backend.errors import DomainError, InvalidInput
from backend.questions import service as questions
from backend.results import ruling_views as views
from backend.results import rulings
from backend.results.deps import ResultsContest, ResultsManager
from backend.results.models import RulingKind
from backend.web import render

router = APIRouter(prefix="/quan-ly/cuoc-thi/{contest_id}/cau-hoi-loi", include_in_schema=False)
PAGE_SIZE = 100
CHOICES = [
    (RulingKind.VOID_MARK.value, "Hủy câu hỏi — mọi người đều được điểm",
     "Ai có câu này trong đề đều được tính là trả lời đúng, kể cả người bỏ trống."),
    (RulingKind.VOID_DROP.value, "Hủy câu hỏi — không tính câu này",
     "Câu này không được tính nữa: điểm tối đa của đề bớt một câu, ai đã trả lời đúng câu này "
     "bị bớt một điểm."),
    (RulingKind.REKEY.value, "Sửa đáp án đúng",
     "Chấm lại theo các phương án đúng bạn chọn dưới đây."),
]


class RulingForm(BaseModel):
    kind: str = ""
    correct: list[Id] = Field(default_factory=list, max_length=6)
    reason: str = Field(default="", max_length=rulings.MAX_REASON)
    confirmed: bool = False


def _base(contest) -> str:
    return f"/quan-ly/cuoc-thi/{contest.id}/cau-hoi-loi"


@router.get("")
def rulings_page(request: Request, contest: ResultsContest, session: SessionDep):
    return render(request, "results/rulings.html", {
        "contest": contest, "base": _base(contest),
        "rows": views.rulings_of(session=session, contest_id=contest.id)})


def _form(request: Request, session, contest, question_id: int, *, form: dict | None = None,
          error: str = "", notice: str = "", status_code: int = 200):
    bank = questions.get_question(session=session, contest_id=contest.id,
                                  question_id=question_id)
    form = form or {"kind": "", "reason": "",
                    "correct": [o.id for o in bank.options if o.is_correct]}
    return render(request, "results/rulings_form.html", {
        "contest": contest, "base": _base(contest), "bank": bank, "choices": CHOICES,
        "form": form, "error": error, "notice": notice, "earlier": views.rulings_of(
            session=session, contest_id=contest.id, question_id=question_id)},
        status_code=status_code)


@router.get("/cau/{question_id}")
def ruling_form(request: Request, question_id: Id, contest: ResultsContest,
                session: SessionDep):
    return _form(request, session, contest, question_id)


@router.post("/cau/{question_id}")
def rule(request: Request, question_id: Id, contest: ResultsContest, user: ResultsManager,
         read: ReadSessionDep, session: SessionDep, now: Now,
         body: Annotated[RulingForm, Form()]):
    try:
        outcome = _ruled(body, read=read, write=session, contest_id=contest.id,
                         question_id=question_id, actor_id=user.id, now=now)
    except DomainError as failure:
        return _form(request, read, contest, question_id, form=body.model_dump(),
                     error=failure.message, status_code=failure.status_code)
    if outcome.ruling is None:
        return _form(request, read, contest, question_id, notice=(
            "Câu hỏi đã đúng như cách xử lý bạn chọn nên không có gì thay đổi."))
    row = views.get_ruling(session=read, contest_id=contest.id, ruling_id=outcome.ruling.id)
    return _result(request, read, contest, row, outcome=outcome, page=1)


def _ruled(body: RulingForm, **arguments) -> rulings.RulingOutcome:
    if not body.confirmed:
        raise InvalidInput("Hãy đánh dấu ô xác nhận trước khi xử lý câu hỏi.")
    if body.kind == RulingKind.REKEY:
        return rulings.rekey_question(correct_option_ids=body.correct, reason=body.reason,
                                      **arguments)
    if body.kind in (RulingKind.VOID_MARK, RulingKind.VOID_DROP):
        return rulings.void_question(drop=body.kind == RulingKind.VOID_DROP,
                                     reason=body.reason, **arguments)
    raise InvalidInput("Hãy chọn cách xử lý câu hỏi: hủy cho mọi người được điểm, hủy không "
                       "tính câu này, hoặc sửa đáp án đúng.")


@router.get("/{ruling_id}")
def ruling_page(request: Request, ruling_id: Id, contest: ResultsContest, session: SessionDep,
                page: PageNumber = 1):
    row = views.get_ruling(session=session, contest_id=contest.id, ruling_id=ruling_id)
    return _result(request, session, contest, row, outcome=None, page=page)


def _result(request: Request, session, contest, row: views.RulingRow, *, outcome, page: int):
    changes = row.ruling.changes
    pages = max(1, -(-len(changes) // PAGE_SIZE))
    page = min(page, pages)
    shown = changes[(page - 1) * PAGE_SIZE:page * PAGE_SIZE]
    return render(request, "results/rulings_result.html", {
        "contest": contest, "base": _base(contest), "row": row, "outcome": outcome,
        "page": page, "pages": pages, "total": len(changes),
        "changes": views.named_changes(session=session, contest_id=contest.id,
                                       changes=shown)})
