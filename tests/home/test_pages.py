"""The front page says what each visitor can do on the platform today, and nothing more."""



from tests.factories import make_contest, make_round, sign_in, visible_text


def main_part(html: str) -> str:
    """The page's own content, without the navigation every page has."""
    return html.split('<main', 1)[1].split(">", 1)[1].split("</main>", 1)[0]


def test_a_judge_is_led_to_the_essays_given_to_them(client, judge):
    sign_in(client, judge.username)

    page = client.get("/")

    text = visible_text(main_part(page.text))
    assert page.status_code == 200
    assert "Xin chào, Người dùng giamkhao Giám khảo" in text
    assert ("Chấm bài cuộc thi viết Các bài được phân công cho bạn chấm hiện theo mã phách, "
            "không kèm tên tác giả hay đơn vị. Bài được giao") in text
    assert main_part(page.text).count('href="/giam-khao"') == 1
    assert 'href="/doi-mat-khau"' in page.text
    assert "Đăng xuất (giamkhao)" in visible_text(page.text)
    assert 'href="/don-vi"' not in page.text
    assert 'href="/quan-ly/cuoc-thi"' not in page.text


def test_an_organiser_gets_every_part_of_the_platform(
        client, organiser):
    sign_in(client, organiser.username)

    text = visible_text(main_part(client.get("/").text))

    assert "Đơn vị 8 đơn vị đang hoạt động trong phạm vi của bạn. Xem cây đơn vị" in text
    assert ("Cuộc thi trực tuyến Thiết lập cuộc thi, tuần thi, ngân hàng câu hỏi và theo dõi "
            "lượt thi. Quản lý cuộc thi") in text
    assert ("Phong trào “Dân vận khéo” Đăng ký mô hình, giải pháp, điển hình; thẩm định, công "
            "nhận theo từng cấp; thống kê và báo cáo năm. Phong trào Dân vận khéo") in text
    assert ("Khen thưởng Danh sách đề nghị của các đơn vị, quyết định khen thưởng và danh sách "
            "kèm theo quyết định.") in text
    assert "Chưa có trên nền tảng" not in text
    assert ("Cuộc thi viết Thiết lập cuộc thi viết, theo dõi bài dự thi, chấm kín, ráp phách, "
            "xếp giải và số liệu. Quản lý cuộc thi viết") in text
    assert "Chấm bài" not in text


def test_a_unit_officer_gets_their_units_and_the_contests_to_follow(client, officer):
    sign_in(client, officer.username)

    text = visible_text(main_part(client.get("/").text))

    assert "Xin chào, Người dùng canbo.q1 Cán bộ đơn vị · Quận 1" in text
    assert "Đơn vị 3 đơn vị đang hoạt động trong phạm vi của bạn." in text
    assert ("Theo dõi trực tiếp lượt thi của các đơn vị trong phạm vi của bạn. "
            "Theo dõi cuộc thi") in text
    assert "Cuộc thi viết Hiện không có cuộc thi viết nào đang nhận bài." in text
    assert ("Khen thưởng Lập danh sách đề nghị khen thưởng của đơn vị, xem quyết định và danh "
            "sách khen thưởng.") in text
    assert "Quản lý cuộc thi" not in text


def test_visitors_are_offered_the_online_contest_and_no_feature_that_is_not_built(
        client, session, tree):
    make_round(session, make_contest(session, title="Tìm hiểu 75 năm công tác dân vận"))

    text = visible_text(main_part(client.get("/").text))

    assert text.startswith("Thi Đua Cuộc thi trắc nghiệm trực tuyến của các cơ quan, đơn vị: "
                           "đăng ký và làm bài ngay trên điện thoại hoặc máy tính.")
    assert "Tìm hiểu 75 năm công tác dân vận Đang mở Tuần 1" in text
    for unbuilt in ("cuộc thi viết", "phong trào", "khen thưởng", "xếp hạng"):
        assert unbuilt not in text.lower()


def test_the_site_icon_is_served_as_an_icon(client):
    answer = client.get("/favicon.ico")

    assert answer.status_code == 200
    assert answer.headers["content-type"] == "image/x-icon"
    assert answer.content[:4] == b"\x00\x00\x01\x00"  # the ICO header: an icon resource
    assert int.from_bytes(answer.content[4:6], "little") >= 1
    assert "max-age" in answer.headers["cache-control"]
    assert '<link rel="icon" href="/favicon.ico"' in client.get("/dang-nhap").text
