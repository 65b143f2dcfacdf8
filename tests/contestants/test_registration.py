"""Registering for a contest through the service: normalised, checked, one person once."""

import unicodedata
from datetime import date, timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from backend.accounts.passwords import contestant_passwords
from backend.clock import utcnow
from backend.contestants.models import Contestant, Gender
from backend.contestants.service import CONSENT_VERSION
from backend.contests import service as contests
from backend.errors import Conflict, InvalidInput, NotFound
from tests.contestants.conftest import (
    ALREADY_REGISTERED_PHONE,
    CONTESTANT_PASSWORD,
    PHONE_E164,
    SAME_PERSON,
    contestant_count,
    register,
    stored_contestants,
)
from tests.factories import make_contest

CENTURY_OR_GENDER = ("Chữ số thứ 4 của CCCD không khớp với thế kỷ sinh và giới tính đã khai; "
                     "hãy kiểm tra lại CCCD, ngày sinh hoặc giới tính.")
CCCD_TAKEN = "Số CCCD này đã được dùng để đăng ký cuộc thi."
CCCD = "079090123456"  # Hồ Chí Minh City, a man born in 1990


@pytest.fixture
def cccd_contest(session, tree):
    return make_contest(session, title="Tìm hiểu Luật Căn cước", requires_id_number=True)


# --- Phone numbers ----------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["0912 345 678", "0912.345.678", "+84 912 345 678",
                                   "84912345678"])
def test_a_phone_typed_any_usual_way_is_stored_as_e164(session, database, contest, ben_nghe,
                                                        typed):
    register(session, database, contest, ben_nghe, phone=typed)

    assert [c.phone for c in stored_contestants(database)] == [PHONE_E164]


def test_an_invalid_phone_is_refused_in_vietnamese_and_nothing_is_stored(
        session, database, contest, ben_nghe):
    with pytest.raises(InvalidInput) as refused:
        register(session, database, contest, ben_nghe, phone="0912 345 67")

    assert refused.value.message == ("Số điện thoại “0912 345 67” không hợp lệ. Hãy nhập số "
                                     "di động Việt Nam gồm 10 chữ số, ví dụ 0912 345 678.")
    assert contestant_count(database) == 0


def test_a_second_registration_with_the_same_phone_gets_409_and_stores_nothing(
        session, database, contest, ben_nghe):
    first = register(session, database, contest, ben_nghe, phone="0912345678")

    with pytest.raises(Conflict) as refused:
        register(session, database, contest, ben_nghe, phone="+84 912 345 678",
                 full_name="Trần Thị Bình", gender=Gender.FEMALE, birth_date=date(1995, 3, 8))

    assert refused.value.status_code == 409
    assert refused.value.message == ALREADY_REGISTERED_PHONE
    assert [c.id for c in stored_contestants(database)] == [first.id]


def test_the_same_phone_may_register_for_another_contest(session, database, contest, ben_nghe):
    other = make_contest(session, title="Tìm hiểu lịch sử Đảng bộ Thành phố")

    first = register(session, database, contest, ben_nghe)
    second = register(session, database, other, ben_nghe)

    assert sorted((c.contest_id, c.phone) for c in stored_contestants(database)) == [
        (contest.id, PHONE_E164), (other.id, PHONE_E164)]
    assert first.id != second.id


# --- Names and the same person twice ----------------------------------------------------

def test_the_name_is_stored_nfc_and_trimmed_with_a_folded_key(session, database, contest,
                                                              ben_nghe):
    typed = "  " + unicodedata.normalize("NFD", "Nguyễn  Văn An") + "  "

    register(session, database, contest, ben_nghe, full_name=typed)

    [stored] = stored_contestants(database)
    assert stored.full_name == "Nguyễn Văn An"
    assert unicodedata.is_normalized("NFC", stored.full_name)
    assert stored.name_key == "nguyễn văn an"


@pytest.mark.parametrize("variant", [
    unicodedata.normalize("NFD", "Nguyễn Văn An"),
    "Nguyễn  Văn   An",
    "  NGUYỄN VĂN AN ",
    "nguyễn văn an",
    "Nguyễn \u200bVăn\u00a0An",  # a zero-width space and a no-break space
])
def test_the_same_person_again_with_another_phone_and_spelling_gets_409(
        session, database, contest, ben_nghe, variant):
    register(session, database, contest, ben_nghe, full_name="Nguyễn Văn An")

    with pytest.raises(Conflict) as refused:
        register(session, database, contest, ben_nghe, full_name=variant, phone="0987654321")

    assert refused.value.status_code == 409
    assert refused.value.message == SAME_PERSON
    assert [c.phone for c in stored_contestants(database)] == [PHONE_E164]


