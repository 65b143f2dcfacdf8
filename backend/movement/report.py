"""The yearly movement report: entries per unit by type, field and level reached, a subtotal
per block and the total, in the official layout (organisers the whole city, unit officers
their subtree). A few hundred rows, built at once in the request or the command from the
same tally the statistics page reads; every download is logged."""

import io
from datetime import datetime

from sqlmodel import Session

from backend.accounts.models import UserAccount
from backend.audit import service as audit
from backend.clock import utc_to_local
from backend.letterhead import service as letterhead
from backend.movement import service as movement
from backend.movement import tally as tallies
from backend.movement.counting import MovementCounts
from backend.movement.models import EntryKind, MovementField
from backend.tallies.downloads import Built
from backend.units import service as units
from exports import movement as sheets
from exports.official import Heading
from exports.tallies import BlockLines

NOTE = ("(Theo loại và lĩnh vực: mọi mục đã đăng ký, kể cả mục không được công nhận; theo cấp "
        "công nhận: các mục đã đạt đến cấp đó, kể cả mục được công nhận ở cấp cao hơn)")


def entry_figures(counts: MovementCounts, fields: list[MovementField]) -> sheets.EntryFigures:
    return sheets.EntryFigures(
        tuple(counts.kinds.get(kind.value, 0) for kind in EntryKind),
        tuple(counts.fields.get(f.id, 0) for f in fields),
        (counts.registered, counts.recognised, counts.city_recognised, counts.exemplary),
        counts.registered)


def build(*, session: Session, year_id: int, user: UserAccount | None, zone,
          now: datetime) -> Built:
    """The year's report for `user` (None: the command line, the whole city), logged."""
    period = movement.get_year(session=session, year_id=year_id)
    fields = movement.fields_of(session=session, year_id=year_id)
    within = None if user is None else units.scope_of(session=session, user=user)
    tally = tallies.visible_tally(session=session, period=period, within=within)
    blocks = [BlockLines(g.name, [(n.name, entry_figures(n.total, fields)) for n in g.units],
                         entry_figures(g.total, fields))
              for g in tallies.shown_blocks(tally)]
    buffer = io.BytesIO()
    rows = sheets.write_report(buffer, letterhead.for_documents(
        letterhead.current(session=session)), Heading(
            title="BÁO CÁO TỔNG HỢP MÔ HÌNH, GIẢI PHÁP, ĐIỂN HÌNH",
            subtitle=period.title + (f" – {within.name}" if within else ""),
            decision_line=NOTE, date=utc_to_local(now, zone).date(),
            sheet_title=f"Báo cáo năm {period.year}"),
        [f.name for f in fields], blocks, entry_figures(tally.total, fields))
    audit.record(session=session, actor_id=user.id if user else None, action="movement.report",
                 target=f"movement_year:{period.id}", now=now,
                 details={"rows": rows, "within": within.id if within else None})
    session.commit()
    return Built(buffer.getvalue(), f"bao-cao-phong-trao-{period.year}.xlsx", rows)
