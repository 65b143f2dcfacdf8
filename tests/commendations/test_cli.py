"""`thidua commendations …` against the test database: forms, proposals, submitting and a
decision over whole proposals."""

from backend.commendations import service
from tests.commendations.conftest import NOW


def test_forms_are_listed_and_added(thidua, forms):
    added = thidua("commendations", "add-form", "--kind", "khac", "--name", "Giấy chứng nhận",
                   "--issuing-level", "Ban Dân vận Thành ủy")
    again = thidua("commendations", "add-form", "--kind", "khac", "--name", "Giấy chứng nhận",
                   "--issuing-level", "Ban Dân vận Thành ủy")
    listed = thidua("commendations", "forms")

    assert added.exit_code == 0, added.output
    assert added.stdout.strip() == "Đã thêm hình thức số 3: Giấy chứng nhận (Hình thức khác)."
    assert again.exit_code == 1
    assert "Đã có hình thức “Giấy chứng nhận”." in again.output
    assert listed.stdout.splitlines() == [
        "1. Bằng khen của Ban Thường vụ Thành ủy — Bằng khen, cấp khen Ban Thường vụ Thành ủy",
        "2. Giấy khen của Ban Dân vận Thành ủy — Giấy khen, cấp khen Ban Dân vận Thành ủy",
        "3. Giấy chứng nhận — Hình thức khác, cấp khen Ban Dân vận Thành ủy"]


def test_submit_and_decide_from_the_command_line(thidua, session, proposal, nominee, officer):
    service.add_nominees(session=session, proposal_id=proposal.id, actor=officer, now=NOW,
                         nominees=[nominee(), nominee("Tổ dân phố 5", kind="collective")])
    decide = ("commendations", "decide", "--number", "127", "--date", "2023-10-15",
              "--title", "Về việc khen thưởng phong trào “Dân vận khéo” năm 2023",
              "--signer-name", "Nguyễn Văn A", "--signer-title", "TRƯỞNG BAN",
              "--proposal", proposal.id)

    early = thidua(*decide)
    submitted = thidua("commendations", "submit", "--proposal", proposal.id)
    listed = thidua("commendations", "proposals", "--year", "2023")
    decided = thidua(*decide)
    decisions = thidua("commendations", "decisions")
    bad_date = thidua(*decide[:5], "15/10/2023", *decide[6:])

    assert early.exit_code == 1
    assert "chưa gửi lên" in early.output
    assert submitted.stdout.strip() == "Đã gửi danh sách “Đề nghị khen thưởng Dân vận khéo 2023”."
    assert listed.stdout.strip() == (
        f"{proposal.id}. [2023] Đề nghị khen thưởng Dân vận khéo 2023 — Quận 1, Đã gửi: "
        "1 tập thể, 1 cá nhân, đã khen 0.")
    assert decided.exit_code == 0, decided.output
    assert decided.stdout.strip() == "Đã ghi Quyết định số 127-QĐ/BDVTU: khen 1 tập thể, 1 cá nhân."
    assert decisions.stdout.strip() == (
        "1. Số 127-QĐ/BDVTU ngày 15/10/2023 — Về việc khen thưởng phong trào “Dân vận khéo” năm "
        "2023; Nguyễn Văn A ký; 1 tập thể, 1 cá nhân.")
    assert bad_date.exit_code == 1
    assert "Ngày ký “15/10/2023” chưa đúng" in bad_date.output


def test_no_proposals_yet(thidua, tree):
    assert thidua("commendations", "proposals").stdout.strip() == (
        "Chưa có danh sách đề nghị nào.")
