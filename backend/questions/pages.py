"""Question bank pages for organisers: list and filter, import, add, edit, retire, preview."""

from typing import Annotated
from urllib.parse import parse_qsl, urlencode

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from pydantic import BaseModel, Field

from backend.contests import service as contests
from backend.contests.deps import ContestManager, ManagedContest
from backend.deps import Id, Now, PageNumber, ReadSessionDep, SessionDep
from backend.errors import DomainError, InvalidInput
from backend.questions import importer, service
from backend.questions.models import LETTERS, Difficulty
from backend.web import redirect, render

router = APIRouter(prefix="/quan-ly/cuoc-thi/{contest_id}/cau-hoi", include_in_schema=False)
PAGE_SIZE = 50
FILTERS = ("q", "topic", "difficulty", "status", "page")
QUOTA_ROWS = 4


def _base(contest) -> str:
    return f"/quan-ly/cuoc-thi/{contest.id}/cau-hoi"


def _difficulty(value: str) -> Difficulty | None:
    return Difficulty(value) if value in {d.value for d in Difficulty} else None


def _count_table(counts: list[service.StratumCount]) -> dict:
    """Counts as rows per topic with one column per difficulty, plus totals."""
    rows: dict[str, dict] = {}
    for c in counts:
        row = rows.setdefault(c.topic, {"topic": c.topic, "total": 0})
        row[c.difficulty.value] = c.count
        row["total"] += c.count
    totals = {d.value: sum(c.count for c in counts if c.difficulty == d) for d in Difficulty}
    return {"rows": list(rows.values()), "totals": totals,
            "total": sum(c.count for c in counts)}


