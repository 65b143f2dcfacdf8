"""The row of links between a writing competition's pages, on the setup page and on the
officers' essay list: each link opens for whoever is shown it."""

import re

import pytest
from fastapi.testclient import TestClient

from tests.factories import make_writing_competition, sign_in, visible_text

ROW = re.compile(r'<nav aria-label="Các trang của cuộc thi viết"[^>]*>(.*?)</nav>', re.S)
HREF = re.compile(r'href="([^"]+)"')


def row_of(page) -> tuple[list[str], str]:
    """The row's links and its visible text."""
    assert page.status_code == 200, page.text[:300]
    found = ROW.search(page.text)
    assert found, "no row of links on the page"
    return HREF.findall(found.group(1)), visible_text(found.group(1))


@pytest.fixture
def competition(session, tree):
    competition, _ = make_writing_competition(session)
    return competition


def test_the_setup_page_links_every_page_of_the_competition(organiser_client, competition):
    links, text = row_of(organiser_client.get(
        f"/quan-ly/cuoc-thi-viet/{competition.id}/thiet-lap"))

    assert all(word in text for word in (
        "Bài dự thi", "Nhận bài theo lô", "Chuyển bài lên cấp thành phố",
        "Chấm bài cấp thành phố", "Kết quả cấp thành phố", "Số liệu"))
    assert {link: organiser_client.get(link).status_code for link in links} == dict.fromkeys(
        links, 200)


@pytest.mark.parametrize("username", ["bantochuc", "canbo.q1"])
def test_the_essay_list_links_what_its_reader_may_open(app, organiser, officer, competition,
                                                       username):
    browser = TestClient(app)
    sign_in(browser, username)

    links, text = row_of(browser.get(f"/cuoc-thi-viet/{competition.id}/bai-viet"))

    assert "Nhận bài theo lô" in text
    assert "Chuyển bài lên cấp thành phố" in text
    assert ("Chấm bài cấp thành phố" in text) is (username == "bantochuc")
    assert {link: browser.get(link).status_code for link in links} == dict.fromkeys(links, 200)
