#!/usr/bin/env python3
"""Dev split of an intent TRAINING file, for choosing search settings without test questions.

    dev_split.py TRAIN.csv DEV_TRAIN.csv DEV.csv DEV_TYPOS.csv [FOLD [DEV_LONG.csv DEV_FILLER.csv]]

TRAIN.csv has two columns, text then label (HINT3 `sentence,label`, Banking77
`text,category`). Intents are sorted by label; every sixth (number % 6 == 5 - FOLD) is held out
entirely, its lines becoming "no answer" questions (NO_NODES_DETECTED); of every other intent,
every fourth line (number % 4 == 3 - FOLD) is a question and the rest stay in DEV_TRAIN.csv.
DEV_TYPOS.csv holds the same questions with random typos (one word in five of 5+ letters gets a
deletion, swap of neighbours or insertion; seed 7). FOLD is 0-3 (default 0). Never reads a test
file. DEV_LONG.csv, when named, holds longer questions made of the same lines: each question
joined to the next question of its intent (the first of the intent after the last; an intent
with one question keeps it alone); DEV_FILLER.csv the same questions as DEV.csv, each with two
or three words added at random places, drawn from the 30 words of DEV_TRAIN.csv found in the
most intents (`i`, `the`, `my`...: words that say nothing about which intent; seed 11). Real
customers' questions are longer than the training lines; these are the long-question dev
variants (knowledge_base/README.md). Then, e.g.:

    kefu kb eval-data --train DEV_TRAIN.csv --test DEV.csv --articles A.csv --queries Q.csv
    kefu kb eval --articles A.csv --queries Q.csv
"""
import csv
import random
import sys

src, train_out, dev_out, typos_out = sys.argv[1:5]
fold = int(sys.argv[5]) if len(sys.argv) > 5 else 0
rows = list(csv.reader(open(src, encoding='utf-8')))[1:]
labels = sorted({r[1] for r in rows})
held = {label for i, label in enumerate(labels) if i % 6 == 5 - fold}
seen = {}
train, dev = [], []
asked = {}  # intent -> its dev questions, in order
for text, label in rows:
    if label in held:
        dev.append((text, 'NO_NODES_DETECTED'))
        asked.setdefault(label, []).append(text)
        continue
    k = seen.get(label, 0)
    seen[label] = k + 1
    if k % 4 == 3 - fold:
        dev.append((text, label))
        asked.setdefault(label, []).append(text)
    else:
        train.append((text, label))

rng = random.Random(7)


def typo(word):
    if len(word) < 5 or rng.random() > 0.2:
        return word
    i = rng.randrange(1, len(word) - 1)
    op = rng.randrange(3)
    if op == 0:
        return word[:i] + word[i + 1:]
    if op == 1:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return word[:i] + rng.choice('abcdefghijklmnopqrstuvwxyz') + word[i:]


long_questions = []
for label, group in asked.items():
    answer = 'NO_NODES_DETECTED' if label in held else label
    for i, text in enumerate(group):
        other = group[(i + 1) % len(group)]
        long_questions.append((text if i == (i + 1) % len(group) else text + ' ' + other, answer))

typos = [(' '.join(typo(w) for w in text.split()), label) for text, label in dev]
intents_of = {}
for text, label in train:
    for w in set(text.lower().split()):
        intents_of.setdefault(w, set()).add(label)
common = sorted(intents_of, key=lambda w: (-len(intents_of[w]), w))[:30]
filler_rng = random.Random(11)
filler = []
for text, label in dev:
    words = text.split()
    for _ in range(filler_rng.choice((2, 3))):
        words.insert(filler_rng.randrange(len(words) + 1), filler_rng.choice(common))
    filler.append((' '.join(words), label))

outputs = [(train_out, train), (dev_out, dev), (typos_out, typos)]
if len(sys.argv) > 6:
    outputs.append((sys.argv[6], long_questions))
if len(sys.argv) > 7:
    outputs.append((sys.argv[7], filler))
for path, data in outputs:
    with open(path, 'w', encoding='utf-8', newline='') as f:
        out = csv.writer(f)
        out.writerow(['sentence', 'label'])
        out.writerows(data)
print(src, len(train), 'train', len(dev), 'dev',
      sum(1 for d in dev if d[1] == 'NO_NODES_DETECTED'), 'no-answer')
