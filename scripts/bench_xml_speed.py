#!/usr/bin/env python3
"""Parse speed of the news-agency XML formats (nitf, newsml, rcv1), in MB/s.

Writes a large file of each format by repeating the items of the fixtures
under tests/fixtures/{nitf,newsml,rcv1} (their ids numbered so no two are
the same), checks `newsdex parse` gives one article per item, then times
`newsdex parse -j 1 FILE > /dev/null` with hyperfine.

    cargo build --release
    python3 scripts/bench_xml_speed.py [--mb 20] [--bin target/release/newsdex]
"""
import argparse, json, os, re, subprocess, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def read(rel, encoding="utf-8"):
    with open(os.path.join(ROOT, rel), encoding=encoding) as f:
        return f.read()


def repeat(items, mb, number):
    out, n, size = [], 0, 0
    while size < mb << 20:
        item = number(items[n % len(items)], n)
        out.append(item + "\n")
        size += len(item) + 1
        n += 1
    return out, n


def nitf(mb):
    items = []
    for rel in ["nitf/nyt_1987_ferry.xml", "nitf/nyt_concatenated.xml", "nitf/anserini_segment1.xml"]:
        text = read("tests/fixtures/" + rel)
        for doc in re.findall(r"<nitf .*?</nitf>", text, re.S):
            if "<!" not in doc:  # the broken one
                items.append(doc)
    out, n = repeat(items, mb, lambda d, n: re.sub(r'id-string="[^"]*"', f'id-string="{n}"', d, count=1))
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + "".join(out), n, "utf-8"


def newsml(mb):
    items = []
    for name in ["LISTING_2_NewsML-G2_Text_Document.xml", "LISTING_22_Sports_story_in_NewsML-G2NITF.xml", "Receiver View.xml"]:
        text = read("tests/fixtures/newsml/" + name)
        items.append(text[text.index("<newsItem"):text.index("</newsItem>") + len("</newsItem>")])
    out, n = repeat(items, mb, lambda d, n: re.sub(r'guid="[^"]*"', f'guid="g{n}"', d, count=1))
    head = '<?xml version="1.0" encoding="UTF-8"?>\n<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><itemSet>\n'
    return head + "".join(out) + "</itemSet></newsMessage>\n", n, "utf-8"


def rcv1(mb):
    items = []
    for rel in ["rcv1/19960820/900001newsML.xml", "rcv1/19960821/900002newsML.xml"]:
        text = read("tests/fixtures/" + rel, "latin-1")
        items.append(text[text.index("<newsitem"):text.index("</newsitem>") + len("</newsitem>")])
    out, n = repeat(items, mb, lambda d, n: re.sub(r'itemid="[^"]*"', f'itemid="{n}"', d, count=1))
    return '<?xml version="1.0" encoding="iso-8859-1" ?>\n' + "".join(out), n, "latin-1"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=int, default=20)
    ap.add_argument("--bin", default=os.path.join(ROOT, "target/release/newsdex"))
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        rows = []
        for name, make in [("nitf", nitf), ("newsml", newsml), ("rcv1", rcv1)]:
            text, items, encoding = make(args.mb)
            path = os.path.join(tmp, f"{name}.xml")
            with open(path, "w", encoding=encoding) as f:
                f.write(text)
            size = os.path.getsize(path)
            run = subprocess.run([args.bin, "parse", "-j", "1", path], capture_output=True, text=True)
            parsed = [json.loads(line) for line in run.stdout.splitlines()]
            assert len(parsed) == items, (name, len(parsed), items, run.stderr[:500])
            assert all(a["format"] == name for a in parsed), name
            export = os.path.join(tmp, f"{name}.json")
            subprocess.run(["hyperfine", "--warmup", "1", "--runs", "5", "--export-json", export,
                            f"{args.bin} parse -j 1 {path} > /dev/null"], check=True)
            with open(export) as f:
                result = json.load(f)["results"][0]
            rows.append((name, items, size, result["median"], result["min"], result["max"]))
        print("| format | file | items | parsed | median (min-max) | speed |")
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        for name, items, size, median, lo, hi in rows:
            print(f"| {name} | {size / (1 << 20):.1f} MB | {items:,} | {items:,} | "
                  f"{median:.2f} s ({lo:.2f}-{hi:.2f}) | {size / (1 << 20) / median:.1f} MB/s |")


if __name__ == "__main__":
    main()
