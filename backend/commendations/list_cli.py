"""`thidua commendations export`: a decision's or a proposal's commendation list as the pages
give it, written to a file on the server."""

import os
from pathlib import Path
from typing import Annotated

import typer

from backend.commandline import fail
from backend.commendations import lists, service
from backend.config import get_settings
from backend.db import Database
from backend.errors import DomainError
from backend.vnformat import grouped

ID = {"min": 1, "max": 2**31 - 1, "metavar": "MÃ"}


def add_list_commands(app: typer.Typer) -> None:
    app.command("export")(export)


def export(
    output: Annotated[Path, typer.Option("--output", "-o", metavar="TỆP",
                                         help="Tệp .xlsx sẽ ghi")],
    decision_id: Annotated[int | None, typer.Option(
        "--decision", help="Mã số quyết định: danh sách tập thể, cá nhân được khen", **ID)] = None,
    proposal_id: Annotated[int | None, typer.Option(
        "--proposal", help="Mã số danh sách đề nghị khen thưởng", **ID)] = None,
) -> None:
    """Xuất danh sách khen thưởng của một quyết định, hoặc danh sách đề nghị, theo mẫu."""
    if (decision_id is None) == (proposal_id is None):
        fail("Hãy cho đúng một trong hai: --decision MÃ hoặc --proposal MÃ.")
    if not output.parent.is_dir():
        fail(f"{output}: không có thư mục {output.parent}.")
    partial = output.with_name(f".{output.name}.tmp")
    with Database(get_settings()).scope(write=False) as session:
        try:
            with partial.open("wb") as target:
                if decision_id is not None:
                    decision = service.get_decision(session=session, decision_id=decision_id)
                    rows = lists.write_decision_list(session=session, decision=decision,
                                                     target=target)
                else:
                    proposal = service.get_proposal(session=session, proposal_id=proposal_id,
                                                    actor=None)
                    rows = lists.write_proposal_list(session=session, proposal=proposal,
                                                     target=target)
        except DomainError as error:
            partial.unlink(missing_ok=True)
            fail(error.message)
        except OSError as error:
            partial.unlink(missing_ok=True)
            fail(f"{output}: không ghi được tệp ({error.strerror}).")
    os.replace(partial, output)
    typer.echo(f"Đã ghi {output} ({grouped(rows)} dòng).")
