"""Case and minute references stay one left-to-right token in Arabic (isolated with <bdi dir="ltr">)."""
import re


def test_public_and_staff_pages_isolate_references(db, client, auth, handled, staff, walk):
    case = walk(handled(), "decided")
    db.session.commit()
    client.get("/language/ar")
    body = client.get(f"/proposals/{case.proposal_id}").get_data(as_text=True)
    assert f'<bdi dir="ltr">{case.reference}</bdi>' in body
    assert '<bdi dir="ltr">§ 112</bdi>' in body and '<bdi dir="ltr">§ 246</bdi>' in body
    staff.tn.locale = "ar"
    db.session.commit()
    auth.login(staff.tn)
    body = client.get(f"/handling/cases/{case.id}").get_data(as_text=True)
    assert re.search(rf'<h1><bdi dir="ltr">{case.reference}</bdi>', body)
