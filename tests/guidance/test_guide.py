"""The officers' guide: versioned sections in sv, en and ar; administrators write new versions."""
import pytest

from portal.guidance.models import GuideSection, GuideSectionVersion

from tests.query_counter import QueryCounter

from .conftest import get, switch

SECTIONS = ["kind-and-level", "overlap", "representatives", "reach", "feedback"]


@pytest.mark.parametrize("lang,title", [("sv", "Nå underrepresenterade grupper"),
                                        ("en", "Reaching under-represented groups"),
                                        ("ar", "الوصول إلى الفئات الأقل تمثيلًا")])
def test_guide_has_every_section_in_each_language(client, guidance, lang, title):
    switch(client, lang)
    status, html = get(client, "/guide")
    assert status == 200 and title in html
    for slug in SECTIONS:
        assert f'id="guide-{slug}"' in html


def _section_form(text):
    return {f"{k}_{lang}": f"{text} {k} {lang}" for k in ("title", "body") for lang in ("sv", "en", "ar")}


def test_admin_saves_a_new_version_the_page_shows_the_newest_and_history_keeps_both(db, client, auth, make_user,
                                                                                    guidance):
    from portal.audit.models import AuditEntry
    admin = make_user(roles=["admin"], name="Ada Admin")
    auth.login(admin)
    r = client.post("/admin/guide/overlap", data=_section_form("Ny"))
    assert r.status_code == 302
    db.session.expire_all()
    section = db.session.scalar(db.select(GuideSection).where(GuideSection.slug == "overlap"))
    assert [v.number for v in section.versions] == [2, 1]
    assert section.current.created_by_id == admin.id
    switch(client, "en")
    html = get(client, "/guide")[1]
    assert "Ny title en" in html and "Checking for overlapping dialogues" not in html
    history = get(client, "/admin/guide")[1]
    assert "Version 2" in history and "Version 1" in history and "Ada Admin" in history
    assert db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "guide.save")) is not None


def test_guide_query_count_does_not_grow_with_versions(db, client, guidance):
    counts = []
    for extra in (0, 6):
        for section in db.session.scalars(db.select(GuideSection)):
            for i in range(extra):
                n = len(section.versions) + 1
                section.versions.append(GuideSectionVersion(number=n, **_section_form(f"v{n}")))
                db.session.flush()
        db.session.commit()
        with QueryCounter(db.engine) as qc:
            assert get(client, "/guide")[0] == 200
        counts.append(qc.count)
    assert counts[0] == counts[1], counts
