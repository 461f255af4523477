#!/usr/bin/env python3
"""Generates vendor/unidic-variants/variants.tsv.gz: the spellings UniDic
counts as one word (one 語彙素, lemma, and one reading), a group a line,
tab-separated. The search index builder (src/search/variants.rs) embeds it:
a query written with one spelling finds the text written with another.

    apt-get download unidic-mecab
    dpkg-deb --fsys-tarfile unidic-mecab_*_all.deb | tar -x ./usr/share/mecab/dic/unidic/lex_3_1.csv
    python3 tools/variants/generate.py usr/share/mecab/dic/unidic/lex_3_1.csv

What is kept, and why (docs/search-index.md, "Variants"):
- common words only: proper nouns (names of people and places, most of
  UniDic) and symbols are left out;
- a word that inflects is kept as its stem, its dictionary form without
  its last kana (分かりやすい → 分かりやす), so that one entry finds every
  inflected form in the text (わかりやすかった, わかりやすく);
- a spelling must be 2 characters or more, 3 when all kana: shorter ones
  (こと for 事) are inside too many other words;
- a group needs 2 spellings that differ after the search normalisation
  (katakana and hiragana are already one).
Lemmas keep 講演, 公演 and 公園 apart: they are different words.
"""
import gzip
import sys
import unicodedata

# UniDic 3.1 lex.csv columns.
SURFACE, POS1, POS2, CTYPE, LFORM, LEMMA, ORTH_BASE = 0, 4, 5, 8, 10, 11, 14
SKIPPED_POS1 = {'補助記号', '記号', '空白', '感動詞'}


def normalize(text):
    """The search normalisation (src/search/normalize.rs), for comparing."""
    folded = unicodedata.normalize('NFKC', text).lower()
    return ''.join(chr(ord(c) - 0x60) if '\u30a1' <= c <= '\u30f6' else c for c in folded)


def is_japanese(text):
    return all('\u3041' <= c <= '\u30ff' or '\u4e00' <= c <= '\u9fff' or c in '々〆ヶ' for c in text)


def is_kana(text):
    return all('\u3041' <= c <= '\u30ff' for c in text)


def spelling_of(row):
    """The spelling kept for an entry: its surface, or the stem of a word
    that inflects (its dictionary form without its last kana)."""
    if row[CTYPE] == '*':
        return row[SURFACE]
    base = row[ORTH_BASE]
    return base[:-1] if base and is_kana(base[-1]) else base


def groups(lines):
    found = {}
    for line in lines:
        row = line.rstrip('\n').split(',')
        if len(row) <= ORTH_BASE or row[POS1] in SKIPPED_POS1 or row[POS2] == '固有名詞':
            continue
        spelling = spelling_of(row)
        if not is_japanese(spelling) or len(spelling) < (3 if is_kana(spelling) else 2):
            continue
        key = (row[LEMMA], row[LFORM], row[CTYPE] != '*')
        found.setdefault(key, {}).setdefault(normalize(spelling), spelling)
    for spellings in found.values():
        if len(spellings) >= 2:
            yield sorted(spellings.values())


def main():
    with open(sys.argv[1], encoding='utf-8') as lex:
        lines = sorted({'\t'.join(group) for group in groups(lex)})
    out = sys.argv[2] if len(sys.argv) > 2 else 'vendor/unidic-variants/variants.tsv.gz'
    # mtime 0: the same input makes the same bytes.
    with gzip.GzipFile(out, 'wb', compresslevel=9, mtime=0) as gz:
        gz.write(('\n'.join(lines) + '\n').encode('utf-8'))
    print(f'{len(lines)} groups', file=sys.stderr)


if __name__ == '__main__':
    main()
