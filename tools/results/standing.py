#!/usr/bin/env python3
"""The shipped pair over every seed it was trained on (docs/results.md, "Where it stands"): one markdown row per seed
from the committed eval lines (RUN-SPLIT.jsonl anywhere under tools/results), then the means and their standard
errors. A seed's pair counts once both runs' `test` and `hard` lines are here. standing.py [--families | --plain]"""
import glob, json, math, os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
# (seed, vanilla control, `lvr` on LVR's schedule): the shipped pair's two commands with --seed N
PAIRS = [(0, "gs20", "gd21"), (1, "gs21s1", "gd21s1"), (2, "gs23s2", "gd23s2"), (3, "gs24s3", "gd24s3"),
         (4, "gs24s4", "gd24s4"), (5, "gs24s5", "gd24s5"), (6, "gs26s6", "gd26s6"), (7, "gs27s7", "gd27s7")]
KS = [1, 4, 9, 16]
FAMILIES = ["absolute_distance", "object_count", "object_size", "relative_direction", "relative_distance"]


def scores(run, split):
    """{(mode, K): {family: accuracy %}} from the run's eval lines, or None when they are not here."""
    paths = sorted(glob.glob(os.path.join(HERE, "*", "*", f"{run}-{split}.jsonl")))
    if not paths:
        return None
    out = {}
    for line in open(paths[0]):
        r = json.loads(line)
        out.setdefault((r["mode"], r["latent_steps"]), {})[r["family"]] = 100 * r["accuracy"]
    return out


def signed(x, digits=1):
    """+1.8, −5.0: the minus sign the docs use."""
    return f"{x:+.{digits}f}".replace("-", "\u2212")


def mean_se(xs):
    m = sum(xs) / len(xs)
    if len(xs) < 2:
        return m, float("nan")
    return m, math.sqrt(sum((x - m) ** 2 for x in xs) / (len(xs) - 1) / len(xs))


rows = []
for seed, vanilla, lvr in PAIRS:
    s = {(run, split): scores(run, split) for run in (vanilla, lvr) for split in ("test", "hard")}
    if all(v is not None for v in s.values()):
        rows.append((seed, vanilla, lvr, s))

if sys.argv[1:] == ["--plain"]:
    # the papers' vanilla SFT (cross-entropy only: no grounding loss, no position readout; plain32/plain.sh, thirty-second
    # session) against the shipped pair's runs of the same seed
    plain = [(seed, f"gp32s{seed}", vanilla, lvr, s) for seed, vanilla, lvr, s in rows
             if scores(f"gp32s{seed}", "test") is not None and scores(f"gp32s{seed}", "hard") is not None]
    print("| seed | vanilla SFT (CE only), text: `test` / `hard` | shipped control, text: `hard` | `lvr`, text: `hard` "
          "| `lvr`, latent K = 1 / 4 / 9 / 16: `hard` | `lvr` best `hard` cell − CE-only vanilla | `lvr` K = 1 − CE-only vanilla |")
    print("|---|---|---|---|---|---|---|")
    gaps, gaps1, ctrl, pt, ph = [], [], [], [], []
    for seed, run, vanilla, lvr, s in plain:
        p = {split: scores(run, split)[("text", 0)]["all"] for split in ("test", "hard")}
        vh = s[(vanilla, "hard")][("text", 0)]["all"]
        lh = s[(lvr, "hard")][("text", 0)]["all"]
        kh = [s[(lvr, "hard")][("latent", k)]["all"] for k in KS]
        gaps.append(max(kh) - p["hard"])
        gaps1.append(kh[0] - p["hard"])
        ctrl.append(vh - p["hard"])
        pt.append(p["test"])
        ph.append(p["hard"])
        print(f"| {seed} ({run}) | {p['test']:.1f} / {p['hard']:.1f} | {vh:.1f} | {lh:.1f} | "
              + " / ".join(f"{x:.1f}" for x in kh) + f" | {signed(max(kh) - p['hard'])} | {signed(kh[0] - p['hard'])} |")
    g, g1, c = mean_se(gaps), mean_se(gaps1), mean_se(ctrl)
    print(f"| mean of {len(plain)} | {mean_se(pt)[0]:.1f} / {mean_se(ph)[0]:.1f} | | | | "
          f"**{signed(g[0])} ± {g[1]:.1f}** | {signed(g1[0])} ± {g1[1]:.1f} |")
    print(f"\nshipped control (grounding loss and readout) − CE-only vanilla on `hard`: {signed(c[0])} ± {c[1]:.1f}\n")
    # per family on `hard`, means over these seeds
    print("| family | vanilla SFT (CE only), text | shipped control, text | `lvr`, latent K = 1 | `lvr` K = 1 − CE-only |")
    print("|---|---|---|---|---|")
    for f in FAMILIES + ["all"]:
        pv = [scores(run, "hard")[("text", 0)][f] for _, run, _, _, _ in plain]
        sv = [s[(van, "hard")][("text", 0)][f] for _, _, van, _, s in plain]
        lv = [s[(lv, "hard")][("latent", 1)][f] for _, _, _, lv, s in plain]
        d = mean_se([b - a for a, b in zip(pv, lv)])
        print(f"| {f.replace('_', ' ')} | {mean_se(pv)[0]:.1f} | {mean_se(sv)[0]:.1f} | {mean_se(lv)[0]:.1f} "
              f"| {signed(d[0])} ± {d[1]:.1f} |")
    sys.exit()

