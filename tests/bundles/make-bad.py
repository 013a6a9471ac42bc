#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the hostile bundles of tests/bundles/bad/ from good-demo.json.

Each file is good-demo.json (a bundle that imports into the demo database)
with exactly one thing wrong, so that the refusal can only come from that
thing. The expected error code and message of each file are in the table of
tests/test-hostile-bundles.c. Run from the source tree after changing
good-demo.json; the files are committed so that the tests and the fuzzer's
seed corpus do not depend on Python.

The deepest nesting (100 000 levels) and the longest string (over 1 MiB)
are made by the test itself rather than committed."""
import copy
import json
import os

here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, "bad")
with open(os.path.join(here, "good-demo.json"), encoding="utf-8") as f:
    good_text = f.read()
good = json.loads(good_text)


def dump(doc):
    return json.dumps(doc, indent=1, ensure_ascii=False)


def write(name, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)


def variant(name, change):
    doc = copy.deepcopy(good)
    change(doc)
    write(name, dump(doc))


def replace(name, old, new, count=1):
    """Raw text edits, for what json.dumps would never write."""
    text = dump(good)
    assert old in text, old
    write(name, text.replace(old, new, count))


def answer(doc, audit, question):
    for a in doc["audits"][audit]["answers"]:
        if a["question"] == question:
            return a
    raise KeyError(question)


text = dump(good)

# ---- not JSON, or not strict JSON -------------------------------------------
write("empty.json", b"")
write("whitespace-only.json", b" \n\t\n")
write("truncated.json", text[: len(text) // 2])
write("truncated-in-string.json", text[: text.index("Yekaterinburg") + 5])
write("top-level-array.json", "[" + text + "]")
write("top-level-string.json", '"mystery-audit-bundle"')
replace("comment-line.json", '"format"', '// made on laptop 12\n "format"')
replace("comment-block.json", '"format"', '/* made on laptop 12 */ "format"')
replace("single-quotes.json", '"format": "mystery-audit-bundle"', "'format': 'mystery-audit-bundle'")
replace("leading-zero.json", '"template_version": 1', '"template_version": 01')
replace("leading-zero-012.json", '"value": 12', '"value": 012')
replace("hex-number.json", '"template_version": 1', '"template_version": 0x1')
replace("int-2-63.json", '"value": 12', '"value": 9223372036854775808')
replace("int-beyond-2-53.json", '"value": 12', '"value": 9007199254740993')
replace("exponent-overflow.json", '"value": 12', '"value": 1e400')
replace("nan-literal.json", '"value": 12', '"value": NaN')
replace("infinity-literal.json", '"value": 12', '"value": -Infinity')
replace("plus-sign.json", '"value": 12', '"value": +12')
replace("u0000.json", '"auditor": "K. Orlova"', '"auditor": "K. Orl\\u0000ova"')
replace("lone-surrogate.json", '"auditor": "K. Orlova"', '"auditor": "K. Orlova \\ud800"')
replace("bad-escape.json", '"auditor": "K. Orlova"', '"auditor": "K. \\x4frlova"')
replace("raw-control-char.json", '"auditor": "K. Orlova"', '"auditor": "K.\tOrlova"')
write("invalid-utf8.json", text.encode("utf-8").replace(b"Sokolov", b"Sok\xffolov", 1))
write("overlong-utf8.json", text.encode("utf-8").replace(b"Sokolov", b"Sok\xc0\xafolov", 1))
write("bom.json", b"\xef\xbb\xbf" + text.encode("utf-8"))
write("trailing-garbage.json", text + "\nx")
write("two-documents.json", text + "\n" + text)
replace("duplicate-key-top.json", '"format": "mystery-audit-bundle",',
        '"format": "mystery-audit-bundle",\n "format": "mystery-audit-bundle",')
replace("duplicate-key-answer.json", '"value": 12', '"value": 12, "value": 25')
write("deep-nesting-100.json", '{"format": "mystery-audit-bundle", "version": 1, "x": '
      + "[" * 100 + "]" * 100 + "}")

# ---- not a bundle of this version -------------------------------------------
variant("wrong-format.json", lambda d: d.update(format="mystery-audit-backup"))
variant("format-missing.json", lambda d: d.pop("format"))
variant("version-2.json", lambda d: d.update(version=2))
variant("version-0.json", lambda d: d.update(version=0))
variant("version-string.json", lambda d: d.update(version="1"))

# ---- members of the wrong type or out of range ----------------------------
variant("wrong-type-list.json", lambda d: d.update(regions={"code": "URL"}))
variant("wrong-type-yes-no.json", lambda d: answer(d, 0, "greeted").update(value="yes"))
variant("number-as-string.json", lambda d: answer(d, 0, "late_minutes").update(value="12"))
variant("scale-out-of-range.json", lambda d: answer(d, 0, "tone").update(value=7))
variant("scale-fraction.json", lambda d: answer(d, 0, "tone").update(value=3.5))
variant("choice-not-option.json", lambda d: answer(d, 0, "offer").update(value="plenty"))
variant("negative-base-pay.json", lambda d: d["employees"][0].update(base_pay=-100))
variant("base-pay-fraction-of-cent.json", lambda d: d["employees"][0].update(base_pay=61000.005))
variant("bad-uuid.json", lambda d: d["audits"][0].update(uuid="not-a-uuid"))
variant("bad-date.json", lambda d: d["audits"][0].update(visited_at="yesterday afternoon"))
variant("unknown-status.json", lambda d: d["audits"][0].update(status="finished"))
variant("missing-answer-submitted.json",
        lambda d: d["audits"][0]["answers"].remove(answer(d, 0, "tone")))
variant("na-not-allowed.json", lambda d: answer(d, 0, "greeted").update(na=True, value=None))
variant("question-answered-twice.json",
        lambda d: d["audits"][0]["answers"].append({"question": "greeted", "value": False}))
variant("empty-code.json", lambda d: d["branches"][0].update(code=""))

# ---- references to nothing ----------------------------------------------------
variant("unknown-template.json", lambda d: d["audits"][0].update(template="no-such-form"))
variant("unknown-template-version.json", lambda d: d["audits"][1].update(template_version=9))
variant("unknown-branch.json", lambda d: d["audits"][1].update(branch="NOWHERE-1"))
variant("unknown-employee.json", lambda d: d["audits"][1].update(employee="E0000"))
variant("unknown-region.json", lambda d: d["branches"][0].update(region="ATLANTIS"))
variant("unknown-question.json",
        lambda d: d["audits"][0]["answers"].append({"question": "smiled", "value": True}))

# ---- attachments ------------------------------------------------------------------
def attachment(doc):
    return doc["audits"][0]["attachments"][0]

variant("attachment-traversal.json", lambda d: attachment(d).update(name="../../../etc/cron.d/x"))
variant("attachment-absolute.json", lambda d: attachment(d).update(name="/tmp/photo.jpg"))
variant("attachment-backslash.json", lambda d: attachment(d).update(name="..\\photo.jpg"))
variant("attachment-dot-dot.json", lambda d: attachment(d).update(name=".."))
variant("attachment-control.json", lambda d: attachment(d).update(name="photo\u0007.jpg"))
variant("attachment-wrong-sha256.json", lambda d: attachment(d).update(sha256="0" * 64))
variant("attachment-bad-base64.json", lambda d: attachment(d).update(data_base64="!!not*base64**"))
variant("attachment-unknown-question.json", lambda d: attachment(d).update(question="smiled"))

# ---- conflicts -------------------------------------------------------------------------
variant("duplicate-uuid.json", lambda d: d["audits"][1].update(uuid=d["audits"][0]["uuid"]))
variant("duplicate-branch-code.json",
        lambda d: d["branches"].append(dict(d["branches"][0], name="Another name")))


def stored_template_differs(doc):
    # The demo's delivery-driver 1, as shipped, with one weight changed.
    with open(os.path.join(here, "..", "..", "data", "templates", "delivery-driver.json"),
              encoding="utf-8") as f:
        shipped = json.load(f)["templates"][0]
    shipped["sections"][0]["questions"][0]["weight"] = 5
    doc["templates"].append(shipped)


variant("template-version-differs.json", stored_template_differs)
