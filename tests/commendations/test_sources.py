"""Nominees picked from the platform's records carry the name, unit, birth year, gender and
achievement text the list needs, derived from the records; the same achievement is never taken
twice with one form, and an officer sees and picks only within the proposal's unit."""

import pytest

from backend.commendations import service, sources
from backend.commendations.models import Gender, NomineeKind, Source
from backend.errors import Conflict, InvalidInput, NotFound
from backend.movement.models import EntryKind, EntryStatus
from tests.commendations.conftest import NOW
from tests.commendations.scenes import (
    CONTEST_PRIZE,
    exemplary,
    prize_contest,
    published,
    revealed_competition,
)


def pick(session, proposal, source, ref, keys, form, actor):
    return sources.nominate(session=session, proposal_id=proposal.id, source=source, ref=ref,
                            keys=keys, award_form_id=form.id, actor=actor, now=NOW)


def test_a_nominee_from_a_contests_prize_list_carries_name_unit_and_achievement(
        session, database, tree, forms, proposal, officer):
    contest, board_id, mai, _ = prize_contest(session, database, tree)

    [nominee] = pick(session, proposal, "contest_prize", contest.id,
                     [f"contest_prize:{board_id}:{mai.id}"], forms[0], officer)

    assert (nominee.kind, nominee.name, nominee.unit_id, nominee.birth_year, nominee.gender,
            nominee.position) == (NomineeKind.INDIVIDUAL, "Trần Thị Mai", tree["Q1-BN"].id,
                                  1988, Gender.FEMALE, "Phó Chủ tịch UBND phường")
    assert nominee.achievement == CONTEST_PRIZE
    assert (nominee.source, nominee.achievement_key) == (
        Source.CONTEST_PRIZE, f"contest_prize:{board_id}:{mai.id}")


def test_only_prize_winners_of_published_boards_are_candidates(session, database, tree,
                                                               forms, organiser):
    contest, *_ = prize_contest(session, database, tree)

    found = sources.candidates(session=session, source=Source.CONTEST_PRIZE, ref=contest.id,
                               actor=organiser, award_form_id=forms[0].id)

    assert [(c.name, c.unit_name, c.achievement, c.already) for c in found] == [
        ("Trần Thị Mai", "Phường Bến Nghé", CONTEST_PRIZE, "")]


def test_picking_the_same_candidate_twice_with_one_form_is_refused(
        session, database, tree, forms, proposal, officer):
    contest, board_id, mai, _ = prize_contest(session, database, tree)
    key = f"contest_prize:{board_id}:{mai.id}"
    pick(session, proposal, "contest_prize", contest.id, [key], forms[0], officer)

    with pytest.raises(Conflict) as refused:
        pick(session, proposal, "contest_prize", contest.id, [key], forms[0], officer)
    [shown] = sources.candidates(session=session, source="contest_prize", ref=contest.id,
                                 actor=officer, award_form_id=forms[0].id)

    assert refused.value.message == (
        "Thành tích này của Trần Thị Mai đã có trong danh sách đề nghị “Đề nghị khen thưởng "
        "Dân vận khéo 2023” với hình thức “Bằng khen của Ban Thường vụ Thành ủy”. Một thành "
        "tích không được khen thưởng hai lần cùng một hình thức.")
    assert shown.already == "Đã đề nghị trong danh sách “Đề nghị khen thưởng Dân vận khéo 2023”"
    assert [n.award_form_id for n in pick(session, proposal, "contest_prize", contest.id,
                                          [key], forms[1], officer)] == [forms[1].id]


def test_an_unknown_key_is_refused_by_name_and_nothing_is_added(
        session, database, tree, forms, proposal, officer):
    contest, board_id, mai, _ = prize_contest(session, database, tree)

    with pytest.raises(InvalidInput) as refused:
        pick(session, proposal, "contest_prize", contest.id,
             [f"contest_prize:{board_id}:{mai.id}", "contest_prize:999:1"], forms[0], officer)

    assert "Không có thành tích mã “contest_prize:999:1” trong nguồn đã chọn" in (
        refused.value.message)
    assert service.nominee_count(session=session, proposal_id=proposal.id) == 0


