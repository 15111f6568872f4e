"""Page titles are plain text: no markup inside <title> (the moderation queue had a link in it)."""
import re

from tests.conftest import REPO

TITLE_BLOCK = re.compile(r"{%-?\s*block title\s*-?%}(.*?){%-?\s*endblock", re.S)


def test_no_template_puts_markup_in_the_page_title():
    offenders = []
    for path in sorted((REPO / "portal").rglob("*.html")):
        for block in TITLE_BLOCK.findall(path.read_text(encoding="utf-8")):
            if re.search(r"<\s*[a-zA-Z/]", block):
                offenders.append(f"{path.relative_to(REPO)}: {block.strip()[:80]}")
    assert not offenders, offenders


def test_the_moderation_queue_title_is_plain_text(db, client, auth, make_user):
    auth.login(make_user(roles=["moderator"]))
    body = client.get("/moderation/").get_data(as_text=True)
    title = re.search(r"<title>(.*?)</title>", body, re.S).group(1)
    assert "<" not in title and title.startswith("Moderering – ")
    assert 'href="/dialogues/moderation' in body or "Bidrag till dialoger" in body
