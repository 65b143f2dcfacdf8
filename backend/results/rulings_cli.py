"""`thidua results rulings …`: faulty questions from the command line, as the rulings page
handles them. Questions are named by their number in the bank, options by their letters."""

from typing import Annotated

import typer
from sqlalchemy import select

from backend.clock import utcnow
from backend.commandline import Typer, fail
from backend.config import get_settings
from backend.db import Database
from backend.errors import DomainError, InvalidInput
from backend.questions import service as questions
from backend.questions.models import Question
from backend.results import ruling_views as views
from backend.results import rulings
from backend.results.cli import CONTEST, when
from backend.vnformat import grouped

rulings_app = Typer(help="Câu hỏi lỗi: hủy câu hỏi hoặc sửa đáp án, chấm lại và xếp hạng lại.")

QUESTION = typer.Option("--question", metavar="SỐ", help="Số thứ tự câu hỏi trong ngân hàng")
REASON = typer.Option("--reason", metavar="LÝ_DO", help="Lý do, lưu cùng quyết định (bắt buộc)")


def _question_id(session, contest_id: int, number: int) -> int:
    found = session.execute(select(Question.id).where(
        Question.contest_id == contest_id, Question.number == number)).scalar()
    if found is None:
        fail(f"Ngân hàng câu hỏi của cuộc thi {contest_id} không có câu số {number}.")
    return found


def _rule(contest_id: int, number: int, decide) -> None:
    database = Database(get_settings())
    with database.scope(write=False) as read, database.scope() as write:
        try:
            question_id = _question_id(read, contest_id, number)
            outcome = decide(read, write, question_id)
        except DomainError as error:
            fail(f"Câu số {number}: {error.message}")
    if not outcome.changed:
        typer.echo(f"Câu số {number} đã được xử lý như vậy; không có điểm nào thay đổi.")
        return
    typer.echo(f"Câu số {number}: {outcome.ruling.kind.label.lower()}. Đã chấm lại "
               f"{grouped(outcome.rescored)} lượt thi, {grouped(len(outcome.changes))} điểm "
               "thay đổi.")
    for board in outcome.boards:
        said = (f"không xếp hạng lại được: {board.problem}" if board.problem
                else f"xếp hạng lại, {grouped(board.moved)} thí sinh thay đổi hạng, điểm hoặc "
                     "giải" if board.changed else "thứ hạng không thay đổi")
        typer.echo(f"  {board.name}: {said}.")


@rulings_app.command("void")
def void(contest_id: Annotated[int, CONTEST], number: Annotated[int, QUESTION],
         reason: Annotated[str, REASON] = "",
         drop: Annotated[bool, typer.Option(
             "--drop", help="Không tính điểm câu này (mặc định: mọi thí sinh được điểm)")] = False,
         ) -> None:
    """Hủy một câu hỏi: mọi thí sinh có câu này được điểm, hoặc (--drop) câu này không tính."""
    _rule(contest_id, number, lambda read, write, question_id: rulings.void_question(
        read=read, write=write, contest_id=contest_id, question_id=question_id, drop=drop,
        reason=reason, actor_id=None, now=utcnow()))


@rulings_app.command("rekey")
def rekey(contest_id: Annotated[int, CONTEST], number: Annotated[int, QUESTION],
          correct: Annotated[str, typer.Option(
              "--correct", metavar="CHỮ_CÁI", help="Phương án đúng, ví dụ: B hoặc \"A, C\"")],
          reason: Annotated[str, REASON] = "") -> None:
    """Sửa đáp án một câu hỏi; các lượt thi đã nộp được chấm lại."""
    def decide(read, write, question_id):
        options = questions.get_question(session=read, contest_id=contest_id,
                                         question_id=question_id).options
        positions = questions.answer_positions([correct])
        if any(p >= len(options) for p in positions):
            raise InvalidInput(f"câu hỏi chỉ có {len(options)} phương án, từ A đến "
                               f"{options[-1].letter}.")
        return rulings.rekey_question(
            read=read, write=write, contest_id=contest_id, question_id=question_id,
            correct_option_ids=[o.id for o in options if o.position in positions],
            reason=reason, actor_id=None, now=utcnow())
    _rule(contest_id, number, decide)


@rulings_app.command("list")
def list_rulings(contest_id: Annotated[int, CONTEST]) -> None:
    """Liệt kê các quyết định xử lý câu hỏi lỗi, mới nhất trước."""
    database = Database(get_settings())
    with database.scope(write=False) as session:
        rows = views.rulings_of(session=session, contest_id=contest_id)
        if not rows:
            typer.echo("Cuộc thi chưa có quyết định xử lý câu hỏi lỗi nào.")
        for row in rows:
            r = row.ruling
            who = row.actor or "dòng lệnh"
            typer.echo(f"{when(r.at)} · Câu số {row.number}: {r.kind.label} ({who}). "
                       f"Lý do: {r.reason}. Chấm lại {grouped(r.rescored)} lượt, "
                       f"{grouped(len(r.changes))} điểm thay đổi.")
