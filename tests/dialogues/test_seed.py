"""The demo dialogues cover every status and include a visible overlap."""
from portal.dialogues.models import Dialogue, DialogueState
from portal.dialogues.queries import overlaps_of


def test_demo_dialogues(db):
    from portal.demo.seed import seed_demo
    result = seed_demo()
    assert result["dialogues"] == 8
    dialogues = list(db.session.scalars(db.select(Dialogue)))
    assert {d.state for d in dialogues} == set(DialogueState)
    assert len({b.slug for d in dialogues for b in d.boards}) >= 6
    park = next(d for d in dialogues if d.title.startswith("Aktivitetspark"))
    assert [o.dialogue.title for o in overlaps_of(park)] == [
        "Fritidsgården i Rosengård – vad vill du göra på kvällarna?"]
    assert all(d.feedback_complete for d in dialogues if d.feedback_public)
