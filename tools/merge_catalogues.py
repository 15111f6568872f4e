"""Resolve a git merge conflict in the catalogues: keep every translation from both sides.

Run during a conflicted merge from the project root:
    python tools/merge_catalogues.py && make extract && python tools/merge_catalogues.py --apply
The first call saves both sides' translations to .cache/catalogue-merge.json and checks out
"ours" so extraction can run; `make extract` brings the catalogues up to date with the merged
code; `--apply` writes the saved translations back into every entry that has none.
"""
import json
import subprocess
import sys
from io import BytesIO
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
SAVE = ROOT / ".cache" / "catalogue-merge.json"
LANGS = ("sv", "ar", "en")


def _side(path: str, stage: int):
    out = subprocess.run(["git", "show", f":{stage}:{path}"], cwd=ROOT, capture_output=True)
    return read_po(BytesIO(out.stdout)) if out.returncode == 0 else None


def _key(message) -> str:
    """msgctxt and msgid together: the same English word can need two translations."""
    msgid = message.id[0] if isinstance(message.id, tuple) else message.id
    return f"{message.context}\x04{msgid}" if message.context else msgid


def save() -> None:
    data = {}
    for lang in LANGS:
        rel = f"translations/{lang}/LC_MESSAGES/messages.po"
        merged = {}
        for stage in (2, 3):
            catalog = _side(rel, stage)
            if catalog is None:
                continue
            for m in catalog:
                key = _key(m)
                value = list(m.string) if isinstance(m.string, tuple) else m.string
                if m.id and (all(value) if isinstance(value, list) else value):
                    merged.setdefault(key, value)
        data[lang] = merged
        subprocess.run(["git", "checkout", "--ours", rel], cwd=ROOT, check=False)
    subprocess.run(["git", "checkout", "--ours", "translations/messages.pot"], cwd=ROOT, check=False)
    SAVE.parent.mkdir(exist_ok=True)
    SAVE.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    print(f"saved {sum(len(v) for v in data.values())} translations to {SAVE}")


def apply() -> None:
    data = json.loads(SAVE.read_text(encoding="utf-8"))
    for lang in LANGS:
        path = ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po"
        with path.open("rb") as f:
            catalog = read_po(f)
        filled = 0
        for m in catalog:
            key = _key(m)
            if not m.id or key not in data.get(lang, {}):
                continue
            have = all(m.string) if isinstance(m.string, tuple) else bool(m.string)
            if not have:
                value = data[lang][key]
                m.string = tuple(value) if isinstance(value, list) else value
                m.flags.discard("fuzzy")
                filled += 1
        with path.open("wb") as f:
            write_po(f, catalog, width=0, ignore_obsolete=True)
        missing = [m.id for m in catalog if m.id and not (all(m.string) if isinstance(m.string, tuple) else m.string)]
        print(f"{lang}: filled {filled}, still untranslated {len(missing)}")


if __name__ == "__main__":
    apply() if "--apply" in sys.argv else save()
