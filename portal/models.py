"""Import every feature's models so the metadata (and Alembic) sees all tables."""
from .profile.models import Board, District, Topic  # noqa: F401
from .eid.models import Person  # noqa: F401
from .accounts.models import User, UserRole  # noqa: F401
from .proposals.models import Proposal, ProposalEvent, Support  # noqa: F401
from .outbox.models import OutboxEntry  # noqa: F401
from .handling.models import Assignment, Case, CaseCounter, CaseEvent, CaseNote, MailPreference, RoutingCorrection, RoutingDecision, RoutingHistoryImport, RoutingHistoryItem  # noqa: F401,E501
import portal.audit.models, portal.admin.models, portal.moderation.models, portal.privacy.models  # noqa: F401,E401  (trust: issue 8)
from .search.models import SearchChange, SearchDocument, SearchFacet, SearchState  # noqa: F401
from .dialogues.models import Contribution, Dialogue, Follower, Meeting, Question, Signup  # noqa: F401
from .guidance.models import GlossaryTerm, GuideSection, GuideSectionVersion  # noqa: F401
from .api.models import ApiToken  # noqa: F401
from .comments.models import Comment  # noqa: F401
from .attachments.models import Attachment  # noqa: F401
