"""`thidua analysis items …`: the item analysis page as lines of text, a question a line."""

from typing import Annotated

import typer

from backend.analysis.figures import QuestionFigures
from backend.analysis.items import RoundAnalysis, item_analysis
from backend.commandline import Typer, fail
from backend.config import get_settings
from backend.contests import service as contests
from backend.db import Database
from backend.errors import DomainError
from backend.results.cli import CONTEST
from backend.vnformat import decimal, grouped, percent

analysis_app = Typer(help="Phân tích câu hỏi sau tuần thi: câu quá dễ, quá khó, có thể sai "
                          "đáp án.")

ROUND = typer.Option("--round", metavar="SỐ", help="Tuần thi thứ mấy (1, 2, …)")


def summary(found: RoundAnalysis) -> str:
    basis = found.basis.label
    return (f"{found.round_name}: {grouped(found.attempts)} lượt thi "
            f"({basis[:1].lower()}{basis[1:]}), điểm trung bình {decimal(found.mean_score)}; "
            f"{found.flagged}/{len(found.questions)} câu có cảnh báo.")


def question_line(q: QuestionFigures) -> str:
    figures = (q.voided_label if q.voided else
               f"đúng {percent(q.facility)}, độ phân biệt {decimal(q.discrimination)}")
    options = " · ".join(f"{o.letter}{' (đáp án)' if o.correct else ''} {percent(o.share)}"
                         for o in q.options)
    line = (f"Câu {q.number} ({grouped(q.shown)} lượt có câu): {figures}; {options}; "
            f"bỏ trống {grouped(q.blank)}.")
    if q.flags:
        line += " Cảnh báo: " + " ".join(f.text for f in q.flags)
    return f"{line} {q.note}" if q.note else line


@analysis_app.command("items")
def items(contest_id: Annotated[int, CONTEST], round_no: Annotated[int, ROUND]) -> None:
    """In từng câu hỏi của một tuần thi: tỉ lệ đúng, độ phân biệt, tỉ lệ chọn từng phương án
    và cảnh báo; câu có thể sai đáp án in trước."""
    database = Database(get_settings())
    with database.scope(write=False) as session:
        try:
            rounds = contests.rounds_of(session=session, contest_id=contests.get_contest(
                session=session, contest_id=contest_id).id)
        except DomainError as error:
            fail(error.message)
        found = next((r for r in rounds if r.number == round_no), None)
        if found is None:
            fail(f"Cuộc thi {contest_id} không có tuần thi thứ {round_no}.")
        analysis = item_analysis(session=session, contest_id=contest_id, round_id=found.id)
    typer.echo(summary(analysis))
    if not analysis.questions:
        typer.echo("Chưa có lượt thi nào đã nộp hoặc hết giờ để phân tích.")
    for q in analysis.questions:
        typer.echo(question_line(q))
