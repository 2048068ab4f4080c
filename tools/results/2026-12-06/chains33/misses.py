#!/usr/bin/env python3
"""Where a model's wrong grid chains go wrong (thirty-third session): misses.py PATH/RUN-SPLIT reads RUN-SPLIT.jsonl and
the misses `eval --show-misses` wrote to RUN-SPLIT.err (or .err.gz), and, per mode and K, sorts each wrong relative-direction and
relative-distance answer by the first step of its chain that is false given the chain's own earlier steps: the
squares it states, the offsets (shipped chains: "is -2 columns and 0 rows from"; the session's first variant:
"column 1 minus 3 is -2"), the products, squares and sums, the comparison, the name or side it answers. "squares" means every step follows from the squares
it stated, so the squares were wrong. Both chain styles are read, so the shipped model's misses and the new runs'
compare."""
import gzip, json, os, re, sys
from collections import Counter, OrderedDict

NUM = r"(-?\d+)"
SQUARE = re.compile(r"(?:The|There is a) ([^.,]+?) (?:is )?in column (\d), row (\d)\.")
OLD_OFFSET = re.compile(r"(?:The|the) ([^.,]+?) is " + NUM + r" columns and " + NUM + r" rows from the ([^.,]+?)[.,]")
NEW_OFFSET = re.compile(r"From the ([^.,]+?) to the ([^.,]+?), column " + NUM + " minus " + NUM + " is " + NUM
                        + " and row " + NUM + " minus " + NUM + " is " + NUM + r"\.")
PRODUCT = re.compile(NUM + " times " + NUM + " is " + NUM)
SUM = re.compile(NUM + " plus " + NUM + " is " + NUM)
COMPARE = re.compile(NUM + r" is (more|less) than " + NUM + r", so (?:it is to the (\w+)|the ([^.,]+?) is closer)\.")
MAKES = re.compile(r"That makes " + NUM + " and " + NUM + r"\.")
ANSWER = re.compile(r"So the answer is ([^.,]+?)\.$")


def blocks(prefix):
    """[(mode K, [miss])] in the order eval printed them."""
    order = [(r["mode"], r["latent_steps"], round(r["n"] * (1 - r["accuracy"])))
             for r in map(json.loads, open(prefix + ".jsonl")) if r["family"] == "all"]
    misses, cur = [], None
    err = prefix + ".err"
    for line in (open(err) if os.path.exists(err) else gzip.open(err + ".gz", "rt")):
        m = re.match(r'miss (\S+): (.*) -> expected "(.*)", got "(.*)"', line)
        if m:
            cur = dict(q=m[2], expected=m[3], got=m[4], wrote="")
            misses.append(cur)
        elif line.startswith("  wrote: ") and cur is not None:
            cur["wrote"] = line[9:].rstrip("\n")
    out, i = [], 0
    for mode, k, n in order:
        out.append((f"{mode} K={k}" if mode != "text" else "text", misses[i:i + n]))
        i += n
    return out


def first_false(q, wrote):
    sq = {m[1]: (int(m[2]), int(m[3])) for m in SQUARE.finditer(wrote)}
    steps = []
    for m in NEW_OFFSET.finditer(wrote):
        a, b = sq.get(m[1]), sq.get(m[2])
        c1, c0, dc, r1, r0, dr = (int(x) for x in m.groups()[2:])
        if a is None or b is None or (c1, c0, r1, r0) != (b[0], a[0], b[1], a[1]):
            return "offset operands"
        if (dc, dr) != (c1 - c0, r1 - r0):
            return "offset arithmetic"
        steps.append((dc, dr))
    for m in OLD_OFFSET.finditer(wrote):
        a, b = sq.get(m[4]), sq.get(m[1])
        dc, dr = int(m[2]), int(m[3])
        if a is None or b is None:
            return "offset operands"
        if (dc, dr) not in ((b[0] - a[0], b[1] - a[1]), (abs(b[0] - a[0]), abs(b[1] - a[1]))):
            return "offset arithmetic"
        steps.append((dc, dr))
    if len(steps) != 2:
        return "malformed"
    (fc, fr), (tc, tr) = steps
    products = [tuple(int(x) for x in m.groups()) for m in PRODUCT.finditer(wrote)]
    if any(a * b != c for a, b, c in products):
        return "product"
    ans = ANSWER.search(wrote)
    if q.startswith("Standing at"):
        if [p[:2] for p in products] != [(fc, tr), (fr, tc)]:
            return "product operands"
        p1, p2 = fc * tr, fr * tc
        m = COMPARE.search(wrote)
        if m is None or (int(m[1]), int(m[3])) != (p1, p2) or (m[2] == "more") != (p1 > p2):
            return "comparison"
        if m[4] != ("right" if p1 > p2 else "left") or ans is None or ans[1] != m[4]:
            return "side"
        return "squares"
    qm = re.match(r"Which is closer to the ([^.,]+?): the ([^.,]+?) or the ([^.,]+?)\?", q)
    s1, s2 = fc * fc + fr * fr, tc * tc + tr * tr
    sums = [tuple(int(x) for x in m.groups()) for m in SUM.finditer(wrote)]
    if len(sums) == 2 and [s[:2] for s in sums] != [(fc * fc, fr * fr), (tc * tc, tr * tr)]:
        return "squares of the offsets"
    if any(a + b != c for a, b, c in sums):
        return "sum"
    makes = MAKES.search(wrote)
    stated = (int(makes[1]), int(makes[2])) if makes else tuple(c for _, _, c in sums)
    if stated != (s1, s2):
        return "sums of squares"
    closer = qm[2] if s1 < s2 else qm[3]
    m = COMPARE.search(wrote)
    if m is not None and ((m[2] == "more") != (s1 > s2) or m[5] != closer):
        return "comparison"
    if ans is None or ans[1] not in (qm[2], qm[3]):
        return "answer names neither object"
    if ans[1] != closer:
        return "answer"
    return "squares"


for label, misses in blocks(sys.argv[1]):
    for family, start in (("relative direction", "Standing at"), ("relative distance", "Which is closer")):
        c = Counter(first_false(m["q"], m["wrote"]) for m in misses if m["q"].startswith(start))
        print(f"{label:12} {family:18} {sum(c.values()):3} wrong: "
              + ", ".join(f"{k} {v}" for k, v in sorted(c.items(), key=lambda kv: -kv[1])))
