"""Who may call what: every route of the app against every staff role, as one table.

A route missing from TABLE fails `test_every_route_is_classified`: whoever adds a route says
here what each role gets. Pages send a valid CSRF token and the API a bearer token, so that
what is tested is the right to act, not the form's protection.
"""

import io
import re
import shutil
from dataclasses import dataclass
from datetime import timedelta

import pytest
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlmodel import select
from starlette.routing import Mount

from backend.accounts.models import Role
from backend.accounts.passwords import contestant_passwords
from backend.clock import utcnow
from backend.commendations import service as commendations
from backend.contestants.models import Gender
from backend.db import Database
from backend.essays import accounts as essay_accounts
from backend.essays import service as essays
from backend.essays.authors import details_of
from backend.essays.service import AuthorDetails
from backend.movement import evidence as movement_evidence
from backend.movement import service as movement
from backend.results import service as results
from backend.units import service as units_service
from backend.units.models import Unit
from backend.uploads import Limits, inspect_upload
from exports.movement_intake import HEADERS as MOVEMENT_HEADERS
from tests.factories import (
    PASSWORD,
    UNIT_HEADERS,
    XLSX,
    add_questions,
    api_token,
    csrf_of,
    make_contest,
    make_round,
    make_settings,
    make_user,
    make_writing_competition,
    register_contestant,
    sign_in,
    small_tree,
    xlsx_bytes,
)
from tests.questions.raw_xlsx import QUESTION_HEADERS
from tests.uploads.builders import docx_bytes, pdf_bytes

ANONYMOUS, ORGANISER, OFFICER, JUDGE = "anonymous", "organiser", "unit officer", "judge"
ROLES = (ANONYMOUS, ORGANISER, OFFICER, JUDGE)
# An essay author, signed in to the writing competition of the world with their own session
# (author cookie, or a bearer token from the authors' login); AUTHOR_TABLE says what they get.
AUTHOR = "author"
USERNAMES = {ORGANISER: "bantochuc", OFFICER: "canbo.q1", JUDGE: "giamkhao"}
REGISTRANTS = {ANONYMOUS: "Trần Thị Bình", ORGANISER: "Lê Thị Cúc", OFFICER: "Phạm Thị Dung",
               JUDGE: "Hoàng Thị Em", AUTHOR: "Đỗ Thị Giang"}
AUTHOR_PHONE, AUTHOR_PASSWORD = "0912000111", "mat-khau-tac-gia"

SIGN_IN = "sign-in"  # a page sends the visitor to sign in: staff /dang-nhap, contestants
#                     /thi-sinh/dang-nhap, with ?next= the page (for staff, only after a GET)
ALLOWED = "allowed"  # past every access check; what follows depends on the data (never 5xx)
PUBLIC_FRAMEWORK = {"/docs", "/openapi.json"}
C = "/quan-ly/cuoc-thi/{contest_id}"
CA = "/api/v1/manage/contests/{contest_id}"
Q = f"{C}/cau-hoi"
QA = "/api/v1/contests/{contest_id}/questions"
R = f"{C}/ket-qua"
RA = f"{CA}/results"
F = f"{C}/cau-hoi-loi"
FA = "/api/v1/contests/{contest_id}/rulings"
S = f"{C}/nghi-van"
W = "/quan-ly/cuoc-thi-viet"
WC = f"{W}/{{competition_id}}"
WMA = "/api/v1/manage/writing"
WCA = f"{WMA}/{{competition_id}}"
WRITING = {"title": "Cuộc thi viết mới", "opens_1": "2026-01-01T08:00",
           "closes_1": "2026-02-01T08:00", "opens_2": "2026-02-02T08:00",
           "closes_2": "2026-03-01T08:00", "quota_kind_2": "fixed", "quota_value_2": "3"}
WRITING_JSON = {"title": "Cuộc thi viết mới", "levels": [
    {"kind": "unit", "opens_at": "2026-01-01T01:00:00Z", "closes_at": "2026-02-01T01:00:00Z"},
    {"kind": "city", "opens_at": "2026-02-02T01:00:00Z", "closes_at": "2026-03-01T01:00:00Z",
     "quota_kind": "fixed", "quota_value": 3, "scoring": "blind"}]}
WR = "/quan-ly/cuoc-thi-viet/cap-thi/{level_id}/ket-qua"
WRA = "/api/v1/manage/writing/levels/{level_id}"
WV = "/cuoc-thi-viet/{competition_id}"
WT = f"{WV}/tac-gia"
WA = "/api/v1/writing"
JP = "/giam-khao/bai/{assignment_id}"
JA = "/api/v1/judging/assignments"
JM = "/quan-ly/cuoc-thi-viet/cap/{level_id}/cham-bai"
JMA = "/api/v1/manage/writing/levels/{level_id}/judging"
FW = "/quan-ly/cuoc-thi-viet/cap/{level_id}/chuyen-bai"
FWA = "/api/v1/writing/levels/{level_id}/forwarding"
KT = "/khen-thuong"
KTP = f"{KT}/de-nghi/{{proposal_id}}"
KTM = "/quan-ly/khen-thuong"
KTA = "/api/v1/commendations"
KC = "/khen-thuong/de-nghi/{proposal_id}/chon"
KCA = "/api/v1/commendations/proposals/{proposal_id}/candidates"
MV = "/phong-trao/{year_id}"
MV_MANAGE = "/quan-ly/phong-trao/{year_id}"
ME = "/phong-trao/muc/{entry_id}"
MA = "/api/v1/movement"
EV = f"{ME}/minh-chung"
EVA = f"{MA}/entries/{{entry_id}}/evidence"