if sys.argv[1:] == ["--families"]:
    # per family on `hard`: the control's text mode against `lvr`'s latent mode at K = 1 (its best K on average)
    print("| family | vanilla, text | `lvr`, latent K = 1 | difference |")
    print("|---|---|---|---|")
    for f in FAMILIES + ["all"]:
        v = [s[(van, "hard")][("text", 0)][f] for _, van, _, s in rows]
        l = [s[(lv, "hard")][("latent", 1)][f] for _, _, lv, s in rows]
        d = mean_se([b - a for a, b in zip(v, l)])
        print(f"| {f.replace('_', ' ')} | {mean_se(v)[0]:.1f} | {mean_se(l)[0]:.1f} | {signed(d[0])} ± {d[1]:.1f} |")
    sys.exit()

print("| seed | vanilla, text: `test` / `hard` | `lvr`, text: `test` / `hard` | `lvr`, latent K = 1 / 4 / 9 / 16: `test` "
      "| `lvr`, latent K = 1 / 4 / 9 / 16: `hard` | best `hard` cell − vanilla |")
print("|---|---|---|---|---|---|")
cols = {k: [] for k in ["vt", "vh", "lt", "lh", "gap"] + [f"t{k}" for k in KS] + [f"h{k}" for k in KS]}
for seed, vanilla, lvr, s in rows:
    a = lambda run, split, mode, k: s[(run, split)][(mode, k)]["all"]
    vt, vh = a(vanilla, "test", "text", 0), a(vanilla, "hard", "text", 0)
    lt, lh = a(lvr, "test", "text", 0), a(lvr, "hard", "text", 0)
    kt = [a(lvr, "test", "latent", k) for k in KS]
    kh = [a(lvr, "hard", "latent", k) for k in KS]
    gap = max(kh) - vh
    for key, val in [("vt", vt), ("vh", vh), ("lt", lt), ("lh", lh), ("gap", gap)]:
        cols[key].append(val)
    for k, t, h in zip(KS, kt, kh):
        cols[f"t{k}"].append(t)
        cols[f"h{k}"].append(h)
    print(f"| {seed} ({vanilla}, {lvr}) | {vt:.1f} / {vh:.1f} | {lt:.1f} / {lh:.1f} | "
          + " / ".join(f"{x:.1f}" for x in kt) + " | " + " / ".join(f"{x:.1f}" for x in kh) + f" | {signed(gap)} |")
m = {k: mean_se(v) for k, v in cols.items()}
fmt = lambda key: f"{m[key][0]:.1f}"
print(f"| mean of {len(rows)} | {fmt('vt')} / {fmt('vh')} | {fmt('lt')} / {fmt('lh')} | "
      + " / ".join(fmt(f"t{k}") for k in KS) + " | " + " / ".join(fmt(f"h{k}") for k in KS)
      + f" | **{signed(m['gap'][0])} ± {m['gap'][1]:.1f}** |")
print()
print("| `hard`, over the seeds | " + " | ".join(f"latent K = {k}" for k in KS) + " |")
print("|---|" + "---|" * len(KS))
gaps = [mean_se([h - v for h, v in zip(cols[f"h{k}"], cols["vh"])]) for k in KS]
print("| `lvr` − vanilla (mean ± standard error) | " + " | ".join(f"{signed(m)} ± {se:.1f}" for m, se in gaps) + " |")
print("| seeds where this K scores above K = 1 | " + " | ".join(
    str(sum(1 for a, b in zip(cols["h1"], cols[f"h{k}"]) if b > a)) if k > 1 else "—" for k in KS) + " |")
