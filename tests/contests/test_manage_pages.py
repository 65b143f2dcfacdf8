"""The organiser's contest pages, as a person sees them through a browser."""

from datetime import UTC, datetime, time, timedelta

from sqlmodel import select

from backend.clock import utcnow
from backend.contests.models import Contest, Round, RoundQuota
from backend.units import service as units
from tests.contests.conftest import RULES_LOCKED, UNITS_LOCKED, add_contestant
from tests.factories import make_contest, make_round, visible_text

PAGES = "/quan-ly/cuoc-thi"


def fresh(database, model, **where):
    with database.scope(write=False) as s:
        found = list(s.exec(select(model).filter_by(**where).order_by(model.id)))
        s.expunge_all()
    return found


def round_form(**changes) -> dict:
    return {"name": "Tuần 2", "opens_at": "2026-12-07T08:00", "closes_at": "2026-12-14T07:59",
            "question_count": "10", "time_limit_minutes": "15", "max_attempts": "3",
            "prediction_prompt": "", **changes}


def test_anonymous_visitor_is_sent_to_sign_in(client, tree):
    page = client.get(PAGES, follow_redirects=False)

    assert page.status_code == 303
    assert page.headers["location"] == "/dang-nhap?next=/quan-ly/cuoc-thi"


def test_list_shows_each_contest_with_publication_rounds_and_contestants(
        organiser_client, session, contest, round_, tree):
    add_contestant(session, contest, tree["Q1-BN"])
    make_contest(session, title="Cuộc thi nháp", published=False)

    text = visible_text(organiser_client.get(PAGES).text)

    assert "Cuộc thi nháp Chưa công bố 0 0" in text
    assert "Tham mưu tốt - Dân vận khéo Đã công bố Tuần 1 đang mở 1 1 Theo dõi · Thí sinh" in text
    assert "Tạo cuộc thi mới" in text


def test_creating_a_contest_for_the_whole_tree(organiser_client, database, tree):
    page = organiser_client.post(PAGES, data={
        "csrf_token": organiser_client.csrf, "title": "Tìm hiểu công tác dân vận",
        "rules_text": "Mỗi tuần một lượt.", "requires_id_number": "1", "scope": "all"})

    text = visible_text(page.text)
    assert "Đã tạo cuộc thi. Hãy thêm câu hỏi vào ngân hàng và thêm tuần thi." in text
    assert "8 đơn vị tham gia, toàn bộ cây đơn vị." in text
    made = fresh(database, Contest)[0]
    assert (made.title, made.requires_id_number, made.is_published) == (
        "Tìm hiểu công tác dân vận", True, False)


def test_creating_a_contest_for_subtrees_picked_by_code_and_from_the_tree(organiser_client,
                                                                          tree):
    page = organiser_client.post(PAGES, data={
        "csrf_token": organiser_client.csrf, "title": "Hội thi Quận 1, Quận 3",
        "scope": "chosen", "unit_codes": "q1, TDOAN", "unit_ids": [str(tree["Q3"].id)]})

    assert ("6 đơn vị tham gia, gồm Quận 1, Quận 3, Thành Đoàn và các đơn vị trực thuộc."
            in visible_text(page.text))


def test_an_unknown_unit_code_is_refused_and_the_form_keeps_what_was_typed(
        organiser_client, database, tree):
    page = organiser_client.post(PAGES, data={
        "csrf_token": organiser_client.csrf, "title": "Hội thi Quận 9", "scope": "chosen",
        "unit_codes": "Q9"})

    assert page.status_code == 422
    assert "Không có đơn vị mang mã “Q9” trong cây đơn vị; hãy kiểm tra lại mã." in page.text
    assert 'value="Hội thi Quận 9"' in page.text
    assert fresh(database, Contest) == []


def test_a_form_without_csrf_token_is_refused(organiser_client, database, tree):
    page = organiser_client.post(PAGES, data={"title": "Không có mã bảo vệ"})

    assert page.status_code == 403
    assert fresh(database, Contest) == []