# (method, path) -> what (anonymous, organiser, unit officer of Quận 1, judge) get.
TABLE: dict[tuple[str, str], tuple] = {
    # Public pages and signing in.
    ("GET", "/"):                                            (200, 200, 200, 200),
    ("GET", "/healthz"):                                     (200, 200, 200, 200),
    ("GET", "/favicon.ico"):                                 (200, 200, 200, 200),
    ("GET", "/dang-nhap"):                                   (200, 200, 200, 200),
    ("POST", "/dang-nhap"):                                  (303, 303, 303, 303),
    ("POST", "/dang-xuat"):                                  (303, 303, 303, 303),
    # One's own account.
    ("GET", "/doi-mat-khau"):                                (SIGN_IN, 200, 200, 200),
    ("POST", "/doi-mat-khau"):                               (SIGN_IN, 303, 303, 303),
    ("POST", "/api/v1/auth/login"):                          (200, 200, 200, 200),
    ("POST", "/api/v1/auth/logout"):                         (401, 204, 204, 204),
    ("GET", "/api/v1/auth/me"):                              (401, 200, 200, 200),
    # Staff accounts: organisers only.
    ("GET", "/tai-khoan"):                                   (SIGN_IN, 200, 403, 403),
    ("POST", "/tai-khoan"):                                  (SIGN_IN, 200, 403, 403),
    ("POST", "/tai-khoan/{user_id}/khoa"):                   (SIGN_IN, 303, 403, 403),
    ("POST", "/tai-khoan/{user_id}/mo-khoa"):                (SIGN_IN, 303, 403, 403),
    ("GET", "/api/v1/users"):                                (401, 200, 403, 403),
    ("POST", "/api/v1/users"):                               (401, 201, 403, 403),
    ("POST", "/api/v1/users/{user_id}/lock"):                (401, 200, 403, 403),
    ("POST", "/api/v1/users/{user_id}/unlock"):              (401, 200, 403, 403),
    # The unit tree: officers see and count their subtree; organisers manage it.
    ("GET", "/don-vi"):                                      (SIGN_IN, 200, 200, 403),
    ("GET", "/don-vi/nhap"):                                 (SIGN_IN, 200, 403, 403),
    ("POST", "/don-vi/nhap"):                                (SIGN_IN, 200, 403, 403),
    ("GET", "/don-vi/xuat"):                                 (SIGN_IN, 200, 200, 403),
    ("GET", "/don-vi/{unit_id}"):                            (SIGN_IN, 200, 200, 403),
    ("POST", "/don-vi/{unit_id}/so-luong"):                  (SIGN_IN, 303, 303, 403),
    ("POST", "/don-vi/{unit_id}/sua"):                       (SIGN_IN, 303, 403, 403),
    ("POST", "/don-vi/{unit_id}/ngung-hoat-dong"):           (SIGN_IN, 303, 403, 403),
    ("POST", "/don-vi/{unit_id}/khoi-phuc"):                 (SIGN_IN, 303, 403, 403),
    ("GET", "/api/v1/units"):                                (401, 200, 200, 403),
    ("GET", "/api/v1/units/tree"):                           (401, 200, 200, 403),
    ("GET", "/api/v1/units/export"):                         (401, 200, 200, 403),
    ("POST", "/api/v1/units/import"):                        (401, 200, 403, 403),
    ("GET", "/api/v1/units/{unit_id}"):                      (401, 200, 200, 403),
    ("PATCH", "/api/v1/units/{unit_id}"):                    (401, 200, 200, 403),
    ("POST", "/api/v1/units/{unit_id}/retire"):              (401, 200, 403, 403),
    ("POST", "/api/v1/units/{unit_id}/restore"):             (401, 200, 403, 403),
    ("GET", "/api/v1/blocks"):                               (401, 200, 200, 403),
    ("GET", "/api/v1/clusters"):                             (401, 200, 200, 403),
    # Question banks: organisers only.
    ("GET", Q):                                              (SIGN_IN, 200, 403, 403),
    ("GET", f"{Q}/nhap"):                                    (SIGN_IN, 200, 403, 403),
    ("POST", f"{Q}/nhap"):                                   (SIGN_IN, ALLOWED, 403, 403),
    ("GET", f"{Q}/them"):                                    (SIGN_IN, 200, 403, 403),
    ("POST", f"{Q}/them"):                                   (SIGN_IN, 303, 403, 403),
    ("GET", f"{Q}/xem-thu"):                                 (SIGN_IN, 200, 403, 403),
    ("GET", f"{Q}/{{question_id}}/sua"):                     (SIGN_IN, 200, 403, 403),
    ("POST", f"{Q}/{{question_id}}/sua"):                    (SIGN_IN, 303, 403, 403),
    ("POST", f"{Q}/{{question_id}}/ngung-su-dung"):          (SIGN_IN, 303, 403, 403),
    ("POST", f"{Q}/{{question_id}}/su-dung-lai"):            (SIGN_IN, ALLOWED, 403, 403),
    ("GET", QA):                                             (401, 200, 403, 403),
    ("POST", QA):                                            (401, 201, 403, 403),
    ("POST", f"{QA}/import"):                                (401, ALLOWED, 403, 403),
    ("GET", f"{QA}/counts"):                                 (401, 200, 403, 403),
    ("POST", f"{QA}/preview"):                               (401, 200, 403, 403),
    ("GET", f"{QA}/{{question_id}}"):                        (401, 200, 403, 403),
    ("PUT", f"{QA}/{{question_id}}"):                        (401, 200, 403, 403),
    ("POST", f"{QA}/{{question_id}}/retire"):                (401, 200, 403, 403),
    ("POST", f"{QA}/{{question_id}}/reactivate"):            (401, ALLOWED, 403, 403),
    # Faulty questions: whoever manages results (organisers).
    ("GET", F):                                              (SIGN_IN, 200, 403, 403),
    ("GET", f"{F}/cau/{{question_id}}"):                     (SIGN_IN, 200, 403, 403),
    ("POST", f"{F}/cau/{{question_id}}"):                    (SIGN_IN, 200, 403, 403),
    ("GET", f"{F}/{{ruling_id}}"):                           (SIGN_IN, ALLOWED, 403, 403),
    ("GET", FA):                                             (401, 200, 403, 403),
    ("POST", f"{FA}/void"):                                  (401, ALLOWED, 403, 403),
    ("POST", f"{FA}/rekey"):                                 (401, ALLOWED, 403, 403),
    ("GET", f"{FA}/{{ruling_id}}"):                          (401, ALLOWED, 403, 403),
    # Item analysis, which leads to them: the same organisers (it shows the whole round and
    # its answer key, even while the round is open).
    ("GET", f"{C}/phan-tich-cau-hoi"):                       (SIGN_IN, 200, 403, 403),
    ("GET", f"{C}/phan-tich-cau-hoi/tuan-thi/{{round_id}}"): (SIGN_IN, 200, 403, 403),
    ("GET", f"{CA}/rounds/{{round_id}}/item-analysis"):      (401, 200, 403, 403),
    # Suspicious attempts and exclusions from prizes: whoever manages results (organisers).
    ("GET", S):                                              (SIGN_IN, 200, 403, 403),
    ("POST", f"{S}/nguong"):                                 (SIGN_IN, 303, 403, 403),
    ("POST", f"{S}/loai"):                                   (SIGN_IN, 303, 403, 403),
    ("POST", f"{S}/loai/{{contestant_id}}/khoi-phuc"):       (SIGN_IN, 409, 403, 403),
    ("GET", f"{CA}/flags"):                                  (401, 200, 403, 403),
    ("GET", f"{CA}/flags/rules"):                            (401, 200, 403, 403),
    ("PUT", f"{CA}/flags/rules"):                            (401, 200, 403, 403),
    ("GET", f"{CA}/exclusions"):                             (401, 200, 403, 403),
    ("POST", f"{CA}/exclusions"):                            (401, 201, 403, 403),
    ("POST", f"{CA}/exclusions/{{contestant_id}}/lift"):     (401, 409, 403, 403),
    # Published contests: anyone may read them, register and sign in as a contestant.
    ("GET", "/api/v1/contests"):                             (200, 200, 200, 200),
    ("GET", "/api/v1/contests/{contest_id}"):                (200, 200, 200, 200),
    ("GET", "/api/v1/contests/{contest_id}/units"):          (200, 200, 200, 200),
    ("POST", "/api/v1/contests/{contest_id}/register"):      (201, 201, 201, 201),
    ("POST", "/api/v1/contests/{contest_id}/login"):         (200, 200, 200, 200),
    # Contests, managed by organisers; unit officers watch them and see who registered
    # (their subtree only).
    ("GET", "/quan-ly/cuoc-thi"):                            (SIGN_IN, 200, 200, 403),
    ("POST", "/quan-ly/cuoc-thi"):                           (SIGN_IN, 303, 403, 403),
    ("GET", "/quan-ly/cuoc-thi/{contest_id}"):               (SIGN_IN, 200, 403, 403),
    ("POST", "/quan-ly/cuoc-thi/{contest_id}"):              (SIGN_IN, 303, 403, 403),
    ("POST", "/quan-ly/cuoc-thi/{contest_id}/don-vi"):       (SIGN_IN, 303, 403, 403),
    ("GET", "/quan-ly/cuoc-thi/{contest_id}/tuan-thi/moi"):  (SIGN_IN, 200, 403, 403),
    ("POST", "/quan-ly/cuoc-thi/{contest_id}/tuan-thi/moi"): (SIGN_IN, 303, 403, 403),
    ("GET", f"{C}/tuan-thi/{{round_id}}"):                   (SIGN_IN, 200, 403, 403),
    ("POST", f"{C}/tuan-thi/{{round_id}}"):                  (SIGN_IN, 303, 403, 403),
    ("GET", "/quan-ly/cuoc-thi/{contest_id}/theo-doi"):      (SIGN_IN, 200, 200, 403),
    ("GET", f"{C}/theo-doi/so-lieu"):                        (SIGN_IN, 200, 200, 403),
    ("GET", "/quan-ly/cuoc-thi/{contest_id}/thi-sinh"):      (SIGN_IN, 200, 200, 403),
    ("GET", "/api/v1/manage/contests"):                      (401, 200, 403, 403),
    ("POST", "/api/v1/manage/contests"):                     (401, 201, 403, 403),
    ("GET", f"{CA}"):                                        (401, 200, 403, 403),
    ("PATCH", f"{CA}"):                                      (401, 200, 403, 403),
    ("GET", f"{CA}/units"):                                  (401, 200, 403, 403),
    ("POST", f"{CA}/units/refresh"):                         (401, 200, 403, 403),
    ("GET", f"{CA}/rounds"):                                 (401, 200, 403, 403),
    ("POST", f"{CA}/rounds"):                                (401, 201, 403, 403),
    ("GET", f"{CA}/rounds/{{round_id}}"):                    (401, 200, 403, 403),
    ("PUT", f"{CA}/rounds/{{round_id}}"):                    (401, 200, 403, 403),
    ("GET", f"{CA}/monitor"):                                (401, 200, 200, 403),
    ("GET", f"{CA}/contestants"):                            (401, 200, 200, 403),
    # Results: published boards for anyone (the world's board is not), finalised ones for
    # staff who view results (officers: their subtree).
    ("GET", "/thi/{contest_id}/ket-qua"):                    (200, 200, 200, 200),
    ("GET", "/thi/{contest_id}/ket-qua/{board_id}"):         (ALLOWED,) * 4,
    ("GET", "/thi/{contest_id}/ket-qua/{board_id}/dap-an"):  (ALLOWED,) * 4,
    ("GET", "/api/v1/contests/{contest_id}/results"):        (200, 200, 200, 200),
    ("GET", "/api/v1/contests/{contest_id}/results/{board_id}"): (ALLOWED,) * 4,
    ("GET", "/api/v1/contests/{contest_id}/results/{board_id}/answer-key"): (ALLOWED,) * 4,
    ("GET", f"{C}/bang-xep-hang"):                           (SIGN_IN, 200, 200, 403),
    ("GET", f"{C}/ket-qua/{{board_id}}/bang-xep-hang"):      (SIGN_IN, ALLOWED, ALLOWED, 403),
    ("GET", f"{CA}/results/{{board_id}}"):                   (401, ALLOWED, ALLOWED, 403),
    # Results workflow: organisers only (the round of `world` is open, so finalising and
    # publishing are refused after the access check).
    ("GET", R):                                              (SIGN_IN, 200, 403, 403),
    ("POST", f"{R}/{{board_id}}/tong-hop"):                  (SIGN_IN, 409, 403, 403),
    ("POST", f"{R}/{{board_id}}/cong-bo"):                   (SIGN_IN, 409, 403, 403),
    ("POST", f"{R}/{{board_id}}/chinh-thuc"):                (SIGN_IN, 409, 403, 403),
    ("GET", f"{R}/{{board_id}}/lich-su"):                    (SIGN_IN, 200, 403, 403),
    ("GET", f"{R}/{{board_id}}/thiet-lap"):                  (SIGN_IN, 200, 403, 403),
    ("POST", f"{R}/{{board_id}}/thiet-lap"):                 (SIGN_IN, 303, 403, 403),
    ("GET", RA):                                             (401, 200, 403, 403),
    ("GET", f"{RA}/{{board_id}}/rules"):                     (401, 200, 403, 403),
    ("PUT", f"{RA}/{{board_id}}/rules"):                     (401, 200, 403, 403),
    ("POST", f"{RA}/{{board_id}}/finalise"):                 (401, 409, 403, 403),
    ("POST", f"{RA}/{{board_id}}/publish"):                  (401, 409, 403, 403),
    ("POST", f"{RA}/{{board_id}}/official"):                 (401, 409, 403, 403),
    ("GET", f"{RA}/{{board_id}}/history"):                   (401, 200, 403, 403),
    # Figures: the dashboard and tally files for whoever monitors (officers: their subtree),
    # reported figures for organisers and officers, reconciliation and collective prize
    # rules for organisers. Figure 1 does not exist: 404 after the access check.
    ("GET", f"{C}/so-lieu"):                                 (SIGN_IN, 200, 200, 403),
    ("GET", f"{C}/so-lieu/tai-ve"):                          (SIGN_IN, 200, 200, 403),
    ("GET", f"{C}/so-lieu/bao-cao"):                         (SIGN_IN, 200, 200, 403),
    ("POST", f"{C}/so-lieu/bao-cao"):                        (SIGN_IN, ALLOWED, ALLOWED, 403),
    ("POST", f"{C}/so-lieu/bao-cao/{{figure_id}}/xoa"):      (SIGN_IN, 404, 404, 403),
    ("GET", f"{C}/so-lieu/doi-chieu"):                       (SIGN_IN, 200, 403, 403),
    ("GET", f"{C}/giai-tap-the"):                            (SIGN_IN, 200, 403, 403),
    ("POST", f"{C}/giai-tap-the"):                           (SIGN_IN, ALLOWED, 403, 403),
    ("GET", f"{CA}/tallies"):                                (401, 200, 200, 403),
    ("GET", f"{CA}/tallies/export"):                         (401, 200, 200, 403),
    ("GET", f"{CA}/reported-figures"):                       (401, 200, 200, 403),
    ("PUT", f"{CA}/reported-figures"):                       (401, ALLOWED, ALLOWED, 403),
    ("DELETE", f"{CA}/reported-figures/{{figure_id}}"):      (401, 404, 404, 403),
    ("GET", f"{CA}/reconciliation"):                         (401, 200, 403, 403),
    ("GET", f"{CA}/collective-prizes"):                      (401, 404, 404, 403),
    ("PUT", f"{CA}/collective-prizes"):                      (401, ALLOWED, 403, 403),
    # Contest pages for the public; a staff browser is nobody's contestant.
    ("GET", "/thi/{contest_id}"):                            (200, 200, 200, 200),
    ("GET", "/thi-sinh/dang-nhap"):                          (303, 303, 303, 303),
    ("GET", "/thi/{contest_id}/dang-ky"):                    (200, 200, 200, 200),
    ("POST", "/thi/{contest_id}/dang-ky"):                   (303, 303, 303, 303),
    ("GET", "/thi/{contest_id}/don-vi"):                     (200, 200, 200, 200),
    ("GET", "/thi/{contest_id}/dang-nhap"):                  (200, 200, 200, 200),
    ("POST", "/thi/{contest_id}/dang-nhap"):                 (303, 303, 303, 303),
    ("POST", "/thi/{contest_id}/dang-xuat"):                 (303, 303, 303, 303),
    ("GET", "/thi/{contest_id}/lich-su"):                    (SIGN_IN,) * 4,
    ("POST", "/thi/{contest_id}/tuan-thi/{round_id}/bat-dau"): (SIGN_IN,) * 4,
    ("GET", "/thi/{contest_id}/bai/{attempt_id}"):           (SIGN_IN,) * 4,
    ("POST", "/thi/{contest_id}/bai/{attempt_id}/nop"):      (SIGN_IN,) * 4,
    # Contestants only: a staff token is not a contestant's.
    ("POST", "/api/v1/contestant/logout"):                   (401, 401, 401, 401),
    ("GET", "/api/v1/contestant/me"):                        (401, 401, 401, 401),
    ("GET", "/api/v1/contestant/attempts"):                  (401, 401, 401, 401),
    ("POST", "/api/v1/rounds/{round_id}/attempts"):          (401, 401, 401, 401),
    ("GET", "/api/v1/attempts/{attempt_id}"):                (401, 401, 401, 401),
    ("PUT", "/api/v1/attempts/{attempt_id}/answers"):        (401, 401, 401, 401),
    ("POST", "/api/v1/attempts/{attempt_id}/submit"):        (401, 401, 401, 401),
    ("GET", "/api/v1/attempts/{attempt_id}/result"):         (401, 401, 401, 401),
    # Result spreadsheets: organisers and unit officers (their subtree's rows); the
    # letterhead they carry: those who manage results.
    ("GET", f"{C}/tai-ve"):                                  (SIGN_IN, 200, 200, 403),
    ("POST", f"{C}/tai-ve/{{board_id}}"):                    (SIGN_IN, ALLOWED, ALLOWED, 403),
    ("GET", "/quan-ly/xuat-file/{export_id}"):               (SIGN_IN, ALLOWED, ALLOWED, 403),
    ("GET", "/quan-ly/xuat-file/{export_id}/tep"):           (SIGN_IN, ALLOWED, ALLOWED, 403),
    ("POST", f"{CA}/results/{{board_id}}/exports"):          (401, ALLOWED, ALLOWED, 403),
    ("GET", "/api/v1/manage/exports/{export_id}"):           (401, ALLOWED, ALLOWED, 403),
    ("GET", "/api/v1/manage/exports/{export_id}/file"):      (401, ALLOWED, ALLOWED, 403),
    ("GET", "/quan-ly/mau-van-ban"):                         (SIGN_IN, 200, 403, 403),
    ("POST", "/quan-ly/mau-van-ban"):                        (SIGN_IN, 303, 403, 403),
    ("GET", "/api/v1/manage/letterhead"):                    (401, 200, 403, 403),
    ("PUT", "/api/v1/manage/letterhead"):                    (401, 200, 403, 403),
    # Setting up writing competitions: organisers only.
    ("GET", W):                                              (SIGN_IN, 200, 403, 403),
    ("POST", W):                                             (SIGN_IN, 303, 403, 403),
    ("GET", f"{WC}/thiet-lap"):                              (SIGN_IN, 200, 403, 403),
    ("POST", f"{WC}/quy-dinh"):                              (SIGN_IN, 303, 403, 403),
    ("POST", f"{WC}/thang-diem"):                            (SIGN_IN, 303, 403, 403),
    ("POST", f"{WC}/cap/{{level_id}}/giai"):                 (SIGN_IN, 303, 403, 403),
    ("POST", f"{WC}/giam-khao"):                             (SIGN_IN, ALLOWED, 403, 403),
    ("POST", f"{WC}/giam-khao/{{judge_id}}/rut"):            (SIGN_IN, ALLOWED, 403, 403),
    ("GET", WMA):                                             (401, 200, 403, 403),
    ("POST", WMA):                                            (401, 201, 403, 403),
    ("GET", f"{WMA}/{{competition_id}}"):                     (401, 200, 403, 403),
    ("PUT", f"{WMA}/{{competition_id}}/rules"):               (401, 200, 403, 403),
    ("PUT", f"{WMA}/{{competition_id}}/rubric"):              (401, 200, 403, 403),
    ("PUT", f"{WMA}/{{competition_id}}/levels/{{level_id}}/prizes"): (401, 200, 403, 403),
    ("POST", f"{WMA}/{{competition_id}}/judges"):             (401, ALLOWED, 403, 403),
    ("DELETE", f"{WMA}/{{competition_id}}/judges/{{judge_id}}"): (401, ALLOWED, 403, 403),
    # A judged writing level's results, lock, ráp phách, calibration and severity: those who
    # manage the writing competition (organisers); judges and officers get nothing of them.
    # The level has no essays: locking is refused after the access check.
    ("GET", WR):                                             (SIGN_IN, 200, 403, 403),
    ("POST", f"{WR}/tong-hop"):                              (SIGN_IN, 303, 403, 403),
    ("POST", f"{WR}/khoa-diem"):                             (SIGN_IN, 409, 403, 403),
    ("POST", f"{WR}/mo-khoa"):                               (SIGN_IN, 409, 403, 403),
    ("POST", f"{WR}/rap-phach"):                             (SIGN_IN, 409, 403, 403),
    ("POST", f"{WR}/cham-thu"):                              (SIGN_IN, 422, 403, 403),
    ("GET", f"{WRA}/results"):                               (401, 200, 403, 403),
    ("POST", f"{WRA}/results/aggregate"):                    (401, 200, 403, 403),
    ("POST", f"{WRA}/results/lock"):                         (401, 409, 403, 403),
    ("POST", f"{WRA}/results/unlock"):                       (401, 409, 403, 403),
    ("POST", f"{WRA}/results/reveal"):                       (401, 409, 403, 403),
    ("GET", f"{WRA}/severity"):                              (401, 200, 403, 403),
    ("POST", f"{WRA}/calibration"):                          (401, 422, 403, 403),
    # Writing competition essays: officers (their subtree) and organisers; authors have
    # pages and tokens of their own (AUTHOR_TABLE).
    ("GET", f"{WV}/bai-viet"):                               (SIGN_IN, 200, 200, 403),
    ("GET", f"{WV}/bai-viet/nop"):                           (SIGN_IN, 200, 200, 403),
    ("POST", f"{WV}/bai-viet/nop"):                          (SIGN_IN, 303, 303, 403),
    ("GET", "/bai-viet/{essay_id}"):                         (SIGN_IN, 200, 200, 403),
    ("POST", "/bai-viet/{essay_id}/phien-ban"):              (SIGN_IN, 303, 303, 403),
    ("POST", "/bai-viet/{essay_id}/rut"):                    (SIGN_IN, 409, 303, 403),
    ("GET", "/bai-viet/{essay_id}/phien-ban/{number}/tai-ve"): (SIGN_IN, 200, 200, 403),
    ("GET", f"{WT}/dang-ky"):                                (200, 200, 200, 200),
    ("POST", f"{WT}/dang-ky"):                               (303, 303, 303, 303),
    ("GET", f"{WT}/dang-nhap"):                              (200, 200, 200, 200),
    ("POST", f"{WT}/dang-nhap"):                             (303, 303, 303, 303),
    ("POST", f"{WT}/dang-xuat"):                             (303, 303, 303, 303),
    ("GET", WT):                                             (SIGN_IN,) * 4,
    ("POST", f"{WT}/nop"):                                   (SIGN_IN,) * 4,
    ("GET", f"{WT}/bai/{{essay_id}}"):                       (SIGN_IN,) * 4,
    ("POST", f"{WT}/bai/{{essay_id}}/phien-ban"):            (SIGN_IN,) * 4,
    ("POST", f"{WT}/bai/{{essay_id}}/rut"):                  (SIGN_IN,) * 4,
    ("GET", f"{WT}/bai/{{essay_id}}/phien-ban/{{number}}/tai-ve"): (SIGN_IN,) * 4,
    ("POST", f"{WA}/{{competition_id}}/authors/signup"):     (201, 201, 201, 201),
    ("POST", f"{WA}/{{competition_id}}/authors/login"):      (200, 200, 200, 200),
    ("POST", f"{WA}/authors/logout"):                        (401, 403, 403, 403),
    ("GET", f"{WA}/{{competition_id}}/essays"):              (401, 200, 200, 403),
    ("POST", f"{WA}/{{competition_id}}/essays"):             (401, 201, 201, 403),
    ("GET", f"{WA}/essays/{{essay_id}}"):                    (401, 200, 200, 403),
    ("GET", f"{WA}/essays/{{essay_id}}/versions"):           (401, 200, 200, 403),
    ("POST", f"{WA}/essays/{{essay_id}}/versions"):          (401, 201, 201, 403),
    ("GET", f"{WA}/essays/{{essay_id}}/versions/{{number}}/file"): (401, 200, 200, 403),
    ("POST", f"{WA}/essays/{{essay_id}}/withdraw"):          (401, 409, 200, 403),
    # Bulk essay batches: staff who submit essays, for units within their subtree.
    ("GET", f"{WV}/nhan-bai-theo-lo"):                       (SIGN_IN, 200, 200, 403),
    ("POST", f"{WV}/nhan-bai-theo-lo"):                      (SIGN_IN, 422, 422, 403),
    ("GET", "/lo-bai-viet/{batch_id}"):                      (SIGN_IN, ALLOWED, ALLOWED, 403),
    ("POST", "/lo-bai-viet/{batch_id}/chay-tiep"):           (SIGN_IN, ALLOWED, ALLOWED, 403),
    ("GET", "/lo-bai-viet/{batch_id}/ket-qua.xlsx"):         (SIGN_IN, ALLOWED, ALLOWED, 403),
    ("POST", f"{WA}/{{competition_id}}/intake-batches"):     (401, 422, 422, 403),
    ("GET", f"{WA}/intake-batches/{{batch_id}}"):            (401, ALLOWED, ALLOWED, 403),
    ("GET", f"{WA}/intake-batches/{{batch_id}}/report"):     (401, ALLOWED, ALLOWED, 403),
    # Blind judging: judges reach only essays given to them (assignment 1 is nobody's: 404
    # after the access check); organisers start, assign and reassign (the city level is not
    # closed yet, so starting is refused after the access check).
    ("GET", "/giam-khao"):                                   (SIGN_IN, 200, 403, 200),
    ("GET", JP):                                             (SIGN_IN, 404, 403, 404),
    ("POST", JP):                                            (SIGN_IN, 404, 403, 404),
    ("GET", f"{JP}/tep"):                                    (SIGN_IN, 404, 403, 404),
    ("GET", JA):                                             (401, 200, 403, 200),
    ("GET", f"{JA}/{{assignment_id}}"):                      (401, 404, 403, 404),
    ("GET", f"{JA}/{{assignment_id}}/file"):                 (401, 404, 403, 404),
    ("POST", f"{JA}/{{assignment_id}}/scores"):              (401, 404, 403, 404),
    ("GET", JM):                                             (SIGN_IN, 200, 403, 403),
    ("POST", f"{JM}/bat-dau"):                               (SIGN_IN, 409, 403, 403),
    ("POST", f"{JM}/phan-cong"):                             (SIGN_IN, 409, 403, 403),
    ("POST", f"{JM}/phan-cong/{{assignment_id}}/doi"):       (SIGN_IN, 404, 403, 403),
    ("POST", f"{JM}/phan-cong/them"):                        (SIGN_IN, 404, 403, 403),
    ("GET", JMA):                                            (401, 200, 403, 403),
    ("POST", f"{JMA}/start"):                                (401, 409, 403, 403),
    ("POST", f"{JMA}/assign"):                               (401, 409, 403, 403),
    ("POST", f"{JMA}/assignments/{{assignment_id}}/reassign"): (401, 404, 403, 403),
    ("POST", f"{JMA}/assignments"):                          (401, 404, 403, 403),
    # The writing competition's figures: the overview and collective prizes for organisers,
    # reported figures for organisers and officers (their subtree), the essays spreadsheet for
    # both (scores and prizes: organisers). No collective rules yet: 404 after the check.
    ("GET", f"{WC}/so-lieu"):                                (SIGN_IN, 200, 403, 403),
    ("GET", f"{WC}/so-lieu/tai-ve"):                         (SIGN_IN, 200, 200, 403),
    ("GET", f"{WC}/so-lieu/bao-cao"):                        (SIGN_IN, 200, 200, 403),
    ("POST", f"{WC}/so-lieu/bao-cao"):                       (SIGN_IN, ALLOWED, ALLOWED, 403),
    ("GET", f"{WC}/giai-tap-the"):                           (SIGN_IN, 200, 403, 403),
    ("POST", f"{WC}/giai-tap-the"):                          (SIGN_IN, ALLOWED, 403, 403),
    ("GET", f"{WCA}/tallies"):                               (401, 200, 403, 403),
    ("GET", f"{WCA}/tallies/export"):                        (401, 200, 200, 403),
    ("GET", f"{WCA}/reported-figures"):                      (401, 200, 200, 403),
    ("PUT", f"{WCA}/reported-figures"):                      (401, ALLOWED, ALLOWED, 403),
    ("GET", f"{WCA}/collective-prizes"):                     (401, 404, 403, 403),
    ("PUT", f"{WCA}/collective-prizes"):                     (401, ALLOWED, 403, 403),
    # Forwarding essays up a level: officers for their own units (Quận 1), organisers for
    # every unit; reopening a signed batch is the organisers' (no batch here: 404).
    ("GET", FW):                                             (SIGN_IN, 200, 200, 403),
    ("GET", f"{FW}/{{unit_id}}"):                            (SIGN_IN, 200, 200, 403),
    ("POST", f"{FW}/{{unit_id}}/diem"):                      (SIGN_IN, 303, 303, 403),
    ("POST", f"{FW}/{{unit_id}}/chon"):                      (SIGN_IN, 303, 303, 403),
    ("POST", f"{FW}/{{unit_id}}/ky"):                        (SIGN_IN, ALLOWED, ALLOWED, 403),
    ("POST", f"{FW}/{{unit_id}}/mo-lai"):                    (SIGN_IN, 404, 403, 403),
    ("GET", FWA):                                            (401, 200, 200, 403),
    ("GET", f"{FWA}/{{unit_id}}"):                           (401, 200, 200, 403),
    ("PUT", f"{FWA}/{{unit_id}}/scores"):                    (401, 200, 200, 403),
    ("PUT", f"{FWA}/{{unit_id}}/selection"):                 (401, 200, 200, 403),
    ("POST", f"{FWA}/{{unit_id}}/sign"):                     (401, ALLOWED, ALLOWED, 403),
    ("POST", f"{FWA}/{{unit_id}}/reopen"):                   (401, 404, 403, 403),
    # Commendations: officers propose for their subtree (Quận 1's draft list), organisers
    # too, and alone keep the award forms and make decisions. The officer adds a nominee
    # first: the organiser's same achievement and form is refused (409), the officer's
    # removal leaves the organiser nothing to remove (404). An officer's list needs a unit
    # (422); a decision choosing no one is refused (422).
    ("GET", KT):                                             (SIGN_IN, 200, 200, 403),
    ("POST", f"{KT}/de-nghi"):                               (SIGN_IN, 303, 422, 403),
    ("GET", KTP):                                            (SIGN_IN, 200, 200, 403),
    ("POST", f"{KTP}/them"):                                 (SIGN_IN, 409, 303, 403),
    ("POST", f"{KTP}/bo/{{nominee_id}}"):                    (SIGN_IN, 404, 303, 403),
    ("POST", f"{KTP}/gui"):                                  (SIGN_IN, 303, 303, 403),
    ("GET", f"{KT}/quyet-dinh/{{decision_id}}"):             (SIGN_IN, 200, 200, 403),
    ("GET", f"{KTM}/hinh-thuc"):                             (SIGN_IN, 200, 403, 403),
    ("POST", f"{KTM}/hinh-thuc"):                            (SIGN_IN, 303, 403, 403),
    ("POST", f"{KTM}/hinh-thuc/{{form_id}}/an"):             (SIGN_IN, 303, 403, 403),
    ("GET", f"{KTM}/quyet-dinh/moi"):                        (SIGN_IN, 200, 403, 403),
    ("POST", f"{KTM}/quyet-dinh/moi"):                       (SIGN_IN, 422, 403, 403),
    ("GET", f"{KTA}/forms"):                                 (401, 200, 200, 403),
    ("POST", f"{KTA}/forms"):                                (401, 201, 403, 403),
    ("POST", f"{KTA}/forms/{{form_id}}/deactivate"):         (401, 200, 403, 403),
    ("GET", f"{KTA}/proposals"):                             (401, 200, 200, 403),
    ("POST", f"{KTA}/proposals"):                            (401, 201, 422, 403),
    ("GET", f"{KTA}/proposals/{{proposal_id}}"):             (401, 200, 200, 403),
    ("POST", f"{KTA}/proposals/{{proposal_id}}/nominees"):   (401, 409, 201, 403),
    ("DELETE", f"{KTA}/nominees/{{nominee_id}}"):            (401, 404, 204, 403),
    ("POST", f"{KTA}/proposals/{{proposal_id}}/submit"):     (401, 200, 200, 403),
    ("GET", f"{KTA}/decisions"):                             (401, 200, 200, 403),
    ("POST", f"{KTA}/decisions"):                            (401, 422, 403, 403),
    ("GET", f"{KTA}/decisions/{{decision_id}}"):             (401, 200, 200, 403),
    # Picking nominees from the platform's records into Quận 1's draft proposal: organisers
    # and officers proposing commendations. The world's entry is not exemplary, so picking it
    # is refused (422); the API's candidates need a source and ref (422 without).
    ("GET", KC):                                             (SIGN_IN, 200, 200, 403),
    ("POST", KC):                                            (SIGN_IN, 422, 422, 403),
    ("GET", KCA):                                            (401, 422, 422, 403),
    ("POST", KCA):                                           (401, 422, 422, 403),
    # A movement year's statistics and yearly report: organisers the city, officers their
    # subtree.
    ("GET", "/phong-trao/{year_id}/thong-ke"):               (SIGN_IN, 200, 200, 403),
    ("GET", "/phong-trao/{year_id}/bao-cao.xlsx"):           (SIGN_IN, 200, 200, 403),
    ("GET", "/api/v1/movement/years/{year_id}/statistics"):  (401, 200, 200, 403),
    ("GET", "/api/v1/movement/years/{year_id}/report.xlsx"): (401, 200, 200, 403),
    # The "Dân vận khéo" movement: officers their subtree's entries, organisers years and
    # fields. Registering and stepping after the officer did: the same title again, a step
    # already taken (409).
    ("GET", "/phong-trao"):                                  (SIGN_IN, 200, 200, 403),
    ("POST", "/quan-ly/phong-trao"):                         (SIGN_IN, 303, 403, 403),
    ("POST", f"{MV_MANAGE}/linh-vuc"):                       (SIGN_IN, 303, 403, 403),
    ("GET", MV):                                             (SIGN_IN, 200, 200, 403),
    ("POST", f"{MV}/xet-nhieu"):                             (SIGN_IN, 200, 200, 403),
    ("GET", f"{MV}/dang-ky"):                                (SIGN_IN, 200, 200, 403),
    ("POST", f"{MV}/dang-ky"):                               (SIGN_IN, ALLOWED, 303, 403),
    ("GET", ME):                                             (SIGN_IN, 200, 200, 403),
    ("POST", f"{ME}/buoc"):                                  (SIGN_IN, ALLOWED, 303, 403),
    ("GET", f"{ME}/sua"):                                    (SIGN_IN, 200, 200, 403),
    ("POST", f"{ME}/sua"):                                   (SIGN_IN, 303, 303, 403),
    ("GET", f"{MA}/years"):                                  (401, 200, 200, 403),
    ("POST", f"{MA}/years"):                                 (401, 201, 403, 403),
    ("POST", f"{MA}/years/{{year_id}}/fields"):              (401, 201, 403, 403),
    ("GET", f"{MA}/years/{{year_id}}/entries"):              (401, 200, 200, 403),
    ("POST", f"{MA}/years/{{year_id}}/entries"):             (401, ALLOWED, 201, 403),
    ("POST", f"{MA}/years/{{year_id}}/steps"):               (401, 200, 200, 403),
    ("GET", f"{MA}/entries/{{entry_id}}"):                   (401, 200, 200, 403),
    ("PUT", f"{MA}/entries/{{entry_id}}"):                   (401, 200, 200, 403),
    ("POST", f"{MA}/entries/{{entry_id}}/steps"):            (401, ALLOWED, 200, 403),
    # Movement entries from Excel and their evidence: officers for their subtree (the officer
    # goes first, so the organiser's same file or same removal meets what the officer did).
    ("GET", f"{MV}/nhap-excel"):                 (SIGN_IN, 200, 200, 403),
    ("POST", f"{MV}/nhap-excel"):                (SIGN_IN, ALLOWED, 200, 403),
    ("GET", f"{MV}/mau-nhap.xlsx"):              (SIGN_IN, 200, 200, 403),
    ("POST", EV):                                            (SIGN_IN, ALLOWED, 303, 403),
    ("GET", f"{EV}/{{evidence_id}}"):                        (SIGN_IN, 200, 200, 403),
    ("POST", f"{EV}/{{evidence_id}}/xoa"):                   (SIGN_IN, ALLOWED, 303, 403),
    ("POST", f"{MA}/years/{{year_id}}/import"):             (401, ALLOWED, 201, 403),
    ("GET", EVA):                                            (401, 200, 200, 403),
    ("POST", EVA):                                           (401, ALLOWED, 201, 403),
    ("GET", f"{EVA}/{{evidence_id}}"):                       (401, 200, 200, 403),
    ("DELETE", f"{EVA}/{{evidence_id}}"):                    (401, ALLOWED, 204, 403),
    # Commendation lists: a decision's for all who propose, a proposal's within reach.
    ("GET", "/khen-thuong/quyet-dinh/{decision_id}/danh-sach.xlsx"): (SIGN_IN, 200, 200, 403),
    ("GET", "/khen-thuong/de-nghi/{proposal_id}/danh-sach.xlsx"): (SIGN_IN, 200, 200, 403),
    ("GET", "/api/v1/commendations/decisions/{decision_id}/list.xlsx"): (401, 200, 200, 403),
    ("GET", "/api/v1/commendations/proposals/{proposal_id}/list.xlsx"): (401, 200, 200, 403),
}