@router.get("")
def bank_page(request: Request, contest: ManagedContest, session: SessionDep, q: str = "",
              topic: str = "", difficulty: str = "", status: str = "", page: PageNumber = 1):
    active = {"dang-dung": True, "ngung-su-dung": False}.get(status)
    found = service.list_questions(session=session, contest_id=contest.id, query=q,
                                   topic=topic or None, difficulty=_difficulty(difficulty),
                                   active=active)
    pages = max(1, -(-len(found) // PAGE_SIZE))
    page = min(max(page, 1), pages)
    counts = service.bank_counts(session=session, contest_id=contest.id)
    return render(request, "questions/list.html", {
        "contest": contest, "base": _base(contest), "found": len(found),
        "questions": found[(page - 1) * PAGE_SIZE:page * PAGE_SIZE], "page": page,
        "pages": pages, "filters": {"q": q, "topic": topic, "difficulty": difficulty,
                                    "status": status},
        "back": request.url.query, "counts": _count_table(counts),
        "topics": sorted(service.topic_spellings(session=session, contest_id=contest.id)
                         .values()),
        "difficulties": list(Difficulty),
        "locked": contests.contest_has_attempts(session=session, contest_id=contest.id),
    })


def _back_to_list(request: Request, contest, back: str, **flags) -> object:
    kept = [(k, v) for k, v in parse_qsl(back) if k in FILTERS]
    query = urlencode(kept + list(flags.items()))
    return redirect(f"{_base(contest)}?{query}", request)


@router.get("/nhap")
def import_page(request: Request, contest: ManagedContest, session: SessionDep):
    return render(request, "questions/import.html", _import_context(session, contest))


def _import_context(session, contest, **extra) -> dict:
    return {"contest": contest, "base": _base(contest), "letters": LETTERS,
            "locked": contests.contest_has_attempts(session=session, contest_id=contest.id),
            **extra}


@router.post("/nhap")
def import_file(request: Request, contest_id: Id, user: ContestManager, read: ReadSessionDep,
                session: SessionDep, now: Now, file: Annotated[UploadFile, File()]):
    # Loaded on the read session: the import holds no write lock until its rows are written.
    contest = contests.get_contest(session=read, contest_id=contest_id)
    name = file.filename or "tệp tải lên"
    try:
        summary = importer.import_questions(read=read, write=session, contest_id=contest.id,
                                            data=file.file.read(), filename=name,
                                            actor_id=user.id, now=now)
    except DomainError as failure:
        return render(request, "questions/import.html", _import_context(
            read, contest, error=failure.message, problems=getattr(failure, "problems", [])),
            status_code=failure.status_code)
    return render(request, "questions/import.html",
                  _import_context(read, contest, summary=summary, filename=name))


def _form_context(session, contest, *, action: str, form: dict, **extra) -> dict:
    return {"contest": contest, "base": _base(contest), "action": action, "form": form,
            "letters": LETTERS, "difficulties": list(Difficulty),
            "topics": sorted(service.topic_spellings(session=session, contest_id=contest.id)
                             .values()), **extra}


def _form_values(bank: service.BankQuestion | None = None) -> dict:
    if bank is None:
        return {"text": "", "options": [""] * 6, "correct": [], "topic": "",
                "difficulty": Difficulty.MEDIUM.value}
    q = bank.question
    options = [o.text for o in bank.options]
    return {"text": q.text, "options": options + [""] * (6 - len(options)),
            "correct": bank.correct_letters, "topic": q.topic, "difficulty": q.difficulty.value}


class QuestionForm(BaseModel):
    text: str = Field(default="", max_length=service.MAX_TEXT)
    options: list[str] = Field(default_factory=list, max_length=6)
    correct: list[str] = Field(default_factory=list, max_length=6)
    topic: str = ""
    difficulty: str = ""


class PreviewQuery(BaseModel):
    question_count: str = ""
    quota_topic: list[str] = Field(default_factory=list)
    quota_difficulty: list[str] = Field(default_factory=list)
    quota_count: list[str] = Field(default_factory=list)


def _submitted(body: QuestionForm) -> dict:
    return {**body.model_dump(), "options": body.options + [""] * (6 - len(body.options))}


def _draft(form: dict) -> service.QuestionDraft:
    return service.QuestionDraft(
        text=form["text"], options=form["options"],
        correct=service.answer_positions(form["correct"]), topic=form["topic"],
        difficulty=_difficulty(form["difficulty"]) or Difficulty.MEDIUM)


@router.get("/them")
def add_page(request: Request, contest: ManagedContest, session: SessionDep):
    return render(request, "questions/form.html", _form_context(
        session, contest, action=f"{_base(contest)}/them", form=_form_values()))


@router.post("/them")
def add(request: Request, contest: ManagedContest, user: ContestManager, session: SessionDep,
        now: Now, body: Annotated[QuestionForm, Form()]):
    form = _submitted(body)
    try:
        bank = service.add_question(session=session, contest=contest, draft=_draft(form),
                                    actor_id=user.id, now=now)
    except DomainError as failure:
        return render(request, "questions/form.html", _form_context(
            session, contest, action=f"{_base(contest)}/them", form=form,
            error=failure.message), status_code=failure.status_code)
    return redirect(f"{_base(contest)}?da_them={bank.question.number}", request)


@router.get("/xem-thu")
def preview_page(request: Request, contest: ManagedContest, session: SessionDep,
                 asked: Annotated[PreviewQuery, Query()]):
    question_count = asked.question_count
    rows = list(zip(asked.quota_topic, asked.quota_difficulty, asked.quota_count, strict=False))
    rows += [("", "", "")] * max(0, QUOTA_ROWS - len(rows))
    context = {"contest": contest, "base": _base(contest), "question_count": question_count,
               "quota_rows": rows, "difficulties": list(Difficulty), "letters": LETTERS,
               "counts": _count_table(service.bank_counts(session=session,
                                                          contest_id=contest.id)),
               "topics": sorted(service.topic_spellings(session=session, contest_id=contest.id)
                                .values())}
    if not question_count.strip():
        return render(request, "questions/preview.html", context)
    try:
        count, quotas = _preview_numbers(question_count, rows)
        context["paper"] = service.preview_paper(session=session, contest=contest,
                                                 question_count=count, quotas=quotas)
    except DomainError as failure:
        return render(request, "questions/preview.html", {**context, "error": failure.message},
                      status_code=failure.status_code)
    return render(request, "questions/preview.html", context)


def _preview_numbers(question_count: str, rows) -> tuple[int, list[tuple[str, str, int]]]:
    try:
        count = int(question_count)
        quotas = [(topic, difficulty if _difficulty(difficulty) else "", int(number))
                  for topic, difficulty, number in rows if number.strip()]
    except ValueError:
        raise InvalidInput("Số câu phải là số nguyên.") from None
    return count, quotas


@router.get("/{question_id}/sua")
def edit_page(request: Request, question_id: Id, contest: ManagedContest, session: SessionDep):
    bank = service.get_question(session=session, contest_id=contest.id, question_id=question_id)
    return render(request, "questions/form.html", _form_context(
        session, contest, action=f"{_base(contest)}/{question_id}/sua", form=_form_values(bank),
        question=bank.question,
        locked=contests.contest_has_attempts(session=session, contest_id=contest.id)))


@router.post("/{question_id}/sua")
def edit(request: Request, question_id: Id, contest: ManagedContest, user: ContestManager,
         session: SessionDep, now: Now, body: Annotated[QuestionForm, Form()]):
    bank = service.get_question(session=session, contest_id=contest.id, question_id=question_id)
    form = _submitted(body)
    try:
        service.edit_question(session=session, contest=contest, question_id=question_id,
                              draft=_draft(form), actor_id=user.id, now=now)
    except DomainError as failure:
        return render(request, "questions/form.html", _form_context(
            session, contest, action=f"{_base(contest)}/{question_id}/sua", form=form,
            question=bank.question, error=failure.message), status_code=failure.status_code)
    return redirect(f"{_base(contest)}?da_sua={bank.question.number}", request)


@router.post("/{question_id}/ngung-su-dung")
def retire(request: Request, question_id: Id, contest: ManagedContest, user: ContestManager,
           session: SessionDep, now: Now, back: Annotated[str, Form()] = ""):
    bank = service.retire_question(session=session, contest=contest, question_id=question_id,
                                   actor_id=user.id, now=now)
    return _back_to_list(request, contest, back, ngung=bank.question.number)


@router.post("/{question_id}/su-dung-lai")
def reactivate(request: Request, question_id: Id, contest: ManagedContest,
               user: ContestManager, session: SessionDep, now: Now,
               back: Annotated[str, Form()] = ""):
    bank = service.reactivate_question(session=session, contest=contest,
                                       question_id=question_id, actor_id=user.id, now=now)
    return _back_to_list(request, contest, back, dung_lai=bank.question.number)
