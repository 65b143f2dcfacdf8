"""`thidua commendations …`: award forms, proposals, submitting one, and recording a decision
over whole submitted proposals, from the same services the pages call. The command line acts
as the server's operator (an organiser)."""

import datetime as dt
from typing import Annotated

import typer

from backend.clock import utcnow
from backend.commandline import fail
from backend.commendations import queries, service
from backend.commendations.models import AwardKind
from backend.config import get_settings
from backend.db import Database
from backend.errors import DomainError
from backend.vnformat import grouped

PROPOSAL = typer.Option("--proposal", metavar="MÃ_DANH_SÁCH", min=1, max=2**31 - 1,
                        help="Mã số danh sách đề nghị (số trong địa chỉ trang)")


def add_commendation_commands(app: typer.Typer) -> None:
    """The commendation commands, added to `thidua commendations`."""
    app.command("forms")(list_forms)
    app.command("add-form")(add_form)
    app.command("proposals")(list_proposals)
    app.command("submit")(submit)
    app.command("decide")(decide)
    app.command("decisions")(list_decisions)


def list_forms() -> None:
    """Liệt kê các hình thức khen thưởng (cả hình thức đã ngừng dùng)."""
    with Database(get_settings()).scope(write=False) as session:
        for form in service.award_forms(session=session, active_only=False):
            state = "" if form.is_active else " (đã ngừng dùng)"
            typer.echo(f"{form.id}. {form.name} — {form.kind.label}, cấp khen "
                       f"{form.issuing_level}{state}")


def add_form(
    kind: Annotated[str, typer.Option("--kind", metavar="LOẠI", help=(
        "bang_khen (Bằng khen), giay_khen (Giấy khen) hoặc khac (hình thức khác)"))],
    name: Annotated[str, typer.Option("--name", metavar="TÊN",
                                      help="Tên hình thức, như ghi trên danh sách")],
    issuing_level: Annotated[str, typer.Option("--issuing-level", metavar="CẤP_KHEN",
                                               help="Cấp khen, ví dụ Ban Dân vận Thành ủy")],
) -> None:
    """Thêm một hình thức khen thưởng."""
    with Database(get_settings()).scope() as session:
        try:
            form = service.add_award_form(session=session, kind=kind, name=name,
                                          issuing_level=issuing_level)
        except DomainError as error:
            fail(error.message)
        typer.echo(f"Đã thêm hình thức số {form.id}: {form.name} "
                   f"({AwardKind(form.kind).label}).")


def list_proposals(year: Annotated[int | None, typer.Option(
        "--year", metavar="NĂM", min=2000, max=2100, help="Chỉ danh sách của năm này")] = None,
                   ) -> None:
    """Liệt kê các danh sách đề nghị khen thưởng: năm, đơn vị, trạng thái, số được đề nghị."""
    with Database(get_settings()).scope(write=False) as session:
        found = queries.proposal_lines(session=session, within=None, year=year)
        if not found.lines:
            typer.echo("Chưa có danh sách đề nghị nào.")
        for line in found.lines:
            p, counts = line.proposal, line.counts
            typer.echo(f"{p.id}. [{p.year}] {p.title} — {line.unit_name or 'Ban tổ chức'}, "
                       f"{p.status.label}: {grouped(counts.collectives)} tập thể, "
                       f"{grouped(counts.individuals)} cá nhân, đã khen "
                       f"{grouped(counts.awarded)}.")


def submit(proposal_id: Annotated[int, PROPOSAL]) -> None:
    """Gửi một danh sách đề nghị lên để ra quyết định khen thưởng."""
    with Database(get_settings()).scope() as session:
        try:
            proposal = service.submit_proposal(session=session, proposal_id=proposal_id,
                                               actor=None, now=utcnow())
        except DomainError as error:
            fail(error.message)
        typer.echo(f"Đã gửi danh sách “{proposal.title}”.")


def decide(
    number: Annotated[str, typer.Option("--number", metavar="SỐ", help=(
        "Số quyết định: gõ 127 thành số theo mẫu của Ban tổ chức (127-QĐ/BDVTU)"))],
    signed: Annotated[str, typer.Option("--date", metavar="NGÀY", help=(
        "Ngày ký, dạng năm-tháng-ngày (2023-10-15)"))],
    title: Annotated[str, typer.Option("--title", metavar="TRÍCH_YẾU",
                                       help="Trích yếu: Về việc khen thưởng …")],
    signer_name: Annotated[str, typer.Option("--signer-name", metavar="HỌ_TÊN",
                                             help="Họ và tên người ký")],
    signer_title: Annotated[str, typer.Option("--signer-title", metavar="CHỨC_VỤ",
                                              help="Chức vụ người ký, ví dụ TRƯỞNG BAN")],
    proposal_ids: Annotated[list[int], PROPOSAL],
    issuing_body: Annotated[str, typer.Option("--issuing-body", metavar="CƠ_QUAN",
                                              help="Cơ quan ban hành")] = "",
) -> None:
    """Ghi quyết định khen thưởng mọi người chưa được khen của các danh sách đã gửi."""
    try:
        signed_date = dt.date.fromisoformat(signed.strip())
    except ValueError:
        fail(f"Ngày ký “{signed}” chưa đúng; ghi dạng năm-tháng-ngày, ví dụ 2023-10-15.")
    data = service.DecisionData(number=number, signed_date=signed_date, title=title,
                                signer_name=signer_name, signer_title=signer_title,
                                issuing_body=issuing_body)
    with Database(get_settings()).scope() as session:
        try:
            ids = service.awardable_of(session=session, proposal_ids=proposal_ids)
            decision = service.issue_decision(session=session, data=data, nominee_ids=ids,
                                              actor=None, now=utcnow())
        except DomainError as error:
            fail(error.message)
        counts = queries.decision_counts(session=session, decision_id=decision.id)
        typer.echo(f"Đã ghi Quyết định số {decision.number}: khen "
                   f"{grouped(counts.collectives)} tập thể, {grouped(counts.individuals)} "
                   "cá nhân.")


def list_decisions() -> None:
    """Liệt kê các quyết định khen thưởng: số, ngày ký, trích yếu, số được khen."""
    with Database(get_settings()).scope(write=False) as session:
        lines = queries.decision_lines(session=session)
        if not lines:
            typer.echo("Chưa có quyết định khen thưởng nào.")
        for line in lines:
            d = line.decision
            typer.echo(f"{d.id}. Số {d.number} ngày {d.signed_date:%d/%m/%Y} — {d.title}; "
                       f"{d.signer_name} ký; {grouped(line.counts.collectives)} tập thể, "
                       f"{grouped(line.counts.individuals)} cá nhân.")
