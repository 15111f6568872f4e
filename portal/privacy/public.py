"""The one place that decides what is public. Pages, exports, feeds and API serialisers use these."""
from __future__ import annotations

# Public fields per model. Anything not listed (e-mail, account details, internal notes, tokens,
# TOTP secrets, reporters) is never serialised for the public.
PUBLIC_FIELDS: dict[str, tuple[str, ...]] = {
    "proposal": ("id", "title", "summary", "body_html", "state", "outcome", "published_at", "ends_at",
                 "support_count", "support_threshold", "hidden", "hidden_reason_text"),
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
