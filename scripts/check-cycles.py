#!/usr/bin/env python3
"""Check the file dependency graph of the libraries for cycles.

Reads the object files of lib/ in a build tree with nm: a file depends on
another when it uses (undefined symbol) something the other defines. Prints
the largest strongly connected component (a set of files that all depend on
each other, directly or not) and fails when one has more than MAX files.
It also fails when a file of libepp uses a file of a higher layer (the
sub-folders of lib/epp, lowest first, as DEVELOPING.md lists them), and
when a source file of lib/ is longer than 800 lines.

Usage: scripts/check-cycles.py [BUILD_DIR] [MAX]   (defaults: build 2)
"""
import os
import subprocess
import sys


# The longest source file of lib/.
MAX_LINES = 800

# The layers of libepp, lowest first (DEVELOPING.md, "Layers").
EPP_LAYERS = ["base", "transport", "xml", "core", "ext", "objects", "session",
              "json"]


def layer(src):
    parts = src.split("/")
    if len(parts) < 4 or parts[:2] != ["lib", "epp"]:
        return None
    return EPP_LAYERS.index(parts[2]) if parts[2] in EPP_LAYERS else None


def objects(build):
    """Map 'lib/epp/core/session.c' -> path of its object file (one each).
    An object whose source is gone (a build folder older than a move of
    files) is left out."""
    src_root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    found = {}
    root = os.path.join(build, "lib")
    for dirpath, _, files in os.walk(root):
        for name in sorted(files):
            if not name.endswith(".o"):
                continue
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, build)
            # lib/epp/CMakeFiles/epp_objects.dir/core/session.c.o
            parts = rel.split(os.sep)
            if "CMakeFiles" not in parts:
                continue
            i = parts.index("CMakeFiles")
            src = "/".join(parts[:i] + parts[i + 2:])[:-2]
            if os.path.exists(os.path.join(src_root, src)):
                found.setdefault(src, path)
    return found


def symbols(path):
    def run(*args):
        out = subprocess.run(["nm", *args, path], check=True,
                             capture_output=True, text=True).stdout
        return {line.split()[-1] for line in out.splitlines() if line.strip()}

    return run("-g", "--defined-only"), run("-u")


def sccs(nodes, edges):
    """Tarjan's algorithm, iterative (no recursion limit on big graphs)."""
    index, low, on_stack, stack, result = {}, {}, set(), [], []
    counter = 0
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, it = work[-1]
            advanced = False
            for nxt in it:
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(sorted(edges[nxt]))))
                    advanced = True
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                comp = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    comp.append(w)
                    if w == node:
                        break
                result.append(sorted(comp))
    return result


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else "build"
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    objs = objects(build)
    if not objs:
        print(f"check-cycles: no object files under {build}/lib", file=sys.stderr)
        return 1
    defined, used = {}, {}
    for src, path in objs.items():
        defs, undef = symbols(path)
        used[src] = undef
        for sym in defs:
            defined.setdefault(sym, src)
    edges = {src: set() for src in objs}
    upward = []
    for src, undef in sorted(used.items()):
        for sym in sorted(undef):
            dst = defined.get(sym)
            if dst and dst != src:
                edges[src].add(dst)
                low, high = layer(src), layer(dst)
                if low is not None and high is not None and high > low:
                    upward.append(f"{src} uses {sym} of {dst}")
    for line in upward:
        print(f"check-cycles: layer rule broken: {line}", file=sys.stderr)
    comps = sorted(sccs(sorted(objs), edges), key=len, reverse=True)
    largest = comps[0]
    print(f"check-cycles: {len(objs)} files, largest cycle "
          f"{len(largest)} file(s): {' '.join(largest)}")
    bad = [c for c in comps if len(c) > limit]
    for comp in bad:
        print(f"check-cycles: cycle of {len(comp)} files (limit {limit}):",
              file=sys.stderr)
        inside = set(comp)
        for src in comp:
            deps = sorted(edges[src] & inside)
            print(f"  {src} -> {' '.join(deps)}", file=sys.stderr)
    src_root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    long_files = []
    for dirpath, _, files in os.walk(os.path.join(src_root, "lib")):
        for name in sorted(files):
            if name.endswith((".c", ".h")):
                path = os.path.join(dirpath, name)
                with open(path, encoding="utf-8") as f:
                    n = sum(1 for _ in f)
                if n > MAX_LINES:
                    long_files.append(path)
                    print(f"check-cycles: {os.path.relpath(path, src_root)}"
                          f" has {n} lines (limit {MAX_LINES})",
                          file=sys.stderr)
    return 1 if bad or upward or long_files else 0


if __name__ == "__main__":
    sys.exit(main())