def test_the_database_itself_refuses_a_second_row_for_the_same_person(
        session, database, contest, ben_nghe):
    first = register(session, database, contest, ben_nghe)
    twin = Contestant(
        contest_id=contest.id, unit_id=ben_nghe.id, name_key=first.name_key,
        birth_date=first.birth_date, full_name="NGUYỄN VĂN AN", gender=Gender.MALE,
        phone="+84987654321", password_hash="x", consent_at=utcnow(),
        consent_version=CONSENT_VERSION)
    session.add(twin)

    with pytest.raises(IntegrityError):
        session.flush()
    session.rollback()

    assert contestant_count(database) == 1


def test_namesakes_in_another_unit_or_born_another_day_may_both_register(
        session, database, contest, tree):
    register(session, database, contest, tree["Q1-BN"])
    register(session, database, contest, tree["Q3-VTS"], phone="0987654321")
    register(session, database, contest, tree["Q1-BN"], phone="0901234567",
             birth_date=date(1991, 5, 17))

    assert contestant_count(database) == 3


@pytest.mark.parametrize("typed", ["Nguyễn Văn \u0410n", "Nguyễn V\u0430n An",
                                   "Nguyễn Văn An 2", "Nguyễn Văn An <b>", "- -"])
def test_a_name_with_look_alike_letters_digits_or_symbols_is_refused(
        session, database, contest, ben_nghe, typed):
    with pytest.raises(InvalidInput) as refused:
        register(session, database, contest, ben_nghe, full_name=typed)

    assert refused.value.message == ("Họ và tên chỉ gồm chữ cái tiếng Việt và dấu cách "
                                     "(không có chữ số, ký hiệu hay chữ của bảng chữ cái "
                                     "khác).")
    assert contestant_count(database) == 0


# --- CCCD -------------------------------------------------------------------------------

def test_a_consistent_cccd_is_stored_when_the_contest_asks_for_it(
        session, database, cccd_contest, ben_nghe):
    register(session, database, cccd_contest, ben_nghe, id_number="079 090 123 456")

    assert [c.id_number for c in stored_contestants(database)] == [CCCD]


def test_a_contest_that_asks_for_cccd_refuses_a_registration_without_one(
        session, database, cccd_contest, ben_nghe):
    with pytest.raises(InvalidInput) as refused:
        register(session, database, cccd_contest, ben_nghe, id_number=None)

    assert refused.value.message == "Số CCCD phải gồm đúng 12 chữ số."
    assert contestant_count(database) == 0


def test_a_cccd_inconsistent_with_the_birth_year_is_refused_and_nothing_stored(
        session, database, cccd_contest, ben_nghe):
    with pytest.raises(InvalidInput) as refused:
        register(session, database, cccd_contest, ben_nghe, id_number=CCCD,
                 birth_date=date(1992, 5, 17))

    assert refused.value.message == ("Chữ số thứ 5-6 của CCCD (90) phải là hai số cuối năm "
                                     "sinh (92).")
    assert contestant_count(database) == 0


def test_a_cccd_of_the_wrong_century_is_refused_and_nothing_stored(
        session, database, cccd_contest, ben_nghe):
    with pytest.raises(InvalidInput) as refused:
        register(session, database, cccd_contest, ben_nghe, id_number="079290123456")

    assert refused.value.message == CENTURY_OR_GENDER
    assert contestant_count(database) == 0


def test_a_cccd_inconsistent_with_the_gender_is_refused_and_nothing_stored(
        session, database, cccd_contest, ben_nghe):
    with pytest.raises(InvalidInput) as refused:
        register(session, database, cccd_contest, ben_nghe, id_number=CCCD,
                 full_name="Nguyễn Thị An", gender=Gender.FEMALE)

    assert refused.value.message == CENTURY_OR_GENDER
    assert contestant_count(database) == 0


def test_the_same_cccd_cannot_register_twice_in_one_contest(
        session, database, cccd_contest, ben_nghe):
    register(session, database, cccd_contest, ben_nghe, id_number=CCCD)

    with pytest.raises(Conflict) as refused:
        register(session, database, cccd_contest, ben_nghe, id_number="079-090-123-456",
                 phone="0987654321", full_name="Lê Văn Cường")

    assert refused.value.message == CCCD_TAKEN
    assert contestant_count(database) == 1


