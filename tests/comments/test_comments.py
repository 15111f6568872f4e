"""Comments on proposals: writing, replies, markers, premoderation, reports, closing, editing, digest."""
from __future__ import annotations

import re
from datetime import timedelta

from flask_babel import refresh
from sqlalchemy import select

from portal.admin.models import Setting
from portal.audit.models import AuditEntry
from portal.comments import operations as ops
from portal.comments.models import Comment, CommentState as C
from portal.handling.digest import build_digests
from portal.handling.models import MailPreference
from portal.moderation import operations as mops
from portal.moderation.models import ModerationReason, ensure_default_reasons
from portal.outbox.models import OutboxEntry
from portal.proposals import operations as pops
from tests.query_counter import QueryCounter


def _reason(db, slug="offensive"):
    ensure_default_reasons()
    return db.session.scalar(select(ModerationReason).where(ModerationReason.slug == slug))


def _mails(db, template):
    rows = db.session.scalars(select(OutboxEntry).where(OutboxEntry.kind == "email")).all()
    return [r.payload for r in rows if r.payload["template"] == template]


def _digest_lines(db, template="proposal_comment"):
    rows = db.session.scalars(select(OutboxEntry).where(OutboxEntry.kind == "digest")).all()
    return [r.payload for r in rows if r.payload["template"] == template and r.delivered_at is None]


def _premoderate(db, on=True):
    db.session.merge(Setting(key="comments_premoderated", value=1 if on else 0))
    db.session.flush()


def test_resident_comments_and_replies_one_level(client, auth, db, make_proposal, make_user):
    author = make_user(name="Petra Förslagsställare")
    p = make_proposal(author=author)
    resident = make_user(name="Rut Kommentar")
    db.session.commit()
    auth.login(resident)
    page = client.get(f"/proposals/{p.id}").text
    assert 'id="comments"' in page and "No comments yet." in page
    assert "Your comment is published at once." in page
    r = client.post(f"/proposals/{p.id}/comments", data={"body": "Bra idé, jag cyklar där varje dag."})
    c = db.session.scalars(select(Comment)).one()
    assert r.status_code == 302 and r.headers["Location"].endswith(f"/proposals/{p.id}#comment-{c.id}")
    assert c.state == C.PUBLISHED and c.author_id == resident.id
    auth.logout()
    auth.login(author)
    r = client.post(f"/proposals/{p.id}/comments", data={"body": "Tack!", "parent_id": str(c.id)})
    assert r.status_code == 302
    reply = db.session.scalar(select(Comment).where(Comment.parent_id == c.id))
    assert reply is not None
    # one level deep: a reply to a reply is refused
    r = client.post(f"/proposals/{p.id}/comments", data={"body": "Djupare", "parent_id": str(reply.id)})
    assert r.status_code == 409
    page = client.get(f"/proposals/{p.id}").text
    assert "Rut Kommentar" in page and "Bra idé, jag cyklar där varje dag." in page
    # the proposal's author is marked on their reply, which sits inside the first comment's item
    art = re.search(rf'<article class="comment" id="comment-{reply.id}".*?</article>', page, re.S).group(0)
    assert "Author of the proposal" in art and "Tack!" in art
    first = re.search(rf'<article class="comment" id="comment-{c.id}".*?</article>', page, re.S).group(0)
    assert "Author of the proposal" not in first
    assert page.index(f'id="comment-{c.id}"') < page.index('class="plain comment-replies"') < page.index(f'id="comment-{reply.id}"')


def test_unconfirmed_or_anonymous_cannot_comment(client, auth, db, make_proposal, make_user):
    p = make_proposal()
    db.session.commit()
    page = client.get(f"/proposals/{p.id}").text
    assert "Log in to comment" in page and 'name="body"' not in page
    assert client.post(f"/proposals/{p.id}/comments", data={"body": "x"}).status_code == 302  # to login
    assert db.session.scalar(select(Comment)) is None
    auth.login(make_user(confirmed=False))
    assert client.post(f"/proposals/{p.id}/comments", data={"body": "x"}).status_code == 403


