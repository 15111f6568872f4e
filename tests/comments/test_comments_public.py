"""Comments in the API, the proposal's Atom feed, the open-data export and the privacy export/deletion."""
from __future__ import annotations

import csv
import io

from sqlalchemy import select

from portal.comments import operations as ops
from portal.comments.models import Comment
from portal.privacy.operations import delete_account, export_data


def _setup(db, make_proposal, make_user):
    p = make_proposal()
    writer = make_user(name="Rut Skribent", email="rut.secret@example.se")
    first = ops.add_comment(p, writer, "Den första kommentaren.")
    for i in range(4):
        ops.add_comment(p, writer, f"Kommentar nummer {i}.")
    ops.add_comment(p, writer, "Ett svar.", parent_id=first.id)
    gone = ops.add_comment(p, writer, "Borttagen.")
    ops.delete_comment(gone, writer)
    db.session.commit()
    return p, writer


def test_api_has_counts_and_newest_comments(client, db, make_proposal, make_user):
    p, writer = _setup(db, make_proposal, make_user)
    other = make_proposal(title="Ett annat förslag")
    db.session.commit()
    one = client.get(f"/api/v1/proposals/{p.id}").get_json()
    assert one["comment_count"] == 6  # the deleted one is not counted
    newest = one["newest_comments"]
    assert [c["body"] for c in newest] == ["Ett svar.", "Kommentar nummer 3.", "Kommentar nummer 2."]
    assert newest[0]["author"] == {"public_name": "Rut Skribent"} and newest[0]["parent_id"] is not None
    assert "rut.secret" not in str(one)
    items = {i["id"]: i for i in client.get("/api/v1/proposals").get_json()["items"]}
    assert items[p.id]["comment_count"] == 6 and items[other.id]["comment_count"] == 0
    assert items[other.id]["newest_comments"] == []


def test_feed_and_open_data_carry_comments_without_personal_data(client, db, make_proposal, make_user):
    p, writer = _setup(db, make_proposal, make_user)
    feed = client.get(f"/feeds/proposals/{p.id}.atom").text
    assert "Kommentar nummer 3." in feed and f"#comment-" in feed and "Borttagen." not in feed
    assert "rut.secret" not in feed
    rows = list(csv.DictReader(io.StringIO(client.get("/open-data/comments.csv").text)))
    assert len(rows) == 6 and {r["author"] for r in rows} == {"Rut Skribent"}
    assert set(rows[0]) == {"id", "proposal_id", "parent_id", "author", "board", "created_at", "edited_at", "body"}
    proposals = {r["id"]: r for r in csv.DictReader(io.StringIO(client.get("/open-data/proposals.csv").text))}
    assert proposals[str(p.id)]["comment_count"] == "6"
    body = client.get("/open-data/comments.json").get_json()
    assert body["licence"] == "CC BY 4.0" and len(body["items"]) == 6
    assert "rut.secret" not in client.get("/open-data/comments.csv").text
    assert "/open-data/comments.csv" in client.get("/open-data").text


def test_privacy_export_and_deletion_cover_comments(client, db, make_proposal, make_user):
    p, writer = _setup(db, make_proposal, make_user)
    data = export_data(writer)
    assert len(data["comments"]) == 7 and data["comments"][0]["body"] == "Den första kommentaren."
    delete_account(writer)
    db.session.commit()
    bodies = set(db.session.scalars(select(Comment.body).where(Comment.author_id == writer.id)))
    assert bodies == {""}
    page = client.get(f"/proposals/{p.id}").text
    assert "Den första kommentaren." not in page and "The author deleted this comment." in page
    assert client.get(f"/api/v1/proposals/{p.id}").get_json()["comment_count"] == 0
