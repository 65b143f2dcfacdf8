import datetime as dt

import pytest

from backend.commendations import queries, service
from backend.commendations.models import Gender, NomineeKind
from backend.errors import Conflict, InvalidInput, NotFound
from tests.commendations.conftest import NOW


def _decide(session, ids, number="127"):
    data = service.DecisionData(number=number, signed_date=dt.date(2023, 10, 15),
                                title="Về việc khen thưởng phong trào “Dân vận khéo” năm 2023",
                                signer_name="Nguyễn Văn A", signer_title="TRƯỞNG BAN")
    return service.issue_decision(session=session, data=data, nominee_ids=ids, actor=None,
                                  now=NOW)


def test_a_decision_number_takes_the_organisers_format(session, proposal, nominee, officer):
    [row] = service.add_nominees(session=session, proposal_id=proposal.id,
                                 nominees=[nominee(birth_year=1980, gender="nu")],
                                 actor=officer, now=NOW)
    service.submit_proposal(session=session, proposal_id=proposal.id, actor=officer, now=NOW)
    decision = _decide(session, [row.id])
    assert decision.number == "127-QĐ/BDVTU"
    assert (row.decision_id, row.gender) == (decision.id, Gender.FEMALE)


def test_the_same_achievement_and_form_twice_is_refused(session, proposal, nominee, officer):
    service.add_nominees(session=session, proposal_id=proposal.id, nominees=[nominee()],
                         actor=officer, now=NOW)
    with pytest.raises(Conflict) as refused:
        service.add_nominees(session=session, proposal_id=proposal.id,
                             nominees=[nominee("NGUYỄN THỊ LAN")], actor=officer, now=NOW)
    assert "không được khen thưởng hai lần cùng một hình thức" in refused.value.message
    assert service.nominee_count(session=session, proposal_id=proposal.id) == 1


def test_the_same_achievement_with_another_form_is_allowed(session, proposal, nominee, officer):
    service.add_nominees(session=session, proposal_id=proposal.id,
                         nominees=[nominee(form=0), nominee(form=1)], actor=officer, now=NOW)
    assert service.nominee_count(session=session, proposal_id=proposal.id) == 2


def test_an_awarded_achievement_names_its_decision(session, proposal, nominee, officer, tree,
                                                   organiser):
    [row] = service.add_nominees(session=session, proposal_id=proposal.id, nominees=[nominee()],
                                 actor=officer, now=NOW)
    service.submit_proposal(session=session, proposal_id=proposal.id, actor=officer, now=NOW)
    _decide(session, [row.id])
    other = service.create_proposal(session=session, year=2023, unit_id=None, title="Thành phố",
                                    actor=organiser, now=NOW)
    with pytest.raises(Conflict) as refused:
        service.add_nominees(session=session, proposal_id=other.id, nominees=[nominee()],
                             actor=organiser, now=NOW)
    assert "Quyết định số 127-QĐ/BDVTU" in refused.value.message


def test_an_officer_cannot_nominate_outside_the_proposals_unit(session, proposal, nominee,
                                                               officer):
    with pytest.raises(NotFound):
        service.add_nominees(session=session, proposal_id=proposal.id,
                             nominees=[nominee(code="Q3-VTS")], actor=officer, now=NOW)


def test_a_draft_proposals_nominees_cannot_be_awarded(session, proposal, nominee, officer):
    [row] = service.add_nominees(session=session, proposal_id=proposal.id,
                                 nominees=[nominee(kind=NomineeKind.COLLECTIVE,
                                                   name="Tổ dân phố 3")],
                                 actor=officer, now=NOW)
    with pytest.raises(Conflict) as refused:
        _decide(session, [row.id])
    assert "chưa gửi lên" in refused.value.message


def test_a_submitted_proposal_offers_its_unawarded_nominees(session, proposal, nominee, officer):
    first, second = service.add_nominees(session=session, proposal_id=proposal.id,
                                         nominees=[nominee(), nominee("Trần Văn Hùng")],
                                         actor=officer, now=NOW)
    with pytest.raises(Conflict) as draft:
        service.awardable_of(session=session, proposal_ids=[proposal.id])
    service.submit_proposal(session=session, proposal_id=proposal.id, actor=officer, now=NOW)
    _decide(session, [first.id])

    assert service.awardable_of(session=session, proposal_ids=[proposal.id]) == [second.id]
    assert "chưa gửi lên" in draft.value.message
    with pytest.raises(NotFound):
        service.awardable_of(session=session, proposal_ids=[proposal.id + 1])