def test_staff_marked_and_officer_answers_as_board(client, auth, db, handled, staff):
    case = handled()
    p = case.proposal
    moderator = staff.admin
    db.session.commit()
    auth.login(staff.tn)
    page = client.get(f"/proposals/{p.id}").text
    assert "Answer as" in page and "Technical Services Committee" in page
    tn_board = next(a.board for a in case.assignments if a.board.slug == "tekniska")
    r = client.post(f"/proposals/{p.id}/comments", data={"body": "Vi tittar på sträckan i vår.",
                                                          "board_id": str(tn_board.id)})
    assert r.status_code == 302
    c = db.session.scalars(select(Comment)).one()
    assert c.board_id == tn_board.id and c.state == C.PUBLISHED
    # a board the officer does not act for is refused
    kultur = db.session.scalar(select(type(tn_board)).where(type(tn_board).slug == "kultur"))
    assert client.post(f"/proposals/{p.id}/comments", data={"body": "x", "board_id": str(kultur.id)}).status_code == 403
    auth.logout()
    page = client.get(f"/proposals/{p.id}").text
    assert "Technical Services Committee answers" in page
    # a staff member writing as themself is marked as staff
    ops.add_comment(p, moderator, "En fråga från stadskontoret.")
    db.session.commit()
    page = client.get(f"/proposals/{p.id}").text
    art = re.search(r'<article class="comment"[^>]*>(?:(?!</article>).)*En fråga från stadskontoret.*?</article>', page, re.S).group(0)
    assert "City staff" in art


def test_premoderation_holds_comments_until_a_moderator_publishes(client, auth, db, make_proposal, make_user):
    _premoderate(db)
    author = make_user()
    p = make_proposal(author=author)
    supporter = make_user()
    pops.support(p, supporter)
    resident = make_user()
    moderator = make_user(roles=["moderator"])
    db.session.commit()
    auth.login(resident)
    assert "A moderator reads every comment before it is published." in client.get(f"/proposals/{p.id}").text
    client.post(f"/proposals/{p.id}/comments", data={"body": "Väntar på granskning."})
    c = db.session.scalars(select(Comment)).one()
    assert c.state == C.PENDING
    own = client.get(f"/proposals/{p.id}").text
    assert "Väntar på granskning." in own and "Only you can see this comment" in own
    assert _digest_lines(db) == []  # nobody is told of a comment nobody can read
    auth.logout()
    assert "Väntar på granskning." not in client.get(f"/proposals/{p.id}").text
    auth.login(moderator)
    queue = client.get("/moderation/comments").text
    assert "Väntar på granskning." in queue
    assert "/moderation/comments" in client.get("/moderation/").text
    r = client.post(f"/moderation/comments/{c.id}", data={"action": "reject"})  # no reason: refused
    db.session.refresh(c)
    assert c.state == C.PENDING
    r = client.post(f"/moderation/comments/{c.id}", data={"action": "publish"})
    assert r.status_code == 302
    db.session.refresh(c)
    assert c.state == C.PUBLISHED
    assert {line["user_id"] for line in _digest_lines(db)} == {author.id, supporter.id}
    (e,) = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "comment.publish"))
    assert e.actor_id == moderator.id
    auth.logout()
    assert "Väntar på granskning." in client.get(f"/proposals/{p.id}").text


def test_rejected_comment_shows_its_reason_to_its_author_only(client, auth, db, make_proposal, make_user):
    _premoderate(db)
    p = make_proposal()
    resident, moderator = make_user(), make_user(roles=["moderator"])
    c = ops.add_comment(p, resident, "Namnet på grannen är ...")
    db.session.commit()
    auth.login(moderator)
    client.post(f"/moderation/comments/{c.id}", data={"action": "reject", "reason": "Personuppgifter om tredje person."})
    db.session.refresh(c)
    assert c.state == C.REJECTED
    auth.logout()
    assert "Namnet på grannen" not in client.get(f"/proposals/{p.id}").text
    auth.login(resident)
    assert "Personuppgifter om tredje person." in client.get(f"/proposals/{p.id}").text


