#!/usr/bin/env python3
"""Baseline for `npm run bench -- cli`: the paper's tables (METRICS.md) over a data folder in plain, single-threaded
Python 3 with the standard library only, as a researcher would write it. Prints one JSON object
{outputs, sample0, judges, summaries} shaped like `overton report --json` (numbers rounded to 4 decimals).

usage: python3 bench/report_baseline.py <data-folder>
"""
import json
import os
import re
import statistics
import sys

STOP = set("""i me my myself we our ours ourselves you you're you've you'll you'd your yours yourself yourselves he him his
himself she she's her hers herself it it's its itself they them their theirs themselves what which who whom this that
that'll these those am is are was were be been being have has had having do does did doing a an the and but if or
because as until while of at by for with about against between into through during before after above below to from
up down in out on off over under again further then once here there when where why how all any both each few more most
other some such no nor not only own same so than too very s t can will just don don't should should've now d ll m o re
ve y ain aren aren't couldn couldn't didn didn't doesn doesn't hadn hadn't hasn hasn't haven haven't isn isn't ma
mightn mightn't mustn mustn't needn needn't shan shan't shouldn shouldn't wasn wasn't weren weren't won won't wouldn
wouldn't""".split())
TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")
ABSTAIN = ["ai language model", "cannot have personal", "can't have personal", "don't have personal", "do not have personal",
           "cannot provide personal", "can't provide personal", "cannot condone", "can't condone"]
FENCE = "```"
ASPECTS = ["helpfulness", "clarity", "factuality", "depth", "engagement"]


def rnd(x):
    return None if x is None else round(x, 4)


def mean(xs):
    return sum(xs) / len(xs) if xs else None


def clean(text, handle):
    t = text.strip()
    if t.endswith(FENCE):
        t = t[:-3].strip()
    if handle.endswith("summary-cot"):
        marker = "# Answer:\n" + FENCE + "\n"
        i = t.find(marker)
        if i >= 0:
            rest = t[i + len(marker):]
            j = rest.find(FENCE)
            t = (rest if j < 0 else rest[:j]).strip()
    return t


def sample_text(o):
    if not isinstance(o, dict):
        return None
    if isinstance(o.get("generated_text"), str):
        return o["generated_text"]
    m = o.get("message")
    if isinstance(m, dict) and isinstance(m.get("content"), str):
        return m["content"]
    return None


def numbered_len(text):
    c = 0
    for line in text.lower().split("\n"):
        if line.startswith(f"{c + 1}. "):
            c += 1
    return c


def is_abstain(text):
    low = text.lower()
    return any(p in low for p in ABSTAIN)


def tokens(text, stop):
    s = set(TOKEN.findall(text.lower().replace("\u2019", "'").replace("\u2018", "'")))
    return s - STOP if stop else s


def pair_jaccard(sets):
    vals = []
    for i in range(len(sets)):
        for j in range(i + 1, len(sets)):
            a, b = sets[i], sets[j]
            if not a and not b:
                continue
            u = len(a | b)
            vals.append(len(a & b) / u if u else 0.0)
    return mean(vals)


