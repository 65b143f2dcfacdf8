"""Staff accounts, sign-in and sessions, checked through the service without HTTP."""

from datetime import timedelta

import pytest

from backend.accounts import service as accounts
from backend.accounts.models import Role, SessionKind
from backend.accounts.passwords import passwords_for, staff_passwords
from backend.accounts.tokens import token_digest
from backend.clock import utcnow
from backend.errors import Conflict, InvalidInput, NotFound, Throttled
from backend.policy import Permission, has_permission, sees_whole_tree
from backend.ratelimit import DatabaseRateLimiter
from tests.accounts.conftest import LOCKED, WRONG_CREDENTIALS, stored_sessions, stored_user
from tests.factories import PASSWORD, make_user


def attempt_sign_in(database, settings, username, password, *, ip="203.0.113.5", now=None,
                    passwords=None):
    """One sign-in, in a session of its own as a request has."""
    with database.scope() as session:
        return accounts.sign_in_staff(
            session=session, username=username, password=password,
            passwords=passwords or staff_passwords(settings),
            limiter=DatabaseRateLimiter(database), settings=settings, ip=ip,
            now=now or utcnow())


def open_web_session(database, user_id, *, now, hours=10) -> str:
    with database.scope() as session:
        return accounts.open_session(session=session, kind=SessionKind.WEB, hours=hours,
                                     now=now, user_id=user_id)


def live(database, token, *, now) -> int | None:
    """Whose live session the token opens, or None."""
    with database.scope(write=False) as session:
        found = accounts.find_session(session=session, token=token, now=now)
        return found.user_id if found else None


def test_password_is_stored_as_an_argon2id_hash_never_as_itself(session, settings, database):
    make_user(session, settings, role=Role.ORGANISER, username="bantochuc")

    stored = stored_user(database, "bantochuc")

    assert stored.password_hash.startswith("$argon2id$")
    assert PASSWORD not in stored.password_hash
    assert staff_passwords(settings).verify(stored.password_hash, PASSWORD)


def test_username_is_kept_trimmed_and_in_lower_case(session, settings, database):
    created = accounts.create_user(
        session=session, username="  BanToChuc ", full_name="  Nguyễn   Văn An ",
        password=PASSWORD, role=Role.ORGANISER, unit_id=None,
        passwords=staff_passwords(settings), actor_id=None, now=utcnow())

    assert created.username == "bantochuc"
    assert stored_user(database, "bantochuc").full_name == "Nguyễn Văn An"


@pytest.mark.parametrize("taken_as", ["bantochuc", "BanToChuc", " bantochuc  "])
def test_a_username_differing_only_in_case_or_spaces_is_refused_as_taken(
        session, settings, database, taken_as):
    make_user(session, settings, role=Role.ORGANISER, username="bantochuc")

    with pytest.raises(Conflict) as refused:
        make_user(session, settings, role=Role.JUDGE, username=taken_as, password="khac-hoan-toan")

    assert refused.value.message == "Tên đăng nhập “bantochuc” đã có người dùng."
    assert stored_user(database, "bantochuc").role == Role.ORGANISER


@pytest.mark.parametrize(("password", "reason"), [
    ("ngan", "Mật khẩu phải có ít nhất 8 ký tự."),
    ("aaaaaaaaaaaa", "Mật khẩu quá dễ đoán; hãy dùng nhiều ký tự khác nhau."),
    ("x" * 129 + "yz", "Mật khẩu dài quá 128 ký tự."),
])
def test_weak_password_is_refused_with_the_reason(session, settings, database, password, reason):
    with pytest.raises(InvalidInput) as refused:
        make_user(session, settings, role=Role.ORGANISER, username="bantochuc",
                  password=password)

    assert refused.value.message == reason
    assert stored_user(database, "bantochuc") is None


def test_username_with_a_space_inside_is_refused(session, settings, database):
    with pytest.raises(InvalidInput) as refused:
        make_user(session, settings, role=Role.ORGANISER, username="ban to chuc")

    assert "chữ không dấu, chữ số, dấu chấm, gạch dưới hoặc gạch ngang" in refused.value.message
    assert stored_user(database, "ban to chuc") is None


