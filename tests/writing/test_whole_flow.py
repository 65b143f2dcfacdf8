"""The writing competition from end to end, through the app as people use it: the organiser
sets it up, an author and two districts' officers submit (one file, one typed text, one bulk
batch), the officers score, forward within their quota and sign, the judges score blind, a
disagreement calls a third judge, the organiser locks and reveals, and the results, figures
and the three spreadsheets agree with what happened. Time moves with a Clock."""

import io
import re
import zipfile
from datetime import timedelta

import docx
import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlmodel import select

from backend.accounts.models import Role
from backend.clock import utc_to_local
from backend.units.models import Unit
from tests.essays.intake_files import archive, line, sheet
from tests.factories import (
    XLSX,
    api_token,
    csrf_of,
    import_rows,
    make_user,
    sign_in,
    small_tree,
    visible_text,
)
from tests.judging.conftest import PARTY

W = "/quan-ly/cuoc-thi-viet"
ESSAY_WORDS = "Dân vận khéo là lắng nghe dân, hiểu dân, làm cho dân tin và cùng dân làm. "
# Who writes what (title -> author, ward); no title names its author, as judges see titles.
AUTHOR_OWN = ("Mái ấm khu phố", "Lê Thị Mai Anh", "Q1-BN")
TYPED_Q1 = ("Tổ tự quản sạch đẹp", "Phan Văn Bảo", "Q1-BT")
FILE_Q1 = ("Hẻm nhỏ nghĩa tình", "Trương Thị Diệu", "Q1-BN")
FILE_Q3 = ("Chợ sáng văn minh", "Đặng Thị Cẩm", "Q3-VTS")
AUTHORS = {title: name for title, name, _ in (AUTHOR_OWN, TYPED_Q1, FILE_Q1, FILE_Q3)} | {
    "Dân vận khéo ở khu phố 1": "Trần Thị Hoa", "Dân vận khéo ở khu phố 3": "Lê Thị Hoa"}
NAMES = ("Lê Thị Mai Anh", "Phan Văn Bảo", "Trương Thị Diệu", "Đặng Thị Cẩm",
         "Trần Thị Hoa", "Lê Thị Hoa")
UNIT_NAMES = ("Phường Bến Nghé", "Phường Bến Thành", "Phường Võ Thị Sáu", "Quận 1", "Quận 3")
# The default rubric: Nội dung 50, Tính thực tiễn 20, Tính sáng tạo 15, Hình thức 10, Minh họa 5.
HIGH, MIDDLE, LOW = [45, 18, 14, 9, 5], [40, 16, 12, 8, 4], [25, 10, 7, 5, 2]  # 91, 80, 49


def essay_docx(text: str, *, author: str = "") -> bytes:
    """A .docx whose core properties name `author` (judges must get the file without it)."""
    document = docx.Document()
    document.add_paragraph(text)
    document.core_properties.author = author
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def local(moment, settings) -> str:
    return utc_to_local(moment, settings.zone).strftime("%Y-%m-%dT%H:%M")


class Browser:
    """A signed-in browser: `get` and `post` (with the CSRF token) on the app."""

    def __init__(self, app, username: str | None = None):
        self.client = TestClient(app)
        if username:
            assert sign_in(self.client, username).status_code == 303
        self.csrf = csrf_of(self.client, "/dang-nhap")

    def get(self, path: str, **kwargs):
        return self.client.get(path, **kwargs)

    def post(self, path: str, data=None, files=None, **kwargs):
        return self.client.post(path, data={**(data or {}), "csrf_token": self.csrf},
                                files=files, follow_redirects=False, **kwargs)

    def text(self, path: str) -> str:
        page = self.get(path)
        assert page.status_code == 200, page.text[:500]
        return visible_text(page.text)


def sheet_cells(response) -> list[list]:
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"] == XLSX
    assert "attachment" in response.headers["content-disposition"]
    cells = load_workbook(io.BytesIO(response.content)).active
    return [[c for c in row if c is not None] for row in cells.iter_rows(values_only=True)]


def cells_text(rows: list[list]) -> str:
    return "\n".join(" | ".join(str(c) for c in row) for row in rows)


