"""The commendation lists as downloads from the pages: the same handlers as the API's, at the
pages' addresses (a refusal is then shown as a page)."""

from fastapi import APIRouter

from backend.commendations import list_api

router = APIRouter(include_in_schema=False)
router.add_api_route("/khen-thuong/quyet-dinh/{decision_id}/danh-sach.xlsx",
                     list_api.decision_list, methods=["GET"])
router.add_api_route("/khen-thuong/de-nghi/{proposal_id}/danh-sach.xlsx",
                     list_api.proposal_list, methods=["GET"])
