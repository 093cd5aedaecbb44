#!/usr/bin/env python3
"""Run the shell commands of README.md and docs/*.md against the demo.

Usage: doc_commands.py [--list] [--build BUILD_DIR] [--dir DEMO_DIR] TOP [FILE...]

With --build, starts the demo (scripts/demo.sh BUILD_DIR --up DEMO_DIR),
runs every command, and stops it again (--down). Without --build, runs
against a demo that is already up in DEMO_DIR (default TOP/build/demo).
--list prints the commands and the skipped blocks without running them.

Which commands run
  A code block is a shell block when it is fenced as sh, shell, bash or
  console, or when it is indented (four spaces) and one of its lines
  starts with a known program (eppctl, epp-rpc, epp-gate, epp-sim,
  eppkit-gencerts, make, cmake, ctest, export, printf, openssl, build/bin/...,
  scripts/..., after any VAR=value words). Every command of a shell block
  runs (a line ending in a backslash goes on), in DEMO_DIR, with the
  variables of DEMO_DIR/env, standard input from /dev/null, one after the
  other, each file in one shell (variables and cd carry over to the next
  command of the same file). A command passes when it exits 0.

Markers: an HTML comment on the line before a block (blank lines between
are allowed) changes that, e.g. <!-- doc-test: skip: needs root -->:
  skip: REASON      the block is not run (the reason is printed)
  status N          each command must exit N instead of 0
  output TEXT       ... and print TEXT (stdout or stderr)
  daemon            each command is a server: it is started in the
                    background, must pass its `ready:` check and keeps
                    running until the file's commands are done; then it
                    gets SIGTERM and must exit 0
  ready: COMMAND    with daemon: run until it exits 0 (30 s at most)
Several items are separated by ";". skip takes the rest of the comment
as its reason, which is required.

The systemd units the docs name (systemctl, journalctl -u, NAME.service,
NAME.path) must exist in etc/systemd/ (epp-gate@x for epp-gate@.service),
the registry.*.example files in etc/epp-gate/, and no .path unit may
watch a file that the service it restarts gives the gate as
--health-file.

A failure names the file, line, command, exit status and output. Exit
status: 0 when every command passed, 1 otherwise, 2 usage.
"""
import os
import re
import shlex
import signal
import subprocess
import sys
import tempfile
import time

PROGRAMS = {
    "eppctl", "epp-rpc", "epp-gate", "epp-sim", "eppkit-gencerts", "make",
    "cmake", "ctest", "export", "printf", "echo", "openssl", "chmod", "cd",
}
SHELL_LANGS = {"sh", "shell", "bash", "console"}
MARKER = re.compile(r"^\s*<!--\s*doc-test:\s*(.*?)\s*-->\s*$")
FENCE = re.compile(r"^( {0,3})(```+|~~~+)\s*([\w-]*)")
ASSIGN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
COMMAND_TIMEOUT = 60
READY_TIMEOUT = 30


class Block:
    def __init__(self, path, lines, shell, marker, marker_line):
        self.path = path
        self.lines = lines  # [(line number, text)]
        self.shell = shell
        self.marker = marker
        self.marker_line = marker_line
        self.opts = parse_marker(marker, path, marker_line)


def parse_marker(text, path, line):
    opts = {}
    if text is None:
        return opts
    if re.match(r"skip\b", text):  # the reason is all the rest
        reason = re.sub(r"^skip:?\s*", "", text)
        if not reason:
            raise SystemExit(f"{path}:{line}: skip needs a reason")
        return {"skip": reason}
    for item in [i.strip() for i in text.split(";") if i.strip()]:
        key, _, val = item.partition(" ")
        key = key.rstrip(":")
        val = val.strip()
        if key == "skip":
            if not val:
                raise SystemExit(f"{path}:{line}: skip needs a reason")
            opts["skip"] = val
        elif key == "status" and val.isdigit():
            opts["status"] = int(val)
        elif key == "output" and val:
            opts["output"] = val
        elif key == "daemon" and not val:
            opts["daemon"] = True
        elif key == "ready" and val:
            opts["ready"] = val
        else:
            raise SystemExit(f"{path}:{line}: unknown doc-test item '{item}'")
    if "ready" in opts and "daemon" not in opts:
        raise SystemExit(f"{path}:{line}: ready: needs daemon")
    if "daemon" in opts and "ready" not in opts:
        raise SystemExit(f"{path}:{line}: daemon needs ready: COMMAND")
    return opts


def first_word(text):
    words = text.split()
    while words and ASSIGN.match(words[0]):
        words.pop(0)
    return words[0] if words else ""