# What an essay author gets where it differs from what an anonymous visitor gets.
AUTHOR_TABLE: dict[tuple[str, str], object] = {
    ("GET", WT): 200,
    ("POST", f"{WT}/nop"): 303,
    ("GET", f"{WT}/bai/{{essay_id}}"): 200,
    ("POST", f"{WT}/bai/{{essay_id}}/phien-ban"): 303,
    ("POST", f"{WT}/bai/{{essay_id}}/rut"): 303,
    ("GET", f"{WT}/bai/{{essay_id}}/phien-ban/{{number}}/tai-ve"): 200,
    ("POST", f"{WA}/authors/logout"): 204,
    ("GET", f"{WA}/{{competition_id}}/essays"): 200,
    ("POST", f"{WA}/{{competition_id}}/essays"): 201,
    ("GET", f"{WA}/essays/{{essay_id}}"): 200,
    ("GET", f"{WA}/essays/{{essay_id}}/versions"): 200,
    ("POST", f"{WA}/essays/{{essay_id}}/versions"): 201,
    ("GET", f"{WA}/essays/{{essay_id}}/versions/{{number}}/file"): 200,
    ("POST", f"{WA}/essays/{{essay_id}}/withdraw"): 200,
}

QUESTION = {"text": "Bài báo “Dân vận” được đăng năm nào?", "options": ["1945", "1949", "1954"],
            "correct": ["B"], "topic": "Lịch sử", "difficulty": "de"}