def test_a_retired_form_is_offered_no_more_but_kept_by_its_nominees(session, proposal, nominee,
                                                                     officer, forms):
    [row] = service.add_nominees(session=session, proposal_id=proposal.id,
                                 nominees=[nominee(form=1)], actor=officer, now=NOW)
    service.deactivate_award_form(session=session, form_id=forms[1].id)

    assert [f.id for f in service.award_forms(session=session)] == [forms[0].id]
    assert row.award_form_id == forms[1].id
    with pytest.raises(NotFound):
        service.add_nominees(session=session, proposal_id=proposal.id, actor=officer, now=NOW,
                             nominees=[nominee("Trần Văn Hùng", form=1)])


def test_a_nominee_is_removed_only_from_the_proposal_named(session, proposal, nominee, officer):
    [row] = service.add_nominees(session=session, proposal_id=proposal.id, nominees=[nominee()],
                                 actor=officer, now=NOW)
    with pytest.raises(NotFound):
        service.remove_nominee(session=session, nominee_id=row.id, actor=officer,
                               proposal_id=proposal.id + 1)
    service.remove_nominee(session=session, nominee_id=row.id, actor=officer,
                           proposal_id=proposal.id)
    assert service.nominee_count(session=session, proposal_id=proposal.id) == 0


def _submitted(session, proposal, nominee, officer, **more):
    [row] = service.add_nominees(session=session, proposal_id=proposal.id,
                                 nominees=[nominee(**more)], actor=officer, now=NOW)
    service.submit_proposal(session=session, proposal_id=proposal.id, actor=officer, now=NOW)
    return row


def test_a_decision_signed_the_next_year_belongs_to_its_proposals_year(session, proposal,
                                                                       nominee, officer):
    row = _submitted(session, proposal, nominee, officer)
    data = service.DecisionData(number="5", signed_date=dt.date(2024, 1, 12),
                                title="Về việc khen thưởng phong trào “Dân vận khéo” năm 2023",
                                signer_name="Nguyễn Văn A", signer_title="TRƯỞNG BAN")
    decision = service.issue_decision(session=session, data=data, nominee_ids=[row.id],
                                      actor=None, now=NOW)
    assert (decision.signed_date.year, decision.year) == (2024, 2023)
    assert [line.decision.number for line in queries.decision_lines(session=session, year=2023)
            ] == ["5-QĐ/BDVTU"]


def test_one_decision_over_two_years_proposals_is_refused(session, proposal, nominee, officer,
                                                          tree):
    this_year = _submitted(session, proposal, nominee, officer)
    earlier = service.create_proposal(session=session, year=2022, unit_id=tree["Q1"].id,
                                      title="Đề nghị năm 2022", actor=officer, now=NOW)
    last_year = _submitted(session, earlier, nominee, officer, name="Trần Văn Minh",
                           achievement="Tiêu biểu năm 2022")
    with pytest.raises(InvalidInput) as refused:
        _decide(session, [this_year.id, last_year.id])
    assert refused.value.message == ("Các danh sách đề nghị đã chọn thuộc nhiều năm (2022, 2023); "
                                     "hãy ra quyết định riêng cho từng năm.")
    assert queries.decision_lines(session=session) == []


def test_without_any_award_form_the_organiser_is_told_to_add_one(session, proposal, tree,
                                                                 officer):
    data = service.NomineeData(kind="collective", name="Tổ dân phố 3", unit_id=tree["Q1-BN"].id,
                               achievement="Dân vận khéo", award_form_id=1)
    with pytest.raises(InvalidInput) as refused:
        service.add_nominees(session=session, proposal_id=proposal.id, nominees=[data],
                             actor=officer, now=NOW)
    assert "Chưa có hình thức khen thưởng nào" in refused.value.message
