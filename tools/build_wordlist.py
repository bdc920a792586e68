"""Build src/reflect/data/english-words.txt, the common-word allow-list of the name detector.

Source: the SCOWL word lists as packaged by Debian (wbritish + wamerican, default size), whose licence is in
src/reflect/data/english-words.LICENSE. Only all-lowercase entries are kept: proper nouns (people, places) are
capitalised in SCOWL, so "sarah" is absent while "grace" (also a word) is present. Words that SCOWL lists both in
lowercase and capitalised form ("Grace"/"grace", "Bill"/"bill") go to english-names-words.txt: the detector treats
them as names at the start of a sentence when a reporting verb follows ("Grace said ..."). All capitalised entries
go to english-proper-nouns.txt, which client codes are checked against ("SARAH-1" is refused).

Usage: python tools/build_wordlist.py /usr/share/dict/british-english /usr/share/dict/american-english
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "src" / "reflect" / "data"


def main(sources: list[str]) -> None:
    lower: set[str] = set()
    capitalised: set[str] = set()
    for source in sources:
        for line in Path(source).read_text(encoding="utf-8").splitlines():
            word = line.strip()
            if not word or "'" in word:
                continue
            if re.fullmatch(r"[a-zé][a-zé-]*", word):
                lower.add(word)
            elif re.fullmatch(r"[A-Z][a-z]+", word):
                capitalised.add(word.lower())
    # Sorted, one word a line, uncompressed: reflect looks words up in the files in place (domain/wordlists.py).
    (DATA / "english-words.txt").write_text("\n".join(sorted(lower)) + "\n", encoding="utf-8")
    (DATA / "english-names-words.txt").write_text("\n".join(sorted(lower & capitalised)) + "\n", encoding="utf-8")
    # Every capitalised entry (first names, surnames, places): client codes must not contain one.
    (DATA / "english-proper-nouns.txt").write_text("\n".join(sorted(capitalised)) + "\n", encoding="utf-8")
    print(f"{len(lower)} words, {len(capitalised)} proper nouns, {len(lower & capitalised)} both")


if __name__ == "__main__":
    main(sys.argv[1:])