def test_an_officer_sees_no_candidates_outside_their_unit(session, database, tree, forms,
                                                          officer, q3_officer):
    contest, *_ = prize_contest(session, database, tree)

    seen = sources.candidates(session=session, source="contest_prize", ref=contest.id,
                              actor=q3_officer, award_form_id=None)

    assert seen == []
    assert [c.name for c in sources.candidates(session=session, source="contest_prize",
                                               ref=contest.id, actor=officer,
                                               award_form_id=None)] == ["Trần Thị Mai"]


def test_an_officer_of_another_district_cannot_pick_into_the_proposal(
        session, database, tree, forms, proposal, q3_officer):
    contest, board_id, mai, _ = prize_contest(session, database, tree)

    with pytest.raises(NotFound):
        pick(session, proposal, "contest_prize", contest.id,
             [f"contest_prize:{board_id}:{mai.id}"], forms[0], q3_officer)
    with pytest.raises(NotFound):
        sources.candidates(session=session, source="contest_prize", ref=contest.id,
                           actor=q3_officer, award_form_id=None, proposal_id=proposal.id)


def test_a_contests_collective_prize_names_the_unit(session, database, tree, forms, proposal,
                                                    officer, organiser):
    contest, *_ = prize_contest(session, database, tree, collective_rules=True)

    every = sources.candidates(session=session, source="contest_collective", ref=contest.id,
                               actor=organiser, award_form_id=None)
    [nominee] = pick(session, proposal, "contest_collective", contest.id,
                     [f"contest_collective:{contest.id}:{tree['Q1'].id}"], forms[0], officer)

    assert [c.name for c in every] == ["Quận 1"]
    assert (nominee.kind, nominee.name, nominee.unit_id, nominee.birth_year,
            nominee.gender) == (NomineeKind.COLLECTIVE, "Quận 1", tree["Q1"].id, None, None)
    assert nominee.achievement == (
        "Đạt Giải Nhất tập thể (Khối Quận, huyện) Cuộc thi trực tuyến “Tham mưu tốt - Dân vận "
        "khéo” năm 2023")


def test_a_writing_winner_carries_the_authors_details_and_prize(session, tree, forms,
                                                                 proposal, officer):
    scene, essay = revealed_competition(session, tree)
    level_id = scene.city.id

    found = sources.candidates(session=session, source="writing_prize",
                               ref=scene.competition.id, actor=officer, award_form_id=None)
    [nominee] = pick(session, proposal, "writing_prize", scene.competition.id,
                     [f"writing_prize:{level_id}:{essay.id}"], forms[1], officer)

    assert [c.achievement_key for c in found] == [f"writing_prize:{level_id}:{essay.id}"]
    assert (nominee.name, nominee.unit_id, nominee.birth_year, nominee.gender,
            nominee.position) == ("Trần Văn An", tree["Q1-BN"].id, 1981, Gender.FEMALE,
                                  "Chuyên viên")
    assert nominee.achievement == "Đạt Giải A Cuộc thi viết “Dân vận khéo” năm 2023"


def test_writing_prizes_wait_for_the_identities_to_be_revealed(session, tree, organiser):
    scene, _ = revealed_competition(session, tree)
    scene.city.revealed_at = None
    session.add(scene.city)
    session.commit()

    for source in ("writing_prize", "writing_collective"):
        assert sources.candidates(session=session, source=source, ref=scene.competition.id,
                                  actor=organiser, award_form_id=None) == []


def test_a_writing_competitions_collective_prize(session, tree, forms, proposal, officer):
    scene, _ = revealed_competition(session, tree)

    [nominee] = pick(session, proposal, "writing_collective", scene.competition.id,
                     [f"writing_collective:{scene.competition.id}:{tree['Q1'].id}"],
                     forms[0], officer)

    assert (nominee.kind, nominee.name, nominee.achievement) == (
        NomineeKind.COLLECTIVE, "Quận 1",
        "Đạt Giải tập thể (Khối Quận, huyện) Cuộc thi viết “Dân vận khéo” năm 2023")


