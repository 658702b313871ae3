#!/usr/bin/python3
"""Differential fuzzing of sockstep against strace: how many trace lines differ.

Runs Tests/SockstepTests/Programs/sockfuzz.c (random socket calls from a fixed seed, loopback
and a temporary directory only) under real strace and under `sockstep trace`, with the same
options, ports and directory, and compares the two traces line by line after normalizing what
varies from run to run. Prints the number of lines, how many differ and the percentage, and
the differing calls by name.

    bench/fuzz-diff.py [--calls N] [--seed S] [--sockstep PATH] [--show K] [--keep DIR]
    bench/fuzz-diff.py --program PROG [ARGS...]   compare on any program (ARGS after --)

  --calls N      random calls (default 100000; the CI test makes 10000)
  --seed S       the seed (default 12, the CI test's)
  --sockstep P   the sockstep binary (default .build/debug/sockstep, env SOCKSTEP_BIN)
  --strace P     the reference tracer (default /usr/bin/strace); `--strace` twice against
                 itself (--self) checks that the program is deterministic
  --self         compare strace with strace (a second run) instead of sockstep
  --show K       print the first K differing line pairs (default 10)
  --keep DIR     keep both raw traces in DIR

Normalized, and nothing else (the same rules as the Swift test's TraceNormalizer):
  pointers      0x followed by 6 or more hex digits -> 0x<PTR> (ASLR)
  ports         htons(N) for N other than 0 and the three chosen ports -> htons(<PORT>)
                (ephemeral ports the kernel picks)
  pids          {pid=N (SCM_CREDENTIALS, SO_PEERCRED) and si_pid=N (SIGPIPE) -> <PID>
  timings       the numbers inside `left {...}` (time a poll/select/recvmmsg had left)
Needs gcc and strace.
"""

import argparse
import collections
import difflib
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCE = os.path.join(ROOT, "Tests", "SockstepTests", "Programs", "sockfuzz.c")

TRACED = ("socket,socketpair,bind,listen,accept,accept4,connect,getsockname,getpeername,"
          "setsockopt,getsockopt,sendto,recvfrom,sendmsg,recvmsg,sendmmsg,recvmmsg,shutdown,"
          "poll,ppoll,select,pselect6,epoll_create,epoll_create1,epoll_ctl,epoll_wait,"
          "epoll_pwait,epoll_pwait2,sendfile,close")


def free_ports(count):
    """Ports free on 127.0.0.1 and ::1 for TCP and UDP."""
    found = []
    while len(found) < count:
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
        ok = True
        for family, host in ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1")):
            for kind in (socket.SOCK_STREAM, socket.SOCK_DGRAM):
                t = socket.socket(family, kind)
                try:
                    t.bind((host, port))
                except OSError:
                    ok = False
                finally:
                    t.close()
        if ok and port not in found:
            found.append(port)
    return found


POINTER = re.compile(r"0x[0-9a-f]{6,}")
HTONS = re.compile(r"htons\((\d+)\)")
CRED_PID = re.compile(r"\{pid=\d+([,}])")
SI_PID = re.compile(r"si_pid=\d+")
LEFT = re.compile(r"left \{[^}]*\}")


def normalize(line, ports):
    line = POINTER.sub("0x<PTR>", line)
    line = HTONS.sub(lambda m: m.group(0) if int(m.group(1)) in ports or m.group(1) == "0" else "htons(<PORT>)", line)
    line = CRED_PID.sub(lambda m: "{pid=<PID>" + m.group(1), line)
    line = SI_PID.sub("si_pid=<PID>", line)
    line = LEFT.sub(lambda m: re.sub(r"\d+", "#", m.group(0)), line)
    return line


def call_name(line):
    m = re.match(r"([a-z0-9_]+)\(", line)
    return m.group(1) if m else line[:20]


