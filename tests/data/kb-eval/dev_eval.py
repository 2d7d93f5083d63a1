#!/usr/bin/env python3
"""The whole dev evaluation in one command: every set x variant of the dev split, pooled.

    dev_eval.py KEFU_KB [WORK_DIR] [--sets curekart,sofmattress,banking77]
                [--variants dev,long,filler] [--jobs 2]

KEFU_KB is the `kefu-kb` (or `kefu`, then give `kefu kb` as one word: `"build/kefu kb"`)
binary to judge. For each HINT3 set the four folds of `dev_split.py` are made from its TRAINING
file (never a test file) and pooled; Banking77 uses fold 0. Each fold's dev, long and filler
questions are turned into articles and queries by `eval-data` and scored by `eval`; the table
gives R@1 as a share and a count of answerable questions (ours / baseline), then the pooled
automatic-answer precision, coverage (of answerable questions) and hand-off of ours. Files go to WORK_DIR (default
/tmp/kb-dev-eval); the split files are kept between runs, the eval outputs are rewritten.
"""
import argparse
import json
import os
import re
import shlex
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
TRAIN = {
    'curekart': os.path.join(HERE, 'hint3', 'curekart_train.csv'),
    'sofmattress': os.path.join(HERE, 'hint3', 'sofmattress_train.csv'),
    'banking77': os.path.join(HERE, 'banking77', 'train.csv'),
}
FOLDS = {'curekart': 4, 'sofmattress': 4, 'banking77': 1}
VARIANTS = ('dev', 'long', 'filler')

parser = argparse.ArgumentParser()
parser.add_argument('binary')
parser.add_argument('work', nargs='?', default='/tmp/kb-dev-eval')
parser.add_argument('--sets', default='curekart,sofmattress,banking77')
parser.add_argument('--jobs', type=int, default=2)
parser.add_argument('--variants', default=','.join(VARIANTS))
args = parser.parse_args()
binary = shlex.split(args.binary)
sets = args.sets.split(',')
variants = args.variants.split(',')
os.makedirs(args.work, exist_ok=True)


def path(s, f, name):
    return os.path.join(args.work, f'{s}_{f}.{name}.csv')


for s in sets:
    for f in range(FOLDS[s]):
        if not os.path.exists(path(s, f, 'filler')):
            subprocess.run([sys.executable, os.path.join(HERE, 'dev_split.py'), TRAIN[s],
                            path(s, f, 'train'), path(s, f, 'dev'), path(s, f, 'typos'), str(f),
                            path(s, f, 'long'), path(s, f, 'filler')],
                           check=True, capture_output=True)
        for v in VARIANTS:
            if not os.path.exists(path(s, f, v + '.q')):
                subprocess.run(binary + ['eval-data', '--train', path(s, f, 'train'), '--test',
                                         path(s, f, v), '--articles', path(s, f, v + '.a'),
                                         '--queries', path(s, f, v + '.q')],
                               check=True, capture_output=True)


def run(job):
    s, f, v = job
    out = subprocess.run(binary + ['eval', '--articles', path(s, f, v + '.a'), '--queries',
                                   path(s, f, v + '.q')],
                         check=True, capture_output=True, text=True).stdout
    with open(os.path.join(args.work, f'{s}_{f}.{v}.out'), 'w') as log:
        log.write(out)
    m = re.search(r'\((\d+) with an answer, (\d+) without\)', out)
    return job, int(m.group(1)), int(m.group(2)), json.loads(out.strip().splitlines()[-1])


jobs = [(s, f, v) for s in sets for v in variants for f in range(FOLDS[s])]
with ThreadPoolExecutor(args.jobs) as pool:
    results = list(pool.map(run, jobs))

print(f"{'set':12s} {'variant':7s} {'R@1 ours':>17s} {'R@1 baseline':>17s} "
      f"{'precision':>9s} {'coverage':>8s} {'hand-off':>8s}")
for s in sets:
    for v in variants:
        answerable = unanswerable = ours = base = sent = right = held = covered = 0
        for (js, _, jv), a, n, j in results:
            if (js, jv) != (s, v):
                continue
            answerable += a
            unanswerable += n
            ours += round(j['r1'] * a)
            base += round(j['baseline']['r1'] * a)
            handoff = j.get('no_answer_handoff')
            handoff = 1.0 if handoff is None else handoff
            answered = (j.get('auto_coverage') or 0) * a + (1 - handoff) * n
            sent += answered
            right += (j.get('auto_precision') or 0) * answered
            held += handoff * n
            covered += (j.get('auto_coverage') or 0) * a
        print(f"{s:12s} {v:7s} {ours / answerable:.3f} ({ours:4d}/{answerable:4d}) "
              f"{base / answerable:.3f} ({base:4d}/{answerable:4d}) "
              f"{right / max(sent, 1e-9):9.3f} {covered / answerable:8.3f} "
              f"{held / max(unanswerable, 1):8.3f}")