def test_exemplary_entries_are_candidates_individuals_as_people(
        session, tree, forms, proposal, officer, movement_year, register):
    model = exemplary(session, register(people="Tổ dân phố 3"))
    person = exemplary(session, register(title="Gương cán bộ phường gần dân",
                                         kind=EntryKind.EXEMPLARY_INDIVIDUAL,
                                         people="Lê Thị Hồng"),
                       to=EntryStatus.COMMENDATION_PROPOSED)
    register(title="Mới đăng ký")  # not yet exemplary: not a candidate

    found = sources.candidates(session=session, source="movement_entry", ref=movement_year.id,
                               actor=officer, award_form_id=None)
    added = pick(session, proposal, "movement_entry", movement_year.id,
                 [f"movement_entry:{model.id}", f"movement_entry:{person.id}"], forms[0],
                 officer)

    assert [(c.kind, c.name) for c in found] == [
        (NomineeKind.COLLECTIVE, "Tổ dân phố 3"), (NomineeKind.INDIVIDUAL, "Lê Thị Hồng")]
    assert [(n.name, n.unit_id, n.achievement) for n in added] == [
        ("Tổ dân phố 3", tree["Q1-BN"].id,
         "Mô hình “Dân vận khéo trong chỉnh trang đô thị” được công nhận tiêu biểu trong "
         "phong trào thi đua “Dân vận khéo” năm 2023"),
        ("Lê Thị Hồng", tree["Q1-BN"].id,
         "Điển hình cá nhân “Gương cán bộ phường gần dân” được công nhận tiêu biểu trong "
         "phong trào thi đua “Dân vận khéo” năm 2023")]


def test_an_unknown_source_is_refused_with_the_sources_there_are(session, organiser):
    with pytest.raises(InvalidInput) as refused:
        sources.candidates(session=session, source="direct", ref=1, actor=organiser,
                           award_form_id=None)
    assert refused.value.message.startswith(
        "Nguồn phải là một trong: contest_prize (Giải cá nhân cuộc thi trực tuyến);")


def test_the_overall_rankings_prize_is_a_candidate_of_its_own(session, database, tree,
                                                              organiser):
    contest, board_id, mai, _ = prize_contest(session, database, tree)
    overall = published(session, database, contest, None)

    found = sources.candidates(session=session, source="contest_prize", ref=contest.id,
                               actor=organiser, award_form_id=None)

    assert [(c.achievement_key, c.achievement) for c in found] == [
        (f"contest_prize:{board_id}:{mai.id}", CONTEST_PRIZE),
        (f"contest_prize:{overall}:{mai.id}", "Đạt Giải Nhất chung cuộc Cuộc thi trực tuyến "
                                              "“Tham mưu tốt - Dân vận khéo” năm 2023")]


def test_a_commended_candidate_names_the_decision(session, forms, proposal, officer,
                                                  movement_year, register):
    model = exemplary(session, register())
    [nominee] = pick(session, proposal, "movement_entry", movement_year.id,
                     [f"movement_entry:{model.id}"], forms[0], officer)
    service.submit_proposal(session=session, proposal_id=proposal.id, actor=officer, now=NOW)
    service.issue_decision(session=session, nominee_ids=[nominee.id], actor=None, now=NOW,
                           data=service.DecisionData(
                               number="127", signed_date=NOW.date(), title="Khen thưởng",
                               signer_name="Nguyễn Văn A", signer_title="TRƯỞNG BAN"))

    [same_form] = sources.candidates(session=session, source="movement_entry",
                                     ref=movement_year.id, actor=officer,
                                     award_form_id=forms[0].id)
    [other_form] = sources.candidates(session=session, source="movement_entry",
                                      ref=movement_year.id, actor=officer,
                                      award_form_id=forms[1].id)

    assert (same_form.already, same_form.selectable) == (
        "Đã khen theo Quyết định số 127-QĐ/BDVTU", False)
    assert (other_form.already, other_form.selectable) == ("", True)
