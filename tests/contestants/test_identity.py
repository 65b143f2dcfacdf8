"""What a contestant types about themselves: phone, name, birth date and CCCD, checked alone."""

import unicodedata
from datetime import date

import pytest

from backend import personaldata
from backend.contestants import identity
from backend.contestants.models import Gender
from backend.errors import InvalidInput
from backend.vntext import same_text_key

TODAY = date(2026, 11, 28)
NOT_LETTERS = ("Họ và tên chỉ gồm chữ cái tiếng Việt và dấu cách "
               "(không có chữ số, ký hiệu hay chữ của bảng chữ cái khác).")
CENTURY_OR_GENDER = ("Chữ số thứ 4 của CCCD không khớp với thế kỷ sinh và giới tính đã khai; "
                     "hãy kiểm tra lại CCCD, ngày sinh hoặc giới tính.")
TWELVE_DIGITS = "Số CCCD phải gồm đúng 12 chữ số."


# --- Phone numbers ----------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["0912 345 678", "0912.345.678", "+84 912 345 678",
                                   "84912345678", " 0912-345-678 "])
def test_every_way_of_typing_one_phone_number_gives_the_same_e164(typed):
    assert identity.normalise_phone(typed) == "+84912345678"


@pytest.mark.parametrize("typed", ["0912 345 67", "012345", "0212345678", "+1 202 555 0100",
                                   "không có số", ""])
def test_an_invalid_phone_is_refused_in_vietnamese(typed):
    with pytest.raises(InvalidInput) as refused:
        identity.normalise_phone(typed)

    assert refused.value.code == "invalid_phone"
    assert refused.value.message == (
        f"Số điện thoại “{typed.strip()}” không hợp lệ. Hãy nhập số di động Việt Nam gồm 10 "
        "chữ số, ví dụ 0912 345 678.")


# --- Names ------------------------------------------------------------------------------

def test_a_name_is_stored_in_nfc_with_spacing_folded_and_trimmed():
    typed = "  " + unicodedata.normalize("NFD", "Nguyễn   Văn\tAn") + " "

    name = identity.person_name(typed)

    assert name == "Nguyễn Văn An"
    assert unicodedata.is_normalized("NFC", name)


def test_nfd_nfc_spacing_and_case_variants_of_one_name_share_one_key():
    variants = ["Nguyễn Văn An", unicodedata.normalize("NFD", "Nguyễn Văn An"),
                "Nguyễn  Văn   An", " NGUYỄN VĂN AN ", "nguyễn văn an"]

    keys = {same_text_key(identity.person_name(v)) for v in variants}

    assert keys == {"nguyễn văn an"}


def test_vietnamese_letters_hyphens_and_apostrophes_are_accepted():
    assert identity.person_name("Đặng Thị Hồng-Nhung") == "Đặng Thị Hồng-Nhung"
    assert identity.person_name("H'Hen Niê") == "H'Hen Niê"


@pytest.mark.parametrize("typed", [
    "Nguyễn Văn \u0410n",          # Cyrillic capital A
    "Nguyễn V\u0430n An",          # Cyrillic small a
    "Trần Thị B\u0456nh",          # Cyrillic i
    "Nguyễn Văn An 2",             # a digit
    "Nguyễn Văn An!",              # a symbol
    "=HYPERLINK(\"x\")",            # a formula
    "Nguyễn_Văn_An",
    "- -",                          # punctuation alone
])
def test_look_alike_letters_digits_and_symbols_are_refused(typed):
    with pytest.raises(InvalidInput) as refused:
        identity.person_name(typed)

    assert refused.value.message == NOT_LETTERS


@pytest.mark.parametrize("typed", ["A", " B ", "A" * 121])
def test_a_name_must_be_two_to_120_characters(typed):
    with pytest.raises(InvalidInput) as refused:
        identity.person_name(typed)

    assert refused.value.message == "Họ và tên phải từ 2 đến 120 ký tự."


# --- Birth dates ------------------------------------------------------------------------

