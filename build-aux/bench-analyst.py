#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""What an analyst would write instead of the app: load the tables with
pandas and compute the month's bonus statement and the branch comparison.

    bench-analyst.py DB bonus PERIOD OUT.json
    bench-analyst.py DB compare FROM TO OUT.json

It reads the database the app writes, but only its tables of per-audit
results (audits, audit_components, audit_sections, answers), the directory,
KPI figures and schemes: never the monthly sums the app keeps for itself.
Loading is pushed down to SQL where an analyst would (WHERE period = ...),
which is the fastest fair way to use pandas here. The rules are those of
help/C/bonus-schemes.page and rollups.page, written again from the help;
build-aux/bench compares the result with the app's to the cent."""

import json
import math
import sqlite3
import sys

import pandas as pd

DBL_EPSILON = 2.220446049250313e-16


def round_half_away(value):
    """ma-money.c: half away from zero on exact decimal halves."""
    lower = math.floor(value)
    distance = value - lower
    tolerance = 8 * DBL_EPSILON * max(1.0, abs(value))
    if abs(distance - 0.5) <= tolerance:
        return lower + 1.0 if value >= 0 else lower
    # C round(): halves away from zero (Python's round() is to even).
    return math.floor(value + 0.5) if value >= 0 else math.ceil(value - 0.5)


def payout(component, achievement):
    if achievement < component["floor"]:
        return 0.0
    if achievement < component["target"]:
        return (achievement - component["floor"]) / (component["target"] - component["floor"])
    if component["cap"] > 1:
        return min(component["cap"], achievement / component["target"])
    return 1.0


def bonus(con, period):
    employees = pd.read_sql_query(
        "SELECT e.id, e.code, e.position, e.base_pay, e.active_from, e.active_to, b.code AS branch"
        " FROM employees e JOIN branches b ON b.id = e.branch_id", con)
    schemes = pd.read_sql_query("SELECT key, version, content FROM schemes", con)
    kpis = pd.read_sql_query(
        "SELECT employee_id, component, actual, plan FROM kpis WHERE period = ?", con, params=(period,))
    scores = pd.read_sql_query(
        "SELECT a.employee_id, c.component, c.score FROM audits a"
        " JOIN audit_components c ON c.audit_id = a.id"
        " WHERE a.period = ? AND a.status = 'approved' AND a.employee_id IS NOT NULL",
        con, params=(period,))

    # The highest version of each scheme, by key.
    latest = schemes.sort_values(["key", "version"]).groupby("key").tail(1)
    latest = [json.loads(c) for c in latest.sort_values("key")["content"]]

    means = scores.dropna(subset=["score"]).groupby(["employee_id", "component"])["score"].mean().to_dict()
    usable = kpis[(kpis["plan"] > 0) & kpis["actual"].map(math.isfinite) & kpis["plan"].map(math.isfinite)]
    achievements = (usable["actual"] / usable["plan"]).set_axis(
        pd.MultiIndex.from_frame(usable[["employee_id", "component"]])).to_dict()

    active = employees[(employees["active_from"].isna() | (employees["active_from"].str[:7] <= period)) &
                       (employees["active_to"].isna() | (employees["active_to"].str[:7] >= period))]
    rows = {}
    for e in active.itertuples(index=False):
        scheme = next((s for s in latest if e.position in s["positions"]), None)
        if scheme is None:
            continue
        if scheme.get("missing", "full") not in ("full", "zero"):
            raise SystemExit("the analyst script knows the missing policies full and zero only")
        components = {}
        total = 0
        for c in scheme["components"]:
            c = {"floor": 0.0, "target": 1.0, "cap": 1.0, **c}
            if c["source"] == "kpi":
                achievement = achievements.get((e.id, c["key"]))
            else:
                achievement = means.get((e.id, c["key"]))
            if achievement is None:
                p = 1.0 if scheme.get("missing", "full") == "full" else 0.0
            else:
                p = payout(c, achievement)
            amount = int(round_half_away(float(e.base_pay) * c["share"] / 100.0 * p))
            components[c["key"]] = amount
            total += amount
        rows[e.code] = {"components": components, "total": total}
    return {"period": period, "rows": rows}


def compare(con, first, last):
    branches = pd.read_sql_query("SELECT id, code FROM branches", con)
    audits = pd.read_sql_query(
        "SELECT id, branch_id, score FROM audits WHERE status = 'approved' AND period BETWEEN ? AND ?",
        con, params=(first, last))
    sections = pd.read_sql_query(
        "SELECT s.audit_id, s.section AS part, s.score FROM audit_sections s JOIN audits a ON a.id = s.audit_id"
        " WHERE a.status = 'approved' AND a.period BETWEEN ? AND ?", con, params=(first, last))
    components = pd.read_sql_query(
        "SELECT c.audit_id, c.component AS part, c.score FROM audit_components c JOIN audits a ON a.id = c.audit_id"
        " WHERE a.status = 'approved' AND a.period BETWEEN ? AND ?", con, params=(first, last))
    standards = pd.read_sql_query(
        "SELECT q.audit_id, q.question, q.standard_share AS share, q.fraction FROM answers q"
        " JOIN audits a ON a.id = q.audit_id WHERE a.status = 'approved' AND a.period BETWEEN ? AND ?"
        " AND q.standard_share IS NOT NULL AND q.fraction IS NOT NULL", con, params=(first, last))

    code = branches.set_index("id")["code"]
    audit_branch = audits.set_index("id")["branch_id"].map(code)

    result = {}
    overall = audits.dropna(subset=["score"]).assign(branch=lambda d: d["branch_id"].map(code))
    for branch, g in overall.groupby("branch"):
        result[branch] = {"n": int(len(g)), "score": float(g["score"].mean()), "sections": {}, "components": {}}
    for name, table in (("sections", sections), ("components", components)):
        table = table.dropna(subset=["score"]).assign(branch=lambda d: d["audit_id"].map(audit_branch))
        for (branch, part), g in table.groupby(["branch", "part"])["score"]:
            result[branch][name][part] = float(g.mean())
    table = standards.assign(branch=lambda d: d["audit_id"].map(audit_branch),
                             passed=lambda d: d["fraction"] >= 1.0)
    out_standards = []
    for (branch, question, share), g in table.groupby(["branch", "question", "share"]):
        out_standards.append({"group": branch, "question": question, "share": share,
                              "passed": int(g["passed"].sum()), "n": int(len(g))})
    return {"rows": result, "standards": out_standards}


def main():
    db, what = sys.argv[1], sys.argv[2]
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    if what == "bonus":
        out = bonus(con, sys.argv[3])
        path = sys.argv[4]
    else:
        out = compare(con, sys.argv[3], sys.argv[4])
        path = sys.argv[5]
    with open(path, "w", encoding="utf-8") as f:
        json.dump(out, f)


if __name__ == "__main__":
    main()
