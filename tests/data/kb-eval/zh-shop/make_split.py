#!/usr/bin/env python3
"""Cuts questions.txt (article_id | register | question) into the files `kefu kb eval` reads.

The i-th question of each register goes to dev when i is even, to test when odd: every
article gets one question of each register it has two of in each half, and registers with
one question an article alternate between articles. Search settings are chosen on dev.csv
only. Writes dev.csv, test.csv and the test set's register halves (test_simplified.csv,
test_traditional.csv, test_typo.csv), each with the columns query,article_id,register.
Ours, under the project's licence."""
import csv
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
rows = []
with open(os.path.join(here, "questions.txt"), encoding="utf-8") as f:
    for line in f:
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        article, register, question = line.split("|", 2)
        rows.append((question, article, register))

seen = {}
halves = {"dev": [], "test": []}
for q, a, r in rows:
    i = seen.get(r, 0)
    seen[r] = i + 1
    halves["dev" if i % 2 == 0 else "test"].append((q, a, r))


def write(name, items):
    with open(os.path.join(here, name), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["query", "article_id", "register"])
        w.writerows(items)
    print(f"{name}: {len(items)} questions", file=sys.stderr)


write("dev.csv", halves["dev"])
write("test.csv", halves["test"])
for register in ("simplified", "traditional", "typo"):
    write(f"test_{register}.csv", [x for x in halves["test"] if x[2] == register])