@pytest.fixture
def people(session, settings):
    """The tree (with Đảng ủy Khối Doanh nghiệp, a third block) and the accounts: organiser,
    officers of Quận 1 and Quận 3, judges of Thủ Đức, Thành Đoàn and the Đảng ủy Khối."""
    small_tree(session)
    import_rows(session, PARTY)
    units = {u.code: u for u in session.exec(select(Unit))}
    session.commit()
    make_user(session, settings, role=Role.ORGANISER, username="bantochuc")
    make_user(session, settings, role=Role.UNIT_OFFICER, username="canbo.q1", unit=units["Q1"])
    make_user(session, settings, role=Role.UNIT_OFFICER, username="canbo.q3", unit=units["Q3"])
    judges = {name: make_user(session, settings, role=Role.JUDGE, username=name).id
              for name in ("gk.thuduc", "gk.thanhdoan", "gk.dangbo")}
    session.commit()
    return units, judges


def judge_list(judge: Browser) -> dict[str, int]:
    """code -> assignment id, as the judge's list links them."""
    page = judge.get("/giam-khao")
    assert page.status_code == 200
    return {code: int(number) for number, code in re.findall(
        r'href="/giam-khao/bai/(\d+)">([^<]+)</a>', page.text)}


def judge_titles(judge: Browser) -> dict[str, str]:
    """code -> title, as the judge's list shows them."""
    return dict(re.findall(r'href="/giam-khao/bai/\d+">([^<]+)</a></th>\s*<td>([^<]+)</td>',
                           judge.get("/giam-khao").text))


def rows_by_code(text: str, codes: list[str]) -> dict[str, str]:
    """Each code's row of the results table, as its visible text: from the code to the
    next code (or the table's end)."""
    starts = sorted((text.index(code), code) for code in codes)
    ends = [at for at, _ in starts[1:]] + [text.index("Độ lệch của giám khảo")]
    rows = {code: text[at:end].strip() for (at, code), end in zip(starts, ends, strict=True)}
    last = starts[-1][1]
    return {code: row if code == last else row.rsplit(" ", 1)[0]  # the next row's rank
            for code, row in rows.items()}


def crawl(browser: Browser, pages: list[str]) -> dict[str, int]:
    """The links of `pages` (and the pages) that do not open: path -> status."""
    seen, failed = set(), {}
    for page in pages:
        response = browser.get(page)
        if response.status_code != 200:
            failed[page] = response.status_code
            continue
        for link in re.findall(r'href="(/[^"#]*)"', response.text):
            if link in seen or link.startswith("/static/") or "dang-xuat" in link:
                continue
            seen.add(link)
            status = browser.get(link).status_code
            if status != 200:
                failed[f"{page} -> {link}"] = status
    return failed


def score(judge: Browser, assignment_id: int, points: list[int]):
    page = judge.get(f"/giam-khao/bai/{assignment_id}")
    criteria = re.findall(r'name="criterion" value="(\d+)"', page.text)
    assert len(criteria) == 5, page.text[:500]
    answer = judge.post(f"/giam-khao/bai/{assignment_id}",
                        data={"criterion": criteria, "points": [str(p) for p in points]})
    assert answer.status_code == 303, answer.text[:800]
    assert "Đã lưu điểm." in judge.text(answer.headers["location"])


