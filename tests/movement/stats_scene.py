"""A movement year with entries at every step across the small tree, and nominees awarded by
decisions of that year and of the year before: what the statistics, the report and their
pages are checked against.

    Phường Bến Nghé   mô hình A (Kinh tế) tiêu biểu; giải pháp B (Văn hóa - xã hội) công nhận
                      cấp đơn vị; mô hình C (Kinh tế) mới đăng ký; khen 1 tập thể
    Phường Bến Thành  điển hình tập thể (Quốc phòng - an ninh) công nhận cấp thành phố; giải
                      pháp D không công nhận khi xét cấp đơn vị; khen 1 cá nhân
    Quận 1 (trực thuộc) điển hình cá nhân (Xây dựng Đảng …) không công nhận khi xét cấp thành
                      phố (đã được công nhận cấp đơn vị)
    Phường Võ Thị Sáu mô hình mới đăng ký
    Thành Đoàn        giải pháp công nhận cấp đơn vị; khen 1 cá nhân theo quyết định năm 2022
"""

import datetime as dt
from dataclasses import dataclass

from backend.commendations import service as commendations
from backend.commendations.models import NomineeKind
from backend.movement import service
from backend.movement.models import EntryKind, EntryStatus
from tests.movement.conftest import DURING

ECONOMY, CULTURE, DEFENCE, PARTY = ("Kinh tế", "Văn hóa - xã hội", "Quốc phòng - an ninh",
                                   "Xây dựng Đảng và hệ thống chính trị")
# What the scene gives: registered, recognised, city recognised, exemplary, rejected,
# collectives, individuals.
FIGURES = {
    "Q1-BN": (3, 2, 1, 1, 0, 1, 0),
    "Q1-BT": (2, 1, 1, 0, 1, 0, 1),
    "Q1": (6, 4, 2, 1, 2, 1, 1),
    "Q3": (1, 0, 0, 0, 0, 0, 0),
    "TD": (0, 0, 0, 0, 0, 0, 0),
    "TDOAN": (1, 1, 0, 0, 0, 0, 0),
    "districts": (7, 4, 2, 1, 2, 1, 1),
    "city": (8, 5, 2, 1, 2, 1, 1),
}


def figures(counts) -> tuple:
    return (counts.registered, counts.recognised, counts.city_recognised, counts.exemplary,
            counts.rejected, counts.collectives, counts.individuals)


@dataclass
class Scene:
    session: object
    tree: dict
    register: object

    def advance(self, entry, steps: int, reject: str = ""):
        for _ in range(steps):
            service.advance_entry(session=self.session, entry_id=entry.id,
                                  to=service.NEXT[entry.status], actor=None, now=DURING)
        if reject:
            service.advance_entry(session=self.session, entry_id=entry.id,
                                  to=EntryStatus.REJECTED, reason=reject, actor=None,
                                  now=DURING)
        return entry

    def award(self, year: int, *people: tuple[str, str, NomineeKind], decide: int = 0):
        """A submitted proposal of `people` (name, unit code, kind); a decision of `year`
        awards the first `decide` of them."""
        forms = commendations.ensure_default_forms(session=self.session)
        proposal = commendations.create_proposal(
            session=self.session, year=year, title=f"Đề nghị khen thưởng năm {year}",
            unit_id=None, actor=None, now=DURING)
        made = commendations.add_nominees(
            session=self.session, proposal_id=proposal.id, actor=None, now=DURING,
            nominees=[commendations.NomineeData(
                kind=kind, name=name, unit_id=self.tree[code].id, award_form_id=forms[1].id,
                achievement=f"Dân vận khéo năm {year}",
                birth_year=1980 if kind is NomineeKind.INDIVIDUAL else None,
                gender="nu" if kind is NomineeKind.INDIVIDUAL else None)
                for name, code, kind in people])
        commendations.submit_proposal(session=self.session, proposal_id=proposal.id,
                                      actor=None, now=DURING)
        if decide:
            commendations.issue_decision(
                session=self.session, nominee_ids=[n.id for n in made[:decide]], actor=None,
                now=DURING, data=commendations.DecisionData(
                    number=f"{year}", signed_date=dt.date(year, 12, 1), year=year,
                    title="Về việc khen thưởng", signer_name="Nguyễn Văn A",
                    signer_title="TRƯỞNG BAN"))


def build_scene(session, tree, register) -> Scene:
    scene = Scene(session, tree, register)
    scene.advance(register("Q1-BN", "Mô hình A", field=ECONOMY), 5)
    scene.advance(register("Q1-BN", "Giải pháp B", kind=EntryKind.SOLUTION, field=CULTURE), 2)
    register("Q1-BN", "Mô hình C", field=ECONOMY)
    scene.advance(register("Q1-BT", "Tổ dân phố kiểu mẫu", field=DEFENCE,
                           kind=EntryKind.EXEMPLARY_COLLECTIVE), 4)
    scene.advance(register("Q1-BT", "Giải pháp D", kind=EntryKind.SOLUTION, field=ECONOMY), 1,
                  reject="Chưa có kết quả cụ thể.")
    scene.advance(register("Q1", "Bí thư chi bộ gần dân", field=PARTY, people="Trần Văn Hùng",
                           kind=EntryKind.EXEMPLARY_INDIVIDUAL), 3,
                  reject="Thành tích chưa tiêu biểu cấp thành phố.")
    register("Q3-VTS", "Mô hình khu phố sạch", field=ECONOMY)
    scene.advance(register("TDOAN", "Thanh niên dân vận", kind=EntryKind.SOLUTION,
                           field=CULTURE), 2)
    scene.award(2023, ("Tổ dân phố 3", "Q1-BN", NomineeKind.COLLECTIVE),
                ("Lê Thị Hoa", "Q1-BT", NomineeKind.INDIVIDUAL),
                ("Phạm Văn Nam", "Q1-BN", NomineeKind.INDIVIDUAL), decide=2)
    scene.award(2022, ("Nguyễn Văn Tư", "TDOAN", NomineeKind.INDIVIDUAL), decide=1)
    return scene
