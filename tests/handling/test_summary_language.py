"""The consultation summary's generated headings and board names follow the reader's language."""
import re


def test_english_and_arabic_readers_get_their_own_headings_and_board_names(db, client, handled, staff, walk):
    case = walk(handled(), "decided")  # the lead compiled the summary in Swedish
    assert "### Positivt" in case.summary and "**Grundskolenämnden**" in case.summary
    db.session.commit()
    from flask_babel import refresh
    refresh()  # the walk ran in this app context; the requests below choose their own language
    client.get("/language/en")
    body = client.get(f"/proposals/{case.proposal_id}").get_data(as_text=True)
    summary = re.search(r'Consultation summary</h3><div class="prose">(.*?)</div>', body, re.S).group(1)
    assert "Positive" in summary and "Consequences for our work" in summary
    assert "Positivt" not in summary and "Konsekvenser för vår verksamhet" not in summary
    assert "Compulsory School Committee" in summary and "Grundskolenämnden" not in summary
    assert "Tryggare skolväg" in summary  # what the boards wrote stays as written
    client.get("/language/ar")
    refresh()
    body = client.get(f"/proposals/{case.proposal_id}").get_data(as_text=True)
    assert "لجنة المدارس الأساسية" in body and "Positivt" not in body



def test_a_statement_is_marked_with_the_language_it_is_written_in(db, client, handled, staff, walk):
    case = walk(handled(), "decided")
    assert case.consulted[0].lang == "sv"
    db.session.commit()
    from flask_babel import refresh
    refresh()
    client.get("/language/ar")
    body = client.get(f"/proposals/{case.proposal_id}").get_data(as_text=True)
    assert '<span dir="auto" lang="sv">Tryggare skolväg</span>' in body
