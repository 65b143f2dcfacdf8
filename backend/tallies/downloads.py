"""The tally spreadsheets: figures by unit with block subtotals and the grand total, the
collective prize list, the reconciliation list. A few hundred rows each, so they are built
at once, in the request or the command, from the same service the dashboard reads; every
download is logged."""

import io
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

from fastapi.responses import Response
from sqlmodel import Session

from backend.accounts.models import UserAccount
from backend.audit import service as audit
from backend.clock import utc_to_local
from backend.contests.models import Contest
from backend.errors import Forbidden, InvalidInput
from backend.letterhead import service as letterhead
from backend.policy import Permission, has_permission
from backend.tallies import collective, service
from backend.tallies.rollup import Counts
from backend.units import service as units
from backend.vntext import fold
from exports import tallies as sheets
from exports.official import Heading

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KINDS = {"tong-hop": "tally", "giai-tap-the": "collective", "doi-chieu": "reconciliation"}


@dataclass(frozen=True)
class Built:
    content: bytes
    file_name: str
    rows: int


def figures(counts: Counts) -> sheets.Figures:
    return sheets.Figures(
        counts.headcount, counts.registered, counts.participants,
        None if counts.rate is None else round(counts.rate * 100, 2), counts.attempts,
        None if counts.average is None else round(counts.average, 2), counts.full_marks,
        counts.winners)


def build(*, session: Session, contest: Contest, user: UserAccount | None, kind: str,
          round_id: int | None, zone, now: datetime) -> Built:
    """The file of `kind` ("tong-hop", "giai-tap-the", "doi-chieu") for `user` (None: the
    command line, the whole contest), logged."""
    if kind not in KINDS:
        raise InvalidInput("Loại tệp không hợp lệ: chọn tổng hợp số liệu (tong-hop), giải tập "
                           "thể (giai-tap-the) hoặc đối chiếu số liệu (doi-chieu).")
    within = units.scope_of(session=session, user=user) if user else None
    if kind == "doi-chieu" and user is not None and not has_permission(
            user, Permission.MANAGE_RESULTS):
        raise Forbidden("Chỉ ban tổ chức tải được danh sách đối chiếu số liệu.")
    day = utc_to_local(now, zone).date()
    head = letterhead.for_documents(letterhead.current(session=session))
    buffer = io.BytesIO()
    period = service.period_of(session=session, contest_id=contest.id, round_id=round_id)
    if kind == "tong-hop":
        tally = service.contest_tally(session=session, period=period, within=within)
        blocks = [sheets.BlockLines(g.name, [(n.name, figures(n.total)) for n in g.units],
                                    figures(g.total)) for g in tally.blocks]
        subtitle = " – ".join(p for p in (period.name, within.name if within else "") if p)
        rows = sheets.write_tally(buffer, head, Heading(
            title=f"TỔNG HỢP SỐ LIỆU CUỘC THI {contest.title}", subtitle=subtitle,
            decision_line="(Tỷ lệ tham gia = người tham gia ÷ số thành viên của đơn vị và các "
                          "đơn vị trực thuộc)", date=day, sheet_title="Tổng hợp"),
            blocks, figures(tally.total))
        name = "tong-hop-so-lieu-" + fold(period.name).replace(" ", "-")
    elif kind == "giai-tap-the":
        rules, ranked = service.collective_ranking(session=session, contest_id=contest.id)
        lines = [sheets.CollectiveLine(
            r.block, r.rank, r.node.name, r.node.total.participants,
            None if r.node.total.rate is None else round(r.node.total.rate * 100, 2),
            r.points, r.composite if rules.mode.value == "composite" else None, r.prize,
            r.reason or ("Đồng hạng" if r.tied else "")) for r in ranked]
        rows = sheets.write_collective(buffer, head, Heading(
            title=f"DANH SÁCH TẬP THỂ ĐẠT GIẢI CUỘC THI {contest.title}",
            subtitle=rules.mode.label, decision_line=f"({collective.described(rules)})", date=day,
            sheet_title="Giải tập thể"), lines)
        name = "giai-tap-the"
    else:
        found = service.reconciliation(session=session, contest_id=contest.id)
        lines = [sheets.GapLine(d.period, d.name, d.measure.label, d.reported, d.against,
                                "Cộng các phần" if d.parts else "Nền tảng đếm") for d in found]
        rows = sheets.write_gaps(buffer, head, Heading(
            title=f"ĐỐI CHIẾU SỐ LIỆU CUỘC THI {contest.title}",
            subtitle="Những chỗ số liệu báo cáo khác số nền tảng đếm hoặc khác tổng các phần",
            date=day, sheet_title="Đối chiếu"), lines)
        name = "doi-chieu-so-lieu"
    audit.record(session=session, actor_id=user.id if user else None,
                 action="tallies.export", target=f"contest:{contest.id}",
                 details={"kind": KINDS[kind], "round_id": round_id, "rows": rows,
                          "within": within.id if within else None}, now=now)
    session.commit()
    return Built(buffer.getvalue(), f"{name}-{contest.id}.xlsx", rows)


def spreadsheet_response(*, session: Session, settings, contest: Contest, user: UserAccount,
                         kind: str, round_id: int | None, now: datetime) -> Response:
    return attachment(build(session=session, contest=contest, user=user, kind=kind,
                            round_id=round_id, zone=settings.zone, now=now))


def attachment(built: Built) -> Response:
    """A built workbook as a download (never shown in the browser), kept by no cache."""
    ascii_name = built.file_name.encode("ascii", "replace").decode().replace("?", "_")
    return Response(built.content, media_type=XLSX, headers={
        "Content-Disposition": f"attachment; filename=\"{ascii_name}\"; "
                               f"filename*=UTF-8''{quote(built.file_name)}",
        "Cache-Control": "no-store"})
