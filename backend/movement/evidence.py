"""Evidence attached to a movement entry: files inspected by content before they arrive here
(backend.uploads, with pictures allowed), stored once by their hash (backend.blobs), at most
MAX_FILES an entry. Whoever may register entries for the entry's unit attaches and removes
them; whoever may see the entry downloads them."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from backend.accounts.models import UserAccount
from backend.audit import service as audit
from backend.blobs.service import put_blob, read_blob
from backend.config import Settings
from backend.db import is_unique_violation
from backend.errors import Conflict, Forbidden, NotFound
from backend.movement import service
from backend.movement.models import EntryEvidence, MovementEntry
from backend.policy import Permission, has_permission
from backend.uploads import Inspected
from backend.uploads.names import stored_name

MAX_FILES = 20
MEDIA_TYPES = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
               "odt": "application/vnd.oasis.opendocument.text", "pdf": "application/pdf",
               "jpg": "image/jpeg", "png": "image/png"}


@dataclass(frozen=True)
class EvidenceFile:
    content: bytes
    filename: str
    media_type: str


def _registrar_entry(session: Session, entry_id: int,
                     actor: UserAccount | None) -> MovementEntry:
    """The entry, when the actor may register entries for its unit (404 outside its reach)."""
    entry = service.get_entry(session=session, entry_id=entry_id, actor=actor)
    if actor is not None and not has_permission(actor, Permission.REGISTER_ENTRIES):
        raise Forbidden("Tài khoản của bạn không có quyền thực hiện việc này.")
    return entry


def attach_evidence(*, session: Session, settings: Settings, entry_id: int, upload: Inspected,
                    filename: str, actor: UserAccount | None, now: datetime) -> EntryEvidence:
    """Attach an inspected file to the entry as evidence: at most MAX_FILES, each file once."""
    entry = _registrar_entry(session, entry_id, actor)
    session.refresh(entry, with_for_update=True)  # two uploads at once count one after another
    count = session.scalar(select(func.count()).select_from(EntryEvidence)
                           .where(EntryEvidence.entry_id == entry.id))
    if count >= MAX_FILES:
        raise Conflict(f"“{entry.title}” đã có {MAX_FILES} tệp minh chứng, tối đa cho một mô "
                       "hình, giải pháp. Hãy gỡ bớt tệp không cần thiết (hoặc gộp nhiều ảnh vào "
                       "một tệp PDF) rồi tải lên lại.", code="too_many_files")
    # Checked before anything is written: a rollback would expire the request's objects.
    if session.scalar(select(EntryEvidence.id).where(EntryEvidence.entry_id == entry.id,
                                                     EntryEvidence.sha256 == upload.sha256)):
        raise _duplicate(entry)
    put_blob(session=session, content=upload.content, sha256=upload.sha256, size=upload.size,
             settings=settings)
    evidence = EntryEvidence(entry_id=entry.id, sha256=upload.sha256, size=upload.size,
                             filename=stored_name(filename, fallback=f"minh-chung.{upload.kind}"),
                             content_type=MEDIA_TYPES[upload.kind],
                             uploaded_by=actor.id if actor else None, uploaded_at=now)
    session.add(evidence)
    try:
        session.flush()
    except IntegrityError as error:
        session.rollback()
        if is_unique_violation(error):  # the same file, sent twice at once
            raise _duplicate(entry) from None
        raise
    audit.record(session=session, actor_id=evidence.uploaded_by, action="movement.evidence.add",
                 target=f"movement_entry:{entry.id}",
                 details={"evidence_id": evidence.id, "filename": evidence.filename}, now=now)
    session.commit()
    return evidence


def _duplicate(entry: MovementEntry) -> Conflict:
    return Conflict(f"Tệp này đã được đính kèm vào “{entry.title}” rồi.",
                    code="duplicate_evidence")


def remove_evidence(*, session: Session, entry_id: int, evidence_id: int,
                    actor: UserAccount | None, now: datetime) -> None:
    """Take a file off the entry's evidence."""
    _registrar_entry(session, entry_id, actor)
    evidence = _evidence(session, entry_id, evidence_id)
    session.delete(evidence)
    audit.record(session=session, actor_id=actor.id if actor else None,
                 action="movement.evidence.remove", target=f"movement_entry:{entry_id}",
                 details={"evidence_id": evidence_id, "filename": evidence.filename}, now=now)
    session.commit()


def evidence_of(*, session: Session, entry_id: int,
                actor: UserAccount | None) -> list[EntryEvidence]:
    """The entry's evidence files, oldest first, for someone who may see the entry."""
    service.get_entry(session=session, entry_id=entry_id, actor=actor)
    found = list(session.scalars(select(EntryEvidence).where(EntryEvidence.entry_id == entry_id)
                                 .order_by(EntryEvidence.id)))
    session.commit()
    return found


def evidence_file(*, session: Session, settings: Settings, entry_id: int, evidence_id: int,
                  actor: UserAccount | None) -> EvidenceFile:
    """One evidence file's bytes, for someone who may see the entry."""
    service.get_entry(session=session, entry_id=entry_id, actor=actor)
    evidence = _evidence(session, entry_id, evidence_id)
    content = read_blob(session=session, sha256=evidence.sha256, settings=settings)
    session.commit()
    return EvidenceFile(content=content, filename=evidence.filename,
                        media_type=evidence.content_type)


def _evidence(session: Session, entry_id: int, evidence_id: int) -> EntryEvidence:
    evidence = session.get(EntryEvidence, evidence_id)
    if evidence is None or evidence.entry_id != entry_id:
        raise NotFound("Không tìm thấy tệp minh chứng này.")
    return evidence
