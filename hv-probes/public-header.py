#!/usr/bin/env python3
# public/xenscope.h is written once, but the series adds it a part at a time:
# each item of the file sits under a tag line
#
#     /* series: NNNN */        from patch NNNN on
#     /* series: NNNN-MMMM */   patches NNNN to MMMM only (what a later
#                               patch replaces, such as an old version)
#
# naming the patch that first needs it, and a tag holds until the next one
# (a tag is a comment of its own: never inside another comment).
# From that one file this script writes the header as patches 1..K have it
# (tag lines dropped), and checks the tags against the patches: an item must
# come with the first patch whose code uses it, or with the first item of the
# header that refers to it, neither earlier nor later.
#
# Usage: public-header.py for K|all   the header of patches 1..K, on stdout
#        public-header.py check       the tags agree with the patches
#        public-header.py table       symbol, tag, first use, one a line
#
# Exit status: 0 done (check: every tag agrees), 1 a tag disagrees or the
# header cannot be read, 2 bad usage.
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
HEADER = os.path.join(HERE, "public", "xenscope.h")
TAG = re.compile(r"^\s*/\* series: (\d{4})(?:-(\d{4}))? \*/\s*$")
# What an item defines: a macro, a struct or union tag, or a member of the
# domctl's per-operation union (used in code as u.NAME).
DEFINE = re.compile(r"^\s*#\s*define\s+(\w+)")
AGGREGATE = re.compile(r"^\s*(?:struct|union)\s+(\w+)\s*\{")
MEMBER = re.compile(r"^\s*\}\s*(\w+)\s*;")
# Files whose code can use the header (Kconfig help, docs, commit messages
# and xentrace's formats name things without needing them).
CODE_FILE = re.compile(r"\.[ch]$")


def series():
    names = []
    with open(os.path.join(HERE, "series")) as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                names.append(line)
    return names


def strip_comments(text):
    """Comments out, line breaks kept (so that lines keep their numbers)."""
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    return re.sub(r"//[^\n]*", "", text)


def patch_code(path):
    """The lines a patch adds to C files, comments removed."""
    added, in_code = [], False
    with open(path, errors="replace") as f:
        for line in f:
            if line.startswith("diff --git "):
                in_code = bool(CODE_FILE.search(line.split()[-1]))
            elif in_code and line.startswith("+") and not line.startswith("+++"):
                added.append(line[1:])
    return strip_comments("".join(added))


def read_header():
    """[(tag, line, last)] for every line that is not a tag: the line is in
    the header of patches tag..last; tag 0 before any tag."""
    lines, tag, last = [], 0, 9999
    with open(HEADER) as f:
        for line in f:
            m = TAG.match(line)
            if m:
                tag = int(m.group(1))
                last = int(m.group(2)) if m.group(2) else 9999
            else:
                lines.append((tag, line, last))
    return lines


def header_for(lines, k):
    return "".join(line for tag, line, last in lines if tag <= k <= last)


def items(lines):
    """{symbol: (tag, kind, line index)} and [(tag, code)] a line each."""
    defined = {}
    for i, (tag, line, _) in enumerate(lines):
        for rx, kind in ((DEFINE, "define"), (AGGREGATE, "type"), (MEMBER, "member")):
            m = rx.match(line)
            if m and m.group(1) != "u" and not m.group(1).startswith("__XEN_PUBLIC"):
                defined.setdefault(m.group(1), (tag, kind, i))
    # Each line keeps its tag once the comments are out.
    text = strip_comments("".join(line for _, line, _ in lines))
    code = [(lines[i][0], c) for i, c in enumerate(text.split("\n")[: len(lines)])]
    return defined, code


def uses(symbol, kind, text):
    pattern = r"\bu\." + symbol + r"\b" if kind == "member" else r"\b" + symbol + r"\b"
    return re.search(pattern, text) is not None


def needed_by(defined, code, patches):
    """symbol -> (first patch using it, first tag of a header line using it)."""
    result = {}
    for sym, (tag, kind, at) in defined.items():
        first = next((k for k, c in enumerate(patches, 1) if uses(sym, kind, c)), None)
        refs = [t for i, (t, c) in enumerate(code) if i != at and uses(sym, kind, c)]
        result[sym] = (first, min(refs) if refs else None)
    return result


def main(argv):
    if len(argv) < 2 or argv[1] not in ("for", "check", "table"):
        print("usage: public-header.py for K|all | check | table", file=sys.stderr)
        return 2
    names = series()
    try:
        lines = read_header()
    except OSError as e:
        print("public-header: %s: %s" % (HEADER, e.strerror), file=sys.stderr)
        return 1
    if argv[1] == "for":
        if len(argv) != 3 or not (argv[2] == "all" or argv[2].isdigit()):
            print("usage: public-header.py for K|all", file=sys.stderr)
            return 2
        k = len(names) if argv[2] == "all" else int(argv[2])
        sys.stdout.write(header_for(lines, k))
        return 0
    patches = [patch_code(os.path.join(HERE, n)) for n in names]
    defined, code = items(lines)
    need = needed_by(defined, code, patches)
    bad = 0
    for tag, _, last in lines:
        if not 1 <= tag <= min(last, len(names)):
            print("public-header: a line outside any tag, or a tag %04d not in the series" % tag)
            bad += 1
            break
    for sym, (tag, kind, _) in sorted(defined.items(), key=lambda kv: (kv[1][0], kv[0])):
        first, ref = need[sym]
        want = min(x for x in (first, ref) if x is not None) if (first or ref) else None
        if argv[1] == "table":
            print("%-36s %04d  %s" % (sym, tag, "%04d" % want if want else "tools only"))
            continue
        if want is not None and tag != want:
            why = "patch %04d uses it" % first if want == first else "an item of %04d refers to it" % ref
            print("public-header: %s is tagged %04d, but %s" % (sym, tag, why))
            bad += 1
    if argv[1] == "check":
        if bad:
            return 1
        print("public-header: every item of public/xenscope.h comes with the patch that first needs it")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