def is_program(word):
    return (word in PROGRAMS or word.startswith("build/bin/") or
            word.startswith("scripts/"))


def blocks_of(path):
    with open(path, encoding="utf-8") as f:
        text = f.read().split("\n")
    out = []
    i = 0
    prev_blank = True

    def marker_before(start):
        j = start - 1
        while j >= 0 and not text[j].strip():
            j -= 1
        if j >= 0:
            m = MARKER.match(text[j])
            if m:
                return m.group(1), j + 1
        return None, None

    while i < len(text):
        line = text[i]
        m = FENCE.match(line)
        if m:
            indent, fence, lang = m.group(1), m.group(2), m.group(3)
            start = i
            body = []
            i += 1
            while i < len(text) and not text[i].lstrip().startswith(fence):
                body.append((i + 1, text[i][len(indent):]
                             if text[i].startswith(indent) else text[i]))
                i += 1
            i += 1
            marker, mline = marker_before(start)
            out.append(Block(path, body, lang in SHELL_LANGS, marker, mline))
            prev_blank = False
            continue
        if prev_blank and (line.startswith("    ") or line.startswith("\t")):
            start = i
            body = []
            while i < len(text) and (not text[i].strip() or
                                     text[i].startswith("    ") or
                                     text[i].startswith("\t")):
                body.append((i + 1, text[i][4:] if text[i].startswith("    ")
                             else text[i][1:]))
                i += 1
            while body and not body[-1][1].strip():
                body.pop()
            shell = any(is_program(first_word(t)) for _, t in body)
            marker, mline = marker_before(start)
            out.append(Block(path, body, shell, marker, mline))
            prev_blank = False
            continue
        prev_blank = not line.strip()
        i += 1
    return out


def commands_of(block):
    """[(line number, command text)]: continuation lines joined, comment
    lines dropped."""
    cmds = []
    cur = None
    for num, text in block.lines:
        if cur is None:
            if not text.strip() or text.lstrip().startswith("#"):
                continue
            cur = [num, text]
        else:
            cur[1] += "\n" + text
        if not text.rstrip().endswith("\\"):
            cmds.append((cur[0], cur[1]))
            cur = None
    if cur is not None:
        cmds.append((cur[0], cur[1]))
    return cmds


def q(text):
    return shlex.quote(text)