def test_contest_page_lists_rounds_in_vietnam_time_with_their_status(
        organiser_client, session, contest, clock):
    day = clock.now.date() - timedelta(days=1)
    opens = datetime.combine(day, time(1, 0), tzinfo=UTC)
    make_round(session, contest, opens_at=opens, closes_at=opens + timedelta(days=7))
    make_round(session, contest, opens_at=opens + timedelta(days=7),
               closes_at=opens + timedelta(days=14))

    text = visible_text(organiser_client.get(f"{PAGES}/{contest.id}").text)

    first = f"08:00 {day:%d/%m/%Y}"
    second = f"08:00 {day + timedelta(days=7):%d/%m/%Y}"
    assert f"Tuần 1 {first} {second} Đang mở 0" in text
    assert f"Tuần 1 {second} 08:00 {day + timedelta(days=14):%d/%m/%Y} Chưa mở 0" in text


def test_contest_page_links_to_the_bank_the_monitor_and_the_contestants(organiser_client,
                                                                          contest):
    page = organiser_client.get(f"{PAGES}/{contest.id}")

    for href, label in [("cau-hoi", "Ngân hàng câu hỏi"), ("theo-doi", "Theo dõi trực tiếp"),
                        ("thi-sinh", "Thí sinh")]:
        assert f'<a href="{PAGES}/{contest.id}/{href}">{label}</a>' in page.text


def test_settings_are_saved(organiser_client, database, contest):
    page = organiser_client.post(f"{PAGES}/{contest.id}", data={
        "csrf_token": organiser_client.csrf, "title": "Tham mưu tốt - Dân vận khéo 2026",
        "rules_text": "Thể lệ đã sửa.", "is_published": "1"})

    assert "Đã lưu thiết lập cuộc thi." in visible_text(page.text)
    saved = fresh(database, Contest, id=contest.id)[0]
    assert (saved.title, saved.rules_text, saved.requires_id_number) == (
        "Tham mưu tốt - Dân vận khéo 2026", "Thể lệ đã sửa.", False)


def test_settings_show_the_rules_locked_once_attempts_exist(organiser_client, contest, started):
    text = visible_text(organiser_client.get(f"{PAGES}/{contest.id}").text)

    assert "Thể lệ đã khóa: cuộc thi đã có 1 lượt thi." in text
    assert ("Lý do thay đổi thể lệ (bắt buộc nếu đổi thể lệ, yêu cầu CCCD, các bảng hoặc quy "
            "định nhận giải)") in text


def test_changing_locked_rules_without_a_reason_is_refused(organiser_client, database, contest,
                                                           started):
    page = organiser_client.post(f"{PAGES}/{contest.id}", data={
        "csrf_token": organiser_client.csrf, "title": contest.title,
        "rules_text": "Thể lệ mới.", "is_published": "1"})

    assert page.status_code == 409
    assert RULES_LOCKED in visible_text(page.text)
    assert "Thể lệ mới." in page.text
    assert fresh(database, Contest, id=contest.id)[0].rules_text != "Thể lệ mới."


def test_changing_locked_rules_with_a_reason_is_saved(organiser_client, database, contest,
                                                      started):
    page = organiser_client.post(f"{PAGES}/{contest.id}", data={
        "csrf_token": organiser_client.csrf, "title": contest.title,
        "rules_text": "Thể lệ mới.", "is_published": "1",
        "override_reason": "Đính chính theo văn bản số 12"})

    assert "Đã lưu thiết lập cuộc thi." in visible_text(page.text)
    assert fresh(database, Contest, id=contest.id)[0].rules_text == "Thể lệ mới."


def test_refreshing_units_after_attempts_shows_why_not(organiser_client, contest, started):
    page = organiser_client.post(f"{PAGES}/{contest.id}/don-vi",
                                 data={"csrf_token": organiser_client.csrf})

    assert page.status_code == 409
    assert UNITS_LOCKED in visible_text(page.text)