UNIT_FILE = {"file": ("don-vi.xlsx", xlsx_bytes(UNIT_HEADERS[:3], [
    ("Q1-DK", "Phường Đa Kao", "Q1")]), XLSX)}
INTAKE_FILES = {"sheet": ("DS.xlsx", xlsx_bytes(["Họ và tên"], [("Trần Thị Hoa",)]), XLSX),
                "archive": ("BAI.zip", b"PK\x05\x06" + bytes(18), "application/zip")}
MOVEMENT_FILE = {"file": ("dang-ky.xlsx", xlsx_bytes(MOVEMENT_HEADERS, [
    ("Q1-BN", "Mô hình", "Mô hình số 2", "Kinh tế")]), XLSX)}
EVIDENCE_FILE = {"file": ("minh-chung.pdf", pdf_bytes("Minh chung moi"), "application/pdf")}
QUESTION_FILE = {"file": ("cau-hoi.xlsx", xlsx_bytes(QUESTION_HEADERS, [(
    1, "Câu hỏi mới?", "A1", "B1", "C1", "D1", "B", "Dân vận", "Dễ")]), XLSX)}


LETTERHEAD = {"heading": "party", "governing_body": "Đảng bộ Thành phố Hồ Chí Minh",
              "issuing_body": "Ban Dân vận Thành ủy", "place": "TP. Hồ Chí Minh",
              "signer_titles": "Trưởng ban", "signer_name": "", "recipients": "Lưu VP."}
