"""The writing demo's essays: who wrote them, their titles and texts, and the small .docx files
made of them with python-docx; each is sent through essays.submit_essay, as a page would."""

import io
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from docx import Document
from sqlalchemy import select
from sqlmodel import Session

from backend.accounts.models import UserAccount
from backend.contestants.models import Gender
from backend.essays import service as essays
from backend.essays.intake import essay_limits
from backend.essays.models import Essay
from backend.units.models import Unit
from backend.uploads import inspect_upload

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ", "Ngô"]
MIDDLE = {Gender.FEMALE: ["Thị", "Ngọc", "Thanh", "Thị Kim"],
          Gender.MALE: ["Văn", "Minh", "Quốc", "Hữu"]}
GIVEN = {Gender.FEMALE: ["Hoa", "Lan", "Mai", "Hương", "Thảo", "Trang", "Nhung", "Yến"],
         Gender.MALE: ["Hùng", "Dũng", "Tâm", "Phúc", "Khang", "Nam", "Sơn", "Tuấn"]}
POSITIONS = ["Chuyên viên", "Bí thư chi bộ khu phố", "Trưởng ban công tác Mặt trận",
             "Cán bộ Ban Dân vận", "Đoàn viên", "Hội viên", "Phó Chủ tịch phường"]
SUBJECTS = [
    "Tổ tự quản đường hẻm sạch đẹp", "Bữa cơm nghĩa tình cho người lao động",
    "Vận động hiến đất mở rộng hẻm", "Chợ an toàn, văn minh", "Bếp ăn tình thương",
    "Mô hình “Camera an ninh” ở khu phố", "Quỹ khuyến học của dòng họ",
    "Vận động tiểu thương chuyển đổi số", "Nhà tình nghĩa cho cựu chiến binh",
    "Lớp học tình thương cho trẻ khó khăn", "Tiếp dân cuối tuần ở khu phố",
    "Đối thoại với công nhân khu chế xuất", "Xóa nhà tạm, nhà dột nát",
    "Phong trào “Ngày Chủ nhật xanh”", "Tổ hòa giải ở cơ sở",
    "Vận động đồng bào có đạo giữ gìn an ninh", "Sinh viên tình nguyện mùa hè xanh",
    "Hội quán phụ nữ khởi nghiệp", "Nông dân liên kết tiêu thụ nông sản",
    "Cựu chiến binh giúp nhau làm kinh tế", "Đoàn viên công đoàn với mái ấm công đoàn",
    "Ứng dụng Zalo trong công tác dân vận", "Cải cách hành chính lấy dân làm trung tâm",
    "Gương người tốt việc tốt ở chung cư", "Khu phố không rác thải nhựa",
    "Dân vận khéo trong giải phóng mặt bằng", "Vườn rau sạch cho người cao tuổi",
    "Trung tâm học tập cộng đồng", "Sống xanh ở khu nhà trọ công nhân",
    "Nghĩa tình đồng đội", "Người giữ lửa ở khu dân cư", "Hẻm xanh, hẻm sáng",
    "Mái ấm cho người khuyết tật", "Đồng hành cùng doanh nghiệp nhỏ",
]
SENTENCES = [
    "Công tác dân vận là nhiệm vụ của cả hệ thống chính trị, trong đó cán bộ cơ sở là người "
    "gần dân nhất.",
    "Muốn dân tin thì cán bộ phải nói đi đôi với làm, lắng nghe dân nói và giải thích cho "
    "dân hiểu.",
    "Từ những cuộc họp tổ dân phố, bà con cùng bàn, cùng làm và cùng giám sát kết quả.",
    "Mỗi việc làm nhỏ như sửa đoạn hẻm, thắp đèn đường đều bắt đầu từ ý kiến của người dân.",
    "Chi bộ khu phố phân công đảng viên phụ trách từng nhóm hộ để nắm tình hình kịp thời.",
    "Những khó khăn ban đầu được tháo gỡ nhờ sự kiên trì đối thoại và tôn trọng ý kiến khác "
    "nhau.",
    "Kết quả không chỉ đo bằng số liệu mà bằng sự đồng thuận và niềm tin của nhân dân.",
    "Mô hình đã được nhân rộng ra nhiều khu phố khác trong quận sau một năm thực hiện.",
    "Các đoàn thể phối hợp chặt chẽ, mỗi tổ chức đảm nhận một phần việc phù hợp với thế mạnh.",
    "Người dân tự nguyện đóng góp công sức, kinh phí và giám sát việc sử dụng minh bạch.",
    "Bài học rút ra là phải trọng dân, gần dân, hiểu dân, học dân và có trách nhiệm với dân.",
    "Thanh niên tình nguyện đến từng nhà hướng dẫn bà con sử dụng dịch vụ công trực tuyến.",
    "Những gương điển hình được biểu dương kịp thời đã lan tỏa tinh thần tương thân tương ái.",
    "Chính quyền tiếp thu kiến nghị, giải quyết dứt điểm và thông báo công khai cho dân biết.",
]


