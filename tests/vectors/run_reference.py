#!/usr/bin/python3
"""Runs the conformance vectors against a second implementation: the independent Python
reader of the spec, tests/independent/qrseal_ref.py (which shares no code with the library).

It is also the worked example of docs/conformance.md, "Running the vectors against another
implementation": load the roots and lists a case names, give the verifier the case's time and
settings, feed it the text, and compare the outcome, the warnings (as a set) and the display
fields; for list cases, offer the held list, then the offered one, and compare the list result
and the list held afterwards. Images are not scanned here: their expected text is in the case.

usage: run_reference.py VECTORS_DIR REFERENCE_DIR
Exit 0 when every case agrees, 1 naming each case that does not, 77 when the reference cannot
be imported (python3-cryptography missing), so ctest reports a skip.
"""

import glob
import json
import os
import sys

STATUS = ["green", "yellow", "red"]


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    vectors, reference = sys.argv[1], sys.argv[2]
    sys.path.insert(0, reference)
    try:
        import qrseal_ref as ref
    except ImportError as e:
        print("skipped: cannot import the reference (%s)" % e)
        return 77

    def data(rel):
        with open(os.path.join(vectors, rel), "rb") as f:
            return f.read()

    def root(rel):
        with open(os.path.join(vectors, rel)) as f:
            return bytes.fromhex(json.load(f)["public_key_hex"])

    def credential_case(c):
        cx = c["context"]
        roots = [root(r) for r in cx["roots"]]
        lists = {}
        for name, kind in (("trust_list", "trust"), ("revocation_list", "revocation")):
            lists[name] = None
            if cx[name] is not None:
                result, held = ref.load_list(data(cx[name]), kind, roots)
                if result != "list_accepted":
                    return "held %s: %s" % (name, result)
                lists[name] = held
        p = cx["policy"]
        local = ref.Local(
            skew=cx["skew"], window=cx["window"],
            accepted=None if p["accept"] is None else {STATUS.index(s) for s in p["accept"]},
            max_test_age=p["max_test_age"], require_live=p["require_live"],
            max_stale=p["max_stale"], max_validity=p["max_validity"],
            reject_clock_behind=p["reject_clock_behind"], high_water=cx["observed_time"])
        got = ref.verify_text(c["input"]["text"], lists["trust_list"],
                              lists["revocation_list"], cx["now"], local)
        x = c["expected"]
        problems = []
        if got.outcome != x["outcome"]:
            problems.append("outcome %s, expected %s (%s)" % (got.outcome, x["outcome"],
                                                              got.detail))
        if sorted(got.warnings) != sorted(x["warnings"]):
            problems.append("warnings %s, expected %s" % (got.warnings, x["warnings"]))
        if x["display"] is not None and got.display != x["display"]:
            problems.append("display %s, expected %s" % (got.display, x["display"]))
        if x["display"] is None and got.display:
            problems.append("display fields before the signature is checked")
        return "; ".join(problems)

    def list_case(c):
        cx, given = c["context"], c["input"]
        kind = "trust" if given["kind"] == "trust_list" else "revocation"
        roots = [root(r) for r in cx["roots"]]
        held = None
        if cx["held"] is not None:
            result, held = ref.load_list(data(cx["held"]), kind, roots)
            if result != "list_accepted":
                return "held list: %s" % result
        if given["form"] == "file":
            offered = data(given["file"])
        else:
            text = given["text"]
            try:
                if len(text) > 4296 or not text.startswith("QT1:"):
                    raise ref.Malformed("not a QT1 text")
                offered = ref.body_to_cose(ref.b45decode(text[4:]))
            except ref.Malformed:
                offered = None
        if offered is None:
            result, now_held = "list_malformed", held
        else:
            result, now_held = ref.load_list(offered, kind, roots, held)
            if result != "list_accepted":
                now_held = held
        x = c["expected"]
        problems = []
        if result != x["list_result"]:
            problems.append("list result %s, expected %s" % (result, x["list_result"]))
        want = data(x["held_after"]) if x["held_after"] is not None else None
        have = now_held.raw if now_held is not None else None
        if have != want:
            problems.append("the list held afterwards is not %s" % x["held_after"])
        return "; ".join(problems)

    cases = sorted(glob.glob(os.path.join(vectors, "cases", "*.json")))
    failed = 0
    for path in cases:
        with open(path, encoding="utf-8") as f:
            c = json.load(f)
        try:
            if c["input"]["kind"] == "credential":
                problem = credential_case(c)
            else:
                problem = list_case(c)
        except Exception as e:  # a crash on a vector is a failure of that case
            problem = "exception %r" % (e,)
        if problem:
            failed += 1
            print("FAIL %s: %s" % (os.path.basename(path), problem))
    print("%d cases, %d disagree with the reference" % (len(cases), failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
