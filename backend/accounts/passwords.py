"""Password hashing with Argon2id; parameters come from settings and live in each hash."""

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from backend.errors import InvalidInput

MIN_LENGTH = 8
MAX_LENGTH = 128


class Passwords:
    def __init__(self, *, time_cost: int, memory_kib: int):
        self.hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=1)
        # Verifying against this when an account does not exist keeps the response time the
        # same, so timing does not tell which phone numbers or usernames are registered.
        self._absent = self.hasher.hash("tài khoản không tồn tại")

    def hash(self, password: str) -> str:
        return self.hasher.hash(password)

    def verify(self, stored: str | None, password: str) -> bool:
        try:
            return self.hasher.verify(stored or self._absent, password) and stored is not None
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, stored: str) -> bool:
        return self.hasher.check_needs_rehash(stored)


@lru_cache(maxsize=8)
def passwords_for(time_cost: int, memory_kib: int) -> Passwords:
    return Passwords(time_cost=time_cost, memory_kib=memory_kib)


def check_new_password(password: str) -> str:
    """Refuse passwords that are too short, too long or trivially guessable."""
    if len(password) < MIN_LENGTH:
        raise InvalidInput(f"Mật khẩu phải có ít nhất {MIN_LENGTH} ký tự.")
    if len(password) > MAX_LENGTH:
        raise InvalidInput(f"Mật khẩu dài quá {MAX_LENGTH} ký tự.")
    if len(set(password)) < 3:
        raise InvalidInput("Mật khẩu quá dễ đoán; hãy dùng nhiều ký tự khác nhau.")
    return password


def staff_passwords(settings) -> Passwords:
    return passwords_for(settings.password_time_cost, settings.password_memory_kib)


def contestant_passwords(settings) -> Passwords:
    return passwords_for(settings.contestant_password_time_cost,
                         settings.contestant_password_memory_kib)
