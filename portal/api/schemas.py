"""Marshmallow schemas: the query parameters each endpoint accepts and the shape of what it answers."""
from __future__ import annotations

import re

from marshmallow import RAISE, Schema, ValidationError, fields, validate

from ..dialogues.models import DialogueState, Level
from ..proposals.models import PUBLIC_STATES
from ..search.interface import FACETS, MAX_PAGE, MAX_PER_PAGE, SORTS

SLUG = [validate.Length(min=1, max=60), validate.Regexp(r"^[a-z0-9][a-z0-9_-]*$")]
NO_NUL = validate.Regexp(r"^[^\x00]*$")  # PostgreSQL text cannot hold NUL
_UNSTORABLE = re.compile(r"[\x00\ud800-\udfff]")


def STORABLE(value: str) -> None:  # noqa: N802 - used like the validator constants above
    """Text the database can store: no NUL (PostgreSQL) and no lone surrogate (not UTF-8)."""
    if _UNSTORABLE.search(value):
        raise ValidationError("Use text without NUL characters or lone surrogates.")


class Query(Schema):
    """Query parameters: unknown ones are refused, not ignored."""

    class Meta:
        unknown = RAISE


class Paged(Query):
    page = fields.Integer(load_default=1, validate=validate.Range(1, MAX_PAGE))
    per_page = fields.Integer(load_default=20, validate=validate.Range(1, MAX_PER_PAGE))


class ProposalQuery(Paged):
    cursor = fields.String(validate=validate.Regexp(r"^-?\d{1,20}\.\d{1,12}$"), metadata={
        "description": "Where the next page starts: `next_cursor` of the previous page (with `page` one "
                       "higher, as in its `next` link). Any page read this way costs the same however "
                       "deep it is; `page` alone also works."})
    status = fields.String(validate=validate.OneOf(sorted(s.value for s in PUBLIC_STATES)))
    board = fields.String(validate=SLUG)
    district = fields.String(validate=SLUG)
    topic = fields.String(validate=SLUG)
    published_from = fields.Date()
    published_to = fields.Date()  # an empty period (from after to) gives an empty list, not an error


class DecisionQuery(Paged):
    board = fields.String(validate=SLUG)
    outcome = fields.String(validate=validate.OneOf(["granted", "partly_granted", "rejected", "answered"]))


class DialogueQuery(Paged):
    status = fields.String(validate=validate.OneOf([s.value for s in DialogueState]))
    level = fields.String(validate=validate.OneOf([lv.value for lv in Level]))
    district = fields.String(validate=SLUG)
    board = fields.String(validate=SLUG)


# The search page's parameters; `portal.search.queries.parse_args` validates them.
SearchQuery = Query.from_dict({
    "q": fields.String(validate=validate.Length(max=200)),
    "sort": fields.String(validate=validate.OneOf(SORTS)),
    "page": fields.Integer(validate=validate.Range(1, MAX_PAGE)),
    "per_page": fields.Integer(validate=validate.Range(1, MAX_PER_PAGE)),
    **{facet: fields.List(fields.String(validate=[validate.Length(max=80), NO_NUL]), validate=validate.Length(max=20))
       for facet in FACETS if facet != "year"},
    "year": fields.List(fields.Integer(validate=validate.Range(1900, 2999)), validate=validate.Length(max=20)),
}, name="SearchQuery")


class Empty(Query):
    pass


class SupportQuery(Query):
    show = fields.String(validate=validate.OneOf(["count", "name", "alias"]), load_default="count",
                         metadata={"description": "Whether the supporter's name (or an alias) appears in the "
                                                  "public list of supporters, or only in the count"})
    alias = fields.String(validate=validate.Length(min=1, max=60), load_default=None)


# -- responses --

class Problem(Schema):
    type = fields.String(required=True)
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String()
    invalid_params = fields.List(fields.Dict(), data_key="invalid-params")


class Board(Schema):
    slug = fields.String(required=True)
    names = fields.Dict(keys=fields.String(), values=fields.String(), required=True)


class District(Schema):
    slug = fields.String(required=True)
    name = fields.String(required=True)


class Topic(Schema):
    slug = fields.String(required=True)
    names = fields.Dict(keys=fields.String(), values=fields.String(), required=True)


class Author(Schema):
    public_name = fields.String(required=True)


class Comment(Schema):
    id = fields.Integer(required=True)
    parent_id = fields.Integer(allow_none=True)
    body = fields.String(required=True)
    author = fields.Nested(Author, required=True)
    board = fields.Nested(Board, allow_none=True)
    created_at = fields.DateTime(required=True)
    edited_at = fields.DateTime(allow_none=True)


class Proposal(Schema):
    id = fields.Integer(required=True)
    state = fields.String(required=True)
    hidden = fields.Boolean(required=True)
    hidden_reason_text = fields.String(allow_none=True)
    title = fields.String()
    summary = fields.String()
    body_html = fields.String()
    outcome = fields.String(allow_none=True)
    published_at = fields.DateTime(allow_none=True)
    ends_at = fields.DateTime(allow_none=True)
    support_count = fields.Integer()
    verified_support_count = fields.Integer(metadata={"description": "Supports verified by e-legitimation "
                                                                     "(one per person)"})
    support_threshold = fields.Integer(allow_none=True)
    author = fields.Nested(Author)
    district = fields.Nested(District, allow_none=True)
    topics = fields.List(fields.Nested(Topic))
    url = fields.String()
    comment_count = fields.Integer()
    newest_comments = fields.List(fields.Nested(Comment))


class BoardState(Schema):
    board = fields.Nested(Board, required=True)
    role = fields.String(required=True)
    state = fields.String(required=True)
    reason = fields.Dict(required=True)