def test_a_cccd_is_not_stored_when_the_contest_does_not_ask_for_it(
        session, database, contest, ben_nghe):
    register(session, database, contest, ben_nghe, id_number=CCCD)

    assert [c.id_number for c in stored_contestants(database)] == [None]


# --- Consent, unit, contest, password, birth date ---------------------------------------

def test_registration_without_consent_is_refused_and_nothing_stored(
        session, database, contest, ben_nghe):
    with pytest.raises(InvalidInput) as refused:
        register(session, database, contest, ben_nghe, consent=False)

    assert refused.value.message == ("Bạn cần đồng ý với thông báo xử lý dữ liệu cá nhân để "
                                     "đăng ký.")
    assert contestant_count(database) == 0


def test_consent_is_recorded_with_its_time_and_notice_version(
        session, database, contest, ben_nghe):
    moment = utcnow().replace(microsecond=0)

    register(session, database, contest, ben_nghe, now=moment, ip="203.113.5.9")

    [stored] = stored_contestants(database)
    assert (stored.consent_at, stored.consent_version) == (moment, CONSENT_VERSION)
    assert (stored.registered_at, stored.registered_ip) == (moment, "203.113.5.9")


def test_a_unit_not_taking_part_in_the_contest_is_refused(session, database, tree):
    q1_only = contests.create_contest(
        session=session, title="Hội thi Dân vận khéo Quận 1", rules_text="Thể lệ.",
        requires_id_number=False, scope_unit_ids=[tree["Q1"].id], actor_id=None,
        now=utcnow(), is_published=True)

    for unit_id in (tree["Q3-VTS"].id, 999_999):
        with pytest.raises(InvalidInput) as refused:
            register(session, database, q1_only, tree["Q3-VTS"], unit_id=unit_id)
        assert refused.value.message == ("Đơn vị đã chọn không tham gia cuộc thi này; hãy chọn "
                                         "lại trong danh sách.")
    register(session, database, q1_only, tree["Q1-BT"])

    assert [c.unit_id for c in stored_contestants(database)] == [tree["Q1-BT"].id]


def test_an_unpublished_contest_cannot_be_registered_for(session, database, tree):
    draft = make_contest(session, title="Cuộc thi đang soạn", published=False)

    with pytest.raises(NotFound) as refused:
        register(session, database, draft, tree["Q1-BN"])

    assert refused.value.status_code == 404
    assert refused.value.message == "Không tìm thấy cuộc thi này."
    assert contestant_count(database) == 0


@pytest.mark.parametrize(("password", "message"), [
    ("ngan", "Mật khẩu phải có ít nhất 8 ký tự."),
    ("aaaaaaaaaa", "Mật khẩu quá dễ đoán; hãy dùng nhiều ký tự khác nhau."),
])
def test_a_weak_password_is_refused(session, database, contest, ben_nghe, password, message):
    with pytest.raises(InvalidInput) as refused:
        register(session, database, contest, ben_nghe, password=password)

    assert refused.value.message == message
    assert contestant_count(database) == 0


@pytest.mark.parametrize("years_ago", [-1, 150])
def test_an_absurd_birth_date_is_refused(session, database, contest, ben_nghe, years_ago):
    today = utcnow().date()
    born = today.replace(year=today.year - years_ago, day=min(today.day, 28))

    with pytest.raises(InvalidInput) as refused:
        register(session, database, contest, ben_nghe, birth_date=born)

    assert refused.value.message == "Ngày sinh không hợp lệ; hãy kiểm tra lại năm sinh."
    assert contestant_count(database) == 0


def test_a_birth_date_tomorrow_is_refused(session, database, contest, ben_nghe):
    with pytest.raises(InvalidInput):
        register(session, database, contest, ben_nghe,
                 birth_date=utcnow().date() + timedelta(days=1))

    assert contestant_count(database) == 0


def test_the_password_is_kept_only_as_an_argon2id_hash(session, database, contest, ben_nghe):
    register(session, database, contest, ben_nghe)

    [stored] = stored_contestants(database)
    assert stored.password_hash.startswith("$argon2id$")
    assert CONTESTANT_PASSWORD not in stored.password_hash
    assert contestant_passwords(database.settings).verify(stored.password_hash,
                                                          CONTESTANT_PASSWORD)
