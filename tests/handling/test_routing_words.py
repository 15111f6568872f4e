"""The routing reason quotes the words as the resident wrote them, not the router's folded forms."""
from portal.handling.queries import routing_reasons


def test_reason_words_keep_the_residents_spelling(db, client, handled):
    case = handled(title="CYKELBANA till Oxievångsskolan",
                   body="Bygg en säker Cykelbana och ett övergångsställe vid Skolan.")
    db.session.commit()
    words = {w for r in routing_reasons(case) for w in r["words"]}
    assert "CYKELBANA" in words and "cykelbana" not in words
    body = client.get(f"/proposals/{case.proposal_id}").get_data(as_text=True)
    assert "CYKELBANA" in body
