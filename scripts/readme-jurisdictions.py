#!/usr/bin/env python3
"""Prints the README's jurisdiction table from `htrules matrix --format json` (stdin).
A test checks that the README's table matches the rules, so regenerate it after `htrules compile`:
  swift run -q htrules matrix --format json | scripts/readme-jurisdictions.py"""
import json, sys
rows = json.load(sys.stdin)["rows"]
print("| Code | Jurisdiction | Statute text as of | Read on | Amendments checked through | Sources by tier | Sex trafficking | Labor trafficking | Confidence |")
print("|---|---|---|---|---|---|---|---|---|")
for r in rows:
    print(f"| {r['jurisdiction']} | {r['name']} | {r['as_of']} | {r['read_on']} | {r['amendments_checked_through'] or 'not yet swept'} | {r['source_tiers']} | {r['sex_trafficking_citation']} | {r['labor_trafficking_citation']} | {r['confidence']} |")
