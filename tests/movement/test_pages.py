"""The movement's pages: an entry registered by a ward, verified, recognised and proposed by
its district, recognised and made exemplary by the city, with each step in its history; the
year's list with its filters and a step on many at once; another district sees nothing."""

import re

import pytest

from backend.movement import service
from backend.movement.models import EntryStatus as S
from tests.factories import visible_text
from tests.movement.conftest import DURING

FORM = {"kind": "mo_hinh", "title": "Dân vận khéo trong chỉnh trang đô thị",
        "field": "Kinh tế", "people": "Tổ dân phố 3", "description": "Vận động hiến đất.",
        "results": "Mở rộng 2 km hẻm."}


def post(browser, path: str, **fields):
    return browser.post(path, data={**fields, "csrf_token": browser.csrf},
                        follow_redirects=False)


def step(browser, entry_id: int, to: S, reason: str = ""):
    return post(browser, f"/phong-trao/muc/{entry_id}/buoc", to=to.value, reason=reason)


def test_an_entry_climbs_from_the_ward_to_the_city_through_the_pages(
        browser_of, movement_year, tree, ward_officer, officer, organiser):
    ward, district, city = (browser_of(u) for u in (ward_officer, officer, organiser))

    registered = post(ward, f"/phong-trao/{movement_year.id}/dang-ky",
                      unit_id=str(tree["Q1-BN"].id), **FORM)
    entry_id = int(re.search(r"/phong-trao/muc/(\d+)", registered.headers["location"])[1])
    answers = [step(ward, entry_id, S.VERIFIED),
               step(district, entry_id, S.UNIT_RECOGNISED),
               step(district, entry_id, S.CITY_PROPOSED),
               step(city, entry_id, S.CITY_RECOGNISED),
               step(city, entry_id, S.EXEMPLARY)]
    page = visible_text(city.get(f"/phong-trao/muc/{entry_id}").text)

    assert registered.status_code == 303
    assert [a.status_code for a in answers] == [303] * 5
    assert "Trạng thái Tiêu biểu" in page
    assert "Chuyển sang “Đề nghị khen thưởng”" in page
    history = page[page.index("Quá trình xét"):]
    assert ("10:00 01/02/2023 Người dùng canbo.bennghe — Đã đăng ký" in history)
    assert ("Người dùng canbo.bennghe Đã đăng ký Đã thẩm định" in history)
    assert ("Người dùng canbo.q1 Đã thẩm định Được công nhận cấp đơn vị" in history)
    assert ("Người dùng canbo.q1 Được công nhận cấp đơn vị Đề nghị công nhận cấp thành phố"
            in history)
    assert ("Người dùng bantochuc Được công nhận cấp thành phố Tiêu biểu" in history)


def test_a_ward_officer_is_not_offered_the_districts_step_and_is_refused_it(
        browser_of, register, session, ward_officer):
    entry = register(actor=ward_officer)
    service.advance_entry(session=session, entry_id=entry.id, to=S.VERIFIED,
                          actor=ward_officer, now=DURING)
    ward = browser_of(ward_officer)

    page = ward.get(f"/phong-trao/muc/{entry.id}")
    refused = step(ward, entry.id, S.UNIT_RECOGNISED)

    assert "Xét bước tiếp theo" not in page.text
    assert refused.status_code == 403
    assert "đơn vị trực thuộc thành phố" in visible_text(refused.text)


def test_rejecting_needs_a_reason_and_shows_it(browser_of, register, officer):
    entry = register(actor=officer)
    district = browser_of(officer)

    bare = step(district, entry.id, S.REJECTED)
    rejected = step(district, entry.id, S.REJECTED, "Chưa có kết quả cụ thể")
    page = visible_text(district.get(f"/phong-trao/muc/{entry.id}").text)

    assert bare.status_code == 422
    assert "Hãy ghi lý do không công nhận." in visible_text(bare.text)
    assert rejected.status_code == 303
    assert ("Không công nhận (ở bước “Đã đăng ký”; lý do: Chưa có kết quả cụ thể)" in page)


def test_an_officer_of_another_district_gets_a_404_on_every_entry_page(
        browser_of, register, q3_officer, tree):
    entry = register(title="Mô hình bí mật của Bến Nghé")
    other = browser_of(q3_officer)
    base = f"/phong-trao/muc/{entry.id}"

    answers = [other.get(base), other.get(f"{base}/sua"),
               step(other, entry.id, S.VERIFIED),
               post(other, f"{base}/sua", unit_id=str(tree["Q3-VTS"].id), **FORM)]

    assert [a.status_code for a in answers] == [404] * 4
    assert not any("bí mật" in a.text for a in answers)


def test_another_districts_entries_are_not_listed_nor_moved_in_bulk(
        browser_of, register, movement_year, q3_officer):
    entry = register(title="Mô hình bí mật của Bến Nghé")
    other = browser_of(q3_officer)

    listed = other.get(f"/phong-trao/{movement_year.id}")
    moved = post(other, f"/phong-trao/{movement_year.id}/xet-nhieu", entry_id=str(entry.id),
                 to="verified")

    assert "bí mật" not in listed.text
    assert "Chưa có mô hình, giải pháp nào." in visible_text(listed.text)
    text = visible_text(moved.text)
    assert "Đã chuyển 0 mô hình, giải pháp sang bước “Đã thẩm định”." in text
    assert (f"Mục số {entry.id}: Không tìm thấy mô hình, giải pháp này." in text)
    assert "bí mật" not in moved.text


