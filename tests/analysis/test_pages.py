"""The item analysis page: organisers see a round's questions, the suspect ones first, each
leading to its ruling page; others are refused in Vietnamese."""

from tests.factories import NO_RIGHT, make_contest, make_round, visible_text


def url(scene, round_=None) -> str:
    base = f"/quan-ly/cuoc-thi/{scene.contest.id}/phan-tich-cau-hoi"
    return base if round_ is None else f"{base}/tuan-thi/{round_.id}"


def test_the_page_lists_suspect_questions_first_with_a_way_to_rule(organiser_client, scene,
                                                                   six):
    scene.session.commit()

    page = organiser_client.get(url(scene))

    assert page.status_code == 200
    text = visible_text(page.text)
    assert "Phân tích trên Mọi lượt thi đã nộp hoặc hết giờ (kết quả chưa tổng hợp)" in text
    assert "Số lượt thi 6" in text
    assert "Điểm trung bình 2,00" in text
    assert "4, trong đó 2 câu có cảnh báo" in text
    rows = [line for line in text.split("Câu ")[1:] if line[:1].isdigit()]
    assert [row.split(" ", 1)[0] for row in rows] == ["3", "1", "2", "4"]
    assert ("16,7% -0,42 A: 50,0% (3) B (đáp án): 16,7% (1) C: 16,7% (1) D: 16,7% (1) 0 "
            "Độ phân biệt âm") in text
    assert "Nhóm 27% điểm cao nhất chọn phương án A nhiều hơn đáp án, có thể sai đáp án." in text
    assert (f'href="/quan-ly/cuoc-thi/{scene.contest.id}/cau-hoi-loi/cau/{six[2].id}"'
            in page.text)
    assert '<strong aria-current="page">Tuần 1</strong>' in page.text


def test_a_round_is_chosen_and_an_empty_one_says_so(organiser_client, scene, six):
    second = scene.add_round(2)

    page = organiser_client.get(url(scene, second))
    first = organiser_client.get(url(scene, scene.round))

    assert page.status_code == 200
    assert "chưa có lượt thi nào đã nộp hoặc hết giờ" in visible_text(page.text)
    assert f'href="{url(scene, scene.round)}"' in page.text
    assert "Số lượt thi 6" in visible_text(first.text)


def test_a_round_of_another_contest_is_404_in_vietnamese(organiser_client, scene, bank):
    other = make_round(scene.session, make_contest(scene.session, title="Cuộc thi khác"))

    page = organiser_client.get(url(scene, other))

    assert page.status_code == 404
    assert "Không tìm thấy tuần thi này." in page.text


def test_a_unit_officer_may_not_see_it(officer_client, scene, six):
    page = officer_client.get(url(scene))

    assert page.status_code == 403
    assert NO_RIGHT in page.text


def test_the_results_page_links_to_it(organiser_client, scene, bank):
    page = organiser_client.get(f"/quan-ly/cuoc-thi/{scene.contest.id}/ket-qua")

    assert f'href="{url(scene)}"' in page.text


def test_an_open_round_is_shown_first_with_a_warning(organiser_client, scene, six):
    open_round = make_round(scene.session, scene.contest)  # opened an hour ago, for a week

    page = visible_text(organiser_client.get(url(scene)).text)
    closed = visible_text(organiser_client.get(url(scene, scene.round)).text)

    assert f"{open_round.name} Tuần thi đang mở: số liệu thay đổi khi có thêm bài nộp." in page
    assert "Tuần thi đang mở" not in closed