ROUND_FORM = {"name": "Tuần 2", "opens_at": "2030-01-01T08:00", "closes_at": "2030-01-07T20:00",
              "question_count": "2", "time_limit_minutes": "10"}
ROUND_IN = {"name": "Tuần 2", "opens_at": "2030-01-01T01:00:00Z",
            "closes_at": "2030-01-07T13:00:00Z", "question_count": 2, "time_limit_seconds": 600}


@dataclass(frozen=True)
class Call:
    """What a request to a route sends besides its path: form fields or JSON, files, and
    which unit a {unit_id} names."""

    body: dict | None = None
    files: dict | None = None
    unit: str = "Q1-BN"
    form: bool = False  # the API route takes form fields, not JSON


ESSAY_TEXT = "Dân vận khéo là biết lắng nghe dân, hiểu dân và làm cho dân tin. " * 3
AUTHOR_FORM = {"full_name": None, "birth_year": "1985", "gender": "nu", "position": "",
               "unit_id": None, "phone": "098765432", "password": AUTHOR_PASSWORD}
ESSAY_FORM = {**AUTHOR_FORM, "title": "Bài dự thi", "text": ESSAY_TEXT}
# unit_id is filled in by `send`: Phường Bến Nghé.
ENTRY = {"unit_id": None, "kind": "mo_hinh", "title": "Mô hình mới", "field": "Kinh tế"}
NOMINEE = {"kind": "individual", "name": "Nguyễn Văn Bình", "unit_id": None,
           "achievement": "Vận động hiến đất mở hẻm", "award_form_id": 1}
DECISION = {"number": "2", "signed_date": "2026-10-15", "title": "Về việc khen thưởng",
            "signer_name": "Nguyễn Văn A", "signer_title": "TRƯỞNG BAN"}
