"""Headings written in user content continue the page's outline (axe heading-order)."""
import re

from portal.markdown import fit_headings, render_markdown

BODY = "## Bakgrund\n\nBarnen cyklar.\n\n### Vad vi vill\n\n- En cykelbana\n\n# Sammanfattning\n\nKort."


def levels(html: str) -> list[int]:
    return [int(n) for n in re.findall(r"<h([1-6])[\s>]", html)]


def assert_outline(html: str) -> None:
    seq = levels(html)
    assert seq and seq[0] == 1, seq
    for prev, cur in zip(seq, seq[1:]):
        assert cur <= prev + 1, f"h{prev} followed by h{cur}: {seq}"


def test_fit_headings_starts_at_the_given_level_without_gaps():
    html = render_markdown(BODY)
    assert levels(html) == [4, 5, 3]  # in the order written, below the page's h1 and h2
    assert levels(fit_headings(html, 2)) == [2, 3, 2]
    assert levels(fit_headings(render_markdown("#### Bara en\n\ntext"), 2)) == [2]
    assert levels(fit_headings(render_markdown("# A\n\n## B\n\n### C\n\n#### D\n\n##### E"), 4)) == [4, 5, 6, 6, 6]
    assert str(fit_headings("<p>ingen rubrik</p>", 2)) == "<p>ingen rubrik</p>"


def test_a_proposal_page_keeps_its_outline(db, client, make_proposal):
    p = make_proposal(state="published", body=BODY)
    db.session.commit()
    assert_outline(client.get(f"/proposals/{p.id}").get_data(as_text=True))
