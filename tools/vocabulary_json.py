"""Write src/reflect/data/vocabulary.json from vocabulary.toml beside it. Run after editing the vocabulary;
tests/test_docs.py fails while the two differ (domain/vocab.py says why reflect reads the JSON)."""

from __future__ import annotations

import json
import tomllib

from reflect.domain.vocab import DATA, SOURCE


def generate() -> str:
    data = tomllib.loads(SOURCE.read_text(encoding="utf-8"))
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


if __name__ == "__main__":
    DATA.write_text(generate(), encoding="utf-8")
    print(f"wrote {DATA}")