def test_unit_officer_must_be_tied_to_an_active_unit(session, settings, database):
    with pytest.raises(InvalidInput) as refused:
        make_user(session, settings, role=Role.UNIT_OFFICER, username="canbo")

    assert refused.value.message == "Cán bộ đơn vị phải gắn với một đơn vị đang hoạt động."
    assert stored_user(database, "canbo") is None


def test_organisers_and_judges_are_not_tied_to_a_unit(session, settings, database, tree):
    make_user(session, settings, role=Role.JUDGE, username="giamkhao", unit=tree["Q1"])

    assert stored_user(database, "giamkhao").unit_id is None


def test_right_password_signs_in_and_records_when(database, settings, organiser):
    moment = utcnow()

    user = attempt_sign_in(database, settings, " BanToChuc ", PASSWORD, now=moment)

    assert user.id == organiser.id
    assert stored_user(database, "bantochuc").last_login_at == moment


@pytest.mark.parametrize(("username", "password"), [
    ("bantochuc", "sai-mat-khau-roi"),
    ("khongtontai", PASSWORD),
])
def test_wrong_password_and_unknown_user_get_the_same_refusal(database, settings, organiser,
                                                              username, password):
    with pytest.raises(InvalidInput) as refused:
        attempt_sign_in(database, settings, username, password)

    assert refused.value.message == WRONG_CREDENTIALS
    assert refused.value.code == "wrong_credentials"
    assert stored_user(database, "bantochuc").last_login_at is None


def test_locked_account_cannot_sign_in_even_with_the_right_password(database, settings,
                                                                    organiser, judge):
    with database.scope() as session:
        accounts.set_user_active(session=session, user_id=judge.id, active=False,
                                 actor_id=organiser.id, now=utcnow())

    with pytest.raises(InvalidInput) as refused:
        attempt_sign_in(database, settings, "giamkhao", PASSWORD)

    assert refused.value.message == LOCKED
    assert stored_user(database, "giamkhao").last_login_at is None


def test_locking_an_account_ends_every_session_it_has_open(database, organiser, judge):
    now = utcnow()
    tokens = [open_web_session(database, judge.id, now=now) for _ in range(3)]

    with database.scope() as session:
        accounts.set_user_active(session=session, user_id=judge.id, active=False,
                                 actor_id=organiser.id, now=now)

    assert [live(database, token, now=now) for token in tokens] == [None, None, None]
    assert all(s.revoked_at == now for s in stored_sessions(database, judge.id))


def test_unlocked_account_can_sign_in_again(database, settings, organiser, judge):
    with database.scope() as session:
        accounts.set_user_active(session=session, user_id=judge.id, active=False,
                                 actor_id=organiser.id, now=utcnow())
    with database.scope() as session:
        accounts.set_user_active(session=session, user_id=judge.id, active=True,
                                 actor_id=organiser.id, now=utcnow())

    assert attempt_sign_in(database, settings, "giamkhao", PASSWORD).id == judge.id


def test_organiser_cannot_lock_their_own_account(database, organiser):
    with database.scope() as session, pytest.raises(Conflict) as refused:
        accounts.set_user_active(session=session, user_id=organiser.id, active=False,
                                 actor_id=organiser.id, now=utcnow())

    assert refused.value.message == "Bạn không thể tự khóa tài khoản của mình."
    assert stored_user(database, "bantochuc").is_active


def test_locking_an_account_that_does_not_exist_is_not_found(database, organiser):
    with database.scope() as session, pytest.raises(NotFound) as refused:
        accounts.set_user_active(session=session, user_id=9999, active=False,
                                 actor_id=organiser.id, now=utcnow())

    assert refused.value.message == "Không tìm thấy tài khoản."


