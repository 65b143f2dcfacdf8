"""The writing competition's spreadsheets: essays per unit and block (organisers the whole city,
unit officers their subtree), the city round's scores (by code until ráp phách) and the prize
list (organisers). A few thousand rows at most, built at once in the request or the command
from the same tally the overview reads; every download is logged."""

import io
from datetime import datetime

from sqlmodel import Session

from backend.accounts.models import UserAccount
from backend.audit import service as audit
from backend.clock import utc_to_local
from backend.errors import Forbidden, InvalidInput
from backend.letterhead import service as letterhead
from backend.policy import Permission, has_permission
from backend.tallies.downloads import Built
from backend.units import service as units
from backend.writing import collective, counting, queries
from backend.writing import service as writing
from backend.writing import tally as tallies
from backend.writing.counting import WritingCounts
from backend.writing.models import QuotaKind, WritingLevel
from exports import writing as sheets
from exports.official import Heading
from exports.tallies import BlockLines

# Each kind as the command line and the API name it, and as the pages' links do.
KINDS = {"essays": "essays", "scores": "scores", "prizes": "prizes",
         "so-bai": "essays", "diem": "scores", "giai": "prizes"}
FILE_NAMES = {"essays": "so-bai-du-thi", "scores": "diem-cap-thanh-pho", "prizes": "danh-sach-giai"}


def essay_figures(counts: WritingCounts, city: WritingLevel | None) -> sheets.EssayFigures:
    level = counts.level(city.position) if city else None
    return sheets.EssayFigures(
        counts.received, counts.docx, counts.pdf, counts.odt, counts.online, counts.withdrawn,
        level.forwarded if level else 0,
        # Only units that forward into the level (a batch there) have a quota.
        level.quota if level and level.forwarders and city.quota_kind is not QuotaKind.NONE
        else None,
        level.winners if level else 0)


def build(*, session: Session, competition_id: int, user: UserAccount | None, kind: str,
          zone, now: datetime) -> Built:
    """The file of `kind` (essays, scores, prizes) for `user` (None: the command line),
    logged. Only the essays sheet is open to unit officers, for their subtree."""
    chosen = KINDS.get(kind)
    if chosen is None:
        raise InvalidInput("Loại tệp không hợp lệ: chọn số bài theo đơn vị (essays), điểm cấp "
                           "thành phố (scores) hoặc danh sách giải (prizes).")
    manager = user is None or has_permission(user, Permission.MANAGE_WRITING)
    if chosen != "essays" and not manager:
        raise Forbidden("Chỉ ban tổ chức tải được bảng điểm và danh sách giải của cuộc thi viết.")
    within = None if manager else units.scope_of(session=session, user=user)
    competition = writing.get_competition(session=session, competition_id=competition_id)
    levels = writing.levels_of(session=session, competition_id=competition_id)
    city = levels[-1] if len(levels) > 1 else None
    day = utc_to_local(now, zone).date()
    head = letterhead.for_documents(letterhead.current(session=session))
    buffer = io.BytesIO()
    # The headings say "CUỘC THI VIẾT {title}": a title that already starts so says it once.
    title = competition.title
    if title.casefold().startswith("cuộc thi viết "):
        title = title[len("cuộc thi viết "):]
    if chosen == "essays":
        tally = tallies.unit_tally(session=session, competition_id=competition_id,
                                   within=within)
        blocks = [BlockLines(g.name, [(n.name, essay_figures(n.total, city)) for n in g.units],
                             essay_figures(g.total, city)) for g in tally.blocks]
        rows = sheets.write_essays(buffer, head, Heading(
            title=f"TỔNG HỢP BÀI DỰ THI CUỘC THI VIẾT {title}",
            subtitle=within.name if within else "", date=day, sheet_title="Số bài dự thi",
            decision_line="(Số bài nhận không tính bài đã rút; chuyển lên cấp thành phố: bài "
                          "trong các đợt chuyển đã ký)"),
            blocks, essay_figures(tally.total, city))
    elif city is None:
        raise InvalidInput("Cuộc thi chưa có cấp thành phố.")
    elif chosen == "scores":
        members = {m.unit_id: m for m in counting.members(
            session=session, competition_id=competition_id)}
        revealed = city.revealed_at is not None
        rows = sheets.write_scores(buffer, head, Heading(
            title=f"BẢNG ĐIỂM {city.name.upper()} CUỘC THI VIẾT {title}",
            subtitle="Đã ráp phách" if revealed else "Theo mã phách (chưa ráp phách)",
            date=day, sheet_title="Bảng điểm"),
            queries.level_scores(session=session, level=city, members=members),
            revealed=revealed)
    else:
        rows = _prizes(session, buffer, head, competition_id, city, title, day)
    audit.record(session=session, actor_id=user.id if user else None, action="writing.export",
                 target=f"writing_competition:{competition_id}", now=now,
                 details={"kind": chosen, "rows": rows, "within": within.id if within else None})
    session.commit()
    return Built(buffer.getvalue(), f"{FILE_NAMES[chosen]}-{competition_id}.xlsx", rows)


def _prizes(session: Session, buffer, head, competition_id: int, city: WritingLevel,
            title: str, day) -> int:
    members = {m.unit_id: m for m in counting.members(session=session,
                                                              competition_id=competition_id)}
    order = {m.block: m.block_position for m in members.values()}
    rules = collective.rules_of(session=session, competition_id=competition_id)
    units_given = []
    if rules is not None:
        _, ranked = collective.ranking(session=session, competition_id=competition_id)
        units_given = [sheets.CollectiveLine(r.node.name, r.block, r.achievement, r.prize)
                       for r in ranked if r.prize]
    return sheets.write_prizes(
        buffer, head, Heading(title=f"DANH SÁCH CÁ NHÂN ĐẠT GIẢI CUỘC THI VIẾT {title}",
                              date=day, sheet_title="Cá nhân"),
        queries.winners(session=session, level=city, members=members, block_order=order),
        Heading(title=f"DANH SÁCH TẬP THỂ ĐẠT GIẢI CUỘC THI VIẾT {title}",
                decision_line=f"({collective.described(rules)})", date=day,
                sheet_title="Tập thể") if rules else None,
        units_given)