class Statement(Schema):
    board = fields.Nested(Board, required=True)
    meeting_date = fields.Date(allow_none=True)
    minute_ref = fields.String(allow_none=True)
    points = fields.Dict(keys=fields.String(), values=fields.List(fields.String()), required=True)


class Decision(Schema):
    outcome = fields.String(allow_none=True)
    reasoning_html = fields.String()
    summary_html = fields.String()
    minute_ref = fields.String(allow_none=True)
    meeting_date = fields.Date(allow_none=True)
    decided_at = fields.DateTime(allow_none=True)


class FollowUpUpdate(Schema):
    status = fields.String(required=True)
    body_html = fields.String(required=True)
    due_on = fields.Date(allow_none=True)
    reason = fields.String(allow_none=True)
    published_at = fields.DateTime(required=True)


class FollowUp(Schema):
    state = fields.String(required=True)
    updates = fields.List(fields.Nested(FollowUpUpdate), required=True)


class Handling(Schema):
    reference = fields.String(allow_none=True)
    state = fields.String(required=True)
    joint = fields.Boolean(required=True)
    boards = fields.List(fields.Nested(BoardState), required=True)
    statements = fields.List(fields.Nested(Statement), required=True)
    decision = fields.Nested(Decision, allow_none=True)
    follow_up = fields.Nested(FollowUp, allow_none=True)


class ProposalDetail(Proposal):
    handling = fields.Nested(Handling, allow_none=True)


class DecisionItem(Schema):
    proposal = fields.Nested(Proposal, required=True)
    reference = fields.String(allow_none=True)
    boards = fields.List(fields.Nested(Board), required=True)
    decision = fields.Nested(Decision, required=True)


class Meeting(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    place = fields.String(required=True)
    starts_at = fields.DateTime(required=True)
    ends_at = fields.DateTime(required=True)
    accessibility = fields.String()
    capacity = fields.Integer()


class Feedback(Schema):
    heard = fields.String()
    decided = fields.String()
    why = fields.String()
    published_at = fields.DateTime(allow_none=True)


class Dialogue(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    description_html = fields.String()
    level = fields.String(required=True)
    state = fields.String(required=True)
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True)
    contact_name = fields.String()
    boards = fields.List(fields.Nested(Board))
    districts = fields.List(fields.Nested(District))
    target_groups = fields.List(fields.String())
    feedback = fields.Nested(Feedback, allow_none=True)
    url = fields.String()


class DialogueDetail(Dialogue):
    meetings = fields.List(fields.Nested(Meeting), required=True)


def _page_of(item, name):
    return type(name, (Schema,), {
        "items": fields.List(fields.Nested(item), required=True),
        "page": fields.Integer(required=True), "per_page": fields.Integer(required=True),
        "total": fields.Integer(required=True), "pages": fields.Integer(required=True),
    })


ProposalPage = type("ProposalPage", (_page_of(Proposal, "ProposalPageBase"),), {
    "next_cursor": fields.String(allow_none=True, required=True, metadata={
        "description": "Pass as `cursor` (with `page` + 1) for the next page; null on the last page."}),
    "next": fields.String(allow_none=True, required=True, metadata={
        "description": "The URL of the next page, with its cursor; null on the last page."}),
})
DecisionPage = _page_of(DecisionItem, "DecisionPage")
DialoguePage = _page_of(Dialogue, "DialoguePage")


class BoardList(Schema):
    items = fields.List(fields.Nested(Board), required=True)


class DistrictList(Schema):
    items = fields.List(fields.Nested(District), required=True)


class TopicList(Schema):
    items = fields.List(fields.Nested(Topic), required=True)


class SearchResult(Schema):
    query = fields.Dict(required=True)
    hits = fields.List(fields.Dict(), required=True)
    facets = fields.Dict(required=True)
    total = fields.Integer(required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    pages = fields.Integer(required=True)


# -- writes --

class Body(Schema):
    """A JSON request body: unknown fields are refused."""

    class Meta:
        unknown = RAISE


class ProposalIn(Body):
    """The same fields and limits as the web form."""

    title = fields.String(required=True, validate=[validate.Length(min=1, max=120), STORABLE])
    summary = fields.String(required=True, validate=[validate.Length(min=1, max=300), STORABLE])
    body = fields.String(required=True, validate=[validate.Length(min=1, max=20000), STORABLE])
    district = fields.String(allow_none=True, validate=SLUG)
    topics = fields.List(fields.String(validate=SLUG), required=True, validate=validate.Length(min=1, max=20))
    duration_months = fields.Integer(required=True, validate=validate.Range(1, 24))


class Submitted(Schema):
    id = fields.Integer(required=True)
    state = fields.String(required=True)
    url = fields.String(required=True)


class SupportState(Schema):
    proposal_id = fields.Integer(required=True)
    supported = fields.Boolean(required=True)
    changed = fields.Boolean(required=True)
    support_count = fields.Integer(required=True)
    verified_support_count = fields.Integer(required=True)


class CaseAssignment(Schema):
    board = fields.Nested(Board, required=True)
    role = fields.String(required=True)
    state = fields.String(required=True)
    accept_due = fields.Date(allow_none=True)


class CaseItem(Schema):
    id = fields.Integer(required=True)
    reference = fields.String(allow_none=True)
    state = fields.String(required=True)
    created_at = fields.DateTime(required=True)
    due_at = fields.DateTime(required=True)
    overdue = fields.Boolean(required=True)
    proposal = fields.Dict(required=True)
    assignments = fields.List(fields.Nested(CaseAssignment), required=True)


CasePage = _page_of(CaseItem, "CasePage")
