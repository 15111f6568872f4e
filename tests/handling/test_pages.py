"""Board pages and the public handling section render; list pages keep a constant query count."""
import pytest

from portal.extensions import db as _db
from tests.query_counter import QueryCounter
from portal.handling import operations as ops


def _get(client, url):
    resp = client.get(url)
    body = resp.get_data(as_text=True)
    status = resp.status_code
    resp.close()
    return status, body


def _count(app, client, url):
    _get(client, url)  # warm caches (babel, templates)
    with QueryCounter(_db.session.get_bind()) as qc:
        status, _ = _get(client, url)
    assert status == 200, url
    return qc.count


@pytest.mark.parametrize("url", ["/handling/", "/handling/?tab=joint", "/handling/overview", "/handling/triage"])
def test_list_pages_query_count_does_not_grow(app, client, auth, staff, handled, url):
    from datetime import timedelta
    from portal.handling import operations as ops
    auth.login(staff.coordinator)

    def add(n):
        for _ in range(n):
            c = handled()
            c.lead.accept_due = ops.today() - timedelta(days=2)  # overdue, so the overview lists it
            handled(title="Hej", body="Lorem ipsum dolor sit amet.", topics=(), district=None)  # triage
        _db.session.commit()
    add(2)
    small = _count(app, client, url)
    add(6)
    large = _count(app, client, url)
    print(f"queries {url}: {small} at 2+2 cases, {large} at 8+8 cases")
    assert large == small, (url, small, large)


def test_public_page_query_count_does_not_grow_with_boards_and_statements(app, client, handled, walk):
    case = walk(handled(), "decided")
    _db.session.commit()
    n = _count(app, client, f"/proposals/{case.proposal_id}")
    print(f"queries public page: {n}")
    # a fixed number, whatever the boards and statements: the page also reads its comments,
    # attachments, named supporters and follow-up (one query each)
    assert n <= 13, n


def test_case_page_shows_routing_explanation_boards_and_actions(client, auth, staff, handled):
    case = handled()
    _db.session.commit()
    auth.login(staff.tn)
    status, body = _get(client, f"/handling/cases/{case.id}")
    assert status == 200
    assert case.reference in body and "cykelbana" in body and "Grundskolenämnden" in body
    assert f"/handling/assignments/{case.lead.id}/accept" in body
    assert f"/handling/assignments/{case.consulted[0].id}/accept" not in body  # not their board


def test_inbox_shows_counts(client, auth, staff, handled):
    handled()
    _db.session.commit()
    auth.login(staff.grn)
    status, body = _get(client, "/handling/?tab=new")
    assert status == 200 and "Säker cykelväg till skolan" in body and "(1)" in body


def test_public_page_shows_boards_statements_summary_and_answer(client, handled, walk):
    case = walk(handled(), "decided")
    _db.session.commit()
    status, body = _get(client, f"/proposals/{case.proposal_id}")
    assert status == 200
    for text in ["Tekniska nämnden", "Grundskolenämnden", "Tryggare skolväg", "§ 246", "§ 112",
                 "Cykelbanan byggs 2027.", "Vi söker medfinansiering.", case.reference]:
        assert text in body, text
    assert "Ring skolan" not in body


def test_public_page_hides_internal_notes(client, handled, staff):
    from portal.handling import operations as ops
    case = handled()
    ops.add_note(case, staff.tn, "Ring skolan hemligt.")
    _db.session.commit()
    status, body = _get(client, f"/proposals/{case.proposal_id}")
    assert status == 200 and "hemligt" not in body and "Tekniska nämnden" in body


def test_browser_like_flow_through_forms(client, auth, staff, handled, db):
    """The same walk as the browser test, through the HTTP forms."""
    case = handled()
    _db.session.commit()
    lead, other = case.lead.id, case.consulted[0].id
    auth.login(staff.tn)
    assert client.post(f"/handling/assignments/{lead}/accept").status_code == 302
    r = client.post(f"/handling/cases/{case.id}/consultation",
                    data={"consultation-questions": "Hur påverkas skolvägen?", "consultation-deadline": "2099-01-31"})
    assert r.status_code == 302, r.get_data(as_text=True)
    auth.logout()
    auth.login(staff.grn)
    client.post(f"/handling/assignments/{other}/accept")
    r = client.post(f"/handling/assignments/{other}/statement",
                    data={f"statement{other}-positive": "Tryggare skolväg\nFler cyklar",
                          f"statement{other}-negative": "Kostar mycket"})
    assert r.status_code == 302
    r = client.post(f"/handling/assignments/{other}/approve",
                    data={"approve-meeting_date": ops.today().isoformat(), "approve-minute_ref": "§ 246"})
    assert r.status_code == 302
    client.post(f"/handling/assignments/{other}/send")
    auth.logout()
    auth.login(staff.tn)
    status, body = _get(client, f"/handling/cases/{case.id}")
    assert "1 av 1" in body or "1 of 1" in body
    r = client.post(f"/handling/cases/{case.id}/summary",
                    data={"summary": "Sammanfattning", "comments-0": "Vi söker pengar."})
    assert r.status_code == 302
    r = client.post(f"/handling/cases/{case.id}/decision",
                    data={"decision-outcome": "granted", "decision-reasoning": "Vi bygger.",
                          "decision-meeting_date": ops.today().isoformat(), "decision-minute_ref": "§ 112"})
    assert r.status_code == 302
    status, body = _get(client, f"/proposals/{case.proposal_id}")
    assert "Vi bygger." in body and "Vi söker pengar." in body


def test_form_errors_rerender_with_summary(client, auth, staff, handled):
    case = handled()
    _db.session.commit()
    auth.login(staff.tn)
    r = client.post(f"/handling/assignments/{case.lead.id}/decline", data={})
    assert r.status_code == 400 and "error-summary" in r.get_data(as_text=True)
    r.close()
