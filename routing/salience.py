"""Salience: what a proposal asks for weighs more than what it mentions.

A proposal is read as units: its title, then each sentence of its body. Each
unit gets a weight, and each term found in it may be discounted further:

* the title weighs ``1 + title_bonus``;
* a body sentence that makes a request (a request verb or phrase: "bygg",
  "inför", "förbjud", "laga", "vi vill", "föreslår", "please", "should",
  "نقترح", "يجب") weighs 1;
* a background sentence (the writer's own story: "jag bor", "brukar",
  "förra året", "I live", "أسكن") weighs ``background_weight``;
* any other sentence weighs 1 when the body makes no request at all, and
  ``neutral_weight`` when another sentence does;
* a term named only as a location, after a place preposition ("vid
  biblioteket", "bredvid skolan", "near the library", "قرب المكتبة"),
  also in the title, is multiplied by ``location_weight``, and so is a
  term given as an example or a purpose ("till exempel inom äldreomsorgen",
  "such as", "så att jag kan gå på konserter", "för att", "حتى");
* a background sentence, or one beside a sentence that asks, that touches ``list_boards`` or more boards
  is a list of things passed by: each of its terms is multiplied by
  ``list_boards - 1`` divided by the number of boards it touches.

The words here are language, not city data, so they live in code; a rule set
tunes the weights in its ``settings``.
"""
from __future__ import annotations

from .normalise import fold

_REQUEST_SV = """
bygg bygga bygger anlägg anlägga inför införa förbjud förbjuda förbud laga lagas reparera
sänk sänka höj höja öka utöka minska inrätta installera installeras sätt sätta öppna öppnas
stäng stänga flytta rusta renovera renoveras byt byta förbättra förbättras skapa skapas starta
ordna ordnas erbjud erbjuda plantera planteras måla målas satsa satsas gör utred utreda
ändra ändras tillsätt tillsätta anordna anställ anställa ersätt ersätta förläng förlänga
förkorta bevara behåll behålla ställ ställa placera placeras samarbeta samverka förebygg förebygga riv
riva hyr hyra inrätta åtgärda åtgärdas planera planeras testa testas pröva prova låt inled inleda
vill önskar önskemål önskas föreslår föreslås förslag förslaget yrkar kräver kräv uppmanar
borde bör behövs behöver behov saknas saknar måste hoppas snälla vänligen
"""
_REQUEST_EN = """
build install introduce ban prohibit fix repair lower reduce raise increase open close move
renovate replace improve create start provide plant paint invest set extend keep preserve
remove demolish hire please propose proposal suggest suggestion request want wish need needs
needed should must ought urge ask let
"""
_REQUEST_AR = """
اقترح نقترح اقتراح مقترح نطالب اطالب مطالبه يجب ينبغي نريد اريد نرجو ارجو الرجاء يرجى نتمني
اتمني نحتاج احتاج بحاجه نامل امل بناء انشاء تركيب اصلاح منع حظر توفير زياده تخفيض فتح اغلاق
تحسين تجديد اضافه اقامه اعاده اتمنى نتمنى
"""
_BACKGROUND_SV = """
bor bodde bott brukar brukade växte växt minns mindes förra fjol tidigare passerar förbi
pendlar jobbar arbetar gick
"""
_BACKGROUND_EN = "live lived living used grew remember last passing pass past walk commute"
_BACKGROUND_AR = "اسكن نسكن اعيش نعيش اقيم نقيم كنت كنا اذكر امر نمر الماضي الماضيه"
_LOCATION = """
vid bredvid nära intill mittemot utanför bakom framför förbi invid runt kring ovanför nedanför
längs utmed genom near beside opposite behind outside past next by around along through across
قرب بقرب بالقرب بجانب جانب امام خلف مقابل عند حول جنب
"""
# Words that introduce examples or a purpose: what follows illustrates or gives the reason,
# it is not what is asked for ("ledsagning så att jag kan gå på konserter").
_EXAMPLE = frozenset("exempel exempelvis t.ex såsom example e.g such مثل مثلا حتى لكي كي".split())
_PURPOSE = frozenset({("så", "att"), ("sa", "att"), ("för", "att"), ("for", "att"), ("so", "that"),
                      ("in", "order"), ("so", "we"), ("so", "i"), ("so", "they"), ("t", "ex")})