CALLS: dict[tuple[str, str], Call] = {
    ("POST", f"{KT}/de-nghi"): Call({"year": "2026", "title": "Danh sách mới"}),
    ("POST", f"{KTP}/them"): Call({**NOMINEE, "award_form_id": "1"}),
    ("POST", f"{KTM}/hinh-thuc"): Call({"kind": "khac", "name": "Giấy chứng nhận",
                                         "issuing_level": "Ban Dân vận Thành ủy"}),
    ("POST", f"{KTM}/quyet-dinh/moi"): Call(DECISION),
    ("POST", f"{KTA}/forms"): Call({"kind": "khac", "name": "Giấy chứng nhận",
                                    "issuing_level": "Ban Dân vận Thành ủy"}),
    ("POST", f"{KTA}/proposals"): Call({"year": 2026, "title": "Danh sách mới"}),
    ("POST", f"{KTA}/proposals/{{proposal_id}}/nominees"): Call(NOMINEE),
    ("POST", f"{KTA}/decisions"): Call(DECISION),
    ("POST", "/dang-nhap"): Call({"username": "bantochuc", "password": PASSWORD, "next": "/"}),
    ("POST", "/doi-mat-khau"): Call({"current": PASSWORD, "new": "mat-khau-moi-2026"}),
    ("POST", "/api/v1/auth/login"): Call({"username": "bantochuc", "password": PASSWORD}),
    ("POST", "/tai-khoan"): Call({"username": "moi", "full_name": "Người Mới",
                                  "password": "mat-khau-moi-2026", "role": "judge"}),
    ("POST", "/api/v1/users"): Call({"username": "moi", "full_name": "Người Mới",
                                     "password": "mat-khau-moi-2026", "role": "judge"}),
    ("POST", "/don-vi/nhap"): Call(files=UNIT_FILE),
    ("POST", "/api/v1/units/import"): Call(files=UNIT_FILE),
    ("POST", "/don-vi/{unit_id}/so-luong"): Call({"headcount": "175"}),
    ("POST", "/don-vi/{unit_id}/sua"): Call({"name": "Phường Bến Nghé", "kind": "phuong"}),
    ("POST", "/don-vi/{unit_id}/khoi-phuc"): Call(unit="Q1-BT"),
    ("PATCH", "/api/v1/units/{unit_id}"): Call({"headcount": 175}),
    ("POST", "/api/v1/units/{unit_id}/restore"): Call(unit="Q1-BT"),
    ("POST", f"{Q}/nhap"): Call(files=QUESTION_FILE),
    ("POST", f"{Q}/them"): Call({"text": QUESTION["text"], "options": QUESTION["options"],
                                 "correct": ["B"], "topic": "Lịch sử", "difficulty": "de"}),
    ("POST", f"{Q}/{{question_id}}/sua"): Call({
        "text": QUESTION["text"], "options": QUESTION["options"], "correct": ["B"],
        "topic": "Lịch sử", "difficulty": "de"}),
    ("POST", QA): Call(QUESTION),
    ("POST", f"{QA}/import"): Call(files=QUESTION_FILE),
    ("POST", f"{QA}/preview"): Call({"question_count": 2}),
    ("PUT", f"{QA}/{{question_id}}"): Call(QUESTION),
    ("POST", f"{F}/cau/{{question_id}}"): Call({"kind": "void_mark", "confirmed": "true",
                                                "reason": "Câu hỏi không có đáp án đúng"}),
    ("POST", f"{FA}/void"): Call({"question_id": 1, "reason": "Không có đáp án đúng"}),
    ("POST", f"{S}/nguong"): Call({
        "fast_seconds_per_question": "3", "burst_count": "5", "burst_minutes": "10",
        "similar_percent": "90", "similar_min_shared": "10", "similar_submit_seconds": "60",
        "similar_duration_seconds": "10"}),
    ("POST", f"{S}/loai"): Call({"contestant_id": "1", "reason": "Thi hộ, đã xác minh"}),
    ("POST", f"{S}/loai/{{contestant_id}}/khoi-phuc"): Call({"reason": "Xác minh lại"}),
    ("PUT", f"{CA}/flags/rules"): Call({"burst_count": 6}),
    ("POST", f"{CA}/exclusions"): Call({"contestant_id": 1, "reason": "Thi hộ, đã xác minh"}),
    ("POST", f"{CA}/exclusions/{{contestant_id}}/lift"): Call({"reason": "Xác minh lại"}),
    ("POST", f"{FA}/rekey"): Call({"question_id": 1, "correct_option_ids": [1],
                                   "reason": "Đáp án đúng là A"}),
    # unit_id, phone and full_name are filled in by `send`.
    ("POST", "/api/v1/contests/{contest_id}/register"): Call({
        "full_name": None, "birth_date": "1992-04-30", "gender": "nu",
        "phone": "098765432", "unit_id": None, "password": "mat-khau-thi-sinh",
        "consent": True}),
    ("POST", "/api/v1/contests/{contest_id}/login"): Call({"phone": "0912345678",
                                                           "password": PASSWORD}),
    ("PUT", "/api/v1/attempts/{attempt_id}/answers"): Call({"answers": {}}),
    ("POST", "/quan-ly/cuoc-thi"): Call({"title": "Cuộc thi mới", "rules_text": "Thể lệ.",
                                         "is_published": "true", "scope": "all"}),
    ("POST", C): Call({"title": "Tham mưu tốt - Dân vận khéo", "rules_text": "Thể lệ mới.",
                       "is_published": "true"}),
    ("POST", f"{C}/don-vi"): Call({"scope": "all"}),
    ("POST", f"{C}/tuan-thi/moi"): Call(ROUND_FORM),
    ("POST", f"{C}/tuan-thi/{{round_id}}"): Call(ROUND_FORM),
    ("POST", "/api/v1/manage/contests"): Call({"title": "Cuộc thi mới", "is_published": True}),
    ("PATCH", CA): Call({"title": "Tham mưu tốt - Dân vận khéo 2026"}),
    ("POST", f"{CA}/units/refresh"): Call({}),
    ("POST", f"{CA}/rounds"): Call(ROUND_IN),
    ("PUT", f"{CA}/rounds/{{round_id}}"): Call(ROUND_IN),
    ("POST", "/thi/{contest_id}/dang-ky"): Call({
        "full_name": None, "birth_date": "30/04/1992", "gender": "nu",
        "phone": "098765432", "unit_id": None, "password": "mat-khau-thi-sinh",
        "password_again": "mat-khau-thi-sinh", "consent": "true"}),
    ("POST", "/thi/{contest_id}/dang-nhap"): Call({"phone": "0912345678", "password": PASSWORD}),
    ("POST", f"{R}/{{board_id}}/thiet-lap"): Call({
        "counted_attempt": "best", "tie_break": ["score"], "prize_tier": ["Giải Nhất"],
        "prize_count": ["1"], "complaint_days": "3"}),
    ("PUT", f"{RA}/{{board_id}}/rules"): Call({"complaint_days": 5}),
    ("POST", f"{C}/tai-ve/{{board_id}}"): Call({"kind": "results"}),
    ("POST", f"{CA}/results/{{board_id}}/exports"): Call({"kind": "results"}),
    ("POST", "/quan-ly/mau-van-ban"): Call(LETTERHEAD),
    ("PUT", "/api/v1/manage/letterhead"): Call(LETTERHEAD),
    ("POST", W): Call(WRITING),
    ("POST", WMA): Call(WRITING_JSON),
    ("POST", f"{WC}/quy-dinh"): Call({"formats": ["docx", "pdf"], "max_words": "2000"}),
    ("POST", f"{WC}/thang-diem"): Call({"criteria": "Nội dung | 60\nHình thức | 40"}),
    ("POST", f"{WC}/cap/{{level_id}}/giai"): Call({"tiers": "Giải A | 1\nGiải B | 2"}),
    ("POST", f"{WC}/giam-khao"): Call({"user_id": "1"}),
    ("PUT", f"{WMA}/{{competition_id}}/rules"): Call({"max_words": 2000}),
    ("PUT", f"{WMA}/{{competition_id}}/rubric"): Call([{"name": "Nội dung", "max_points": 100}]),
    ("PUT", f"{WMA}/{{competition_id}}/levels/{{level_id}}/prizes"): Call(
        [{"name": "Giải A", "count": 1}]),
    ("POST", f"{WMA}/{{competition_id}}/judges"): Call({"user_id": 1}),
    ("POST", f"{WR}/khoa-diem"): Call({"confirmed": "true"}),
    ("POST", f"{WR}/mo-khoa"): Call({"reason": "Giám khảo nhập nhầm điểm"}),
    ("POST", f"{WR}/rap-phach"): Call({"confirmed": "true"}),
    ("POST", f"{WR}/cham-thu"): Call({"codes": "MP-0001"}),
    ("POST", f"{WRA}/results/unlock"): Call({"reason": "Giám khảo nhập nhầm điểm"}),
    ("POST", f"{WRA}/calibration"): Call({"codes": ["MP-0001"]}),
    # unit_id, phone and full_name are filled in by `send`: an author per role.
    ("POST", f"{WV}/bai-viet/nop"): Call(ESSAY_FORM),
    ("POST", "/bai-viet/{essay_id}/phien-ban"): Call({"text": ESSAY_TEXT}),
    ("POST", "/bai-viet/{essay_id}/rut"): Call({"reason": "Tác giả xin rút"}),
    ("POST", f"{WT}/dang-ky"): Call(AUTHOR_FORM),
    ("POST", f"{WT}/dang-nhap"): Call({"phone": AUTHOR_PHONE, "password": AUTHOR_PASSWORD}),
    ("POST", f"{WT}/nop"): Call({"title": "Bài thứ hai", "text": ESSAY_TEXT}),
    ("POST", f"{WT}/bai/{{essay_id}}/phien-ban"): Call({"text": ESSAY_TEXT}),
    ("POST", f"{WT}/bai/{{essay_id}}/rut"): Call({"reason": "Tôi xin rút"}),
    ("POST", f"{WA}/{{competition_id}}/authors/signup"): Call(
        {**AUTHOR_FORM, "birth_year": 1985, "unit_id": None}),
    ("POST", f"{WA}/{{competition_id}}/authors/login"): Call(
        {"phone": AUTHOR_PHONE, "password": AUTHOR_PASSWORD}),
    ("POST", f"{WA}/{{competition_id}}/essays"): Call(ESSAY_FORM, form=True),
    ("POST", f"{WA}/essays/{{essay_id}}/versions"): Call({"text": ESSAY_TEXT}, form=True),
    ("POST", f"{WA}/essays/{{essay_id}}/withdraw"): Call({"reason": "Tác giả xin rút"}),
    ("POST", f"{WV}/nhan-bai-theo-lo"): Call(files=INTAKE_FILES),
    ("POST", f"{WA}/{{competition_id}}/intake-batches"): Call(files=INTAKE_FILES),
    ("POST", JP): Call({"criterion": ["1"], "points": ["5"]}),
    ("POST", f"{JA}/{{assignment_id}}/scores"): Call({"points": {"1": 5}}),
    ("POST", f"{JM}/phan-cong/{{assignment_id}}/doi"): Call({"judge_id": "1",
                                                           "reason": "Giám khảo bận"}),
    ("POST", f"{JMA}/assignments/{{assignment_id}}/reassign"): Call({"judge_id": 1,
                                                                    "reason": "Giám khảo bận"}),
    ("POST", f"{JM}/phan-cong/them"): Call({"code": "VB-AAAAA", "kind": "third",
                                            "judge_id": "1", "reason": "Hai điểm chênh"}),
    ("POST", f"{JMA}/assignments"): Call({"code": "VB-AAAAA", "kind": "third", "judge_id": 1,
                                          "reason": "Hai điểm chênh"}),
    ("GET", f"{FW}/{{unit_id}}"): Call(unit="Q1"),
    ("POST", f"{FW}/{{unit_id}}/diem"): Call({"essay_id": "1", "score": "87,5"}, unit="Q1"),
    ("POST", f"{FW}/{{unit_id}}/chon"): Call({"essay_id": "1"}, unit="Q1"),
    ("POST", f"{FW}/{{unit_id}}/ky"): Call({"confirmed": "true"}, unit="Q1"),
    ("POST", f"{FW}/{{unit_id}}/mo-lai"): Call({"reason": "Chọn nhầm bài"}, unit="Q1"),
    ("GET", f"{FWA}/{{unit_id}}"): Call(unit="Q1"),
    ("PUT", f"{FWA}/{{unit_id}}/scores"): Call({"scores": [{"essay_id": 1, "score": 87.5}]},
                                               unit="Q1"),
    ("PUT", f"{FWA}/{{unit_id}}/selection"): Call({"essay_ids": [1]}, unit="Q1"),
    ("POST", f"{FWA}/{{unit_id}}/sign"): Call({}, unit="Q1"),
    ("POST", f"{FWA}/{{unit_id}}/reopen"): Call({"reason": "Chọn nhầm bài"}, unit="Q1"),
    ("POST", KC): Call({"nguon": "movement_entry", "ma": "1", "hinh_thuc": "1",
                        "chon": "movement_entry:1"}),
    ("POST", KCA): Call({"source": "movement_entry", "ref": 1, "keys": ["movement_entry:1"],
                         "award_form_id": 1}),
    ("POST", "/quan-ly/phong-trao"): Call({"year": "2099", "title": "Dân vận khéo 2099",
                                           "opens": "2099-01-01T08:00",
                                           "closes": "2099-03-31T17:00"}),
    ("POST", f"{MV_MANAGE}/linh-vuc"): Call({"name": "Chuyển đổi số"}),
    ("POST", f"{MV}/xet-nhieu"): Call({"entry_id": "1", "to": "verified"}),
    ("POST", f"{MV}/dang-ky"): Call(ENTRY),
    ("POST", f"{ME}/buoc"): Call({"to": "verified"}),
    ("POST", f"{ME}/sua"): Call({**ENTRY, "title": "Mô hình số 1"}),
    ("POST", f"{MA}/years"): Call({"year": 2099, "title": "Dân vận khéo 2099",
                                   "opens_at": "2099-01-01T08:00:00",
                                   "closes_at": "2099-03-31T17:00:00"}),
    ("POST", f"{MA}/years/{{year_id}}/fields"): Call({"name": "Chuyển đổi số"}),
    ("POST", f"{MA}/years/{{year_id}}/entries"): Call(ENTRY),
    ("POST", f"{MA}/years/{{year_id}}/steps"): Call({"entry_ids": [1], "to": "verified"}),
    ("PUT", f"{MA}/entries/{{entry_id}}"): Call({**ENTRY, "title": "Mô hình số 1"}),
    ("POST", f"{MA}/entries/{{entry_id}}/steps"): Call({"to": "verified"}),
    ("POST", f"{MV}/nhap-excel"): Call(files=MOVEMENT_FILE),
    ("POST", f"{MA}/years/{{year_id}}/import"): Call(files=MOVEMENT_FILE),
    ("POST", EV): Call(files=EVIDENCE_FILE),
    ("POST", EVA): Call(files=EVIDENCE_FILE),
}