def test_a_writing_competition_from_setup_to_prizes(app, clock, settings, people):
    units, judge_ids = people
    organiser = Browser(app, "bantochuc")
    q1, q3 = Browser(app, "canbo.q1"), Browser(app, "canbo.q3")
    start = clock.now

    # The organiser creates the competition: the unit level open now, the city level (blind,
    # two essays per unit) from day 3 to day 5.
    created = organiser.post(W, data={
        "title": "Cuộc thi viết Dân vận khéo 2026", "theme": "Dân vận khéo",
        "opens_1": local(start - timedelta(hours=1), settings),
        "closes_1": local(start + timedelta(days=2), settings),
        "opens_2": local(start + timedelta(days=3), settings),
        "closes_2": local(start + timedelta(days=5), settings),
        "quota_kind_2": "fixed", "quota_value_2": "2"})
    assert created.status_code == 303, created.text[:800]
    setup_path = created.headers["location"].split("?")[0]
    competition_id = int(setup_path.split("/")[3])
    setup = organiser.text(created.headers["location"])
    assert "Đã tạo cuộc thi viết." in setup
    assert "Chấm kín" in setup or "chấm kín" in setup.casefold()
    token = api_token(TestClient(app), "bantochuc")
    shown = TestClient(app).get(f"/api/v1/manage/writing/{competition_id}", headers=token).json()
    _unit_level, city = shown["levels"]
    assert (city["kind"], city["scoring"], city["quota_value"]) == ("city", "blind", 2)
    base = f"{W}/{competition_id}"
    rules = organiser.post(f"{base}/quy-dinh", data={
        "formats": ["docx", "pdf", "odt", "online"], "min_words": "0", "max_words": "3000",
        "third_judge_gap": "15", "criterion_gap_percent": "40", "final_method": "closest_pair",
        "judge_cap": "300"})
    assert rules.status_code == 303, rules.text[:800]
    tiers = organiser.post(f"{base}/cap/{city['id']}/giai",
                           data={"tiers": "Giải A | 1\nGiải B | 1\nKhuyến khích | 1"})
    assert tiers.status_code == 303, tiers.text[:800]
    for username, code in (("gk.thuduc", "TD"), ("gk.thanhdoan", "TDOAN"),
                           ("gk.dangbo", "DUK")):
        added = organiser.post(f"{base}/giam-khao", data={"user_id": str(judge_ids[username]),
                                                          "unit_code": code})
        assert added.status_code == 303, added.text[:800]
    setup = organiser.text(setup_path)
    assert "Giải A" in setup
    assert "Khuyến khích" in setup
    assert "Người dùng gk.dangbo" in setup

    # The author signs up and sends a .docx; the officers send on behalf, one as typed text.
    author = TestClient(app)
    signup = f"/cuoc-thi-viet/{competition_id}/tac-gia/dang-ky"
    title, name, ward = AUTHOR_OWN
    joined = author.post(signup, data={
        "csrf_token": csrf_of(author, signup), "full_name": name, "birth_year": "1988",
        "gender": "nu", "position": "Cán bộ khu phố", "unit_id": str(units[ward].id),
        "phone": "0912000222", "password": "mat-khau-tac-gia"}, follow_redirects=False)
    assert joined.status_code == 303, joined.text[:800]
    home = joined.headers["location"]
    sent = author.post(f"{home}/nop", data={"csrf_token": csrf_of(author, home),
                                            "title": title},
                       files={"file": ("bai-du-thi.docx", essay_docx(ESSAY_WORDS * 30,
                                                                     author=name))},
                       follow_redirects=False)
    assert sent.status_code == 303, sent.text[:800]
    assert title in visible_text(author.get(home).text)

    def on_behalf(officer: Browser, essay, *, typed: bool):
        title, name, ward = essay
        fields = {"title": title, "full_name": name, "birth_year": "1975", "gender": "nam",
                  "position": "Tổ trưởng", "unit_id": str(units[ward].id),
                  "phone": f"091300{NAMES.index(name):04d}"}
        if typed:
            answer = officer.post(f"/cuoc-thi-viet/{competition_id}/bai-viet/nop",
                                  data={**fields, "text": ESSAY_WORDS * 25})
        else:
            data = essay_docx(f"{title}. {ESSAY_WORDS * 20}")
            answer = officer.post(f"/cuoc-thi-viet/{competition_id}/bai-viet/nop", data=fields,
                                  files={"file": ("bai.docx", data)})
        assert answer.status_code == 303, visible_text(answer.text)[-1500:]
        assert "Đã nhận bài." in officer.text(answer.headers["location"])

    on_behalf(q1, TYPED_Q1, typed=True)
    on_behalf(q1, FILE_Q1, typed=False)
    on_behalf(q3, FILE_Q3, typed=False)

    # Quận 3 sends two more in a bulk batch; the page reports each row.
    lines = [line(1, unit="Q3-VTS"), line(3, unit="Q3-VTS")]  # Trần Thị Hoa, Lê Thị Hoa
    batch = q3.post(f"/cuoc-thi-viet/{competition_id}/nhan-bai-theo-lo", data={
        "unit_id": str(units["Q3"].id)}, files={
        "sheet": ("DS.xlsx", sheet(lines), XLSX),
        "archive": ("BAI.zip", archive({v["Tên tệp"]: essay_docx(f"{v['STT']}. " + ESSAY_WORDS * 15)
                                        for v in lines}), "application/zip")})
    assert batch.status_code == 303, batch.text[:800]
    report = q3.text(batch.headers["location"])
    assert "Đã xong. Đã nhận 2 bài, trùng 0, bị từ chối 0" in report

    # Each officer's list holds their district's essays only.
    q1_list = q1.text(f"/cuoc-thi-viet/{competition_id}/bai-viet")
    assert "3 bài" in q1_list
    assert all(n in q1_list for n in ("Lê Thị Mai Anh", "Phan Văn Bảo", "Trương Thị Diệu"))
    assert "Đặng Thị Cẩm" not in q1_list
    q3_list = q3.text(f"/cuoc-thi-viet/{competition_id}/bai-viet")
    assert "3 bài" in q3_list
    assert "Lê Thị Mai Anh" not in q3_list

    # The unit level closes and the city level opens: officers score, forward, sign (signed
    # in again: three days outlast a session).
    clock.advance(days=3, hours=1)
    organiser, q1, q3 = (Browser(app, name) for name in ("bantochuc", "canbo.q1", "canbo.q3"))
    token = api_token(TestClient(app), "bantochuc")
    forwarding = f"{W}/cap/{city['id']}/chuyen-bai"
    q1_api = api_token(TestClient(app), "canbo.q1")
    q1_view = TestClient(app).get(f"/api/v1/writing/levels/{city['id']}/forwarding/"
                                  f"{units['Q1'].id}", headers=q1_api).json()
    by_title = {c["title"]: c["essay_id"] for c in q1_view["candidates"]}
    assert set(by_title) == {AUTHOR_OWN[0], TYPED_Q1[0], FILE_Q1[0]}

    def scores_and_pick(officer, unit_code, scores: dict[int, str], picked: list[int]):
        unit_path = f"{forwarding}/{units[unit_code].id}"
        entered = officer.post(f"{unit_path}/diem", data={
            "essay_id": [str(i) for i in scores], "score": list(scores.values())})
        assert entered.status_code == 303, entered.text[:800]
        assert entered.headers["location"] == f"{unit_path}?diem=1"
        return officer.post(f"{unit_path}/chon", data={"essay_id": [str(i) for i in picked]})

    q1_scores = {by_title[AUTHOR_OWN[0]]: "92", by_title[TYPED_Q1[0]]: "88,5",
                 by_title[FILE_Q1[0]]: "70"}
    over = scores_and_pick(q1, "Q1", q1_scores, list(q1_scores))
    assert over.status_code == 422
    assert "Chỉ tiêu của Quận 1 là 2 bài" in visible_text(over.text)
    picked = scores_and_pick(q1, "Q1", q1_scores, [by_title[AUTHOR_OWN[0]],
                                                   by_title[TYPED_Q1[0]]])
    assert picked.status_code == 303, picked.text[:800]
    signed = q1.post(f"{forwarding}/{units['Q1'].id}/ky", data={"confirmed": "true"})
    assert signed.status_code == 303, signed.text[:800]
    assert "đã ký" in q1.text(signed.headers["location"]).casefold()
    # Quận 3 goes through the API.
    q3_api = api_token(TestClient(app), "canbo.q3")
    api = TestClient(app)
    q3_path = f"/api/v1/writing/levels/{city['id']}/forwarding/{units['Q3'].id}"
    q3_view = api.get(q3_path, headers=q3_api).json()
    q3_titles = {c["title"]: c["essay_id"] for c in q3_view["candidates"]}
    assert len(q3_titles) == 3
    bulk_first = q3_titles["Dân vận khéo ở khu phố 1"]
    entered = api.put(f"{q3_path}/scores", headers=q3_api, json={"scores": [
        {"essay_id": q3_titles[FILE_Q3[0]], "score": 95}, {"essay_id": bulk_first, "score": 90},
        {"essay_id": q3_titles["Dân vận khéo ở khu phố 3"], "score": 60}]})
    assert entered.status_code == 200, entered.text
    refused = api.put(f"{q3_path}/selection", headers=q3_api,
                      json={"essay_ids": list(q3_titles.values())})
    assert refused.status_code == 422
    assert "Chỉ tiêu của Quận 3 là 2 bài" in refused.json()["detail"]
    chosen = api.put(f"{q3_path}/selection", headers=q3_api,
                     json={"essay_ids": [q3_titles[FILE_Q3[0]], bulk_first]})
    assert chosen.status_code == 200, chosen.text
    assert api.post(f"{q3_path}/sign", headers=q3_api).status_code == 200
    overview = organiser.text(forwarding)
    assert "Quận 1" in overview
    assert "Quận 3" in overview

    # The city level's deadline passes; the organiser starts judging.
    clock.advance(days=2)
    organiser = Browser(app, "bantochuc")
    token = api_token(TestClient(app), "bantochuc")
    judging = f"{W}/cap/{city['id']}/cham-bai"
    started = organiser.post(f"{judging}/bat-dau")
    assert started.status_code == 200, started.text[:800]
    assert "4" in visible_text(started.text)
    judges = {name: Browser(app, name) for name in judge_ids}
    given = {name: judge_list(judge) for name, judge in judges.items()}
    assert sum(len(codes) for codes in given.values()) == 8  # two judges for each of four
    codes = sorted({code for codes in given.values() for code in codes})
    assert len(codes) == 4
    for name, judge in judges.items():
        for assignment_id in given[name].values():
            seen = judge.get(f"/giam-khao/bai/{assignment_id}").text
            assert [n for n in NAMES + UNIT_NAMES if n in seen] == []
            blind = judge.get(f"/giam-khao/bai/{assignment_id}/tep")
            if blind.status_code == 200:  # essays sent as files: the author stripped
                assert b"L\xc3\xaa Th\xe1\xbb\x8b Mai Anh" not in blind.content
                with zipfile.ZipFile(io.BytesIO(blind.content)) as opened:
                    core = opened.read("docProps/core.xml").decode()
                assert "Lê Thị Mai Anh" not in core
    # A judge reaches no essay given to another.
    others = {i for name in judge_ids if name != "gk.thuduc" for i in given[name].values()}
    stray = sorted(others - set(given["gk.thuduc"].values()))[0]
    assert judges["gk.thuduc"].get(f"/giam-khao/bai/{stray}").status_code == 404
    # Nor through the API, where what they are given names no one either.
    api, judge_token = TestClient(app), api_token(TestClient(app), "gk.thuduc")
    listed = api.get("/api/v1/judging/assignments", headers=judge_token)
    assert {row["code"] for row in listed.json()} == set(given["gk.thuduc"])
    for assignment_id in given["gk.thuduc"].values():
        shown = api.get(f"/api/v1/judging/assignments/{assignment_id}", headers=judge_token)
        assert shown.status_code == 200
        assert [n for n in NAMES + UNIT_NAMES if n in shown.text] == []
    assert api.get(f"/api/v1/judging/assignments/{stray}",
                   headers=judge_token).status_code == 404
    assert api.get(f"/api/v1/judging/assignments/{stray}/file",
                   headers=judge_token).status_code == 404

    # Scores: one essay's two judges disagree (91 and 49), which calls the third.
    disputed = codes[0]
    pair = [name for name in judge_ids if disputed in given[name]]
    third = next(name for name in judge_ids if name not in pair)
    for name, judge in judges.items():
        for code, assignment_id in given[name].items():
            if code == disputed:
                score(judge, assignment_id, HIGH if name == pair[0] else LOW)
            else:
                score(judge, assignment_id, MIDDLE if code != codes[1] else HIGH)
    called = judge_list(judges[third])
    assert disputed in called
    assert "Giám khảo 3" in judges[third].text("/giam-khao")
    score(judges[third], called[disputed], MIDDLE)

    # The organiser aggregates, locks and reveals; names appear only after. Expected: the
    # essay both judges gave 91 first (Giải A), the disputed one 85,5 (91 and 80, the two
    # closest) second (Giải B), the two at 80 tied third, both Khuyến khích (ties at a
    # prize's edge all take it, as the results page says).
    titles = {code: title for judge in judges.values()
              for code, title in judge_titles(judge).items()}
    expected = {code: ("91,00", "Giải A") if code == codes[1] else ("85,50", "Giải B")
                if code == disputed else ("80,00", "Khuyến khích") for code in codes}
    results = f"{W}/cap-thi/{city['id']}/ket-qua"
    assert organiser.post(f"{results}/tong-hop").status_code == 303
    locked = organiser.post(f"{results}/khoa-diem", data={"confirmed": "true"})
    assert locked.status_code == 303, locked.text[:800]
    before = rows_by_code(organiser.text(results), codes)
    for code, row in before.items():
        assert row.startswith(f"{code} {titles[code]} Giám khảo 1"), row
        assert row.endswith(" ".join(expected[code])), row
    assert [n for n in NAMES + UNIT_NAMES if n in " ".join(before.values())] == []
    sheet_before = {row[0]: row for row in sheet_cells(
        organiser.get(f"{base}/so-lieu/tai-ve?loai=diem")) if row and row[0] in codes}
    assert sheet_before[disputed] == [disputed, 91, 49, 80, 85.5, 2, "Giải B"]
    assert sheet_before[codes[1]] == [codes[1], 91, 91, 91, 1, "Giải A"]
    assert [n for n in NAMES if n in cells_text(list(sheet_before.values()))] == []

    revealed = organiser.post(f"{results}/rap-phach", data={"confirmed": "true"})
    assert revealed.status_code == 303, revealed.text[:800]
    page = organiser.text(results)
    assert "Đã ráp phách" in page
    after = rows_by_code(page, codes)
    authors = {code: AUTHORS[titles[code]] for code in codes}
    for code, row in after.items():
        assert row.startswith(f"{code} {titles[code]} {authors[code]} Phường "), row
        assert row.endswith(" ".join(expected[code])), row
    sheet_after = {row[0]: row for row in sheet_cells(
        organiser.get(f"{base}/so-lieu/tai-ve?loai=diem")) if row and row[0] in codes}
    assert sheet_after[disputed][1] == authors[disputed]
    assert sheet_after[disputed][-3:] == [85.5, 2, "Giải B"]
    prizes = {row[1]: row for row in sheet_cells(
        organiser.get(f"{base}/so-lieu/tai-ve?loai=giai")) if len(row) > 5}
    assert {name: row[-1] for name, row in prizes.items() if name in authors.values()} == {
        authors[code]: expected[code][1] for code in codes}

    # The essays sheet and the overview add up: the city is the sum of its blocks. Columns:
    # received, .docx, .pdf, .odt, typed, withdrawn, forwarded, quota, winners.
    essays_sheet = sheet_cells(organiser.get(f"{base}/so-lieu/tai-ve?loai=so-bai"))
    assert ["TỔNG HỢP BÀI DỰ THI CUỘC THI VIẾT DÂN VẬN KHÉO 2026"] in essays_sheet
    lines = {row[1] if isinstance(row[0], int) else row[0]: row[-9:] for row in essays_sheet
             if len(row) >= 9}
    assert lines["Quận 1"] == [3, 2, 0, 0, 1, 0, 2, 2, 2]
    assert lines["Quận 3"] == [3, 3, 0, 0, 0, 0, 2, 2, 2]
    assert lines["Cộng Khối Quận, huyện"] == lines["TỔNG CỘNG"] == [6, 5, 0, 0, 1, 0, 4, 4, 4]
    figures = TestClient(app).get(f"/api/v1/manage/writing/{competition_id}/tallies",
                                  headers=token).json()
    total, blocks = figures["total"]["figures"], [b["figures"] for b in figures["blocks"]]
    for measure in ("received", "docx", "pdf", "odt", "online", "withdrawn", "headcount"):
        assert total[measure] == sum(b[measure] for b in blocks), measure
    city_level = total["levels"][str(city["position"])]
    for measure in ("forwarded", "judged", "winners", "quota"):
        assert city_level[measure] == sum(b["levels"].get(str(city["position"]), {}).get(
            measure, 0) for b in blocks), measure
    assert (total["received"], city_level["forwarded"], city_level["winners"]) == (6, 4, 4)
    assert figures["checks"] == []
    overview_page = organiser.text(f"{base}/so-lieu")
    assert "Mọi số liệu đều khớp" in overview_page
    assert "Khối Quận, huyện 6 5 0 0 1 0 4 4 4 4" in overview_page
    assert "Tổng cộng 6 5 0 0 1 0 4 4 4 4" in overview_page
    # An officer's essays sheet holds their district only.
    q1_sheet = cells_text(sheet_cells(Browser(app, "canbo.q1").get(
        f"{base}/so-lieu/tai-ve?loai=so-bai")))
    assert "Quận 1" in q1_sheet
    assert "Quận 3" not in q1_sheet

    # Every page of the competition links to pages that open: the organiser from the setup
    # page, the results, judging and figures pages; an officer from their essay list.
    assert crawl(Browser(app, "bantochuc"), [
        setup_path, f"/cuoc-thi-viet/{competition_id}/bai-viet", results, judging,
        f"{base}/so-lieu", forwarding]) == {}
    assert crawl(Browser(app, "canbo.q3"), [f"/cuoc-thi-viet/{competition_id}/bai-viet",
                                            f"/cuoc-thi-viet/{competition_id}/nhan-bai-theo-lo",
                                            forwarding]) == {}
