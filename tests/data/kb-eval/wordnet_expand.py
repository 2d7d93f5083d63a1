#!/usr/bin/env python3
"""An experiment, not part of the search: dev questions with WordNet's related words added.

    wordnet_expand.py SRC_DIR DST_DIR [--senses 2] [--relations @,~] [--most 4]

SRC_DIR is a work directory of dev_eval.py (its *.a.csv / *.q.csv files already made).
Every file is copied to DST_DIR, and in each *.q.csv every English question word that no
article of the matching *.a.csv uses (in any inflection WordNet knows) gets the lemmas of its
first SENSES synsets of each part of speech and of their RELATIONS (WordNet pointer symbols:
`@` hypernym, `~` hyponym), kept only when the articles use the lemma (every word of it) and
in at most a quarter of them, at most MOST a question, appended to the question. Then

    python3 tests/data/kb-eval/dev_eval.py build/knowledge_base/kefu-kb DST_DIR

scores the expanded questions (dev_eval.py reuses the files it finds). It reads Princeton
WordNet 3.0 from /usr/share/wordnet (Debian package `wordnet-base`), which the project does not
depend on: this imitates, in the question's text, a query expansion the search might do
(knowledge_base/README.md, "Tried and not kept (2026-11-24, supervised weights and meaning)").
"""
import argparse
import csv
import glob
import os
import re
import shutil

WORDNET = '/usr/share/wordnet'
PARTS = {'n': 'noun', 'v': 'verb', 'a': 'adj', 'r': 'adv'}
SUFFIXES = {
    'n': [('s', ''), ('ses', 's'), ('xes', 'x'), ('ches', 'ch'), ('shes', 'sh'), ('ies', 'y')],
    'v': [('s', ''), ('ies', 'y'), ('es', 'e'), ('es', ''), ('ed', 'e'), ('ed', ''),
          ('ing', 'e'), ('ing', '')],
    'a': [('er', ''), ('est', ''), ('er', 'e'), ('est', 'e')],
    'r': [],
}

parser = argparse.ArgumentParser()
parser.add_argument('src')
parser.add_argument('dst')
parser.add_argument('--senses', type=int, default=2)
parser.add_argument('--relations', default='@,~')
parser.add_argument('--most', type=int, default=4)
args = parser.parse_args()
relations = set(args.relations.split(',')) - {''}

index = {}  # (lemma, part) -> synset offsets, most frequent sense first
synsets = {}  # (part, offset) -> (lemmas, [(pointer, part, offset)])
exceptions = {}  # (inflected, part) -> base
for part, name in PARTS.items():
    with open(os.path.join(WORDNET, f'index.{name}'), encoding='latin-1') as f:
        for line in f:
            if line.startswith(' '):
                continue
            fields = line.split()
            pointers = int(fields[3])
            index[(fields[0], part)] = fields[4 + pointers + 2:]
    with open(os.path.join(WORDNET, f'data.{name}'), encoding='latin-1') as f:
        for line in f:
            if line.startswith(' '):
                continue
            fields = line.split(' | ')[0].split()
            words = int(fields[3], 16)
            lemmas = [fields[4 + 2 * i].lower() for i in range(words)]
            at = 4 + 2 * words
            links = []
            for j in range(int(fields[at])):
                symbol, offset, target = fields[at + 1 + 4 * j:at + 4 + 4 * j]
                links.append((symbol, 'a' if target == 's' else target, offset))
            synsets[(part, fields[0])] = (lemmas, links)
    exc = os.path.join(WORDNET, f'{name}.exc')
    if os.path.exists(exc):
        with open(exc, encoding='latin-1') as f:
            for line in f:
                fields = line.split()
                exceptions[(fields[0], part)] = fields[1]


def base_forms(word, part):
    out = []
    if (word, part) in exceptions:
        out.append(exceptions[(word, part)])
    if (word, part) in index:
        out.append(word)
    for suffix, replacement in SUFFIXES[part]:
        stem = word[:-len(suffix)] + replacement if word.endswith(suffix) else None
        if stem and (stem, part) in index:
            out.append(stem)
    return out


def forms(word):
    out = {word}
    for part in PARTS:
        out.update(base_forms(word, part))
    return out


def words_of(text):
    return re.findall(r'[a-z]+', text.lower())


def expand(question, known, telling):
    added = []
    for word in words_of(question):
        if len(word) < 3 or forms(word) & known:
            continue
        related = []
        for part in PARTS:
            for base in base_forms(word, part):
                for offset in index.get((base, part), [])[:args.senses]:
                    lemmas, links = synsets.get((part, offset), ([], []))
                    related += lemmas
                    for symbol, target, to in links:
                        if symbol in relations and (target, to) in synsets:
                            related += synsets[(target, to)][0]
        for lemma in related:
            text = lemma.replace('_', ' ')
            if lemma != word and text not in added and all(
                    forms(w) & telling for w in lemma.split('_')):
                added.append(text)
    return question + (' ' + ' '.join(added[:args.most]) if added else '')


os.makedirs(args.dst, exist_ok=True)
for path in glob.glob(os.path.join(args.src, '*.csv')):
    shutil.copy(path, args.dst)
for queries in glob.glob(os.path.join(args.dst, '*.q.csv')):
    with open(queries[:-len('.q.csv')] + '.a.csv', encoding='utf-8') as f:
        articles = list(csv.DictReader(f))
    known, holding = set(), {}
    for a in articles:
        held = set()
        for w in words_of(a['title'] + ' ' + a['body']):
            held |= forms(w)
        known |= held
        for w in held:
            holding[w] = holding.get(w, 0) + 1
    telling = {w for w in known if holding[w] <= max(1, len(articles) / 4)}
    with open(queries, encoding='utf-8') as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        row['query'] = expand(row['query'], known, telling)
    with open(queries, 'w', encoding='utf-8', newline='') as f:
        writer = csv.DictWriter(f, fieldnames=['query', 'article_id'])
        writer.writeheader()
        writer.writerows(rows)
