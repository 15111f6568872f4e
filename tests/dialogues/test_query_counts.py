"""A list page's number of SQL queries does not grow with the length of the list."""
import pytest

from portal.dialogues import operations as ops
from tests.query_counter import QueryCounter


def _fill(make_dialogue, make_proposal, officer, meeting_data, make_user, n):
    for i in range(n):
        d = make_dialogue(districts=["oxie", "fosie"], boards=["tekniska"], title=f"Dialog {i}",
                          target_groups=["families", "children"], topics=["parker"])
        m = ops.save_meeting(d, officer, meeting_data(title=f"Möte {i}"))
        ops.sign_up(m, make_user())
        ops.contribute(d, make_user(), f"Bidrag {i}")
        make_proposal(title=f"Förslag {i}", district="oxie")


@pytest.mark.parametrize("path,login", [
    ("/dialogues/", None), ("/dialogues/?district=oxie", None), ("/districts/oxie", None),
    ("/dialogues/coordination", "coordinator"), ("/dialogues/moderation", "moderator"),
])
def test_list_pages_query_count_is_flat(client, auth, db, make_user, make_dialogue, make_proposal, officer,
                                        meeting_data, path, login):
    if login:
        auth.login(make_user(roles=[login]))
    counts = []
    for n in (2, 8):
        _fill(make_dialogue, make_proposal, officer, meeting_data, make_user, n - (2 if counts else 0))
        db.session.commit()
        with QueryCounter(db.engine) as qc:
            r = client.get(path)
        assert r.status_code == 200
        counts.append(qc.count)
    print(f"queries {path}: {counts}")
    assert counts[0] == counts[1], f"{path}: {counts}"


def test_dialogue_page_query_count_is_flat(client, db, make_dialogue, officer, meeting_data, make_user):
    d = make_dialogue()
    moderator = make_user(roles=["moderator"])
    counts = []
    for n in (2, 8):
        for i in range(2 if counts else 0, n):
            m = ops.save_meeting(d, officer, meeting_data(title=f"Möte {i}", capacity=50))
            ops.sign_up(m, make_user())
            c = ops.contribute(d, make_user(), f"Bidrag {i}", question_id=d.questions[0].id)
            ops.moderate(c, moderator, publish=True)
            ops.moderate(ops.contribute(d, make_user(), f"Svar {i}", parent_id=c.id), moderator, publish=True)
        db.session.commit()
        with QueryCounter(db.engine) as qc:
            r = client.get(f"/dialogues/{d.id}")
        assert r.status_code == 200 and f"Svar {n - 1}" in r.text
        counts.append(qc.count)
    print(f"queries dialogue page: {counts}")
    assert counts[0] == counts[1], counts
