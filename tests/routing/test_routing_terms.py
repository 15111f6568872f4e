"""routing.terms: the public stop words and content terms that code outside routing uses."""
import subprocess
import sys

from routing.terms import content_terms, languages, stopwords
from routing_testdata import ROOT


def test_stop_words_per_language_and_all():
    assert languages() == ("sv", "en", "ar")
    assert {"och", "också", "eftersom"} <= stopwords("sv") and "the" in stopwords("en") and "في" in stopwords("ar")
    assert stopwords("xx") == frozenset()
    assert stopwords() == stopwords("sv") | stopwords("en") | stopwords("ar")


def test_content_terms_drop_stop_words_short_words_and_digits():
    assert content_terms("Bygg också en Pulkabacke i Hyllie 2026, TN-2026-00123 och the park!") == [
        "bygg", "pulkabacke", "hyllie", "park"]
    assert content_terms("Park, park och PARK") == ["park", "park", "park"]
    assert content_terms("Bad vid sjön", min_length=3) == ["bad", "sjön"]
    assert content_terms("") == [] and content_terms(None) == []
    assert content_terms("نريد مكتبة في الحي") == ["نريد", "مكتبه", "الحي"]   # ة normalised to ه


def test_importing_terms_pulls_in_no_web_or_database_library():
    code = ("import routing.terms, sys; "
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('flask', 'sqlalchemy')); assert not bad, bad")
    p = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
