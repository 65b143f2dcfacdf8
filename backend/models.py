"""Imports every feature's tables, so that the metadata Alembic and tests see is complete."""

from backend.accounts.models import AuthSession, UserAccount
from backend.attempts.models import Attempt, AttemptEvent
from backend.audit.models import AuditEntry
from backend.blobs.models import StoredBlob
from backend.commendations.models import AwardForm, Decision, Nominee, Proposal
from backend.contestants.models import Contestant
from backend.contests.models import Contest, ContestScope, ContestUnit, Round, RoundQuota
from backend.downloads.models import ExportChunk, ExportFile
from backend.essays.models import Essay, EssayAuthor, EssayVersion, IntakeBatch, IntakeRow
from backend.flags.models import FlagRules, PrizeExclusion
from backend.forwarding.models import ForwardBatch, ForwardedEssay
from backend.judging.models import Assignment, BlindCode, EssayResult, ScoreRecord
from backend.leases import JobLease
from backend.letterhead.models import Letterhead
from backend.movement.models import (
    EntryEvidence,
    EntryStep,
    MovementEntry,
    MovementField,
    MovementYear,
)
from backend.questions.models import Question, QuestionOption
from backend.ratelimit import RateLimitCounter
from backend.results.models import QuestionRuling, ResultBoard, ResultChange, ResultEntry
from backend.tallies.models import CollectiveRules, ReportedFigure
from backend.units.models import Block, Cluster, Unit
from backend.writing.models import (
    PrizeTier,
    RubricCriterion,
    WritingCollectiveRules,
    WritingCompetition,
    WritingJudge,
    WritingLevel,
    WritingReportedFigure,
)

__all__ = [
    "Assignment",
    "Attempt",
    "AttemptEvent",
    "AuditEntry",
    "AuthSession",
    "AwardForm",
    "BlindCode",
    "Block",
    "Cluster",
    "CollectiveRules",
    "Contest",
    "ContestScope",
    "ContestUnit",
    "Contestant",
    "Decision",
    "EntryEvidence",
    "EntryStep",
    "Essay",
    "EssayAuthor",
    "EssayResult",
    "EssayVersion",
    "ExportChunk",
    "ExportFile",
    "FlagRules",
    "ForwardBatch",
    "ForwardedEssay",
    "IntakeBatch",
    "IntakeRow",
    "JobLease",
    "Letterhead",
    "MovementEntry",
    "MovementField",
    "MovementYear",
    "Nominee",
    "PrizeExclusion",
    "PrizeTier",
    "Proposal",
    "Question",
    "QuestionOption",
    "QuestionRuling",
    "RateLimitCounter",
    "ReportedFigure",
    "ResultBoard",
    "ResultChange",
    "ResultEntry",
    "Round",
    "RoundQuota",
    "RubricCriterion",
    "ScoreRecord",
    "StoredBlob",
    "Unit",
    "UserAccount",
    "WritingCollectiveRules",
    "WritingCompetition",
    "WritingJudge",
    "WritingLevel",
    "WritingReportedFigure",
]
