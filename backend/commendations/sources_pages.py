"""The page picking nominees from the platform's records into a proposal: without a source,
the contests, writing competitions and movement years to choose from; with one, its candidates
(those already proposed or awarded with the form shown, not selectable) to tick and add."""

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request

from backend.commendations import service, sources
from backend.commendations.sources_deps import Proposer, ReachableProposal
from backend.deps import INT_MAX, Now, ReadSessionDep, SessionDep
from backend.errors import DomainError
from backend.web import redirect, render

router = APIRouter(prefix="/khen-thuong/de-nghi/{proposal_id}/chon", include_in_schema=False)
Ref = Annotated[int | None, Query(ge=1, le=INT_MAX)]
FormRef = Annotated[int | None, Form(ge=1, le=INT_MAX)]
Keys = Annotated[list[Annotated[str, Form(max_length=400)]], Form(max_length=sources.MAX_KEYS)]


def _page(request, session, proposal, user, nguon, ma, hinh_thuc, *, status_code=200,
          error="", chosen=()):
    forms = service.award_forms(session=session)
    form_id = hinh_thuc or (forms[0].id if forms else None)
    context = {"proposal": proposal, "forms": forms, "form_id": form_id, "error": error,
               "chosen": set(chosen), "nguon": nguon or "", "ma": ma, "found": None,
               "base": f"/khen-thuong/de-nghi/{proposal.id}"}
    if nguon or ma:
        try:
            context["found"] = sources.candidates(
                session=session, source=nguon or "", ref=ma or 0, actor=user,
                award_form_id=form_id, proposal_id=proposal.id)
            context["source"] = sources.source_of(nguon)
        except DomainError as refused:
            context["error"], status_code = refused.message, refused.status_code
    else:
        context["choices"] = [(s, sources.REF_LABELS[s], sources.refs_of(session=session,
                                                                         source=s))
                              for s in sources.SOURCES]
    return render(request, "commendations/choose.html", context, status_code=status_code)


@router.get("")
def choose_page(request: Request, proposal: ReachableProposal, user: Proposer,
                session: SessionDep, nguon: Annotated[str, Query(max_length=40)] = "",
                ma: Ref = None, hinh_thuc: Ref = None):
    return _page(request, session, proposal, user, nguon, ma, hinh_thuc)


@router.post("")
def nominate(request: Request, proposal: ReachableProposal, user: Proposer,
             read: ReadSessionDep, session: SessionDep, now: Now,
             nguon: Annotated[str, Form(max_length=40)] = "", ma: FormRef = None,
             hinh_thuc: FormRef = None, chon: Keys = ()):
    try:
        added = sources.nominate(session=session, proposal_id=proposal.id, source=nguon,
                                 ref=ma or 0, keys=chon, award_form_id=hinh_thuc or 0,
                                 actor=user, now=now)
    except DomainError as refused:
        session.rollback()
        return _page(request, read, proposal, user, nguon, ma, hinh_thuc, chosen=chon,
                     status_code=refused.status_code, error=refused.message)
    return redirect(f"/khen-thuong/de-nghi/{proposal.id}?da_them={len(added)}", request)
