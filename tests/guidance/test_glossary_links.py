"""Every status badge and level in the interface is a real link to its glossary definition."""
import re

from portal.guidance.models import GlossaryTerm

from .conftest import get, switch

BADGE = re.compile(r'<span class="badge[^"]*">(.*?)</span>', re.S)
LINK = re.compile(r'href="/glossary#term-([\w-]+)"')


def _joint_labels():
    """The one badge that is not a status: "Joint" (a case with several boards), in every language."""
    from flask_babel import force_locale, gettext
    labels = set()
    for lang in ("sv", "en", "ar"):
        with force_locale(lang):
            labels.add(gettext("Joint"))
    return labels


def _check(html, url, slugs):
    badges = BADGE.findall(html)
    for inner in badges:
        if "glossary-link" not in inner:
            assert inner.strip() in _joint_labels(), (url, inner)
    for slug in LINK.findall(html):
        assert slug in slugs, (url, slug)
    return len(badges)


def test_crawl_every_status_and_level_badge_links_to_an_existing_term(db, client, auth, guidance, staff, handled,
                                                                       walk, make_dialogue, make_proposal):
    slugs = set(db.session.scalars(db.select(GlossaryTerm.slug)))
    case = walk(handled(), "consultation")
    decided = walk(handled(title="Trygg cykelväg till Oxievångsskolan"), "decided")
    d = make_dialogue(state="open")
    make_dialogue(state="closed", title="Avslutad dialog")
    p = make_proposal(state="published")
    db.session.commit()
    from portal.search.sync import run_once
    run_once()  # index the proposals so the search page shows hits with status badges
    db.session.commit()
    public = ["/", "/proposals/", f"/proposals/{p.id}", f"/proposals/{case.proposal_id}",
              f"/proposals/{decided.proposal_id}", "/dialogues/", f"/dialogues/{d.id}", "/search?q=cykel",
              "/glossary", "/participation/", "/participation/consultation"]
    staff_pages = ["/handling/", "/handling/overview", f"/handling/cases/{case.id}", f"/handling/cases/{decided.id}",
                   "/dialogues/coordination", f"/dialogues/{d.id}"]
    seen = 0
    for lang in ("sv", "en", "ar"):
        switch(client, lang)
        for url in public:
            status, html = get(client, url)
            assert status == 200, url
            seen += _check(html, url, slugs)
    auth.login(staff.coordinator)
    for url in staff_pages:
        status, html = get(client, url)
        assert status == 200, url
        seen += _check(html, url, slugs)
    assert seen > 20


def test_link_has_an_accessible_name_and_no_hover_only_text(client, db, make_dialogue, guidance):
    d = make_dialogue(state="open")
    db.session.commit()
    switch(client, "en")
    html = get(client, f"/dialogues/{d.id}")[1]
    assert ('<a class="glossary-link" href="/glossary#term-dialogue-open">Open for views'
            '<span class="visually-hidden"> (what it means)</span></a>') in html
    assert 'href="/glossary#term-level-consultation"' in html and 'href="/glossary#term-medborgardialog"' in html