@dataclass
class World:
    """The data every route can be pointed at, and who signs in."""

    units: dict[str, Unit]
    ids: dict[str, int]


@pytest.fixture(scope="session")
def world_file(migrated_url, postgres_tables, tmp_path_factory) -> tuple:
    """The world built once (building it took about half of each test's time), and its ids:
    on SQLite a copy of the migrated template that each test's database then copies; on
    PostgreSQL a snapshot of its rows that each test's database is filled with."""
    if postgres_tables is not None:
        settings = make_settings(migrated_url, tmp_path_factory.mktemp("world"))
        database = Database(settings)
        try:
            with database.scope() as session:
                ids = build_world(session, settings, database)
        finally:
            database.dispose()
        snapshot = postgres_tables.snapshot()
        postgres_tables.empty()
        return snapshot, ids
    path = tmp_path_factory.mktemp("world") / "world.sqlite3"
    shutil.copy(migrated_url.removeprefix("sqlite:///"), path)
    settings = make_settings(f"sqlite:///{path}", path.parent)
    database = Database(settings)
    try:
        with database.scope() as session:
            ids = build_world(session, settings, database)
    finally:
        database.dispose()
    return str(path), ids


@pytest.fixture
def database_url(database_url, postgres_tables, world_file):
    """This test's database: the world's (built once), not an empty one."""
    if postgres_tables is not None:
        postgres_tables.restore(world_file[0])
    else:
        shutil.copy(world_file[0], database_url.removeprefix("sqlite:///"))
    return database_url


@pytest.fixture
def world(session, database_url, world_file) -> World:
    """The world of build_world, put in by `database_url` from the one built for the session."""
    units = {u.code: u for u in session.exec(select(Unit))}
    session.commit()  # end the read: on SQLite this session holds the write lock until then
    return World(units=units, ids=world_file[1])


def build_world(session, settings, database) -> dict[str, int]:
    """The small tree (Bến Thành retired), one account per role and one to lock, a published
    contest with four questions and an open round, and a contestant in Bến Nghé and one in
    Võ Thị Sáu (Quận 3); the writing competition of writing_world. The ids routes name."""
    units = small_tree(session)
    session.commit()
    make_user(session, settings, role=Role.ORGANISER, username="bantochuc")
    make_user(session, settings, role=Role.UNIT_OFFICER, username="canbo.q1", unit=units["Q1"])
    make_user(session, settings, role=Role.JUDGE, username="giamkhao")
    target = make_user(session, settings, role=Role.JUDGE, username="nguoi.bi.khoa")
    units_service.retire_unit(session=session, unit=units["Q1-BT"], actor_id=None,
                              now=target.created_at)
    contest = make_contest(session)
    questions = add_questions(session, contest, 4)
    stage = make_round(session, contest, question_count=2)
    register_contestant(session, database, contest, units["Q1-BN"])
    register_contestant(session, database, contest, units["Q3-VTS"], phone="0913333333",
                        name="Võ Văn Ba")
    board = results.boards_of(session=session, contest_id=contest.id)[0]
    writing_ids = writing_world(session, settings, units)
    movement_ids = movement_world(session, units)
    movement_ids |= evidence_world(session, settings, movement_ids["entry_id"])
    return {"user_id": target.id, "contest_id": contest.id, "question_id": questions[0].id,
            "round_id": stage.id, "attempt_id": 1, "board_id": board.id, "ruling_id": 1,
            "export_id": 1, "figure_id": 1, "contestant_id": 1, "batch_id": 1, **writing_ids,
            **movement_ids}


def writing_world(session, settings, units) -> dict[str, int]:
    """A writing competition open for submissions; the author (AUTHOR, with an account) has
    a .docx essay from Bến Nghé (essay 1), and an author from Võ Thị Sáu another (essay 2)."""
    competition, levels = make_writing_competition(session)
    session.commit()
    author = essay_accounts.sign_up_author(
        session=session, competition_id=competition.id, details=AuthorDetails(
            full_name="Nguyễn Thị Hoa", birth_year=1985, gender=Gender.FEMALE, position="",
            unit_id=units["Q1-BN"].id, phone=AUTHOR_PHONE),
        password=AUTHOR_PASSWORD, passwords=contestant_passwords(settings), now=utcnow())
    for author_details, data in (
            (details_of(author), docx_bytes()),
            (AuthorDetails(full_name="Võ Văn Ba", birth_year=1980, gender=Gender.MALE,
                           position="", unit_id=units["Q3-VTS"].id, phone="0913333333"),
             docx_bytes("Bài của Quận 3."))):
        upload = inspect_upload(io.BytesIO(data), filename="bai.docx", limits=Limits())
        essays.submit_essay(session=session, settings=settings, competition_id=competition.id,
                            author=author_details, title="Dân vận khéo", upload=upload,
                            filename="bai.docx", actor=None, now=utcnow())
    # The city level takes forwarding now too, so that units can forward essay 1.
    levels[-1].opens_at = utcnow() - timedelta(hours=1)
    session.add(levels[-1])
    session.commit()
    return {"competition_id": competition.id, "essay_id": 1, "number": 1,
            "level_id": levels[-1].id, "judge_id": 1,
            "assignment_id": 1}


def movement_world(session, units) -> dict[str, int]:
    """A movement year taking registrations, an entry of Bến Nghé (Quận 1); Quận 1's draft
    proposal with one nominee, and a submitted one whose nominee decision 1 awarded."""
    now = utcnow()
    period = movement.create_year(session=session, year=now.year, title="Dân vận khéo",
                                  opens_at=now - timedelta(days=1),
                                  closes_at=now + timedelta(days=30))
    entry = movement.register_entry(
        session=session, year_id=period.id, now=now, actor=None, data=movement.EntryData(
            unit_id=units["Q1-BN"].id, kind="mo_hinh", title="Mô hình số 1", field="Kinh tế"))
    forms = commendations.ensure_default_forms(session=session)
    ids = {}
    for name in ("draft", "submitted"):
        proposal = commendations.create_proposal(session=session, year=now.year, title=name,
                                                 unit_id=units["Q1"].id, actor=None, now=now)
        [nominee] = commendations.add_nominees(
            session=session, proposal_id=proposal.id, actor=None, now=now,
            nominees=[commendations.NomineeData(
                kind="collective", name=f"Tổ dân phố {name}", unit_id=units["Q1-BN"].id,
                achievement="Dân vận khéo", award_form_id=forms[1].id)])
        ids[name] = (proposal.id, nominee.id)
    commendations.submit_proposal(session=session, proposal_id=ids["submitted"][0],
                                  actor=None, now=now)
    decision = commendations.issue_decision(
        session=session, nominee_ids=[ids["submitted"][1]], actor=None, now=now,
        data=commendations.DecisionData(number="1", signed_date=now.date(), title="Khen thưởng",
                                        signer_name="Nguyễn Văn A", signer_title="TRƯỞNG BAN"))
    return {"year_id": period.id, "entry_id": entry.id, "proposal_id": ids["draft"][0],
            "nominee_id": ids["draft"][1], "decision_id": decision.id, "form_id": forms[0].id}


def evidence_world(session, settings, entry_id: int) -> dict[str, int]:
    """A PDF attached to the world's movement entry as evidence."""
    upload = inspect_upload(io.BytesIO(pdf_bytes()), filename="minh-chung.pdf", limits=Limits())
    item = movement_evidence.attach_evidence(session=session, settings=settings,
                                             entry_id=entry_id, upload=upload,
                                             filename="minh-chung.pdf", actor=None, now=utcnow())
    return {"evidence_id": item.id}


