"""The fast tokenisers give exactly what the regular expressions define: tokens are
``_TOKEN`` matches, sentences end at ``_SENTENCE_END``."""
import json
import random
from pathlib import Path

from routing.normalise import _SENTENCE_END, _TOKEN, normalise, sentence_tokens, tokens

DATA = Path(__file__).parent / "data"


def _reference_sentences(text):
    return [t for t in (_TOKEN.findall(piece) for piece in _SENTENCE_END.split(text)) if t]


def _texts():
    rng = random.Random(7)
    alphabet = "ab å-–—_.!?;؛؟…\n\r\t•·,:x1é\u0301ا\u2028\x0b'\"()/"
    yield from ("".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 40))) for _ in range(5000))
    for name in ("realstyle.jsonl", "realstyle-holdout.jsonl"):
        for line in (DATA / name).read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            yield normalise(item["title"] + "\n" + (item.get("body") or ""))


def test_tokens_and_sentences_match_the_regular_expressions():
    for text in _texts():
        assert tokens(text) == _TOKEN.findall(text), repr(text)
        assert sentence_tokens(text) == _reference_sentences(text), repr(text)


def test_sentence_ends():
    assert sentence_tokens("a b. c\nd – e-f; g") == [["a", "b"], ["c"], ["d"], ["e-f"], ["g"]]
    assert sentence_tokens("gång- och cykelbana") == [["gång", "och", "cykelbana"]]
