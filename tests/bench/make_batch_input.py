#!/usr/bin/env python3
"""Writes realistic batch input for `qrseal issue --batch`: one person per row, CJK names (2-4
characters from common surnames and given-name characters), ID hints, test results from a
city-wide round of testing at 40 sites. Deterministic (seeded). Usage:
make_batch_input.py ROWS [--jsonl] > input.csv"""
import json
import random
import sys

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国文辉鹏飞宇浩然欣怡子轩梓涵一诺"


def main():
    rows = int(sys.argv[1])
    jsonl = "--jsonl" in sys.argv[2:]
    rng = random.Random(20211220)
    out = sys.stdout
    if not jsonl:
        out.write("subject_id,status,name,id_hint,test.result,test.sampled_at,test.site\n")
    base = 1639987200  # 2021-12-20T08:00:00Z
    for i in range(rows):
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2, 3))))
        masked = name[0] + "*" * (len(name) - 2) + name[-1] if len(name) > 2 else name[0] + "*"
        hint = "%04d" % rng.randrange(10000)
        positive = rng.random() < 0.002
        status = "red" if positive else ("yellow" if rng.random() < 0.01 else "green")
        sampled = base + rng.randrange(36 * 3600)
        site = "XA-%02d" % rng.randrange(40)
        subject = "610103%012d" % i
        if jsonl:
            out.write(json.dumps({"subject_id": subject, "status": status, "name": masked,
                                  "id_hint": hint,
                                  "test": {"result": "positive" if positive else "negative",
                                           "sampled_at": sampled, "site": site}},
                                 ensure_ascii=False) + "\n")
        else:
            out.write("%s,%s,%s,%s,%s,%d,%s\n" % (subject, status, masked, hint,
                                                   "positive" if positive else "negative",
                                                   sampled, site))


if __name__ == "__main__":
    main()