class Runner:
    """Runs the commands of one file in one shell (so that variables,
    exports and cd carry over), each command's output in its own file and
    its status appended to a status file the runner watches."""

    def __init__(self, demo_dir):
        self.demo_dir = demo_dir
        if not os.path.exists(os.path.join(demo_dir, "env")):
            raise SystemExit(f"doc_commands: {demo_dir}/env is missing: is "
                             "the demo up (make demo-up)?")
        self.failures = []
        self.ran = 0
        self.skipped = 0

    def fail(self, path, num, cmd, why, output):
        self.failures.append((path, num, cmd, why, output))
        print(f"FAIL {path}:{num}: {why}", flush=True)

    def script(self, path, blocks, work):
        """The shell script of one file, and its commands by line."""
        out = ["exec < /dev/null", f"cd {q(self.demo_dir)} || exit 1",
               ". ./env", f"__doc_s={q(work)}", "__doc_daemons="]
        cmds = {}
        for b in blocks:
            if not b.shell:
                continue
            if "skip" in b.opts:
                self.skipped += 1
                first = b.lines[0][0] if b.lines else b.marker_line
                print(f"skip {path}:{first}: {b.opts['skip']}")
                continue
            for num, cmd in commands_of(b):
                cmds[num] = (b, cmd)
                head = cmd.splitlines()[0]
                if not b.opts.get("daemon"):
                    out += [f"printf '%s\\n' {q(f'run   {path}:{num}: {head}')}",
                            "{ " + cmd, f"}} > \"$__doc_s/out.{num}\" 2>&1",
                            f"echo \"{num} done $?\" >> \"$__doc_s/status\""]
                    continue
                ready = b.opts["ready"]
                tries = int(READY_TIMEOUT / 0.3)
                out += [f"printf '%s\\n' {q(f'start {path}:{num}: {head}')}",
                        "{ " + cmd,
                        f"}} > \"$__doc_s/out.{num}\" 2>&1 &",
                        f"__doc_pid=$!; __doc_i=0",
                        f"until {{ {ready}\n}} > \"$__doc_s/ready.{num}\" 2>&1; do",
                        "	if ! kill -0 $__doc_pid 2>/dev/null; then",
                        "		wait $__doc_pid",
                        f"		echo \"{num} died $?\" >> \"$__doc_s/status\"",
                        "		__doc_pid=; break",
                        "	fi",
                        "	__doc_i=$((__doc_i + 1))",
                        f"	if [ $__doc_i -ge {tries} ]; then",
                        "		kill -9 $__doc_pid; wait $__doc_pid",
                        f"		echo \"{num} unready\" >> \"$__doc_s/status\"",
                        "		__doc_pid=; break",
                        "	fi",
                        "	sleep 0.3",
                        "done",
                        "if [ -n \"$__doc_pid\" ]; then",
                        f"	echo \"{num} ready\" >> \"$__doc_s/status\"",
                        f"	__doc_daemons=\"$__doc_daemons {num}:$__doc_pid\"",
                        "fi"]
        out += ["for __doc_d in $__doc_daemons; do",
                "	__doc_n=${__doc_d%%:*}; __doc_pid=${__doc_d#*:}",
                "	if kill -0 $__doc_pid 2>/dev/null; then",
                "		kill -TERM $__doc_pid; wait $__doc_pid",
                "		echo \"$__doc_n stopped $?\" >> \"$__doc_s/status\"",
                "	else",
                "		wait $__doc_pid",
                "		echo \"$__doc_n early $?\" >> \"$__doc_s/status\"",
                "	fi",
                "done"]
        return "\n".join(out) + "\n", cmds

    def run_file(self, path, blocks):
        work = tempfile.mkdtemp(prefix="doc-commands.")
        text, cmds = self.script(path, blocks, work)
        if not cmds:
            return
        with open(os.path.join(work, "script.sh"), "w") as f:
            f.write(text)
        status = os.path.join(work, "status")
        open(status, "w").close()
        p = subprocess.Popen(["sh", os.path.join(work, "script.sh")],
                             start_new_session=True)
        seen = 0
        last = time.monotonic()
        timed_out = False
        while p.poll() is None:
            time.sleep(0.2)
            size = os.path.getsize(status)
            if size != seen:
                seen, last = size, time.monotonic()
            elif time.monotonic() - last > COMMAND_TIMEOUT + READY_TIMEOUT:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()
                timed_out = True
        try:
            os.killpg(p.pid, signal.SIGKILL)  # anything left behind
        except ProcessLookupError:
            pass
        results = {}
        with open(status) as f:
            for line in f:
                num, event, *rc = line.split()
                results.setdefault(int(num), []).append(
                    (event, int(rc[0]) if rc else None))
        stopped = False
        for num, (b, cmd) in sorted(cmds.items()):
            def output(name="out"):
                try:
                    with open(os.path.join(work, f"{name}.{num}"),
                              errors="replace") as f:
                        return f.read()
                except OSError:
                    return ""
            events = results.get(num)
            if not events:
                if not stopped:
                    why = (f"no exit within {COMMAND_TIMEOUT} s" if timed_out
                           else f"the shell stopped (status {p.returncode})")
                    self.fail(path, num, cmd, why, output())
                    stopped = True
                else:
                    self.fail(path, num, cmd, "not run: the shell stopped "
                              "before it", "")
                continue
            self.ran += 1
            for event, rc in events:
                if event == "done":
                    want = b.opts.get("status", 0)
                    if rc != want:
                        self.fail(path, num, cmd,
                                  f"exit status {rc}, expected {want}",
                                  output())
                    elif b.opts.get("output", "") not in output():
                        self.fail(path, num, cmd, "no '%s' in the output"
                                  % b.opts["output"], output())
                elif event == "died":
                    self.fail(path, num, cmd, f"the server exited with "
                              f"status {rc} before it was ready",
                              output())
                elif event == "unready":
                    self.fail(path, num, cmd, f"not ready in "
                              f"{READY_TIMEOUT} s: '{b.opts['ready']}' "
                              "said: " + output("ready")[-400:], output())
                elif event == "early":
                    self.fail(path, num, cmd, f"the server exited early "
                              f"with status {rc}", output())
                elif event == "stopped" and rc != 0:
                    self.fail(path, num, cmd, f"exit status {rc} after "
                              "SIGTERM, expected 0", output())
        subprocess.run(["rm", "-rf", work])


UNIT = re.compile(r"(?:systemctl(?: --user)?(?: [a-z-]+)+|journalctl -u)"
                  r" (epp-gate[\w@-]*)\b|\b(epp-gate[\w@-]*\.(?:service|path))\b")
EXAMPLE = re.compile(r"(?<![\w.])(registry\.[\w.]*example)\b")