def test_every_session_gets_a_fresh_token_and_only_its_digest_is_stored(database, judge):
    now = utcnow()

    tokens = {open_web_session(database, judge.id, now=now) for _ in range(5)}

    stored_ids = {s.id for s in stored_sessions(database, judge.id)}
    assert len(tokens) == 5
    assert stored_ids == {token_digest(token) for token in tokens}
    assert not tokens & stored_ids


def test_session_lives_until_it_expires(database, judge):
    now = utcnow()
    token = open_web_session(database, judge.id, now=now, hours=10)

    assert live(database, token, now=now + timedelta(hours=9, minutes=59)) == judge.id
    assert live(database, token, now=now + timedelta(hours=10)) is None


def test_an_ended_session_is_never_found_again(database, judge):
    now = utcnow()
    token = open_web_session(database, judge.id, now=now)

    with database.scope() as session:
        accounts.end_session(session=session, token=token, now=now)

    assert live(database, token, now=now) is None
    assert stored_sessions(database, judge.id)[0].revoked_at == now


@pytest.mark.parametrize("token", [None, "", "khong-phai-token", "x" * 500])
def test_unknown_or_absurd_tokens_find_no_session(database, judge, token):
    assert live(database, token, now=utcnow()) is None


def test_changing_password_ends_sessions_and_only_the_new_password_works(database, settings,
                                                                         judge):
    now = utcnow()
    token = open_web_session(database, judge.id, now=now)

    with database.scope() as session:
        accounts.change_password(session=session, user_id=judge.id,
                                 new_password="mat-khau-moi-2026",
                                 passwords=staff_passwords(settings), actor_id=judge.id, now=now)

    assert live(database, token, now=now) is None
    assert attempt_sign_in(database, settings, "giamkhao", "mat-khau-moi-2026").id == judge.id
    with pytest.raises(InvalidInput):
        attempt_sign_in(database, settings, "giamkhao", PASSWORD)


def test_sign_in_upgrades_a_hash_made_with_weaker_parameters(database, settings, judge):
    stronger = passwords_for(2, 2048)

    attempt_sign_in(database, settings, "giamkhao", PASSWORD, passwords=stronger)

    rehashed = stored_user(database, "giamkhao").password_hash
    assert rehashed.startswith("$argon2id$v=19$m=2048,t=2,")
    assert stronger.verify(rehashed, PASSWORD)


def test_sign_in_is_refused_once_the_account_is_over_its_limit(database, settings,
                                                               organiser):
    for _ in range(settings.login_attempts_per_account):
        with pytest.raises(InvalidInput):
            attempt_sign_in(database, settings, "bantochuc", "sai-mat-khau-roi")

    with pytest.raises(Throttled) as refused:
        attempt_sign_in(database, settings, "bantochuc", PASSWORD)

    assert refused.value.message.startswith("Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau")
    assert 0 < refused.value.retry_after <= settings.login_window_seconds


def test_roles_grant_what_the_issue_describes(organiser, officer, judge):
    assert {p for p in Permission if has_permission(organiser, p)} == set(Permission)
    assert {p for p in Permission if has_permission(officer, p)} == {
        Permission.VIEW_UNITS, Permission.EDIT_HEADCOUNT, Permission.MONITOR_CONTESTS,
        Permission.VIEW_CONTESTANTS, Permission.VIEW_RESULTS, Permission.EXPORT_RESULTS,
        Permission.REPORT_FIGURES, Permission.SUBMIT_ESSAYS,
        Permission.REGISTER_ENTRIES, Permission.PROPOSE_COMMENDATIONS}
    assert {p for p in Permission if has_permission(judge, p)} == {Permission.JUDGE_ESSAYS}
    assert (sees_whole_tree(organiser), sees_whole_tree(officer)) == (True, False)


def test_a_locked_account_holds_no_permission(database, organiser):
    organiser.is_active = False

    assert not any(has_permission(organiser, p) for p in Permission)


def test_a_username_with_look_alike_letters_from_another_script_is_refused(session, settings,
                                                                           database):
    with pytest.raises(InvalidInput):
        make_user(session, settings, role=Role.ORGANISER, username="bаntochuc")  # Cyrillic а

    assert stored_user(database, "bаntochuc") is None
