#!/usr/bin/env python3
"""Writes chatter copies of dev.csv and test.csv (issue #26, round 4): each question with a
greeting or lead-in before it and a thanks or hurry after it, as a chat message carries them.

dev_chatter.csv uses DEV_BEFORE / DEV_AFTER, from which QuestionWords' chatter words were
chosen; test_chatter.csv uses TEST_BEFORE / TEST_AFTER, written before those words were added
and never tuned on. Fixed seeds: the files are the same at every run.

    python3 tests/data/kb-eval/zh-shop/make_chatter.py
"""
import csv
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
DEV_BEFORE = ["你好，", "亲，在吗？", "客服你好，我想问一下，", "麻烦问下，", "您好，打扰一下，", "急！",
              "hello，", "我前几天在你们家买了东西，", "请问一下哈，", ""]
DEV_AFTER = ["，谢谢", "，在线等，急", "，麻烦尽快回复", "，辛苦了", "？？？", "，谢谢啦", "！急急急",
             "，麻烦了亲", "", " 谢谢🙏"]
TEST_BEFORE = ["在不在？", "老板，", "哈喽，", "客服小姐姐，", "不好意思打扰了，", "我是老顾客了，",
               "问个问题，", "早上好，", "你好 我想咨询下 ", "hi 亲 ", ""]
TEST_AFTER = ["，谢谢亲", "，等你回复", "，急用", "。", "，拜托了", "~", "，好的谢谢", "，急",
              "，快点回我", "，感谢", ""]


def write(source, target, before, after, seed):
    rng = random.Random(seed)
    with open(os.path.join(HERE, source), encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    with open(os.path.join(HERE, target), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["query", "article_id", "register"])
        for r in rows:
            w.writerow([rng.choice(before) + r["query"] + rng.choice(after), r["article_id"],
                        r["register"]])


write("dev.csv", "dev_chatter.csv", DEV_BEFORE, DEV_AFTER, 7)
write("test.csv", "test_chatter.csv", TEST_BEFORE, TEST_AFTER, 11)
