"""What the demo's 2023 “Dân vận khéo” year holds: which unit registers which entry (titles,
fields, the people behind it) and how far each gets (or at which step it is turned down, and
why). Drawn once from a seeded random, so every load plans the same year."""

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from backend.demo.writing_essays import FAMILY, GIVEN, MIDDLE
from backend.movement.models import DEFAULT_FIELDS, EntryKind, EntryStatus

SEED = 2023
ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
# Entries a unit registers (code -> how many). Units with a commendation proposal in the demo
# (COMMENDING) are the only ones whose entries go on to be proposed for commendation.
ENTRIES_PER_UNIT = {
    "Q1": 8, "Q1-P01": 12, **{f"Q1-P{n:02d}": 6 for n in range(2, 11)},
    "Q3": 8, **{f"Q3-P{n:02d}": 4 for n in range(1, 13)},
    "TD": 14, "Q5": 10, "Q10": 10, "TB": 10, "BTHANH": 10, "GV": 10, "CC": 10, "NB": 8,
    "DU-DCD": 12, "DU-DN": 12, "DU-DHCD": 8,
    "HLHPN": 12, "HND": 10, "TDOAN": 10, "HCCB": 8,
}
COMMENDING = ("Q1", "Q3", "TD", "DU-DCD", "HLHPN")
ORGANISATIONS = ("DU-DCD", "DU-DN", "DU-DHCD", "HLHPN", "HND", "TDOAN", "HCCB")

AREA_MODELS = [
    "Dân vận khéo trong chỉnh trang đô thị", "Tổ dân phố văn minh, sạch đẹp",
    "Hẻm xanh - sạch - đẹp - an toàn", "Camera an ninh - mắt thần khu phố",
    "Dân vận khéo trong vận động hiến đất mở rộng hẻm", "Phiên chợ nghĩa tình",
    "Tủ bánh mì 0 đồng", "Ngày Chủ nhật xanh", "Đổi rác lấy quà", "Tuyến đường không rác",
    "Mỗi đảng viên gắn với một nhóm hộ dân",
    "Zalo khu phố - cầu nối giữa chính quyền và người dân", "Tổ tự quản an ninh trật tự",
    "Sân chơi cho thiếu nhi trong hẻm", "Vườn rau sạch trên sân thượng",
    "Khu phố an toàn phòng cháy, chữa cháy", "Cà phê sáng với người dân",
    "Tiếp dân cuối tuần tại khu phố", "Chung cư văn minh", "Bếp ăn yêu thương",
    "Hòa giải viên giỏi ở khu dân cư", "Khu nhà trọ văn minh, an toàn",
    "Dân vận khéo trong giải phóng mặt bằng", "Mái ấm cho hộ nghèo",
]
AREA_SOLUTIONS = [
    "Giải pháp tiếp nhận phản ánh của người dân qua mã QR",
    "Giải pháp hướng dẫn người dân sử dụng dịch vụ công trực tuyến tại khu phố",
    "Giải pháp vận động tiểu thương sắp xếp buôn bán trên lòng, lề đường",
    "Giải pháp nâng cao chất lượng sinh hoạt chi bộ khu phố",
    "Giải pháp vận động người dân thanh toán không dùng tiền mặt",
    "Giải pháp số hóa hồ sơ hộ tịch tại bộ phận một cửa",
    "Giải pháp phân loại rác tại nguồn ở khu dân cư",
    "Giải pháp nắm tâm tư người dân qua tổ trưởng tổ dân phố",
    "Giải pháp huy động xã hội hóa chăm lo người có hoàn cảnh khó khăn",
    "Giải pháp đối thoại định kỳ giữa người đứng đầu cấp ủy với nhân dân",
]
ORG_MODELS = [
    "Dân vận khéo trong xây dựng quan hệ lao động hài hòa", "Mái ấm Công đoàn",
    "Bữa cơm nghĩa tình cho công nhân", "Phụ nữ khởi nghiệp",
    "Tiết kiệm giúp nhau thoát nghèo", "Nông dân liên kết tiêu thụ nông sản an toàn",
    "Cựu chiến binh giúp nhau làm kinh tế", "Nghĩa tình đồng đội",
    "Thanh niên tình nguyện hỗ trợ chuyển đổi số", "Mùa hè xanh vì cộng đồng",
    "Công sở văn minh, thân thiện", "Đối thoại với đoàn viên, người lao động",
    "Chi bộ gắn với khu dân cư", "Tiếp sức mùa thi",
]
ORG_SOLUTIONS = [
    "Giải pháp số hóa sinh hoạt chi bộ trên nền tảng trực tuyến",
    "Giải pháp nắm bắt dư luận xã hội trong đoàn viên, hội viên",
    "Giải pháp phát triển đảng viên trong doanh nghiệp ngoài nhà nước",
    "Giải pháp nâng cao chất lượng đối thoại tại nơi làm việc",
    "Giải pháp vận động hội viên tham gia bảo hiểm xã hội tự nguyện",
    "Giải pháp kết nối việc làm cho thanh niên",
    "Giải pháp hỗ trợ vốn vay cho hội viên phụ nữ",
    "Giải pháp xây dựng tổ chức công đoàn cơ sở vững mạnh",
]
AREA_COLLECTIVES = ["Tổ dân phố {n}, khu phố {m}", "Chi bộ khu phố {m}",
                    "Chi hội Phụ nữ khu phố {m}", "Chi hội Cựu chiến binh khu phố {m}",
                    "Ban công tác Mặt trận khu phố {m}", "Chi đoàn khu phố {m}"]