def check_names(top, files):
    """The systemd units and example files the docs name exist in etc/,
    and no .path unit watches a file its service gives the gate as
    --health-file (the gate never writes to it, but the unit must not
    rely on that either). Returns a list of failures."""
    bad = []
    units = os.path.join(top, "etc", "systemd")
    for f in files:
        with open(f, encoding="utf-8") as fh:
            for num, line in enumerate(fh, 1):
                for m in UNIT.finditer(line):
                    name = m.group(1) or m.group(2)
                    if m.group(1) and not name.endswith((".service",
                                                         ".path")):
                        name += ".service"
                    unit = re.sub(r"@[^.]*\.", "@.", name)
                    if not os.path.exists(os.path.join(units, unit)):
                        bad.append((f, num, line.strip(),
                                    f"no unit etc/systemd/{unit}", ""))
                for m in EXAMPLE.finditer(line):
                    ex = os.path.join(top, "etc", "epp-gate", m.group(1))
                    if (m.group(1).startswith("registry.") and
                            not os.path.exists(ex)):
                        bad.append((f, num, line.strip(),
                                    f"no file etc/epp-gate/{m.group(1)}", ""))
    for name in sorted(os.listdir(units)):
        if not name.endswith(".path"):
            continue
        text = open(os.path.join(units, name)).read()
        watched = re.findall(r"^Path\w+=(.*)$", text, re.M)
        target = re.search(r"^Unit=(.*)$", text, re.M)
        restarted = target.group(1) if target else name[:-5] + ".service"
        # the watcher restarts a service: find what it restarts
        svc = os.path.join(units, restarted)
        names = [restarted]
        if os.path.exists(svc):
            names += re.findall(r"restart (\S+\.service)", open(svc).read())
        for n in names:
            path = os.path.join(units, n)
            if not os.path.exists(path):
                continue
            for w in watched:
                for start in re.findall(r"^ExecStart=(.*)$",
                                        open(path).read(), re.M):
                    if re.search(r"--health-file[= ]" + re.escape(w), start):
                        bad.append((f"etc/systemd/{n}", 0, start,
                                    f"gives the gate {w}, which {name} "
                                    "watches", ""))
    return bad


def doc_files(top, names):
    if names:
        return names
    docs = os.path.join(top, "docs")
    return ["README.md"] + sorted(
        os.path.join("docs", n) for n in os.listdir(docs)
        if n.endswith(".md"))


def main(argv):
    args = argv[1:]
    listing = False
    build = None
    demo_dir = None
    while args and args[0].startswith("--"):
        a = args.pop(0)
        if a == "--list":
            listing = True
        elif a == "--build" and args:
            build = os.path.abspath(args.pop(0))
        elif a == "--dir" and args:
            demo_dir = os.path.abspath(args.pop(0))
        else:
            print(__doc__.split("\n\n")[1], file=sys.stderr)
            return 2
    if not args:
        print("usage: doc_commands.py [--list] [--build BUILD_DIR] "
              "[--dir DEMO_DIR] TOP [FILE...]", file=sys.stderr)
        return 2
    top = os.path.abspath(args[0])
    os.chdir(top)
    files = doc_files(top, args[1:])
    parsed = [(f, blocks_of(f)) for f in files]
    if listing:
        for f, blocks in parsed:
            for b in blocks:
                if not b.shell:
                    continue
                if "skip" in b.opts:
                    print(f"skip {f}:{b.lines[0][0]}: {b.opts['skip']}")
                    continue
                for num, cmd in commands_of(b):
                    kind = "start" if b.opts.get("daemon") else "run "
                    print(f"{kind} {f}:{num}: {cmd}")
        return 0
    names_bad = check_names(top, files)
    for path, num, line, why, _ in names_bad:
        print(f"FAIL {path}:{num}: {why}")
    if demo_dir is None:
        demo_dir = os.path.join(top, "build", "demo")
    demo = os.path.join(top, "scripts", "demo.sh")
    if build is not None:
        subprocess.run([demo, build, "--down", demo_dir],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        subprocess.run([demo, build, "--up", demo_dir], check=True)
    try:
        runner = Runner(demo_dir)
        for f, blocks in parsed:
            runner.run_file(f, blocks)
    finally:
        if build is not None:
            subprocess.run([demo, build, "--down", demo_dir])
    runner.failures = names_bad + runner.failures
    print(f"\n{runner.ran} commands run, {runner.skipped} blocks skipped, "
          f"{len(runner.failures)} failed")
    for path, num, cmd, why, output in runner.failures:
        print(f"\n{path}:{num}: {why}\n$ {cmd}")
        for line in output.rstrip().splitlines()[-40:]:
            print(f"    {line[:400]}")
    return 1 if runner.failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