def test_reports_hide_a_comment_and_the_author_is_told(client, auth, db, make_proposal, make_user):
    p = make_proposal()
    author = make_user()
    c = ops.add_comment(p, author, "Något olämpligt om en granne.")
    reason = _reason(db, "personal-data")
    reporters = [make_user() for _ in range(3)]
    db.session.commit()
    for reporter in reporters[:2]:
        auth.login(reporter)
        r = client.post(f"/moderation/report/comment/{c.id}", data={"reason_id": reason.id})
        assert r.status_code == 302 and r.headers["Location"].endswith(f"/proposals/{p.id}#comment-{c.id}")
        auth.logout()
    assert not c.hidden
    assert mops.report("comment", c.id, reporters[2], reason) is True  # the default threshold is 3
    db.session.commit()
    assert c.hidden and c.hidden_reason is None
    (mail,) = _mails(db, "comment_hidden")
    assert mail["to"] == author.email and "reported several times" in mail["body"]
    page = client.get(f"/proposals/{p.id}").text
    assert "Något olämpligt" not in page and "Hidden while a moderator reviews reports about it." in page


def test_moderator_hides_with_reason_and_restores(client, auth, db, make_proposal, make_user):
    p = make_proposal()
    author = make_user(locale="en")
    c = ops.add_comment(p, author, "Ett inlägg med ett namn.")
    reason = _reason(db)
    mops.report("comment", c.id, make_user(), reason)
    moderator = make_user(roles=["moderator"])
    db.session.commit()
    auth.login(moderator)
    queue = client.get("/moderation/comments").text
    assert "Ett inlägg med ett namn." in queue and f"hide{c.id}-reason_id" in queue
    r = client.post(f"/moderation/comments/{c.id}/hide",
                    data={f"hide{c.id}-reason_id": reason.id, f"hide{c.id}-note": "Namn på en granne."})
    assert r.status_code == 302
    db.session.refresh(c)
    assert c.hidden and c.hidden_by_moderator
    (mail,) = _mails(db, "comment_hidden")
    assert "Offensive or unlawful content. Namn på en granne." in mail["body"]  # in the author's language
    page = client.get(f"/proposals/{p.id}").text
    assert "Hidden by moderator: Offensive or unlawful content. Namn på en granne." in page
    assert "Ett inlägg med ett namn." not in page
    client.post(f"/moderation/comments/{c.id}/restore")
    db.session.refresh(c)
    assert not c.hidden and "Ett inlägg med ett namn." in client.get(f"/proposals/{p.id}").text
    actions = [e.action for e in db.session.scalars(select(AuditEntry).where(
        AuditEntry.target_type == "comment").order_by(AuditEntry.id))]
    assert actions == ["comment.hide", "comment.restore"]
    auth.logout()
    auth.login(author)
    assert client.get("/moderation/comments").status_code == 403


def test_comments_close_when_answered_and_stay_readable(client, auth, db, handled, walk, make_user):
    case = handled()
    p = case.proposal
    resident = make_user(locale="en")
    ops.add_comment(p, resident, "Skriven medan ärendet pågick.")
    walk(case, "decided")
    db.session.commit()
    refresh()  # the mails rendered above leave their language cached on the test's app context
    auth.login(resident)
    page = client.get(f"/proposals/{p.id}").text
    assert "Skriven medan ärendet pågick." in page and "Comments are closed." in page
    assert 'id="comment-body"' not in page and "<summary>Reply</summary>" not in page
    assert client.post(f"/proposals/{p.id}/comments", data={"body": "För sent"}).status_code == 409


def test_edit_within_the_window_then_not(client, auth, db, make_proposal, make_user):
    p = make_proposal()
    resident = make_user()
    c = ops.add_comment(p, resident, "Första versionen.")
    db.session.commit()
    auth.login(resident)
    assert "Edit my comment" in client.get(f"/proposals/{p.id}").text
    assert "Första versionen." in client.get(f"/comments/{c.id}/edit").text
    r = client.post(f"/comments/{c.id}/edit", data={"body": "Andra versionen."})
    assert r.status_code == 302
    db.session.refresh(c)
    assert c.body == "Andra versionen." and c.edited_at is not None
    art = re.search(rf'<article class="comment" id="comment-{c.id}".*?</article>', client.get(f"/proposals/{p.id}").text, re.S).group(0)
    assert "Edited" in art and "Andra versionen." in art
    # someone else cannot edit it
    auth.logout()
    auth.login(make_user())
    client.post(f"/comments/{c.id}/edit", data={"body": "Kapad"})
    db.session.refresh(c)
    assert c.body == "Andra versionen."
    # after the window (15 minutes by default) the author cannot either
    auth.logout()
    auth.login(resident)
    c.created_at = c.created_at - timedelta(minutes=16)
    db.session.commit()
    assert "Edit my comment" not in client.get(f"/proposals/{p.id}").text
    client.post(f"/comments/{c.id}/edit", data={"body": "För sent"})
    db.session.refresh(c)
    assert c.body == "Andra versionen."