@pytest.mark.parametrize("born", [date(2026, 12, 1), date(1876, 1, 1), date(2020, 1, 1)])
def test_an_absurd_birth_date_is_refused(born):
    with pytest.raises(InvalidInput) as refused:
        identity.birth_date(born, TODAY)

    assert refused.value.message == "Ngày sinh không hợp lệ; hãy kiểm tra lại năm sinh."


def test_a_plausible_birth_date_is_kept():
    assert identity.birth_date(date(1960, 2, 29), TODAY) == date(1960, 2, 29)


# --- CCCD -------------------------------------------------------------------------------

@pytest.mark.parametrize(("cccd", "born", "gender"), [
    ("079090123456", date(1990, 5, 17), Gender.MALE),       # 0: 1900s, male
    ("079190123456", date(1990, 5, 17), Gender.FEMALE),     # 1: 1900s, female
    ("001203000001", date(2003, 1, 1), Gender.MALE),        # 2: 2000s, male
    ("096303999999", date(2003, 12, 31), Gender.FEMALE),    # 3: 2000s, female
    ("079 090 123.456", date(1990, 5, 17), Gender.MALE),    # spaces and dots dropped
])
def test_a_cccd_consistent_with_birth_year_and_gender_is_accepted(cccd, born, gender):
    assert identity.id_number(cccd, born=born, gender=gender) == cccd.replace(" ", "").replace(
        ".", "")


@pytest.mark.parametrize("cccd", ["07909012345", "0790901234567", "07909012345a", "", None,
                                  "079090１２３４５６", "079090٠١٢٣٤٥"])
def test_a_cccd_must_be_exactly_twelve_ascii_digits(cccd):
    with pytest.raises(InvalidInput) as refused:
        identity.id_number(cccd, born=date(1990, 5, 17), gender=Gender.MALE)

    assert refused.value.message == TWELVE_DIGITS


@pytest.mark.parametrize("province", ["000", "003", "099", "100"])
def test_a_cccd_must_open_with_a_province_code(province):
    with pytest.raises(InvalidInput) as refused:
        identity.id_number(f"{province}090123456", born=date(1990, 5, 17), gender=Gender.MALE)

    assert refused.value.message == (f"Ba số đầu của CCCD ({province}) không phải mã tỉnh, "
                                     "thành phố nơi đăng ký khai sinh.")


@pytest.mark.parametrize(("cccd", "born", "gender"), [
    ("079190123456", date(1990, 5, 17), Gender.MALE),       # female digit, declared male
    ("079090123456", date(1990, 5, 17), Gender.FEMALE),     # male digit, declared female
    ("079290123456", date(1990, 5, 17), Gender.MALE),       # 2000s digit, born 1990
    ("079003123456", date(2003, 1, 1), Gender.MALE),        # 1900s digit, born 2003
    ("079503123456", date(2003, 1, 1), Gender.FEMALE),      # 2100s digit
])
def test_a_cccd_whose_fourth_digit_contradicts_century_or_gender_is_refused(cccd, born, gender):
    with pytest.raises(InvalidInput) as refused:
        identity.id_number(cccd, born=born, gender=gender)

    assert refused.value.code == "id_number_mismatch"
    assert refused.value.message == CENTURY_OR_GENDER


def test_a_cccd_whose_fifth_and_sixth_digits_are_not_the_birth_year_is_refused():
    with pytest.raises(InvalidInput) as refused:
        identity.id_number("079091123456", born=date(1990, 5, 17), gender=Gender.MALE)

    assert refused.value.code == "id_number_mismatch"
    assert refused.value.message == ("Chữ số thứ 5-6 của CCCD (91) phải là hai số cuối năm "
                                     "sinh (90).")


def test_phone_and_cccd_are_masked_for_display():
    assert personaldata.display_phone("+84912345678") == "0912 345 678"
    assert personaldata.mask_phone("+84912345678") == "091****678"
    assert personaldata.mask_id_number("079090123456") == "079******456"
