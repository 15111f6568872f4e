"""Apply translations to the catalogues: `python tools/translate.py FILE.json`.

FILE.json maps an English msgid to {"sv": "...", "ar": "..."}; a plural entry takes lists
(sv: 2 forms, ar: 6 forms in the order of the catalogue's Plural-Forms header).
"""
import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent / "translations"


def apply(mapping: dict) -> None:
    for lang in ("sv", "ar", "en"):
        path = ROOT / lang / "LC_MESSAGES" / "messages.po"
        with path.open("rb") as f:
            catalog = read_po(f)
        for message in catalog:
            key = message.id[0] if isinstance(message.id, tuple) else message.id
            if not key or key not in mapping:
                continue
            if lang == "en":
                value = list(message.id) if isinstance(message.id, tuple) else message.id
            else:
                value = mapping[key].get(lang)
                if value is None:
                    continue
            message.string = tuple(value) if isinstance(value, list) else value
            message.flags.discard("fuzzy")
        with path.open("wb") as f:
            write_po(f, catalog, width=0, ignore_obsolete=True)


if __name__ == "__main__":
    apply(json.loads(Path(sys.argv[1]).read_text(encoding="utf-8")))
