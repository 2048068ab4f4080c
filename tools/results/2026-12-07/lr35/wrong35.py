#!/usr/bin/env python3
"""What a model's wrong answers wrote (thirty-fifth session): wrong35.py PATH/RUN-SPLIT... reads the misses
`eval --show-misses` wrote to RUN-SPLIT.err (or .err.gz) for the first mode it scored (eval closes each mode's misses
with its "located" line; score_pair and the shipped evals score text first) and sorts each wrong answer by what its
chain got wrong first:
  count: the chain listed fewer or more objects than the gold chain, or as many (then a name or square was wrong);
  size: no squares (object size chains state widths);
  otherwise, with the question's objects' squares from the gold chain (x and z to the table's 1 x 1 squares):
  "name miscopied" (a position line names an object the question does not: "the red cube" for "the red cone"),
  "a square wrong" (every name copied, some stated square is not the object's), "squares right, later step wrong".
Of the miscopied names it also counts those in questions that name a held-out colour-shape pair."""
import gzip, math, os, re, sys

SQUARE = re.compile(r"(?:The|There is a) ([^.,]+?) (?:is )?in column (\d), row (\d)\.")
GOLD = re.compile(r"(?:The|There is a) ([^.,]+?) (?:is )?at x = (-?\d+\.\d+), z = (-?\d+\.\d+)")
HELD_OUT = ["red cone", "green cylinder", "blue cube", "purple sphere"]  # spatial-bench's HeldOutPairs


def square(v):
    return max(0, min(5, math.floor(float(v) + 3)))  # Table.square: HALF_EXTENT 3, six squares


def misses(path):
    """(question, wrote, gold) of each miss of the first mode in the file."""
    q, wrote = None, None
    opener = gzip.open if path.endswith(".gz") else open
    for line in opener(path, "rt"):
        if " located " in line:
            return
        if line.startswith("miss "):
            q = line.split(": ", 1)[1].rsplit(" -> ", 1)[0]
            wrote = None
        elif line.startswith("  wrote:") and q:
            wrote = line
        elif line.startswith("  gold:") and q and wrote:
            yield q, wrote, line
            q = None


def kind(q, wrote, gold):
    stated = SQUARE.findall(wrote)
    family = "count" if q.startswith("How many") else "other"
    if family == "count":
        return "count: " + ("listed another number" if len(stated) != len(GOLD.findall(gold)) else "listed as many")
    if not stated:
        return "size or no squares"
    if any(name not in q for name, _, _ in stated):
        return "name miscopied" + (" (held-out pair asked)" if any(h in q for h in HELD_OUT) else "")
    truth = {name: (square(x), square(z)) for name, x, z in GOLD.findall(gold)}
    if any(name in truth and truth[name] != (int(c), int(r)) for name, c, r in stated):
        return "a square wrong"
    return "squares right, later step wrong"


for prefix in sys.argv[1:]:
    path = prefix + ".err" if os.path.exists(prefix + ".err") else prefix + ".err.gz"
    counts = {}
    for q, wrote, gold in misses(path):
        k = kind(q, wrote, gold)
        counts[k] = counts.get(k, 0) + 1
    print(os.path.basename(prefix) + f": {sum(counts.values())} wrong: "
          + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
