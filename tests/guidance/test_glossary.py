"""The glossary: seeded as data in sv, en and ar, listed with anchors, edited by administrators."""
import pytest

from portal.guidance.models import GlossaryTerm
from portal.guidance.terms import slug_for, status_members

from tests.query_counter import QueryCounter

from .conftest import get, switch

CONCEPTS = ["medborgardialog", "brukardialog", "kunskapsdialog", "remiss", "yttrande", "aterkoppling",
            "samordnande-namnd"]


def test_seed_covers_concepts_levels_and_every_status_in_three_languages(db, guidance):
    terms = {t.slug: t for t in db.session.scalars(db.select(GlossaryTerm))}
    wanted = CONCEPTS + [slug_for(m) for m in status_members()]
    assert set(wanted) <= set(terms)
    assert len([s for s in wanted if s.startswith("level-")]) == 5
    for slug in wanted:
        t = terms[slug]
        for lang in ("sv", "en", "ar"):
            assert getattr(t, f"term_{lang}").strip(), (slug, lang)
            assert getattr(t, f"definition_{lang}").strip(), (slug, lang)
            assert getattr(t, f"example_{lang}").strip(), (slug, lang)


def test_status_terms_are_named_like_the_badges(db, guidance):
    from portal.dialogues.models import DialogueState
    t = db.session.scalar(db.select(GlossaryTerm).where(GlossaryTerm.slug == "dialogue-open"))
    assert t.term_en == "Open for views" and t.term_sv != t.term_en and t.term_ar != t.term_en
    assert slug_for(DialogueState.OPEN) == "dialogue-open"


def test_seed_is_idempotent_and_keeps_an_administrators_edit(db, guidance):
    from portal.guidance.operations import seed_guidance
    t = db.session.scalar(db.select(GlossaryTerm).where(GlossaryTerm.slug == "remiss"))
    t.definition_sv = "Egen förklaring."
    assert seed_guidance() == {"terms": 0, "guide_sections": 0}
    assert t.definition_sv == "Egen förklaring."


@pytest.mark.parametrize("lang,word", [("sv", "Brukardialog"), ("en", "User dialogue"), ("ar", "الحوار مع المستخدمين")])
def test_glossary_page_lists_every_term_with_an_anchor(client, guidance, lang, word):
    switch(client, lang)
    status, html = get(client, "/glossary")
    assert status == 200 and word in html
    for slug in CONCEPTS + ["level-co_decision", "proposal-expired", "case-consultation", "assignment-declined"]:
        assert f'id="term-{slug}"' in html


def test_term_page_and_unknown_term(client, guidance):
    switch(client, "en")
    status, html = get(client, "/glossary/kunskapsdialog")
    assert status == 200 and "Knowledge dialogue" in html and "Example:" in html
    assert get(client, "/glossary/no-such-word")[0] == 404


def test_glossary_page_query_count_does_not_grow_with_terms(app, db, client, guidance):
    counts = []
    for extra in (0, 15):
        for i in range(extra):
            db.session.add(GlossaryTerm(slug=f"extra-{i}", category="concept", position=100 + i, term_sv="x",
                                        term_en="x", term_ar="x", definition_sv="d", definition_en="d",
                                        definition_ar="d"))
        db.session.commit()
        with QueryCounter(db.engine) as qc:
            assert get(client, "/glossary")[0] == 200
        counts.append(qc.count)
    assert counts[0] == counts[1], counts


def test_admin_edits_a_term_and_it_is_audited(db, client, auth, make_user, guidance):
    from portal.audit.models import AuditEntry
    admin = make_user(roles=["admin"])
    auth.login(admin)
    status, html = get(client, "/admin/glossary")
    assert status == 200 and "/admin/glossary/remiss" in html
    form = {f"{k}_{lang}": f"{k} {lang}" for k in ("term", "definition", "example") for lang in ("sv", "en", "ar")}
    r = client.post("/admin/glossary/remiss", data=form)
    assert r.status_code == 302
    t = db.session.scalar(db.select(GlossaryTerm).where(GlossaryTerm.slug == "remiss"))
    assert t.term_ar == "term ar" and t.definition_en == "definition en"
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "glossary.save"))
    assert entry.actor_id == admin.id and entry.target_id == str(t.id)


def test_admin_term_form_requires_every_language(client, auth, make_user, guidance):
    auth.login(make_user(roles=["admin"]))
    r = client.post("/admin/glossary/remiss", data={"term_sv": "Remiss"})
    assert r.status_code == 200 and "error-summary" in r.get_data(as_text=True)
    r.close()


def test_residents_and_officers_cannot_edit(client, auth, make_user, guidance):
    auth.login(make_user(roles=["officer"], boards=["tekniska"]))
    assert client.post("/admin/glossary/remiss", data={}).status_code == 403
    assert get(client, "/admin/guide")[0] == 403