def read_jsonl(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                try:
                    out.append(json.loads(line))
                except ValueError:
                    out.append(None)
    return out


def outputs_row(dataset, split, handle, lines):
    hist, texts_by_prompt, n_errors, first = {}, [], 0, []
    for rec in lines:
        if not isinstance(rec, dict) or rec.get("ok") is False:
            n_errors += 1
            texts_by_prompt.append([])
            first.append(None)
            continue
        outs = rec.get("outputs") or []
        hist[str(len(outs))] = hist.get(str(len(outs)), 0) + 1
        texts = []
        for k, o in enumerate(outs):
            t = sample_text(o)
            if t is None:
                n_errors += 1
                if k == 0:
                    first.append(None)
                continue
            t = clean(t, handle)
            texts.append(t)
            if k == 0:
                first.append(t)
        if not outs:
            first.append(None)
        texts_by_prompt.append(texts)
    valid = [t for ts in texts_by_prompt for t in ts]
    words = [len(t.split()) for t in valid]
    jac_all, jac_stop, prefix, lendiff = [], [], [], []
    for ts in texts_by_prompt:
        if len(ts) < 2:
            continue
        v = pair_jaccard([tokens(t, False) for t in ts])
        if v is not None:
            jac_all.append(v)
        v = pair_jaccard([tokens(t, True) for t in ts])
        if v is not None:
            jac_stop.append(v)
        prefix.append(len({" ".join(t.split()[:5]) for t in ts}) / len(ts))
        w = [len(t.split()) for t in ts]
        lendiff.append(mean([abs(w[i] - w[j]) for i in range(len(w)) for j in range(i + 1, len(w))]))
    n = len(valid)
    row = {
        "dataset": dataset, "split": split, "system": handle, "n_prompts": len(lines),
        "samples_per_prompt": dict(sorted(hist.items(), key=lambda kv: int(kv[0]))), "n_responses": n, "n_errors": n_errors,
        "mean_words": rnd(mean(words)), "median_words": rnd(statistics.median(words)) if words else None,
        "jaccard_all": rnd(mean(jac_all)), "jaccard_nostop": rnd(mean(jac_stop)),
        "frac_numbered_list": rnd(sum(numbered_len(t) >= 2 for t in valid) / n) if n else None,
        "frac_bullet_list": rnd(sum(sum(l.startswith("- ") for l in t.split("\n")) >= 2 for t in valid) / n) if n else None,
        "frac_abstain": rnd(sum(is_abstain(t) for t in valid) / n) if n else None,
        "distinct_prefix5_ratio": rnd(mean(prefix)), "mean_pairwise_len_diff": rnd(mean(lendiff)),
    }
    f0 = [t for t in first if t is not None]
    m = len(f0)
    s0 = {
        "dataset": dataset, "split": split, "system": handle, "n_valid": m,
        "mean_words": rnd(mean([len(t.split()) for t in f0])),
        "frac_numbered_list": rnd(sum(numbered_len(t) >= 2 for t in f0) / m) if m else None,
        "frac_abstain": rnd(sum(is_abstain(t) for t in f0) / m) if m else None,
    }
    return row, s0


def content(rec):
    if not isinstance(rec, dict) or rec.get("ok") is False:
        return None
    outs = rec.get("outputs") or []
    t = sample_text(outs[0]) if outs else None
    if t is None:
        return None
    try:
        return json.loads(t)
    except ValueError:
        return None


def score(v):
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return float(v)
    if isinstance(v, str):
        try:
            return float(v.strip())
        except ValueError:
            return None
    return None


def judge_row(dataset, kind, name, lines, n_prompts):
    parsed = [content(r) for r in lines]
    rows = len(lines)
    row = {"dataset": dataset, "kind": kind, "name": name, "rows": rows}
    spp = max(1, round(rows / n_prompts)) if n_prompts else 1
    if kind == "eval-quality":
        row["samples_per_prompt"] = rows / n_prompts if n_prompts else 0
        row["parse_failures"] = sum(not isinstance(p, dict) for p in parsed)
        for suffix, ps in (("all", parsed), ("s0", parsed[::spp])):
            means = []
            for a in ASPECTS:
                vals = [score(p[a].get("score")) for p in ps if isinstance(p, dict) and isinstance(p.get(a), dict)]
                m = mean([v for v in vals if v is not None])
                row[f"{a}_{suffix}"] = rnd(m)
                means.append(m)
            row[f"avg5_{suffix}"] = rnd(mean(means)) if None not in means else None
    elif kind == "eval-stance":
        labels = []
        for p in parsed:
            s = p.get("stance") if isinstance(p, dict) else None
            s = s.strip().lower() if isinstance(s, str) else None
            labels.append(s if s in ("yes", "no", "both", "other") else None)
        row["samples_per_prompt"] = rows / n_prompts if n_prompts else 0
        for lab in ("yes", "no", "both", "other"):
            row[f"frac_{lab}"] = rnd(labels.count(lab) / rows) if rows else None
        row["unparsed"] = labels.count(None)
        groups = [set(l for l in labels[i:i + spp] if l is not None) for i in range(0, rows, spp)]
        row["frac_prompts_yes_and_no"] = rnd(sum("yes" in g and "no" in g for g in groups) / len(groups)) if groups else None
        row["frac_prompts_any_both"] = rnd(sum("both" in g for g in groups) / len(groups)) if groups else None
        row["mean_distinct_stances"] = rnd(mean([len(g) for g in groups]))
    elif kind == "eval-missing":
        scores = [score(p.get("score")) if isinstance(p, dict) else None for p in parsed]
        ok = sorted(s for s in scores if s is not None)
        counts = {}
        for s in ok:
            k = str(int(s)) if s == int(s) else str(s)
            counts[k] = counts.get(k, 0) + 1
        row.update({"mean_score": rnd(mean(ok)), "parse_failures": len(scores) - len(ok), "score_counts": counts})
    elif kind == "extract-topics":
        tops = [p["topics"] for p in parsed if isinstance(p, dict) and isinstance(p.get("topics"), list)]
        row["parse_failures"] = rows - len(tops)
        for lab in ("A", "B", "both"):
            row[f"mean_topics_{lab}"] = rnd(mean([sum(isinstance(t, dict) and t.get("response") == lab for t in ts) for ts in tops]))
            help_ = [score(t.get("helpfulness")) for ts in tops for t in ts if isinstance(t, dict) and t.get("response") == lab]
            row[f"mean_help_{lab}"] = rnd(mean([h for h in help_ if h is not None]))
    return row


def bertscore_row(dataset, path):
    with open(path, encoding="utf-8") as f:
        d = json.load(f)
    res = d.get("results") or {}
    P, R, F = res.get("precision") or [], res.get("recall") or [], res.get("f1") or []
    same = d.get("ref_model") == d.get("alt_model")
    ref_ids, alt_ids = d.get("ref_sample_ids") or [], d.get("alt_sample_ids") or []
    keep = [i for i in range(len(F)) if not (same and i < len(ref_ids) and i < len(alt_ids) and ref_ids[i] == alt_ids[i])]
    pair = os.path.basename(path)[:-5]
    return {"dataset": dataset, "kind": "bertscore", "name": pair, "rows": len(F), "rows_used": len(keep),
            "P": rnd(mean([P[i] for i in keep])), "R": rnd(mean([R[i] for i in keep])), "F1": rnd(mean([F[i] for i in keep])),
            "hashcode": res.get("hashcode")}


def main(root):
    out = {"outputs": [], "sample0": [], "judges": [], "summaries": []}
    for dataset in sorted(os.listdir(root)):
        ddir = os.path.join(root, dataset)
        if not os.path.isfile(os.path.join(ddir, "instances", "data.jsonl")):
            continue
        with open(os.path.join(ddir, "instances", "data.jsonl"), encoding="utf-8") as f:
            n_prompts = sum(1 for line in f if line.strip())
        for split in sorted(s for s in os.listdir(ddir) if s.startswith("outputs")):
            for handle in sorted(os.listdir(os.path.join(ddir, split))):
                p = os.path.join(ddir, split, handle, "samples.jsonl")
                if os.path.isfile(p):
                    row, s0 = outputs_row(dataset, split, handle, read_jsonl(p))
                    out["outputs"].append(row)
                    out["sample0"].append(s0)
        for kind in ("eval-missing", "eval-quality", "eval-stance", "extract-topics"):
            kdir = os.path.join(ddir, kind, "outputs")
            if os.path.isdir(kdir):
                for name in sorted(os.listdir(kdir)):
                    p = os.path.join(kdir, name, "samples.jsonl")
                    if os.path.isfile(p):
                        out["judges"].append(judge_row(dataset, kind, name, read_jsonl(p), n_prompts))
        bdir = os.path.join(ddir, "bertscore", "outputs")
        if os.path.isdir(bdir):
            for fname in sorted(os.listdir(bdir)):
                if fname.endswith(".json"):
                    out["judges"].append(bertscore_row(dataset, os.path.join(bdir, fname)))
        for split in sorted(s for s in os.listdir(ddir) if s.startswith("summaries-outputs")):
            sdir = os.path.join(ddir, split, "outputs")
            for teacher in sorted(os.listdir(sdir)) if os.path.isdir(sdir) else []:
                p = os.path.join(sdir, teacher, "samples.jsonl")
                if os.path.isfile(p):
                    lines = read_jsonl(p)
                    texts = [sample_text((r.get("outputs") or [None])[0]) if isinstance(r, dict) and r.get("ok") is not False else None for r in lines]
                    words = [len(t.strip().split()) for t in texts if t is not None]
                    out["summaries"].append({"dataset": dataset, "split": split, "source": teacher, "rows": len(lines), "mean_words": rnd(mean(words))})
    json.dump(out, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
