"""A contribution carries the language it is written in, and the dialogue page marks it (WCAG 3.1.2)."""
from portal.dialogues import operations as ops


def test_contributions_are_marked_with_their_language(db, client, make_dialogue, make_user):
    d = make_dialogue(state="open", premoderated=False)
    arabic = ops.contribute(d, make_user(), "نريد مقاعد أكثر في الحديقة من فضلكم")
    english = ops.contribute(d, make_user(), "Please add more benches and shade in the park for the elderly.")
    assert (arabic.lang, english.lang) == ("ar", "en")
    db.session.commit()
    body = client.get(f"/dialogues/{d.id}").get_data(as_text=True)
    assert 'lang="ar">نريد مقاعد أكثر' in body and 'lang="en">Please add more benches' in body