def test_refreshing_units_before_attempts_takes_todays_tree(organiser_client, session, contest,
                                                            tree):
    units.retire_unit(session=session, unit=tree["TDOAN"], actor_id=None, now=utcnow())

    page = organiser_client.post(f"{PAGES}/{contest.id}/don-vi",
                                 data={"csrf_token": organiser_client.csrf})

    text = visible_text(page.text)
    assert ("Đã cập nhật danh sách đơn vị tham gia theo cây đơn vị hiện tại: 7 đơn vị."
            in text)
    assert "Thành Đoàn" not in text


def test_contest_page_keeps_the_frozen_names_after_the_tree_changes(organiser_client, session,
                                                                     contest, tree):
    units.rename_unit(session=session, unit=tree["Q1"], name="Phường Sài Gòn",
                      kind=tree["Q1"].kind, actor_id=None, now=utcnow())
    units.retire_unit(session=session, unit=tree["Q3"], actor_id=None, now=utcnow())

    text = visible_text(organiser_client.get(f"{PAGES}/{contest.id}").text)

    assert "Quận 1 Q1 Khối Quận, huyện 2.400" in text
    assert "Quận 3 Q3 Khối Quận, huyện 2.100" in text
    assert "Phường Sài Gòn" not in text


def test_a_new_round_typed_in_vietnam_time_is_stored_in_utc(organiser_client, database,
                                                            contest):
    page = organiser_client.post(f"{PAGES}/{contest.id}/tuan-thi/moi", data={
        "csrf_token": organiser_client.csrf, **round_form(),
        "quota_topic": ["Dân vận", "", ""], "quota_difficulty": ["", "kho", ""],
        "quota_count": ["6", "4", ""]})

    text = visible_text(page.text)
    assert "Đã thêm tuần thi." in text
    assert "Mở lúc 08:00 07/12/2026, đóng lúc 07:59 14/12/2026" in text
    saved = fresh(database, Round, contest_id=contest.id)[0]
    assert (saved.opens_at, saved.closes_at) == (datetime(2026, 12, 7, 1, 0, tzinfo=UTC),
                                                 datetime(2026, 12, 14, 0, 59, tzinfo=UTC))
    assert (saved.time_limit_seconds, saved.max_attempts) == (900, 3)
    assert [(q.topic, q.difficulty, q.count)
            for q in fresh(database, RoundQuota, round_id=saved.id)] == [
        ("Dân vận", "", 6), ("", "kho", 4)]


def test_the_round_form_shows_times_back_in_vietnam_time(organiser_client, session, contest):
    made = make_round(session, contest, opens_at=datetime(2026, 12, 7, 1, 0, tzinfo=UTC),
                      closes_at=datetime(2026, 12, 14, 0, 59, tzinfo=UTC))

    page = organiser_client.get(f"{PAGES}/{contest.id}/tuan-thi/{made.id}")

    assert 'value="2026-12-07T08:00"' in page.text
    assert 'value="2026-12-14T07:59"' in page.text


def test_the_new_round_form_follows_on_from_the_last_round(organiser_client, session, contest):
    make_round(session, contest, opens_at=datetime(2026, 12, 7, 3, 0, tzinfo=UTC),
               closes_at=datetime(2026, 12, 14, 2, 0, tzinfo=UTC), question_count=20)

    page = organiser_client.get(f"{PAGES}/{contest.id}/tuan-thi/moi")

    assert 'value="Tuần 2"' in page.text
    assert 'value="2026-12-14T09:00"' in page.text
    assert 'value="2026-12-21T08:00"' in page.text
    assert 'name="question_count" type="number" min="1" max="100" value="20"' in page.text


def test_a_round_whose_quotas_do_not_add_up_is_refused_with_the_form_kept(
        organiser_client, database, contest):
    page = organiser_client.post(f"{PAGES}/{contest.id}/tuan-thi/moi", data={
        "csrf_token": organiser_client.csrf, **round_form(name="Tuần đặc biệt"),
        "quota_topic": ["Dân vận"], "quota_difficulty": [""], "quota_count": ["4"]})

    assert page.status_code == 422
    assert ("Tổng số câu theo cơ cấu đề (4) phải bằng số câu hỏi mỗi đề (10)."
            in visible_text(page.text))
    assert 'value="Tuần đặc biệt"' in page.text
    assert fresh(database, Round, contest_id=contest.id) == []