@dataclass(frozen=True)
class Entry:
    """One demo essay: its author, title and text, and how it is sent."""

    number: int
    unit_code: str
    full_name: str
    birth_year: int
    gender: Gender
    position: str
    phone: str
    title: str
    text: str
    typed: bool  # typed online rather than sent as a .docx


def entries(unit_codes: Sequence[str], *, per_unit: int, seed: int, phone_prefix: str,
            typed_every: int = 5, start: int = 0) -> list[Entry]:
    """`per_unit` essays from each unit, every `typed_every`-th one typed online; reproducible
    from `seed`, so a second load names the same essays."""
    rng = random.Random(seed)  # noqa: S311 - demo names, not secrets
    made = []
    for index in range(len(unit_codes) * per_unit):
        number = start + index
        gender = Gender.FEMALE if rng.random() < 0.55 else Gender.MALE
        name = " ".join([rng.choice(FAMILY), rng.choice(MIDDLE[gender]),
                         rng.choice(GIVEN[gender])])
        subject = SUBJECTS[number % len(SUBJECTS)]
        text = "\n\n".join(" ".join(rng.sample(SENTENCES, 4)) for _ in range(3))
        made.append(Entry(number=number, unit_code=unit_codes[index % len(unit_codes)],
                          full_name=name, birth_year=rng.randint(1965, 2001), gender=gender,
                          position=rng.choice(POSITIONS), phone=f"{phone_prefix}{number:04d}",
                          title=subject, text=f"{subject}. {text}",
                          typed=index % typed_every == typed_every - 1))
    return made


class DocxFiles:
    """Small .docx files from one python-docx document, its heading and body changed per essay
    (a new document each time costs twice as much)."""

    def __init__(self):
        self.document = Document()
        self.heading = self.document.add_heading("", level=1)
        self.body = self.document.add_paragraph("")

    def make(self, entry: Entry) -> bytes:
        self.heading.text = entry.title
        self.body.text = entry.text
        self.document.core_properties.author = entry.full_name  # stripped for the judges
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()


def submit_all(*, session: Session, settings, competition_id: int, entries: Sequence[Entry],
               officers: dict[str, UserAccount], since: datetime, files: DocxFiles
               ) -> Iterator[Essay]:
    """Send each entry not yet in the competition: by its unit's officer when the demo has
    one (Quận 1's `quan1`), else by the author; an hour apart from `since`."""
    held = set(session.execute(select(Essay.title).where(
        Essay.competition_id == competition_id)).scalars())
    units = dict(session.execute(select(Unit.code, Unit.id)).all())
    for entry in entries:
        if entry.title in held:
            continue
        author = essays.AuthorDetails(
            full_name=entry.full_name, birth_year=entry.birth_year, gender=entry.gender,
            position=entry.position, unit_id=units[entry.unit_code], phone=entry.phone)
        upload = None if entry.typed else inspect_upload(
            io.BytesIO(files.make(entry)), filename=f"{entry.title}.docx",
            limits=essay_limits(settings))
        yield essays.submit_essay(
            session=session, settings=settings, competition_id=competition_id, author=author,
            title=entry.title, upload=upload, filename=f"{entry.title}.docx",
            text=entry.text if entry.typed else None,
            actor=officers.get(entry.unit_code.split("-")[0]),
            now=since + timedelta(hours=entry.number))
