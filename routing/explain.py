"""Plain-text explanation of a decision for officers and residents (sv, en or ar)."""
from __future__ import annotations

from .engine import Decision
from .ruleset import RuleSet

_TEXT = {
    "sv": {
        "triage": "Ingen nämnd kunde väljas säkert: förslaget går till manuell fördelning (stadskontoret).",
        "boards": "Berörda nämnder:", "lead": "samordnande nämnd", "score": "poäng",
        "rule": "regel", "topic": "valt ämne", "words": "ord i texten", "topics": "Ämnen:",
        "version": "Regeluppsättning", "language": "språk",
        "many": "{lead} samordnar eftersom ärendet berör {n} nämnder.",
        "city": "{lead} samordnar eftersom ärendet gäller hela staden.",
        "weak": "Svaga träffar (under tröskeln {min}):",
        "where": {"title": "i rubriken", "request": "i det som föreslås", "neutral": "i texten",
                  "background": "i bakgrunden"},
        "counts": "räknas {s}",
        "salience": "Det som förslaget ber om väger mer än det som bara nämns (rubrik 1,5; begäran 1; "
                    "bakgrund {bg}; en plats som bara anger var {loc}).",
    },
    "en": {
        "triage": "No board could be chosen with confidence: the proposal goes to manual triage (city office).",
        "boards": "Boards concerned:", "lead": "lead board", "score": "score",
        "rule": "rule", "topic": "chosen topic", "words": "words in the text", "topics": "Topics:",
        "version": "Rule set", "language": "language",
        "many": "{lead} leads because the matter concerns {n} boards.",
        "city": "{lead} leads because the matter concerns the whole city.",
        "weak": "Weak matches (below the threshold {min}):",
        "where": {"title": "in the title", "request": "in what is asked for", "neutral": "in the text",
                  "background": "in the background"},
        "counts": "counts {s}",
        "salience": "What the proposal asks for weighs more than what it only mentions (title 1.5; "
                    "request 1; background {bg}; a place named only as a location {loc}).",
    },
    "ar": {
        "triage": "لم يمكن اختيار لجنة بثقة: يذهب الاقتراح إلى التوزيع اليدوي (مكتب المدينة).",
        "boards": "اللجان المعنية:", "lead": "اللجنة المنسقة", "score": "النقاط",
        "rule": "القاعدة", "topic": "الموضوع المختار", "words": "الكلمات في النص", "topics": "المواضيع:",
        "version": "مجموعة القواعد", "language": "اللغة",
        "many": "تنسّق {lead} لأن المسألة تخص {n} لجان.",
        "city": "تنسّق {lead} لأن المسألة تخص المدينة كلها.",
        "weak": "إشارات ضعيفة (دون العتبة {min}):",
        "where": {"title": "في العنوان", "request": "فيما يُطلب", "neutral": "في النص",
                  "background": "في الخلفية"},
        "counts": "تُحسب {s}",
        "salience": "ما يطلبه الاقتراح يزن أكثر مما يذكره فقط (العنوان 1.5؛ الطلب 1؛ الخلفية {bg}؛ "
                    "مكان مذكور كموقع فقط {loc}).",
    },
}


def explain(d: Decision, rs: RuleSet, lang: str = "sv") -> str:
    """Return a human-readable account of why the decision came out as it did."""
    t = _TEXT.get(lang, _TEXT["sv"])

    def name(slug: str) -> str:
        b = rs.boards[slug]
        return b.name.get(lang) or b.name["sv"]

    out = [f"{t['version']}: {rs.name} {d.ruleset_version} ({t['language']}: {d.language})"]
    if d.needs_triage:
        out.append(t["triage"])
    else:
        out.append(t["boards"])
        for b in d.boards:
            lead = f" – {t['lead']}" if b == d.lead else ""
            out.append(f"  {name(b)} [{b}] ({t['score']} {d.scores.get(b, 0.0):.2f}){lead}")
            for m in d.matches:
                if m.board != b:
                    continue
                if m.rule.startswith("topic:"):
                    out.append(f"    {t['topic']}: {m.rule[6:]}")
                elif m.rule.startswith("policy:"):
                    continue                    # explained by the lead sentence below
                else:
                    words = f"; {t['words']}: {', '.join(m.words)}" if m.words else ""
                    where = ""
                    if m.where:
                        where = f" ({t['where'].get(m.where, m.where)}, {t['counts'].format(s=f'{m.salience:g}')})"
                    out.append(f"    {t['rule']} {m.rule}: {', '.join(m.terms)}{words}{where}")
        policy = [m.rule for m in d.matches if m.rule.startswith("policy:")]
        if policy:
            key = "city" if policy[0] == "policy:city-wide" else "many"
            n = sum(1 for b in d.boards if d.scores.get(b, 0.0) >= rs.settings.min_score)
            out.append(t[key].format(lead=name(d.lead), n=n))
        if d.topics:
            names = [rs.topics[s].name.get(lang) or rs.topics[s].name["sv"] for s in d.topics]
            out.append(f"{t['topics']} {', '.join(names)}")
    st = rs.settings
    out.append(t["salience"].format(bg=f"{st.background_weight:g}", loc=f"{st.location_weight:g}"))
    weak = [b for b in rs.precedence if b not in d.boards and d.scores.get(b, 0) > 0]
    if weak:
        out.append(t["weak"].format(min=rs.settings.min_score))
        out.extend(f"  {name(b)} ({t['score']} {d.scores[b]:.2f})" for b in weak)
    return "\n".join(out)
