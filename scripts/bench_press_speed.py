#!/usr/bin/env python3
"""Parse speed of the press-database formats (factiva, nexis), in MB/s.

Writes a large file of each layout by repeating the articles of the
fixtures under tests/fixtures/{factiva,nexis} (numbered so no two are the
same), then times `newsdex parse FILE > /dev/null` (best of 3).

    cargo build --release
    python3 scripts/bench_press_speed.py [--mb 50] [--bin target/release/newsdex]
"""
import argparse, os, re, subprocess, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

def read(rel):
    with open(os.path.join(ROOT, rel), encoding="utf-8-sig") as f:
        return f.read()

def factiva_xml(mb):
    text = read("tests/fixtures/factiva/reut21578-factiva.xml")
    articles = re.findall(r"<ppsarticle>.*?</ppsarticle>", text, re.S)
    out, n, size = ["<?xml version=\"1.0\"?>\n<PPSResponse><ppsArticleResponse xmlns=\"http://global.factiva.com/pps/2.0\"><ppsarticleResultSet>\n"], 0, 0
    while size < mb << 20:
        a = articles[n % len(articles)].replace("<accessionNo>", f"<accessionNo>{n}-", 1)
        out.append(a + "\n"); size += len(a); n += 1
    out.append("</ppsarticleResultSet></ppsArticleResponse></PPSResponse>\n")
    return "".join(out), n

def factiva_html(mb):
    text = read("tests/fixtures/factiva/factiva_test.html")
    start = text.index('<div class="article')
    end = text.index('<div id="pageFooter"')
    body = text[start:end]
    out, n, size = [text[:start]], 0, 0
    while size < mb << 20:
        out.append(body.replace("Document TESTFR", f"Document {n}-TESTFR") + "\n"); size += len(body); n += 2
    out.append(text[end:])
    return "".join(out), n

def nexis_txt(mb):
    text = read("tests/fixtures/nexis/sample.TXT").replace("\r\n", "\n")
    docs = re.split(r"(?m)^(?=\s+\d+ of \d+ DOCUMENTS$)", text)[1:]
    out, n, size = [], 0, 0
    while size < mb << 20:
        d = re.sub(r"\d+ of \d+ DOCUMENTS", f"{n + 1} of 999999 DOCUMENTS", docs[n % len(docs)], count=1)
        out.append(d); size += len(d); n += 1
    text = "".join(out)
    return text, len(re.findall(r"(?m)^[ \t]*\d+ of \d+ DOCUMENTS$", text))

def nexis_html(mb):
    text = read("tests/fixtures/nexis/lexisnexis_test_fr.html")
    start = text.index("<a name=\"DOC_ID_0_0\">")
    end = text.index("<script language=\"JavaScript\">loaded=1")
    body = text[start:end]
    out, n, size = [text[:start]], 0, 0
    while size < mb << 20:
        out.append(body); size += len(body); n += 3
    out.append(text[end:])
    return "".join(out), n

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=int, default=50)
    ap.add_argument("--bin", default=os.path.join(ROOT, "target/release/newsdex"))
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for name, make in [("factiva-xml.xml", factiva_xml), ("factiva-html.html", factiva_html),
                           ("nexis-text.txt", nexis_txt), ("nexis-html.html", nexis_html)]:
            text, n = make(args.mb)
            path = os.path.join(tmp, name)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            size = os.path.getsize(path)
            best = None
            for _ in range(3):
                t = time.perf_counter()
                with open(os.devnull, "w") as null:
                    r = subprocess.run([args.bin, "parse", "-j", "1", path], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                dt = time.perf_counter() - t
                best = dt if best is None else min(best, dt)
            got = r.stdout.count(b"\n")
            print(f"{name}: {size / 1e6:.1f} MB, {n} articles written, {got} parsed, "
                  f"{best:.2f} s, {size / 1e6 / best:.1f} MB/s")

if __name__ == "__main__":
    main()
