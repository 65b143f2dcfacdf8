"""`thidua movement …` against the test database: years, a field, the entries, one step and
a step on every entry of a year at a step, 500 at a time."""

from sqlmodel import select

from backend.movement import service
from backend.movement.models import EntryStatus as S
from backend.movement.models import MovementEntry
from tests.movement.conftest import DURING


def statuses(session) -> dict[str, S]:
    session.expire_all()
    return {e.title: e.status for e in session.exec(select(MovementEntry))}


def test_open_a_year_add_a_field_and_list_them(thidua, session, tree):
    opened = thidua("movement", "create-year", "--year", 2024, "--title",
                    "Dân vận khéo năm 2024", "--opens", "2024-01-15 08:00", "--closes",
                    "2024-03-31 17:00")
    again = thidua("movement", "create-year", "--year", 2024, "--title", "Lần nữa", "--opens",
                   "2024-01-15 08:00", "--closes", "2024-03-31 17:00")
    bad_time = thidua("movement", "create-year", "--year", 2025, "--title", "Năm 2025",
                      "--opens", "15/01/2025", "--closes", "2025-03-31 17:00")
    field = thidua("movement", "add-field", "--year-id", 1, "--name", "Chuyển đổi số")
    listed = thidua("movement", "years")

    assert opened.exit_code == 0, opened.output
    assert opened.stdout.strip() == ("Đã mở đợt phong trào năm 2024 (mã số 1): đăng ký từ "
                                     "08:00 15/01/2024 đến 17:00 31/03/2024.")
    assert again.exit_code == 1
    assert "Đã có đợt phong trào năm 2024." in again.output
    assert bad_time.exit_code == 1
    assert "--opens “15/01/2025” không phải ngày giờ" in bad_time.output
    assert field.stdout.strip() == "Đã thêm lĩnh vực “Chuyển đổi số”."
    assert listed.stdout.strip() == (
        "[1] 2024: Dân vận khéo năm 2024; đăng ký từ 08:00 15/01/2024 đến 17:00 31/03/2024; "
        "lĩnh vực: Kinh tế; Văn hóa - xã hội; Quốc phòng - an ninh; Xây dựng Đảng và hệ "
        "thống chính trị; Chuyển đổi số.")


def test_list_entries_of_a_unit_and_a_status(thidua, register, movement_year, session):
    first = register(title="Mô hình Bến Nghé")
    register("Q3-VTS", title="Mô hình Võ Thị Sáu")
    moved = register(title="Giải pháp Bến Nghé", kind="giai_phap")
    service.advance_entry(session=session, entry_id=moved.id, to=S.VERIFIED, actor=None,
                          now=DURING)

    of_q1 = thidua("movement", "entries", "--year-id", movement_year.id, "--unit", "Q1")
    verified = thidua("movement", "entries", "--year-id", movement_year.id, "--status",
                      "verified")
    unknown = thidua("movement", "entries", "--year-id", movement_year.id, "--status", "xong")

    assert of_q1.stdout.splitlines() == [
        f"[{moved.id}] Đã thẩm định: Giải pháp Bến Nghé (Giải pháp, Kinh tế) — Phường Bến Nghé",
        f"[{first.id}] Đã đăng ký: Mô hình Bến Nghé (Mô hình, Kinh tế) — Phường Bến Nghé",
        "Tổng cộng 2 mô hình, giải pháp."]
    assert verified.stdout.splitlines()[-1] == "Tổng cộng 1 mô hình, giải pháp."
    assert unknown.exit_code == 1
    assert "--status “xong” không phải trạng thái; dùng một trong: registered" in unknown.output


def test_advance_one_entry_and_reject_another(thidua, register, session):
    first = register(title="Mô hình một")
    second = register(title="Mô hình hai")

    moved = thidua("movement", "advance", "--entry", first.id, "--to", "verified")
    skipped = thidua("movement", "advance", "--entry", first.id, "--to", "city_proposed")
    no_reason = thidua("movement", "advance", "--entry", second.id, "--to", "rejected")
    rejected = thidua("movement", "advance", "--entry", second.id, "--to", "rejected",
                      "--reason", "Trùng với mô hình năm trước")
    neither = thidua("movement", "advance", "--to", "verified")

    assert moved.stdout.strip() == "Đã chuyển “Mô hình một” sang “Đã thẩm định”."
    assert skipped.exit_code == 1
    assert "chỉ có thể chuyển sang “Được công nhận cấp đơn vị”" in skipped.output
    assert no_reason.exit_code == 1
    assert "Hãy ghi lý do không công nhận." in no_reason.output
    assert rejected.exit_code == 0, rejected.output
    assert neither.exit_code == 1
    assert "Hãy ghi --entry MÃ_MỤC" in neither.output
    assert statuses(session) == {"Mô hình một": S.VERIFIED, "Mô hình hai": S.REJECTED}


def test_advance_every_entry_of_a_unit_at_a_step(thidua, register, movement_year, session):
    for n in range(3):
        register(title=f"Mô hình Bến Nghé {n}")
    register("Q3-VTS", title="Mô hình Võ Thị Sáu")

    moved = thidua("movement", "advance", "--year-id", movement_year.id, "--from",
                   "registered", "--to", "verified", "--unit", "Q1")
    none_left = thidua("movement", "advance", "--year-id", movement_year.id, "--from",
                       "registered", "--to", "verified", "--unit", "Q1")

    assert moved.stdout.strip() == "Đã chuyển 3 mục từ “Đã đăng ký” sang “Đã thẩm định”."
    assert none_left.exit_code == 1
    assert "Không có mục nào đang ở bước “Đã đăng ký”." in none_left.output
    assert statuses(session)["Mô hình Võ Thị Sáu"] is S.REGISTERED


def test_advance_takes_500_entries_at_a_time_and_says_how_many_are_left(
        thidua, register, movement_year, session, tree):
    period = service.get_year(session=session, year_id=movement_year.id)
    entries = [service.checked_entry(session=session, period=period, actor=None,
                                     data=service.EntryData(unit_id=tree["Q1-BN"].id,
                                                            kind="mo_hinh", field="Kinh tế",
                                                            title=f"Mô hình số {n}"))
               for n in range(503)]
    service.store_entries(session=session, entries=entries, actor=None, now=DURING)
    session.commit()

    first = thidua("movement", "advance", "--year-id", movement_year.id, "--from",
                   "registered", "--to", "verified")
    second = thidua("movement", "advance", "--year-id", movement_year.id, "--from",
                    "registered", "--to", "verified")

    assert first.stdout.splitlines() == [
        "Đã chuyển 500 mục từ “Đã đăng ký” sang “Đã thẩm định”.",
        "Còn 3 mục ở bước “Đã đăng ký” chưa xét: mỗi lần chỉ xét tối đa 500 mục, hãy chạy "
        "lại lệnh."]
    assert second.stdout.strip() == "Đã chuyển 3 mục từ “Đã đăng ký” sang “Đã thẩm định”."
    assert set(statuses(session).values()) == {S.VERIFIED}