def test_the_list_filters_counts_and_pages(browser_of, register, movement_year, officer,
                                          session):
    for n in range(55):
        register(title=f"Mô hình số {n:02d}")
    register("Q3-VTS", title="Giải pháp của Quận 3", field="Văn hóa - xã hội")
    first = register(title="Điều đặc biệt")
    service.advance_entry(session=session, entry_id=first.id, to=S.VERIFIED, actor=None,
                          now=DURING)
    city = browser_of(officer)
    base = f"/phong-trao/{movement_year.id}"

    everything = visible_text(city.get(base).text)
    second_page = visible_text(city.get(f"{base}?page=2").text)
    verified = visible_text(city.get(f"{base}?trang_thai=verified").text)
    searched = visible_text(city.get(base, params={"q": "ĐẶC  biệt"}).text)

    assert "56 mô hình, giải pháp khớp bộ lọc." in everything
    assert "Đã đăng ký: 55; Đã thẩm định: 1;" in everything
    assert "Giải pháp của Quận 3" not in everything
    assert "Trang 1/2" in everything
    assert "Trang 2/2" in second_page
    assert "Mô hình số 54" in second_page
    assert "1 mô hình, giải pháp khớp bộ lọc." in verified
    assert "Điều đặc biệt" in verified
    assert "Mô hình số 00" not in verified
    assert "Điều đặc biệt" in searched
    assert "Mô hình số 00" not in searched


def test_an_organiser_recognises_200_entries_at_once_and_sees_the_refused(
        browser_of, register, movement_year, organiser, session):
    entries = [register(title=f"Mô hình số {n:03d}") for n in range(200)]
    for to in (S.VERIFIED, S.UNIT_RECOGNISED, S.CITY_PROPOSED):
        service.advance_entries(session=session, entry_ids=[e.id for e in entries[:198]],
                                to=to, actor=None, now=DURING)
    city = browser_of(organiser)

    answer = post(city, f"/phong-trao/{movement_year.id}/xet-nhieu",
                  entry_id=[str(e.id) for e in entries], to="city_recognised")

    text = visible_text(answer.text)
    assert answer.status_code == 200
    assert "Đã chuyển 198 mô hình, giải pháp sang bước “Được công nhận cấp thành phố”." in text
    assert "2 mô hình, giải pháp không chuyển được:" in text
    assert (f"Mục số {entries[199].id}: “Mô hình số 199” đang ở bước “Đã đăng ký”, chỉ có "
            "thể chuyển sang “Đã thẩm định”." in text)


def test_an_organiser_opens_a_year_and_adds_a_field(browser_of, organiser, officer, tree):
    city = browser_of(organiser)

    opened = post(city, "/quan-ly/phong-trao", year="2024", title="Dân vận khéo năm 2024",
                  opens="2024-01-15T08:00", closes="2024-03-31T17:00", reminder_days="5")
    again = post(city, "/quan-ly/phong-trao", year="2024", title="Lần nữa",
                 opens="2024-01-15T08:00", closes="2024-03-31T17:00")
    page = city.get("/phong-trao")
    year_id = re.search(r'action="/quan-ly/phong-trao/(\d+)/linh-vuc"', page.text)[1]
    added = post(city, f"/quan-ly/phong-trao/{year_id}/linh-vuc", name="Chuyển đổi số")
    listed = visible_text(city.get("/phong-trao").text)
    seen_by_officer = browser_of(officer).get("/phong-trao")

    assert opened.status_code == 303
    assert again.status_code == 409
    assert "Đã có đợt phong trào năm 2024." in visible_text(again.text)
    assert added.status_code == 303
    assert ("2024 Dân vận khéo năm 2024 08:00 15/01/2024 17:00 31/03/2024 5 ngày" in listed)
    assert "Xây dựng Đảng và hệ thống chính trị; Chuyển đổi số" in listed
    assert "Phong trào Dân vận khéo" in seen_by_officer.text
    assert "Mở đợt phong trào mới" not in seen_by_officer.text


def test_an_entry_is_corrected_while_registered_only(browser_of, register, session, officer,
                                                     tree):
    entry = register(actor=officer)
    district = browser_of(officer)
    form = {**FORM, "unit_id": str(tree["Q1-BN"].id), "title": "Tên đã sửa"}

    shown = visible_text(district.get(f"/phong-trao/muc/{entry.id}/sua").text)
    corrected = post(district, f"/phong-trao/muc/{entry.id}/sua", **form)
    step(district, entry.id, S.VERIFIED)
    late = post(district, f"/phong-trao/muc/{entry.id}/sua", **{**form, "title": "Lần hai"})

    assert "Sửa “Dân vận khéo trong chỉnh trang đô thị”" in shown
    assert corrected.status_code == 303
    assert "Tên đã sửa" in district.get(f"/phong-trao/muc/{entry.id}").text
    assert late.status_code == 409
    assert "chỉ sửa được khi còn ở bước “Đã đăng ký”" in visible_text(late.text)


def test_the_entry_page_lists_evidence_links_and_the_upload_form(browser_of, register,
                                                                officer):
    entry = register(actor=officer)

    page = browser_of(officer).get(f"/phong-trao/muc/{entry.id}").text

    assert "Minh chứng" in page
    assert "Chưa có minh chứng nào." in page
    assert f'action="/phong-trao/muc/{entry.id}/minh-chung" enctype="multipart/form-data"' in page
    assert 'name="file"' in page


@pytest.mark.parametrize("typed", ["", "abc"])
def test_a_registration_without_a_unit_says_so(browser_of, movement_year, officer, typed):
    answer = post(browser_of(officer), f"/phong-trao/{movement_year.id}/dang-ky",
                  unit_id=typed, **FORM)

    assert answer.status_code == 422
    assert "Hãy chọn đơn vị đăng ký." in visible_text(answer.text)