def test_a_round_with_an_unreadable_time_says_which_field(organiser_client, contest):
    page = organiser_client.post(f"{PAGES}/{contest.id}/tuan-thi/moi", data={
        "csrf_token": organiser_client.csrf, **round_form(closes_at="ngày mai")})

    assert page.status_code == 422
    assert ("Thời điểm đóng chưa đúng dạng ngày giờ (ngày/tháng/năm giờ:phút)."
            in visible_text(page.text))


def test_round_page_shows_the_active_questions_per_topic_and_difficulty(organiser_client,
                                                                        contest, round_):
    text = visible_text(organiser_client.get(f"{PAGES}/{contest.id}/tuan-thi/{round_.id}").text)

    assert "Số câu đang sử dụng trong ngân hàng" in text
    assert "Dân vận 10 0 0 10" in text
    assert "Tổng 10 10 10 30" in text


def test_round_page_warns_when_the_bank_cannot_fill_a_paper(organiser_client, session, contest):
    made = make_round(session, contest, question_count=12, quotas=[("Lịch sử", "kho", 12)])

    text = visible_text(organiser_client.get(f"{PAGES}/{contest.id}/tuan-thi/{made.id}").text)

    assert "Ngân hàng câu hỏi chưa đủ cho đề của tuần thi này:" in text
    assert "Chủ đề “Lịch sử”, khó: cần 12 câu nhưng chỉ có 10 câu đang sử dụng." in text


def test_a_round_with_attempts_shows_it_is_locked_and_asks_for_a_reason(organiser_client,
                                                                       contest, round_, started):
    page = organiser_client.get(f"{PAGES}/{contest.id}/tuan-thi/{round_.id}")

    text = visible_text(page.text)
    assert "Thể lệ tuần thi đã khóa: đã có 1 lượt thi." in text
    assert "Lý do sửa thể lệ khi đã có người thi (bắt buộc)" in text


def test_editing_a_locked_round_without_a_reason_is_refused(organiser_client, database, contest,
                                                            round_, started):
    page = organiser_client.post(f"{PAGES}/{contest.id}/tuan-thi/{round_.id}", data={
        "csrf_token": organiser_client.csrf, **round_form(question_count="5")})

    assert page.status_code == 409
    assert RULES_LOCKED in visible_text(page.text)
    assert fresh(database, Round, id=round_.id)[0].name == "Tuần 1"


def test_editing_a_locked_round_with_a_reason_is_saved(organiser_client, database, contest,
                                                       round_, started):
    page = organiser_client.post(f"{PAGES}/{contest.id}/tuan-thi/{round_.id}", data={
        "csrf_token": organiser_client.csrf, **round_form(question_count="5"),
        "override_reason": "Kéo dài tuần thi do sự cố mạng"})

    assert "Đã lưu thể lệ tuần thi." in visible_text(page.text)
    saved = fresh(database, Round, id=round_.id)[0]
    assert (saved.name, saved.rules_version) == ("Tuần 2", 2)


def test_a_unit_officer_sees_published_contests_to_monitor_but_cannot_create(
        officer_client, session, contest):
    make_contest(session, title="Cuộc thi nháp", published=False)

    text = visible_text(officer_client.get(PAGES).text)

    assert "Tham mưu tốt - Dân vận khéo" in text
    assert "Theo dõi" in text
    assert "Cuộc thi nháp" not in text
    assert "Tạo cuộc thi mới" not in text


def test_the_rule_for_a_round_closed_early_is_written_where_people_read_it(
        client, contest, round_, organiser_client):
    landing = client.get(f"/thi/{contest.id}")
    round_page = organiser_client.get(f"{PAGES}/{contest.id}/tuan-thi/{round_.id}")

    assert ("được làm tiếp và nộp đến hết thời gian của lượt đó, kể cả khi tuần thi đóng "
            "(hay được ban tổ chức đóng sớm)") in landing.text
    assert "lượt đã bắt đầu vẫn được làm và nộp đến hết thời gian của lượt đó" in round_page.text
