#!/usr/bin/env python3
"""Parse speed of the remaining formats of issue 14, in MB/s, with a peer.

Writes a large file (about --mb MB) of each format by repeating the
records of the in-repository fixtures, their ids renumbered so no two are
the same:

    csv        tests/fixtures/csv/all-the-news-1.csv (Kaggle All the News 1.0)
    trec       corpus/trec/F00 (ir_datasets), tests/fixtures/trec/trec1 (AP
               layout) and trec2 (WSJ layout), from Anserini's tests
    gigaword   tests/fixtures/gigaword/afp_eng_200905
    rss        corpus/feeds/rss_2.0_nbcny.xml's item (RSS 2.0)
    atom       corpus/feeds/atom_example_2.xml's entries (Atom 1.0)
    jsonfeed   tests/fixtures/jsonfeed/jsonfeed_example_1.json and
               jsonfeed_elastic_1.1.json's items, in one feed
    wapo, huffpost, signal
               tests/fixtures/json-variants/*: TREC Washington Post,
               HuffPost News Category, Signal Media 1M (JSON lines)

checks that `newsdex parse -j 1 FILE` gives exactly one article per record
written, of the format expected, and that the peer reads as many records,
then times newsdex and the peer in one hyperfine run per file:

    csv        Python's csv module (DictReader over the file)
    rss, atom  feedparser (pip install feedparser)
    jsonfeed   Python's json.load of the whole feed
    json lines Python's json.loads per line

    cargo build --release
    python3 scripts/bench_format_speed.py [--mb 20] [--runs 5] [--bin target/release/newsdex] [--only rss.xml,...]
"""
import argparse, csv, io, json, os, re, shlex, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def read(rel):
    with open(os.path.join(ROOT, rel), encoding="utf-8") as f:
        return f.read()


def repeat(items, mb, number):
    """Numbered copies of `items`, round robin, until there are `mb` MB."""
    out, n, size = [], 0, 0
    while size < mb << 20:
        item = number(items[n % len(items)], n)
        out.append(item)
        size += len(item.encode("utf-8"))
        n += 1
    return out, n


def make_csv(mb):
    rows = list(csv.reader(io.StringIO(read("tests/fixtures/csv/all-the-news-1.csv"), newline="")))
    header, rows = rows[0], rows[1:]
    assert header[:2] == ["", "id"], header

    def number(row, n):
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerow([str(n), str(100000 + n)] + row[2:])
        return buf.getvalue()

    out, n = repeat(rows, mb, number)
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(header)
    return buf.getvalue() + "".join(out), n


def make_trec(mb):
    docs = []
    for rel in ["corpus/trec/F00", "tests/fixtures/trec/trec1", "tests/fixtures/trec/trec2"]:
        docs += re.findall(r"<DOC>.*?</DOC>", read(rel), re.S)
    assert len(docs) == 5, len(docs)

    def number(doc, n):
        return re.sub(r"<DOCNO>\s*(.*?)\s*</DOCNO>", lambda m: f"<DOCNO> {m.group(1)}-{n} </DOCNO>",
                      doc, count=1, flags=re.S) + "\n"

    out, n = repeat(docs, mb, number)
    return "".join(out), n


def make_gigaword(mb):
    docs = re.findall(r"<DOC .*?</DOC>", read("tests/fixtures/gigaword/afp_eng_200905"), re.S)
    assert len(docs) == 4, len(docs)
    out, n = repeat(docs, mb, lambda d, n: re.sub(r'id="([^".]*)\.\d+"', f'id="\\1.{n:07d}"', d, count=1) + "\n")
    return "".join(out), n


def make_rss(mb):
    text = read("corpus/feeds/rss_2.0_nbcny.xml")
    start, end = text.index("<item>"), text.rindex("</item>") + len("</item>")
    items = re.findall(r"<item>.*?</item>", text[start:end], re.S)
    assert len(items) == 1, len(items)
    number = lambda d, n: re.sub(r"(<guid[^>]*>)[^<]*", f"\\g<1>{n}", d, count=1) + "\n        "
    out, n = repeat(items, mb, number)
    return text[:start] + "".join(out) + text[end:], n


def make_atom(mb):
    text = read("corpus/feeds/atom_example_2.xml")
    start, end = text.index("<entry>"), text.rindex("</entry>") + len("</entry>")
    items = re.findall(r"<entry>.*?</entry>", text[start:end], re.S)
    assert len(items) == 2, len(items)
    number = lambda d, n: re.sub(r"<id>[^<]*</id>", f"<id>tag:example.org,2005:entry{n}</id>", d, count=1) + "\n    "
    out, n = repeat(items, mb, number)
    return text[:start] + "".join(out) + text[end:], n


def make_jsonfeed(mb):
    feeds = [json.loads(read("tests/fixtures/jsonfeed/" + name))
             for name in ["jsonfeed_example_1.json", "jsonfeed_elastic_1.1.json"]]
    items = [item for feed in feeds for item in feed["items"]]
    assert len(items) == 5, len(items)

    def number(item, n):
        item = dict(item)
        key = "id" if "id" in item else "url"  # the elastic feed's items have no id
        item[key] = f"{item[key]}#{n}"
        return json.dumps(item, ensure_ascii=False)

    out, n = repeat(items, mb, number)
    head = {k: v for k, v in feeds[0].items() if k != "items"}
    text = json.dumps(head, ensure_ascii=False)[:-1] + ', "items": [\n' + ",\n".join(out) + "\n]}\n"
    return text, n


