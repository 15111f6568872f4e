"""Demo residents, staff and proposals in every state; the README lists the logins."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from ..accounts.models import Role, User
from ..db import utcnow
from ..extensions import db
from ..proposals.models import Proposal, ProposalEvent, ProposalState as S, Support
from ..markdown import render_markdown
from ..profile.models import Board, District, Topic

DEMO_PASSWORD = "demo-losenord-2026"  # nosec B105

STAFF = [
    ("moderator@demo.malmo.se", "Moa Moderator", [Role.MODERATOR], []),
    ("coordinator@demo.malmo.se", "Kim Samordnare", [Role.COORDINATOR], []),
    ("officer.tn@demo.malmo.se", "Tove Handläggare (TN)", [Role.OFFICER], ["tekniska"]),
    ("officer.grn@demo.malmo.se", "Gustav Handläggare (GRN)", [Role.OFFICER], ["grundskola"]),
    ("politician@demo.malmo.se", "Eva Förtroendevald", [Role.REPRESENTATIVE], ["tekniska"]),
    ("admin@demo.malmo.se", "Ali Administratör", [Role.ADMIN], []),
]
RESIDENTS = [
    ("anna@demo.example", "Anna i Kirseberg", "sv"), ("omar@demo.example", "Omar R.", "ar"),
    ("lena@demo.example", "Lena Limhamn", "sv"), ("sam@demo.example", "Sam (English)", "en"),
    ("fatima@demo.example", "Fatima H.", "ar"), ("erik@demo.example", "Erik från Hyllie", "sv"),
]

# (title, summary, body, district slug, topic slugs, state)
PROPOSALS = [
    ("Säker cykelväg till Oxievångsskolan", "Barnen behöver en separat cykelbana till skolan.",
     "Många elever cyklar längs **Oxievägen** där bilarna kör fort.\n\n- Bygg en separat cykelbana\n- Sätt upp ett övergångsställe vid skolan",
     "oxie", ["cykel", "grundskola"], S.PUBLISHED),
    ("Fler lekplatser i Kirseberg", "Det saknas lekplatser för små barn runt Kirsebergstorget.",
     "Bygg en lekplats med gungor och sandlåda i parken vid torget.", "kirseberg", ["lekplatser"], S.PUBLISHED),
    ("Längre öppettider på biblioteken", "Biblioteken borde vara öppna till klockan 21.",
     "Många som arbetar hinner inte besöka biblioteket på dagtid.", None, ["kultur-bibliotek"], S.PUBLISHED),
    ("Hundrastgård i Pildammsparken", "En inhägnad hundrastgård behövs i Pildammsparken.",
     "Hundägare och andra parkbesökare skulle få det bättre med en hundrastgård.", "sodra-innerstaden", ["parker"], S.PUBLISHED),
    ("Öppna fritidsgården i Rosengård på helgerna", "Ungdomarna behöver en plats på fredag och lördag kväll.",
     "Fritidsgården borde ha öppet längre och erbjuda aktiviteter.", "rosengard", ["idrott-fritid"], S.PUBLISHED),
    ("Mer vegetarisk mat i skolmatsalen", "Skolmaten borde ha ett vegetariskt alternativ varje dag.",
     "Bättre för klimatet och för elever som inte äter kött.", None, ["lokaler-maltider"], S.PUBLISHED),
    ("Bänkar längs promenadstråket i Limhamn", "Äldre behöver kunna vila längs strandpromenaden.",
     "Sätt ut fler bänkar med ryggstöd längs stråket.", "limhamn-bunkeflo", ["parker", "aldreomsorg-halsa"], S.PUBLISHED),
    ("Bättre belysning i gångtunneln vid Hyllie station", "Tunneln känns otrygg på kvällen.",
     "Mer och bättre belysning skulle öka tryggheten.", "hyllie", ["trafik", "demokrati-trygghet"], S.PUBLISHED),
    ("Träffpunkt för seniorer med kulturprogram", "Många äldre är ensamma.",
     "Skapa en träffpunkt för seniorer med musik och föreläsningar tillsammans med biblioteket.", "husie", ["aldreomsorg-halsa", "kultur-bibliotek"], S.PUBLISHED),
    ("Laddstolpar för elbilar i Fosie", "Det finns för få laddplatser.", "Fler publika laddstolpar vid centrumet.", "fosie", ["miljo-klimat"], S.PUBLISHED),
    ("Utegym i Folkets park", "Ett utegym gratis för alla.", "Bygg ett utegym med enkla redskap.", "sodra-innerstaden", ["idrott-fritid", "parker"], S.PUBLISHED),
    ("Fler papperskorgar på Möllevångstorget", "Det blir mycket skräp på torget.", "Fler papperskorgar och tätare tömning.", "sodra-innerstaden", ["parker"], S.PUBLISHED),
    ("Bevara grönområdet vid Husie mosse", "Bygg inte bostäder på ängen.", "Ängen är viktig för djur och människor.", "husie", ["stadsplanering-bostader", "miljo-klimat"], S.PUBLISHED),
    ("Sommarjobb för fler unga", "Alla ungdomar borde få ett sommarjobb.", "Utöka kommunens sommarjobb för unga.", None, ["arbete-socialt-stod"], S.PUBLISHED),
    ("Teckenspråkstolk på medborgardialoger", "Gör dialogerna tillgängliga.", "Erbjud tolk vid alla öppna möten.", None, ["funktionsstod", "demokrati-trygghet"], S.PUBLISHED),
    ("Mindre biltrafik på Davidshallstorg", "Gör torget bilfritt på helger.", "Bilfria helger skulle göra torget trevligare.", "centrum", ["trafik"], S.PUBLISHED),
    ("Utomhuspedagogik på förskolorna", "Mer undervisning utomhus för de minsta.", "Förskolegårdar med odling och natur.", "vastra-innerstaden", ["forskola"], S.PUBLISHED),
    ("Kvällskurser i svenska för vuxna", "Fler kvällskurser i SFI.", "Många arbetar dagtid och kan inte gå på SFI.", "rosengard", ["gymnasium-vuxenutbildning"], S.PUBLISHED),
    ("Översätt kommunens information till arabiska", "Viktig information borde finnas på fler språk.", "Särskilt om skola och vård.", None, ["demokrati-trygghet"], S.THRESHOLD_REACHED),
    ("Bygg ett nytt badhus i Hyllie", "Simhallarna räcker inte till.", "Ett badhus med 50-metersbassäng.", "hyllie", ["idrott-fritid"], S.IN_HANDLING),
    ("Cykelparkering vid Triangeln", "Fler och säkrare cykelställ.", "Det är fullt varje morgon.", "centrum", ["cykel"], S.IN_HANDLING),
    ("Blommor på Gustav Adolfs torg", "Plantera fler blommor.", "Torget är grått.", "centrum", ["parker"], S.ANSWERED),
    ("Gratis wifi i parkerna", "Öppet nätverk i stadens parker.", "Bra för unga och turister.", None, ["parker"], S.CLOSED),
    ("Fler soptunnor för hundbajs", "Hundbajspåsar överallt.", "Sätt upp fler tunnor.", "fosie", ["parker"], S.EXPIRED),
    ("Skateboardpark i Oxie", "Unga i Oxie vill åka skateboard.", "En enkel skatepark bakom idrottsplatsen.", "oxie", ["idrott-fritid"], S.EXPIRED),
    ("Hastighetsdämpare på Lundavägen", "Bilarna kör för fort.", "Farthinder vid övergångsställena.", "kirseberg", ["trafik"], S.WITHDRAWN),
    ("Odlingslotter i Västra Innerstaden", "Fler kan odla i staden.", "Stadsodling på tomma ytor.", "vastra-innerstaden", ["miljo-klimat", "parker"], S.SUBMITTED),
    ("Konstverk i Rosengårds centrum", "Offentlig konst av lokala konstnärer.", "En tävling för unga konstnärer.", "rosengard", ["kultur-bibliotek"], S.SUBMITTED),
    ("Stäng av min grannes fest", "Grannen Per Persson på Storgatan 1 spelar hög musik.", "Gör något åt det.", "centrum", ["demokrati-trygghet"], S.REJECTED),
    ("Lekplats vid Ribersborg", "Utkast om en ny lekplats vid stranden.", "Jag skriver mer sen.", "vastra-innerstaden", ["lekplatser"], S.DRAFT),
    ("Bättre snöröjning på cykelbanorna", "Cykelbanorna plogas för sent.", "Prioritera cykelbanor vid snöfall.", None, ["cykel", "trafik"], S.PUBLISHED),
    ("Läxhjälp på biblioteket", "Gratis läxhjälp för elever.", "Volontärer och lärarstudenter kan hjälpa till.", "fosie", ["grundskola", "kultur-bibliotek"], S.PUBLISHED),
]

PATH = {
    S.DRAFT: [], S.SUBMITTED: [S.SUBMITTED], S.REJECTED: [S.SUBMITTED, S.REJECTED],
    S.PUBLISHED: [S.SUBMITTED, S.PUBLISHED], S.EXPIRED: [S.SUBMITTED, S.PUBLISHED, S.EXPIRED],
    S.WITHDRAWN: [S.SUBMITTED, S.PUBLISHED, S.WITHDRAWN],
    S.THRESHOLD_REACHED: [S.SUBMITTED, S.PUBLISHED, S.THRESHOLD_REACHED],
    S.IN_HANDLING: [S.SUBMITTED, S.PUBLISHED, S.THRESHOLD_REACHED, S.IN_HANDLING],
    S.ANSWERED: [S.SUBMITTED, S.PUBLISHED, S.THRESHOLD_REACHED, S.IN_HANDLING, S.ANSWERED],
    S.CLOSED: [S.SUBMITTED, S.PUBLISHED, S.THRESHOLD_REACHED, S.IN_HANDLING, S.ANSWERED, S.CLOSED],
}


# Residents who only support: the proposals that reached the threshold got there with real supports.
SUPPORTERS = 100


def _supporters(n: int) -> list[User]:
    """`n` demo residents sharing one password hash (hashing each would take seconds)."""
    first = _user("stod001@demo.example", "Invånare 1")
    users = [first]
    for k in range(2, n + 1):
        u = User(email=f"stod{k:03d}@demo.example", display_name=f"Invånare {k}", locale="sv",
                 email_confirmed_at=first.email_confirmed_at, password_hash=first.password_hash)
        db.session.add(u)
        users.append(u)
    return users


def _user(email, name, locale="sv"):
    user = User(email=email, display_name=name, locale=locale, email_confirmed_at=utcnow())
    user.set_password(DEMO_PASSWORD)
    db.session.add(user)
    return user


def _seed_comments(residents) -> None:
    """A short conversation under the first published proposal, with a reply."""
    from ..comments.models import Comment, CommentState
    p = db.session.scalar(select(Proposal).where(Proposal.state == S.PUBLISHED).order_by(Proposal.id))
    if p is None or len(residents) < 3:
        return
    first = Comment(proposal_id=p.id, author_id=residents[1].id, state=CommentState.PUBLISHED,
                    body="Bra förslag! Vägen är farlig på morgonen när alla ska till skolan.")
    db.session.add(first)
    db.session.flush()
    db.session.add(Comment(proposal_id=p.id, author_id=residents[2].id, parent_id=first.id,
                           state=CommentState.PUBLISHED, body="Håller med, jag cyklar där varje dag."))
    db.session.flush()


def seed_demo(if_empty: bool = False) -> dict:
    """Create the demo content. Needs the profile loaded (`flask profile load`)."""
    if if_empty and db.session.scalar(select(func.count(Proposal.id))):
        return {"skipped": "proposals exist"}
    boards = {b.slug: b for b in db.session.scalars(select(Board))}
    districts = {d.slug: d for d in db.session.scalars(select(District))}
    topics = {t.slug: t for t in db.session.scalars(select(Topic))}
    if not boards:
        raise RuntimeError("Load the profile first: flask profile load")
    from ..moderation.models import ensure_default_reasons
    ensure_default_reasons()
    moderator = None
    for email, name, roles, board_slugs in STAFF:
        user = _user(email, name)
        for r in roles:
            user.grant(r)
        user.boards = [boards[s] for s in board_slugs]
        moderator = moderator or user
    residents = [_user(e, n, loc) for e, n, loc in RESIDENTS]
    supporters = _supporters(SUPPORTERS)
    db.session.flush()
    now = utcnow()
    created = 0
    for i, (title, summary, body, district, topic_slugs, state) in enumerate(PROPOSALS):
        author = residents[i % len(residents)]
        duration = [3, 6, 9, 12][i % 4]
        # An expired proposal was published long enough ago for its support period to have ended.
        start = now - timedelta(days=(30 * duration + 5) if state == S.EXPIRED else 60 - i)
        p = Proposal(title=title, summary=summary, body=body, body_html=render_markdown(body),
                     district=districts.get(district) if district else None,
                     topics=[topics[t] for t in topic_slugs if t in topics], duration_months=duration,
                     state=S.DRAFT, author=author, created_at=start)
        db.session.add(p)
        prev = S.DRAFT
        for step, to in enumerate(PATH[state]):
            at = start + timedelta(days=step + 1)
            if to == S.EXPIRED:
                at = p.ends_at + timedelta(hours=1)  # the hourly tick after the end date
            note = "Innehåller namn på en privatperson (tredje man)." if to == S.REJECTED else None
            p.events.append(ProposalEvent(from_state=prev, to_state=to, at=at, note=note,
                                          actor_id=moderator.id if to in (S.PUBLISHED, S.REJECTED) else author.id))
            prev = to
            if to == S.SUBMITTED:
                p.submitted_at = at
            if to == S.PUBLISHED:
                p.published_at = at
                p.ends_at = at + timedelta(days=30 * p.duration_months)
                p.support_threshold = 100
            if to == S.REJECTED:
                p.rejection_reason = note
        p.state = state
        created += 1
    db.session.flush()
    # Supports: a few per published proposal from the demo residents; the threshold's worth, before
    # it was reached, for the proposals that reached it.
    for p in db.session.scalars(select(Proposal).where(Proposal.published_at.is_not(None))):
        reached = next((e.at for e in p.events if e.to_state == S.THRESHOLD_REACHED), None)
        backers = residents[:(p.id * 7) % len(residents)]
        if reached is not None:
            backers = residents + supporters[:max(0, (p.support_threshold or 0) - len(residents))]
        until = reached or min(now, p.ends_at or now)
        step = (until - p.published_at) / (len(backers) + 1)
        for k, r in enumerate(backers, 1):
            # Some supporters show their name, one an alias, the others are only counted.
            db.session.add(Support(proposal_id=p.id, user_id=r.id, created_at=p.published_at + step * k,
                                   shown=k % 2 == 1, alias="En granne" if k == 3 else None))
        p.support_count = len(backers)
    db.session.flush()
    _seed_comments(residents)
    from ..dialogues.seed import seed_dialogues
    from ..guidance.operations import seed_guidance
    from ..handling.demo import seed_handling, seed_history
    return {"proposals": created, "residents": len(residents), "staff": len(STAFF), **seed_handling(), **seed_history(),
            "dialogues": seed_dialogues(), "guidance": seed_guidance()}
