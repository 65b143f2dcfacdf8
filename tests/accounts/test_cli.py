"""`thidua users create`: the first organiser is made on the command line."""

from backend.accounts.models import Role
from backend.accounts.passwords import staff_passwords
from tests.accounts.conftest import stored_user
from tests.factories import usernames


def create(run, username: str, *extra: str, role: str = "organiser",
           password: str = "mat-khau-quan-tri-2026"):
    return run("users", "create", "--role", role, "--username", username,
               "--full-name", "Nguyễn Văn Quản Trị", "--password", password, *extra)


def test_users_create_makes_an_organiser_who_can_sign_in(thidua, database, settings):
    result = create(thidua, "QuanTri")

    stored = stored_user(database, "quantri")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "Đã tạo tài khoản “quantri” (Ban tổ chức)."
    assert (stored.role, stored.full_name, stored.unit_id) == (
        Role.ORGANISER, "Nguyễn Văn Quản Trị", None)
    assert stored.password_hash.startswith("$argon2id$")
    assert "mat-khau-quan-tri-2026" not in stored.password_hash
    assert staff_passwords(settings).verify(stored.password_hash, "mat-khau-quan-tri-2026")


def test_users_create_refuses_a_taken_username_clearly(thidua, database):
    create(thidua, "quantri")

    result = create(thidua, " QuanTri ", password="mat-khau-khac-2026")

    assert result.exit_code == 1
    assert "Tên đăng nhập “quantri” đã có người dùng." in result.stderr
    assert "Traceback" not in result.output
    assert usernames(database) == ["quantri"]


def test_users_create_ties_a_unit_officer_to_the_unit_code_given(thidua, database, tree):
    result = create(thidua, "canbo.q3", "--unit", " q3 ", role="unit_officer")

    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "Đã tạo tài khoản “canbo.q3” (Cán bộ đơn vị)."
    assert stored_user(database, "canbo.q3").unit_id == tree["Q3"].id


def test_users_create_refuses_an_unknown_unit_code(thidua, database, tree):
    result = create(thidua, "canbo.x", "--unit", "KHONGCO", role="unit_officer")

    assert result.exit_code == 1
    assert "Không có đơn vị mã “KHONGCO”." in result.stderr
    assert usernames(database) == []


def test_users_create_refuses_a_weak_password_with_the_reason(thidua, database):
    result = create(thidua, "quantri", password="ngan")

    assert result.exit_code == 1
    assert "Mật khẩu phải có ít nhất 8 ký tự." in result.stderr
    assert usernames(database) == []


def test_users_create_asks_for_the_password_twice_when_not_given(thidua, database,
                                                                 settings):
    result = thidua("users", "create", "--role", "judge", "--username", "giamkhao",
                          "--full-name", "Lê Thị Giám Khảo",
                          input="mat-khau-an-2026\nmat-khau-an-2026\n")

    stored = stored_user(database, "giamkhao")
    assert result.exit_code == 0, result.output
    assert "mat-khau-an-2026" not in result.output
    assert stored.role == Role.JUDGE
    assert staff_passwords(settings).verify(stored.password_hash, "mat-khau-an-2026")


def test_users_create_stops_when_the_two_passwords_typed_differ(thidua, database):
    result = thidua("users", "create", "--role", "judge", "--username", "giamkhao",
                          "--full-name", "Lê Thị Giám Khảo",
                          input="mat-khau-an-2026\nmat-khau-khac-2026\n")

    assert result.exit_code == 1
    assert result.stderr == "Hai lần nhập mật khẩu không khớp nhau; chưa tạo tài khoản nào.\n"
    assert "Nhập lại mật khẩu" in result.output
    assert usernames(database) == []


def test_users_create_refuses_a_role_that_does_not_exist(thidua, database):
    result = create(thidua, "quantri", role="superadmin")

    assert result.exit_code == 2
    assert ("Lỗi: Giá trị “superadmin” của --role không hợp lệ: chọn một trong organiser, "
            "unit_officer, judge.") in result.stderr
    assert usernames(database) == []