def make_lines(name, key):
    def make(mb):
        lines = [l for l in read("tests/fixtures/json-variants/" + name).splitlines() if l.strip()]

        def number(line, n):
            obj = json.loads(line)
            obj[key] = f"{obj[key]}-{n}"
            return json.dumps(obj, ensure_ascii=False) + "\n"

        out, n = repeat(lines, mb, number)
        return "".join(out), n
    return make


PY = shlex.quote(sys.executable)
CSV_PEER = f"{PY} -c 'import csv,sys; print(sum(1 for _ in csv.DictReader(open(sys.argv[1], newline=\"\"))))'"
FEED_PEER = f"{PY} -c 'import feedparser,sys; print(len(feedparser.parse(sys.argv[1]).entries))'"
JSONFEED_PEER = f"{PY} -c 'import json,sys; print(len(json.load(open(sys.argv[1]))[\"items\"]))'"
LINES_PEER = f"{PY} -c 'import json,sys; print(len([json.loads(l) for l in open(sys.argv[1]) if l.strip()]))'"

# (name, file name, newsdex's format, generator, peer name, peer command)
CASES = [
    ("csv (All the News 1.0)", "all-the-news.csv", "csv", make_csv, "Python csv.DictReader", CSV_PEER),
    ("trec (ir_datasets, AP, WSJ)", "trec-docs", "trec", make_trec, None, None),
    ("gigaword", "afp_eng_200905", "gigaword", make_gigaword, None, None),
    ("feed (RSS 2.0)", "rss.xml", "feed", make_rss, "feedparser", FEED_PEER),
    ("feed (Atom 1.0)", "atom.xml", "feed", make_atom, "feedparser", FEED_PEER),
    ("jsonfeed", "feed.json", "jsonfeed", make_jsonfeed, "Python json.load", JSONFEED_PEER),
    ("json (Washington Post)", "wapo.jl", "json", make_lines("washingtonpost.jl", "id"), "Python json.loads per line", LINES_PEER),
    ("json (HuffPost)", "huffpost.json", "json", make_lines("huffpost.json", "link"), "Python json.loads per line", LINES_PEER),
    ("json (Signal Media)", "signal.jsonl", "json", make_lines("signal.jsonl", "id"), "Python json.loads per line", LINES_PEER),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=int, default=20)
    ap.add_argument("--runs", type=int, default=5, help="the most runs of each command")
    ap.add_argument("--bin", default=os.path.join(ROOT, "target/release/newsdex"))
    ap.add_argument("--only", help="a comma-separated list of file names to run")
    args = ap.parse_args()
    try:
        import feedparser
        feed_peer = f"feedparser {feedparser.__version__}"
    except ImportError:
        feed_peer = None
    rows = []
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        for label, file_name, format, make, peer, peer_cmd in CASES:
            if args.only and file_name not in args.only.split(","):
                continue
            if peer == "feedparser":
                if feed_peer is None:
                    print("feedparser is not installed: no peer for the feeds", file=sys.stderr)
                    peer = peer_cmd = None
                else:
                    peer = feed_peer
            text, items = make(args.mb)
            path = os.path.join(tmp, file_name)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            size = os.path.getsize(path)
            run = subprocess.run([args.bin, "parse", "-j", "1", path], capture_output=True, text=True)
            parsed = [json.loads(line) for line in run.stdout.splitlines()]
            assert len(parsed) == items, (label, len(parsed), items, run.stderr[:500])
            formats = {a["format"] for a in parsed}
            assert formats == {format}, (label, formats)
            if label != "json (HuffPost)":  # its lines have no id: newsdex's is a hash of the text
                assert len({a["id"] for a in parsed}) == items, (label, "ids not all different")
            commands = [f"{shlex.quote(args.bin)} parse -j 1 {shlex.quote(path)} > /dev/null"]
            if peer_cmd:
                peer_cmd = f"{peer_cmd} {shlex.quote(path)}"
                got = subprocess.run(peer_cmd, shell=True, capture_output=True, text=True, check=True)
                assert int(got.stdout) == items, (label, peer, got.stdout, items)
                commands.append(peer_cmd + " > /dev/null")
            export = os.path.join(tmp, file_name + ".hyperfine.json")
            # No warm-up: the checks above have just read the file (it is in
            # the page cache). Each command runs for about 3 s, 2 to --runs
            # times (feedparser takes 20 s a run on 20 MB: it runs twice).
            subprocess.run(["hyperfine", "--min-runs", "2", "--max-runs", str(args.runs), "--export-json", export,
                            *commands], check=True, stdout=sys.stderr)
            with open(export) as f:
                results = json.load(f)["results"]
            rows.append((label, size, items, results[0], peer, results[1] if peer_cmd else None))
    load_after = os.getloadavg()
    print(f"load average (1, 5, 15 min) before: {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}, "
          f"after: {load_after[0]:.2f} {load_after[1]:.2f} {load_after[2]:.2f}\n")
    mb = lambda size: size / (1 << 20)
    # The last column is the peer's time over newsdex's: above 1, newsdex is faster.
    print("| format | file | items | parsed | newsdex, median (min-max) | newsdex speed | peer | peer, median (min-max) | peer speed | peer time / newsdex time |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |")
    for label, size, items, ours, peer, theirs in rows:
        line = (f"| {label} | {mb(size):.1f} MB | {items:,} | {items:,} | "
                f"{ours['median']:.2f} s ({ours['min']:.2f}-{ours['max']:.2f}) | {mb(size) / ours['median']:.1f} MB/s |")
        if theirs:
            line += (f" {peer} | {theirs['median']:.2f} s ({theirs['min']:.2f}-{theirs['max']:.2f}) | "
                     f"{mb(size) / theirs['median']:.1f} MB/s | {theirs['median'] / ours['median']:.2f}x |")
        else:
            line += " none | | | |"
        print(line)


if __name__ == "__main__":
    main()