ORG_COLLECTIVES = ["Chi bộ cơ sở số {n}", "Công đoàn cơ sở số {n}", "Chi đoàn cơ sở số {n}",
                   "Chi hội cơ sở số {n}", "Tổ công tác dân vận số {n}"]
AREA_POSITIONS = ["Tổ trưởng tổ dân phố {n}", "Bí thư chi bộ khu phố {m}",
                  "Trưởng ban công tác Mặt trận khu phố {m}",
                  "Chi hội trưởng Chi hội Phụ nữ khu phố {m}", "Trưởng khu phố {m}"]
ORG_POSITIONS = ["Bí thư chi bộ", "Chủ tịch Công đoàn cơ sở", "Chi hội trưởng",
                 "Bí thư Chi đoàn", "Chuyên viên"]
ACTIVITIES = ["vận động nhân dân hiến đất mở rộng hẻm", "giữ gìn vệ sinh môi trường",
              "chăm lo người có hoàn cảnh khó khăn", "giữ gìn an ninh trật tự",
              "xây dựng nếp sống văn minh đô thị", "chuyển đổi số ở cơ sở",
              "xây dựng quan hệ lao động hài hòa", "giúp nhau phát triển kinh tế"]
DESCRIPTIONS = [
    "Chi bộ chỉ đạo, các đoàn thể cùng vào cuộc; cán bộ đến từng nhà lắng nghe ý kiến người "
    "dân, bàn bạc công khai và để dân cùng làm, cùng giám sát.",
    "Họp dân định kỳ mỗi quý, phân công đảng viên phụ trách từng nhóm hộ, kịp thời nắm và "
    "giải quyết những kiến nghị chính đáng.",
    "Vận động bằng gương người thật, việc thật; biểu dương kịp thời những hộ gia đình tiêu "
    "biểu để lan tỏa trong khu dân cư.",
    "Phối hợp với doanh nghiệp, nhà hảo tâm huy động nguồn lực; công khai thu chi để người "
    "dân tin tưởng đóng góp.",
]
RESULTS = [
    "{a} hộ dân tham gia; huy động {b} triệu đồng từ xã hội hóa.",
    "Giải quyết dứt điểm {a} kiến nghị của người dân; không phát sinh đơn thư vượt cấp.",
    "Nhân rộng ra {c} khu phố; {a} lượt người được hỗ trợ trong năm.",
    "{a} đoàn viên, hội viên tham gia; {c} công trình, phần việc hoàn thành.",
]
# How far entries get, as weights (rejections separately, REJECTIONS of them).
GOALS = {EntryStatus.REGISTERED: 9, EntryStatus.VERIFIED: 10, EntryStatus.UNIT_RECOGNISED: 14,
         EntryStatus.CITY_PROPOSED: 8, EntryStatus.CITY_RECOGNISED: 17, EntryStatus.EXEMPLARY: 14,
         EntryStatus.COMMENDATION_PROPOSED: 18}
