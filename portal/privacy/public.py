"""The one place that decides what is public. Pages, exports, feeds and API serialisers use these."""
from __future__ import annotations

# Public fields per model. Anything not listed (e-mail, account details, internal notes, tokens,
# TOTP secrets, reporters) is never serialised for the public.
PUBLIC_FIELDS: dict[str, tuple[str, ...]] = {
    "proposal": ("id", "title", "summary", "body_html", "state", "outcome", "published_at", "ends_at",
                 "support_count", "verified_support_count", "support_threshold", "hidden", "hidden_reason_text"),
    "user": ("public_name",),
    "board": ("slug", "names"),
    "district": ("slug", "name"),
    "topic": ("slug", "names"),
}


def _value(v):
    if hasattr(v, "value") and not isinstance(v, (str, int, float)):
        return v.value
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return v


def public_dict(kind: str, obj) -> dict:
    """The public fields of `obj`; a hidden proposal shows only that it is hidden and why."""
    fields = PUBLIC_FIELDS[kind]
    if kind == "proposal" and getattr(obj, "hidden", False):
        fields = ("id", "state", "hidden", "hidden_reason_text")
    data = {f: _value(getattr(obj, f)) for f in fields}
    if kind == "proposal" and not obj.hidden:
        data["author"] = public_dict("user", obj.author)
        data["district"] = public_dict("district", obj.district) if obj.district else None
        data["topics"] = [public_dict("topic", t) for t in obj.topics]
    return data


# Dialogues: the contact e-mail, signups and authors are never public; the contact's name is.
PUBLIC_FIELDS.update({
    "dialogue": ("id", "title", "description_html", "level", "state", "starts_on", "ends_on", "contact_name"),
    "meeting": ("id", "title", "place", "starts_at", "ends_at", "accessibility", "capacity"),
})


def public_dialogue(d, with_meetings: bool = False) -> dict:
    """A dialogue's public fields with its boards, districts and, once published, the feedback."""
    data = {f: _value(getattr(d, f)) for f in PUBLIC_FIELDS["dialogue"]}
    data["boards"] = [public_dict("board", b) for b in d.boards]
    data["districts"] = [public_dict("district", x) for x in d.districts]
    data["target_groups"] = [g.value for g in d.target_groups]
    if d.feedback_public:
        data["feedback"] = {"heard": d.feedback_heard or "", "decided": d.feedback_decided or "",
                            "why": d.feedback_why or "",
                            "published_at": _value(d.feedback_published_at)}
    else:
        data["feedback"] = None
    if with_meetings:
        data["meetings"] = [{f: _value(getattr(m, f)) for f in PUBLIC_FIELDS["meeting"]} for m in d.meetings]
    return data


def public_case(case) -> dict:
    """What the proposal's public page shows about its handling: routing in plain form, each board's
    state, the statements sent and the decision."""
    from ..handling.queries import routing_reasons
    boards = []
    for r in routing_reasons(case):
        a = r["assignment"]
        boards.append({"board": public_dict("board", a.board), "role": a.role.value, "state": a.state.value,
                       "reason": {"words": r["words"], "by_topic": r["by_topic"]}})
    statements = [{"board": public_dict("board", a.board), "meeting_date": _value(a.meeting_date),
                   "minute_ref": a.minute_ref,
                   "points": {k: a.point_list(k) for k in ("positive", "negative", "consequences", "suggestions")}}
                  for a in case.consulted if a.state.value == "sent"]
    decision = None
    if case.state.value == "decided":
        decision = {"outcome": _value(case.outcome), "reasoning_html": case.reasoning_html or "",
                    "minute_ref": case.minute_ref, "meeting_date": _value(case.meeting_date),
                    "decided_at": _value(case.decided_at), "summary_html": case.summary_html or ""}
    follow_up = None
    if case.is_granted:
        from ..handling.followup import facet_value
        follow_up = {"state": facet_value(case),
                     "updates": [{"status": u.status.value, "body_html": u.body_html, "due_on": _value(u.due_on),
                                  "reason": u.reason, "published_at": _value(u.published_at)}
                                 for u in case.follow_ups]}
    return {"reference": case.reference, "state": case.state.value, "joint": case.is_joint,
            "boards": boards, "statements": statements, "decision": decision, "follow_up": follow_up}


def public_comment(c) -> dict:
    """A public comment: the text, the public display name (or the board answering) and the dates."""
    return {"id": c.id, "parent_id": c.parent_id, "body": c.body,
            "author": {"public_name": c.author.public_name}, "board": public_dict("board", c.board) if c.board else None,
            "created_at": _value(c.created_at), "edited_at": _value(c.edited_at)}