def app_routes(app) -> set[tuple[str, str]]:
    """Every (method, path) the app answers, framework pages and static files aside."""
    found = set()
    for route in iter_route_contexts(app.routes):
        if isinstance(route.original_route, Mount) or route.path in PUBLIC_FRAMEWORK:
            continue
        found |= {(method, route.path) for method in route.methods - {"HEAD"}}
    return found


def browser(client: TestClient, role: str) -> TestClient:
    """The role's browser: signed in through the form (or not at all), holding a CSRF token."""
    if role != ANONYMOUS:
        assert sign_in(client, USERNAMES[role]).status_code == 303
    client.csrf = csrf_of(client, "/dang-nhap")
    return client


def author_browser(client: TestClient, world: World) -> TestClient:
    """The author's browser, signed in through the authors' form of the competition."""
    login = f"/cuoc-thi-viet/{world.ids['competition_id']}/tac-gia/dang-nhap"
    answer = client.post(login, data={"phone": AUTHOR_PHONE, "password": AUTHOR_PASSWORD,
                                      "csrf_token": csrf_of(client, login)},
                         follow_redirects=False)
    assert answer.status_code == 303, answer.text
    client.csrf = csrf_of(client, login)
    return client


def author_token(client: TestClient, world: World) -> dict:
    answer = client.post(f"/api/v1/writing/{world.ids['competition_id']}/authors/login",
                         json={"phone": AUTHOR_PHONE, "password": AUTHOR_PASSWORD})
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['token']}"}


def send(client: TestClient, role: str, method: str, template: str, world: World, *,
         unit: str | None = None):
    """The request a role's browser (pages) or API client makes to the route."""
    call = CALLS.get((method, template), Call())
    path = template.format(**{**world.ids, "unit_id": world.units[unit or call.unit].id})
    body = call.body if isinstance(call.body, list) else dict(call.body or {})
    if "unit_id" in body:  # someone of Phường Bến Nghé
        body["unit_id"] = world.units["Q1-BN"].id
    if "phone" in body and "unit_id" in body:  # a contestant registering: a person per role
        body["phone"] += str((*ROLES, AUTHOR).index(role))
        body["full_name"] = REGISTRANTS[role]
    if call.form and "unit_id" in body:
        body["unit_id"] = str(body["unit_id"])
    if path.startswith("/api/"):
        headers = api_token(client, USERNAMES[role]) if role not in (ANONYMOUS, AUTHOR) else {}
        if role == AUTHOR:
            headers = author_token(client, world)
        json = body if call.body is not None and not call.form else None
        return client.request(method, path, json=json, files=call.files, headers=headers,
                              data=body if call.form else None, follow_redirects=False)
    page = author_browser(client, world) if role == AUTHOR else browser(client, role)
    data = {**body, "csrf_token": page.csrf} if method != "GET" else None
    return page.request(method, path, data=data, files=call.files, follow_redirects=False)


def verdict(response, expected):
    """`expected` when the response is what the table promises, else what came instead."""
    path, method = response.request.url.path, response.request.method
    if response.status_code == 403 and "không có quyền" not in response.text:
        return f"403 without the Vietnamese reason: {response.text[:200]}"
    if response.status_code == 401 and "Bạn cần đăng nhập" not in response.json()["detail"]:
        return f"401 without the Vietnamese reason: {response.text[:200]}"
    if expected == SIGN_IN:
        contestant = path.startswith("/thi/")
        back = f"?next={path}" if method == "GET" or contestant else ""
        login = "/thi-sinh/dang-nhap" if contestant else "/dang-nhap"
        if re.match(r"/cuoc-thi-viet/\d+/tac-gia", path):  # an essay author's own pages
            login = path[:path.index("/tac-gia")] + "/tac-gia/dang-nhap"
        if response.status_code == 303 and response.headers["location"] == f"{login}{back}":
            return SIGN_IN
    elif expected == ALLOWED:
        location = response.headers.get("location", "")
        if response.status_code not in (401, 403) and response.status_code < 500 and (
                "dang-nhap" not in location):
            return ALLOWED
    elif response.status_code == expected:
        return expected
    return f"{response.status_code} {response.headers.get('location', '')} {response.text[:200]}"


def test_every_route_is_classified(app):
    routes = app_routes(app)

    unclassified = sorted(routes - TABLE.keys())
    stale = sorted(TABLE.keys() - routes)

    assert not unclassified, "Add these routes to TABLE with what each role gets:\n" + "\n".join(
        f"{method} {path}" for method, path in unclassified)
    assert not stale, "These rows of TABLE name routes the app no longer has:\n" + "\n".join(
        f"{method} {path}" for method, path in stale)


@pytest.mark.parametrize("path", sorted(PUBLIC_FRAMEWORK))
def test_api_documentation_is_public(client, path):
    response = client.get(path)

    assert response.status_code == 200
    assert "Thi Đua API" in response.text


@pytest.mark.parametrize(("method", "path"), sorted(TABLE))
def test_each_role_gets_what_the_table_says(app, world, method, path):
    expected = dict(zip(ROLES, TABLE[(method, path)], strict=True))

    # Each role in a browser of its own, the least trusted first: whatever a refused request
    # changed would also show in the answers that follow.
    got = {}
    for role in (ANONYMOUS, JUDGE, OFFICER, ORGANISER):
        response = send(TestClient(app), role, method, path, world)
        got[role] = verdict(response, expected[role])

    assert got == expected


@pytest.mark.parametrize(("method", "path"), sorted(TABLE))
def test_an_essay_author_gets_what_the_table_says(app, world, method, path):
    expected = AUTHOR_TABLE.get((method, path), TABLE[(method, path)][0])

    response = send(TestClient(app), AUTHOR, method, path, world)

    assert verdict(response, expected) == expected


@pytest.mark.parametrize(("method", "path"), sorted(
    route for route in AUTHOR_TABLE if "{essay_id}" in route[1]))
def test_an_essay_author_cannot_reach_someone_elses_essay(app, world, method, path):
    other = World(units=world.units, ids={**world.ids, "essay_id": 2})

    response = send(TestClient(app), AUTHOR, method, path, other)

    assert response.status_code == 403
    assert "không có quyền" in response.text
    assert "Võ Văn Ba" not in response.text


UNIT_ROUTES = sorted(route for route in TABLE if "{unit_id}" in route[1])


def stored_unit(database, code: str) -> tuple:
    with database.scope(write=False) as fresh:
        unit = fresh.exec(select(Unit).where(Unit.code == code)).one()
        return unit.name, unit.kind, unit.headcount, unit.is_active


@pytest.mark.parametrize(("method", "path"), UNIT_ROUTES)
def test_unit_officer_cannot_reach_another_districts_unit(client, world, database, method,
                                                          path):
    before = stored_unit(database, "Q3-VTS")

    response = send(client, OFFICER, method, path, world, unit="Q3-VTS")

    assert response.status_code in (403, 404), response.text[:300]
    assert ("nằm ngoài phạm vi của bạn" in response.text
            or "không có quyền" in response.text), response.text[:300]
    assert "Võ Thị Sáu" not in response.text
    assert stored_unit(database, "Q3-VTS") == before


OTHER_DISTRICTS = ("Quận 3", "Võ Thị Sáu", "Thủ Đức", "Thành Đoàn")


@pytest.mark.parametrize("path", ["/don-vi", "/api/v1/units", "/api/v1/units/tree"])
def test_unit_officer_lists_only_their_subtree(client, world, path):
    response = send(client, OFFICER, "GET", path, world)

    assert response.status_code == 200
    assert "Phường Bến Nghé" in response.text
    assert [name for name in OTHER_DISTRICTS if name in response.text] == []


@pytest.mark.parametrize("path", ["/don-vi?q=vo thi sau", "/api/v1/units?q=vo thi sau"])
def test_unit_officer_searching_another_district_finds_nothing(client, world, path):
    response = send(client, OFFICER, "GET", path, world)

    assert response.status_code == 200
    assert "Võ Thị Sáu" not in response.text


@pytest.mark.parametrize("path", ["/don-vi/xuat", "/api/v1/units/export"])
def test_unit_officer_exports_only_their_subtree(client, world, path):
    response = send(client, OFFICER, "GET", path, world)

    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    codes = {row[0] for row in sheet.iter_rows(values_only=True)}
    assert {"Q1", "Q1-BN"} <= codes
    assert not codes & {"Q3", "Q3-VTS", "TD", "TDOAN"}


@pytest.mark.parametrize("path", [f"{C}/theo-doi", f"{CA}/monitor"])
def test_unit_officer_monitors_a_contest_only_in_their_subtree(app, world, path):
    organiser = send(TestClient(app), ORGANISER, "GET", path, world)

    officer = send(TestClient(app), OFFICER, "GET", path, world)

    assert "Quận 3" in organiser.text
    assert officer.status_code == 200
    assert "Phường Bến Nghé" in officer.text
    assert [name for name in OTHER_DISTRICTS if name in officer.text] == []


@pytest.mark.parametrize("path", [f"{C}/thi-sinh", f"{CA}/contestants",
                                  f"{C}/thi-sinh?q=vo van ba", f"{CA}/contestants?q=vo van ba"])
def test_unit_officer_sees_contestants_only_in_their_subtree(app, world, path):
    organiser = send(TestClient(app), ORGANISER, "GET", path.split("?")[0], world)

    officer = send(TestClient(app), OFFICER, "GET", path, world)

    assert "Võ Văn Ba" in organiser.text
    assert officer.status_code == 200
    assert "Võ Văn Ba" not in officer.text
    assert [name for name in OTHER_DISTRICTS if name in officer.text] == []
    if "?q=" not in path:
        assert "Phường Bến Nghé" in officer.text


HREF = re.compile(r'href="(/[^"#?]*)[^"]*"')


@pytest.mark.parametrize("role", ROLES)
def test_every_link_on_a_roles_home_page_opens_for_that_role(app, world, role):
    client = browser(TestClient(app), role)
    links = sorted({link for link in HREF.findall(client.get("/").text)
                    if not link.startswith("/static/")})

    refused = {link: client.get(link, follow_redirects=False).status_code for link in links}

    assert links
    assert {link: status for link, status in refused.items() if status != 200} == {}