def test_delete_erases_the_text_and_keeps_replies(client, auth, db, make_proposal, make_user):
    p = make_proposal()
    resident, other = make_user(), make_user()
    c = ops.add_comment(p, resident, "Det här tar jag bort.")
    ops.add_comment(p, other, "Ett svar som står kvar.", parent_id=c.id)
    db.session.commit()
    auth.login(other)
    client.post(f"/comments/{c.id}/delete")  # not the author: refused
    db.session.refresh(c)
    assert c.deleted_at is None
    auth.logout()
    auth.login(resident)
    assert client.post(f"/comments/{c.id}/delete").status_code == 302
    db.session.refresh(c)
    assert c.body == "" and c.deleted_at is not None
    page = client.get(f"/proposals/{p.id}").text
    assert "Det här tar jag bort." not in page and "The author deleted this comment." in page
    assert "Ett svar som står kvar." in page


def test_followers_get_comment_news_in_the_weekly_digest(client, auth, db, make_proposal, make_user):
    author = make_user(locale="en")
    p = make_proposal(author=author)
    quiet = make_user()
    pops.support(p, quiet)
    db.session.add(MailPreference(user_id=quiet.id, comment_news=False))
    commenter = make_user()
    ops.add_comment(p, commenter, "Ett.")
    ops.add_comment(p, commenter, "Två.")
    db.session.flush()
    lines = _digest_lines(db)
    assert [line["user_id"] for line in lines] == [author.id, author.id]  # not the one who said no, nor the writer
    assert _mails(db, "proposal_comment") == []  # never one e-mail per comment
    assert build_digests(force=True) == 1
    (digest,) = _mails(db, "proposal_digest")
    assert digest["to"] == author.email and "2 new comments" in digest["body"]


def test_mail_preference_form_turns_comment_news_off(client, auth, db, make_user):
    resident = make_user()
    db.session.commit()
    auth.login(resident)
    assert 'name="mailpref-comment_news"' in client.get("/account/").text
    client.post("/handling/mail-preference", data={"mailpref-mode": "immediate"})
    assert db.session.get(MailPreference, resident.id).comment_news is False
    client.post("/handling/mail-preference", data={"mailpref-mode": "weekly", "mailpref-comment_news": "y"})
    pref = db.session.get(MailPreference, resident.id)
    db.session.refresh(pref)
    assert pref.comment_news is True and pref.weekly_digest is True


def test_hidden_proposal_hides_its_comments(client, db, make_proposal, make_user):
    p = make_proposal()
    c = ops.add_comment(p, make_user(), "Syns inte när förslaget är dolt.")
    moderator = make_user(roles=["moderator"])
    mops.hide(p, moderator, _reason(db))
    db.session.commit()
    assert "Syns inte när förslaget är dolt." not in client.get(f"/proposals/{p.id}").text
    assert client.get(f"/moderation/report/comment/{c.id}").status_code == 404


def test_page_queries_do_not_grow_with_comments(client, auth, db, app, make_proposal, make_user):
    p = make_proposal()
    viewer = make_user()
    db.session.commit()

    def count():
        with QueryCounter(db.engine) as qc:
            assert client.get(f"/proposals/{p.id}").status_code == 200
        return qc.count

    auth.login(viewer)
    for i in range(2):
        c = ops.add_comment(p, make_user(), f"Kommentar {i}")
        ops.add_comment(p, make_user(roles=["moderator"]), "Svar", parent_id=c.id)
    db.session.commit()
    few = count()
    for i in range(8):
        c = ops.add_comment(p, make_user(), f"Fler {i}")
        ops.add_comment(p, make_user(roles=["coordinator"]), "Svar", parent_id=c.id)
    db.session.commit()
    assert count() == few