_PURPOSE_SECOND: dict[str, frozenset[str]] = {
    b: frozenset(a for a, b2 in _PURPOSE if b2 == b) for _, b in _PURPOSE}
_MARKER_WORDS = _EXAMPLE | frozenset(_PURPOSE_SECOND)
# Words that may stand between a place preposition and the place ("vid den gamla skolan").
_BETWEEN = frozenset("""
den det de gamla gamle nya stora lilla förra före detta f.d the old former new big small
to of من ال القديم القديمه الجديد
alla samtliga en ett vår vårt våra min mitt mina all every a an our my كل جميع
""".split())
# Words that join places in a list ("förbi skolan, biblioteket och simhallen").
_AND = frozenset("och eller samt and or و او".split())
# "där gamla biblioteket låg": a former place, named to say where.
_WHERE = frozenset("där where حيث".split())
_FORMER = frozenset("gamla förra tidigare old former القديم القديمه السابق".split())


def _words(text: str) -> frozenset[str]:
    # Folded forms (typed without å/ä/ö) only from five letters: "bör" must not become "bor".
    words = set(text.split())
    return frozenset(words | {f for f in map(fold, words) if len(f) >= 5})


REQUEST = _words(" ".join((_REQUEST_SV, _REQUEST_EN, _REQUEST_AR)))
BACKGROUND = _words(" ".join((_BACKGROUND_SV, _BACKGROUND_EN, _BACKGROUND_AR)))
LOCATION = _words(_LOCATION)
_AR_CLITICS = ("و", "ف")


def _has(toks: list[str], words: frozenset[str], arabic: bool) -> bool:
    if not words.isdisjoint(toks):
        return True
    return arabic and any(t[1:] in words for t in toks if t[:1] in _AR_CLITICS)


def unit_kind(toks: list[str], arabic: bool = True) -> str:
    """'request', 'background' or 'neutral' for one body sentence (``arabic``: it may hold Arabic)."""
    if _has(toks, REQUEST, arabic):
        return "request"
    if _has(toks, BACKGROUND, arabic):
        return "background"
    return "neutral"


def example_start(toks: list[str]) -> int:
    """Position after which the sentence gives examples ("till exempel", "such as"), or len(toks)."""
    present = _MARKER_WORDS.intersection(toks)
    if not present:
        return len(toks)
    start = len(toks)
    for w in present & _EXAMPLE:
        start = min(start, toks.index(w) + 1)
    for second in present & _PURPOSE_SECOND.keys():
        firsts = _PURPOSE_SECOND[second]
        i = toks.index(second)
        while i < start:
            if i and toks[i - 1] in firsts:
                start = i + 1
                break
            try:
                i = toks.index(second, i + 1)
            except ValueError:
                break
    return start


def as_location(toks: list[str], pos: int) -> bool:
    """Whether the word at ``pos`` follows a place preposition ("vid gamla biblioteket"),
    also as a later item of a list after one ("förbi skolan, biblioteket och simhallen")."""
    i = pos - 1
    listed = False                     # a list runs back from here: earlier items are skipped
    former = False
    while i >= 0 and pos - i <= 8:
        t = toks[i]
        if t in LOCATION or (len(t) > 2 and t[0] == "ب" and t[1:] in LOCATION):
            return True
        if former and t in _WHERE:
            return True
        if t in _AND:
            listed = True
        elif t in _FORMER:
            former = True
        elif t not in _BETWEEN and not listed:
            return False
        i -= 1
    return False