def run(cmd, timeout):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--calls", type=int, default=100000)
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--sockstep", default=os.environ.get("SOCKSTEP_BIN") or os.path.join(ROOT, ".build", "debug", "sockstep"))
    ap.add_argument("--strace", default="/usr/bin/strace")
    ap.add_argument("--self", action="store_true")
    ap.add_argument("--show", type=int, default=10)
    ap.add_argument("--keep")
    ap.add_argument("--program", nargs=argparse.REMAINDER)
    ap.add_argument("--options", default="", help="extra tracer options, space separated")
    args = ap.parse_args()

    for tool in ("gcc", args.strace) + (() if args.self else (args.sockstep,)):
        if not shutil.which(tool) and not os.access(tool, os.X_OK):
            sys.exit("fuzz-diff: %s is needed" % tool)

    work = tempfile.mkdtemp(prefix="sockfuzz.")
    try:
        ports = free_ports(3)
        if args.program:
            command = args.program
            trace_options = args.options.split() if args.options else []
        else:
            binary = os.path.join(work, "sockfuzz")
            subprocess.run(["gcc", "-O1", "-w", "-o", binary, SOURCE], check=True)
            os.mkdir(os.path.join(work, "d"))
            command = [binary, str(args.seed), str(args.calls), os.path.join(work, "d")] + [str(p) for p in ports]
            trace_options = ["-e", "trace=" + TRACED] + (args.options.split() if args.options else [])
        timeout = 120 + args.calls // 200
        out_a = os.path.join(work, "strace.txt")
        out_b = os.path.join(work, "other.txt")
        a = run([args.strace, "-o", out_a] + trace_options + ["--"] + command, timeout)
        if args.self:
            b = run([args.strace, "-o", out_b] + trace_options + ["--"] + command, timeout)
            other = "strace (2nd run)"
        else:
            b = run([args.sockstep, "trace", "-o", out_b] + trace_options + ["--"] + command, timeout)
            other = "sockstep"
        if a.returncode != 0 and not args.program:
            sys.exit("fuzz-diff: the program failed under strace (%d):\n%s" % (a.returncode, a.stderr.decode(errors="replace")[-2000:]))
        if b.returncode != a.returncode:
            print("fuzz-diff: exit status %d under strace, %d under %s" % (a.returncode, b.returncode, other))
            print(b.stderr.decode(errors="replace")[-2000:])
        with open(out_a, errors="surrogateescape") as f:
            lines_a = [normalize(l.rstrip("\n"), ports) for l in f]
        with open(out_b, errors="surrogateescape") as f:
            lines_b = [normalize(l.rstrip("\n"), ports) for l in f]
        if args.keep:
            os.makedirs(args.keep, exist_ok=True)
            shutil.copy(out_a, os.path.join(args.keep, "strace.txt"))
            shutil.copy(out_b, os.path.join(args.keep, "other.txt"))
            with open(os.path.join(args.keep, "strace.norm"), "w", errors="surrogateescape") as f:
                f.write("\n".join(lines_a) + "\n")
            with open(os.path.join(args.keep, "other.norm"), "w", errors="surrogateescape") as f:
                f.write("\n".join(lines_b) + "\n")

        pairs = []
        if len(lines_a) == len(lines_b):
            pairs = [(x, y) for x, y in zip(lines_a, lines_b) if x != y]
            differing = len(pairs)
        else:
            matcher = difflib.SequenceMatcher(None, lines_a, lines_b, autojunk=False)
            same = sum(block.size for block in matcher.get_matching_blocks())
            differing = len(lines_a) - same
            for tag, i1, i2, j1, j2 in matcher.get_opcodes():
                if tag != "equal":
                    for k in range(max(i2 - i1, j2 - j1)):
                        pairs.append((lines_a[i1 + k] if i1 + k < i2 else "", lines_b[j1 + k] if j1 + k < j2 else ""))
        total = len(lines_a)
        by_call = collections.Counter(call_name(x or y) for x, y in pairs)
        print("lines: %d (strace), %d (%s)" % (total, len(lines_b), other))
        print("differing: %d lines = %.2f%%" % (differing, 100.0 * differing / max(1, total)))
        if by_call:
            print("by call: " + ", ".join("%s %d" % kv for kv in by_call.most_common()))
        for x, y in pairs[: args.show]:
            print("- " + x)
            print("+ " + y)
        return 0 if differing == 0 else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
