"""`thidua commendations nominate`: a source's candidates for a proposal, and adding the ones
named (or all that can be), from the same services the page calls. The command line acts as
the server's operator (an organiser)."""

from typing import Annotated

import typer

from backend.clock import utcnow
from backend.commandline import fail
from backend.commendations import sources
from backend.config import get_settings
from backend.db import Database
from backend.errors import DomainError

ID = {"min": 1, "max": 2**31 - 1}
PROPOSAL = typer.Option("--proposal", metavar="SỐ", help="Mã số danh sách đề nghị", **ID)
SOURCE = typer.Option("--source", metavar="NGUỒN", help=(
    "contest_prize (giải cá nhân cuộc thi trực tuyến), contest_collective (giải tập thể), "
    "writing_prize (giải cuộc thi viết), writing_collective (giải tập thể cuộc thi viết), "
    "movement_entry (mục tiêu biểu phong trào)"))
REF = typer.Option("--ref", metavar="SỐ", help="Mã số cuộc thi, cuộc thi viết hoặc đợt "
                   "phong trào", **ID)
FORM = typer.Option("--form", metavar="SỐ", help="Mã số hình thức khen thưởng", **ID)
KEY = typer.Option("--key", metavar="MÃ", help="Mã thành tích cần thêm (lặp lại được); không "
                   "có --key và --all thì chỉ liệt kê")
ALL = typer.Option("--all", help="Thêm mọi người, tập thể chưa được đề nghị với hình thức này")


def add_nominate_command(app: typer.Typer) -> None:
    @app.command("nominate")
    def nominate(proposal_id: Annotated[int, PROPOSAL], source: Annotated[str, SOURCE],
                 ref: Annotated[int, REF], form_id: Annotated[int, FORM],
                 keys: Annotated[list[str] | None, KEY] = None,
                 every: Annotated[bool, ALL] = False) -> None:
        """Đề nghị khen thưởng người, tập thể đạt giải hoặc tiêu biểu trên nền tảng."""
        database = Database(get_settings())
        with database.scope() as session:
            try:
                found = sources.candidates(session=session, source=source, ref=ref,
                                           actor=None, award_form_id=form_id,
                                           proposal_id=proposal_id)
                if not keys and not every:
                    for c in found:
                        state = f" [{c.already}]" if c.already else ""
                        typer.echo(f"{c.achievement_key}\t{c.name}\t{c.unit_name}\t"
                                   f"{c.achievement}{state}")
                    typer.echo(f"{len(found)} người, tập thể; thêm bằng --key MÃ hoặc --all.")
                    return
                chosen = keys or [c.achievement_key for c in found if c.selectable]
                added = sources.nominate(session=session, proposal_id=proposal_id,
                                         source=source, ref=ref, keys=chosen,
                                         award_form_id=form_id, actor=None, now=utcnow())
            except DomainError as error:
                fail(error.message)
        typer.echo(f"Đã thêm {len(added)} người, tập thể vào danh sách đề nghị số "
                   f"{proposal_id}.")
