"""Checking and normalising what a contestant types about themselves."""

import re
from datetime import date

import phonenumbers

from backend.contestants.models import Gender
from backend.errors import InvalidInput
from backend.vntext import checked_name, clean, is_latin_name

# Province codes that open a 12-digit CCCD (Thông tư 07/2016/TT-BCA, 63 provinces).
PROVINCE_CODES = frozenset(
    f"{code:03d}" for code in (
        1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33, 34, 35,
        36, 37, 38, 40, 42, 44, 45, 46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64, 66, 67, 68, 70,
        72, 74, 75, 77, 79, 80, 82, 83, 84, 86, 87, 89, 91, 92, 93, 94, 95, 96,
    )
)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def normalise_phone(raw: str) -> str:
    """A Vietnamese phone number in E.164 form (+849...), however it was typed."""
    text = clean(raw)
    try:
        number = phonenumbers.parse(text, "VN")
    except phonenumbers.NumberParseException:
        number = None
    if (number is None or number.country_code != 84
            or not phonenumbers.is_valid_number(number)):
        raise InvalidInput(f"Số điện thoại “{text}” không hợp lệ. Hãy nhập số di động Việt Nam "
                           "gồm 10 chữ số, ví dụ 0912 345 678.", code="invalid_phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def person_name(raw: str) -> str:
    name = clean(raw)
    if len(name) < 2 or len(name) > 120:
        raise InvalidInput("Họ và tên phải từ 2 đến 120 ký tự.", code="invalid_name")
    checked_name(name, field="Họ và tên", max_length=120)  # direction marks, named as such
    # Punctuation alone ("- -") passes the script check but names nobody.
    if not is_latin_name(name) or not any(ch.isalpha() for ch in name):
        raise InvalidInput("Họ và tên chỉ gồm chữ cái tiếng Việt và dấu cách "
                           "(không có chữ số, ký hiệu hay chữ của bảng chữ cái khác).",
                           code="invalid_name")
    return name


def birth_date(value: date, today: date) -> date:
    age = today.year - value.year - ((today.month, today.day) < (value.month, value.day))
    if not 10 <= age <= 110:
        raise InvalidInput("Ngày sinh không hợp lệ; hãy kiểm tra lại năm sinh.",
                           code="invalid_birth_date")
    return value


def email(raw: str | None) -> str | None:
    text = clean(raw).lower()
    if not text:
        return None
    if len(text) > 254 or not _EMAIL.match(text):
        raise InvalidInput(f"Địa chỉ email “{text}” không hợp lệ.", code="invalid_email")
    return text


def id_number(raw: str | None, *, born: date, gender: Gender) -> str:
    """A 12-digit CCCD whose century/gender digit and birth-year digits match the person."""
    digits = re.sub(r"[\s.-]", "", clean(raw))
    # ASCII only: \d also takes full-width and Arabic-Indic digits, which would let one CCCD
    # register twice in two spellings.
    if not re.fullmatch(r"[0-9]{12}", digits):
        raise InvalidInput("Số CCCD phải gồm đúng 12 chữ số.", code="invalid_id_number")
    if digits[:3] not in PROVINCE_CODES:
        raise InvalidInput(f"Ba số đầu của CCCD ({digits[:3]}) không phải mã tỉnh, thành phố "
                           "nơi đăng ký khai sinh.", code="invalid_id_number")
    century, female = divmod(int(digits[3]), 2)
    expected_century = born.year // 100 - 19
    if century != expected_century or bool(female) != (gender is Gender.FEMALE):
        raise InvalidInput("Chữ số thứ 4 của CCCD không khớp với thế kỷ sinh và giới tính đã "
                           "khai; hãy kiểm tra lại CCCD, ngày sinh hoặc giới tính.",
                           code="id_number_mismatch")
    if digits[4:6] != f"{born.year % 100:02d}":
        raise InvalidInput(f"Chữ số thứ 5-6 của CCCD ({digits[4:6]}) phải là hai số cuối năm sinh "
                           f"({born.year % 100:02d}).", code="id_number_mismatch")
    return digits