REJECTIONS = 0.09
REASONS = {
    EntryStatus.REGISTERED: [
        "Trùng với mô hình đã được công nhận năm 2022, chưa có điểm mới.",
        "Hồ sơ chưa có số liệu kết quả cụ thể; đề nghị bổ sung và đăng ký lại năm sau."],
    EntryStatus.VERIFIED: [
        "Mới triển khai dưới 6 tháng, chưa đủ thời gian đánh giá hiệu quả."],
    EntryStatus.UNIT_RECOGNISED: [
        "Hiệu quả chưa nổi bật so với các mô hình khác của đơn vị; giữ ở mức công nhận cấp "
        "đơn vị."],
    EntryStatus.CITY_PROPOSED: ["Khó nhân rộng ra các địa phương, đơn vị khác."],
    EntryStatus.CITY_RECOGNISED: [
        "Không nằm trong số mô hình, điển hình tiêu biểu được chọn năm 2023."],
}
KINDS = {EntryKind.MODEL: 40, EntryKind.SOLUTION: 25, EntryKind.EXEMPLARY_COLLECTIVE: 15,
         EntryKind.EXEMPLARY_INDIVIDUAL: 20}


def local_moment(month: int, day: int, hour: int = 9, year: int = 2023) -> datetime:
    """A wall-clock time of the demo year in Hồ Chí Minh City, as UTC."""
    return datetime.combine(date(year, month, day), time(hour), ZONE).astimezone(UTC)


@dataclass(frozen=True)
class Planned:
    """One demo entry and its fate: `goal` is the last step it reaches, `reason` (when set)
    turns it down at that step."""

    unit_code: str
    kind: EntryKind
    title: str
    field: str
    people: str
    description: str
    results: str
    goal: EntryStatus
    reason: str = ""
    activity: str = ""
    birth_year: int | None = None
    gender: str | None = None
    position: str = ""


def plan() -> list[Planned]:
    """The year's entries, unit by unit, the same at every load."""
    rng = random.Random(SEED)  # noqa: S311 - demo data, the same on every load
    planned: list[Planned] = []
    for code, count in ENTRIES_PER_UNIT.items():
        titles: set[str] = set()
        while len(titles) < count:
            entry = _entry(rng, code)
            if entry.title not in titles:
                titles.add(entry.title)
                planned.append(entry)
    return planned


def _entry(rng: random.Random, code: str) -> Planned:
    org = code in ORGANISATIONS
    kind = rng.choices(list(KINDS), weights=list(KINDS.values()))[0]
    n, m = rng.randint(1, 40), rng.randint(1, 12)
    collective = rng.choice(ORG_COLLECTIVES if org else AREA_COLLECTIVES).format(n=n, m=m)
    activity = rng.choice(ACTIVITIES)
    person: dict = {}
    if kind is EntryKind.MODEL:
        title, people = rng.choice(ORG_MODELS if org else AREA_MODELS), collective
    elif kind is EntryKind.SOLUTION:
        title, people = rng.choice(ORG_SOLUTIONS if org else AREA_SOLUTIONS), collective
    elif kind is EntryKind.EXEMPLARY_COLLECTIVE:
        title, people = f"{collective} – điển hình trong {activity}", collective
    else:
        gender = rng.choice(list(GIVEN))
        people = " ".join([rng.choice(FAMILY), rng.choice(MIDDLE[gender]),
                           rng.choice(GIVEN[gender])])
        position = rng.choice(ORG_POSITIONS if org else AREA_POSITIONS).format(n=n, m=m)
        title = (f"{'Bà' if gender.value == 'nu' else 'Ông'} {people}, {position} – gương "
                 f"điển hình trong {activity}")
        person = {"birth_year": rng.randint(1958, 1995), "gender": gender.value,
                  "position": position}
    goal, reason = _fate(rng, code)
    return Planned(unit_code=code, kind=kind, title=title, people=people, activity=activity,
                   field=rng.choice(DEFAULT_FIELDS), description=rng.choice(DESCRIPTIONS),
                   results=rng.choice(RESULTS).format(a=rng.randint(12, 480),
                                                      b=rng.randint(15, 900),
                                                      c=rng.randint(2, 9)),
                   goal=goal, reason=reason, **person)


def _fate(rng: random.Random, code: str) -> tuple[EntryStatus, str]:
    if rng.random() < REJECTIONS:
        step = rng.choice(list(REASONS))
        return step, rng.choice(REASONS[step])
    goal = rng.choices(list(GOALS), weights=list(GOALS.values()))[0]
    if goal is EntryStatus.COMMENDATION_PROPOSED and code.split("-P")[0] not in COMMENDING:
        goal = EntryStatus.EXEMPLARY  # proposed for commendation only where a proposal is made
    return goal, ""
