#!/usr/bin/env bash
# How `sockstep show` (reading, checking and printing a lesson) grows with the number of steps
# (issue 9): generated lessons of 2, 100, 200 and 400 steps (a lesson has at most 500), each
# step with a title, a call, an explanation and code in four languages, two roles taking turns.
# Prints the median time of each size, the time above the 2-step lesson (the process's start),
# and the ratios of successive sizes: about 2 means linear, about 4 quadratic.
#
#   bench/lesson-size.sh [-r REPS] [--sockstep PATH]
#
#   -r REPS        runs of each size (default 7, env REPS)
#   --sockstep P   the binary (env SOCKSTEP_BIN; default .build/debug/sockstep)
#
# Needs /usr/bin/python3; nothing else.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
reps=${REPS:-7}
sockstep=${SOCKSTEP_BIN:-$root/.build/debug/sockstep}

usage() { sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
    case "$1" in
        -r) reps=$2; shift 2 ;;
        --sockstep) sockstep=$2; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "lesson-size.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
    esac
done
[ -x "$sockstep" ] || { echo "lesson-size.sh: no sockstep binary at $sockstep (swift build first)" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/sockstep-bench-XXXXXX")
trap 'rm -rf "$work"' EXIT

/usr/bin/python3 - "$sockstep" "$work" "$reps" <<'EOF'
import os, statistics, subprocess, sys, time

sockstep, work, reps = sys.argv[1], sys.argv[2], int(sys.argv[3])

def lesson(steps):
    out = ['title: "A generated lesson"', 'summary: |', '  Generated for the size benchmark.', 'roles:',
           '  - name: server', '    about: one', '  - name: client', '    about: two', 'steps:']
    for i in range(steps):
        role = ("server", "client")[i % 2]
        first = i < 2
        out += [f'  - role: {role}', f'    title: Step {i}']
        if first:
            out += ['    call: socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_IP)', '    result: s']
        else:
            out += ['    call: setsockopt($s, SOL_SOCKET, SO_REUSEADDR, 1)']
        out += ['    explain: |', '      An explanation of a few words, wrapped by the view, long enough to',
                '      take two lines of the terminal.', '    code:']
        for lang in ("rust", "c", "python", "swift"):
            out += [f'      {lang}: |', f'        let x = {i}; // {lang}']
    return "\n".join(out) + "\n"

sizes = [2, 100, 200, 400]
paths = {}
for n in sizes:
    paths[n] = os.path.join(work, f"steps-{n}.yaml")
    with open(paths[n], "w") as f:
        f.write(lesson(n))

times = {n: [] for n in sizes}
for _ in range(reps):
    for n in sizes:  # the sizes take turns, so that a busy moment hits all of them
        start = time.monotonic()
        run = subprocess.run([sockstep, "show", paths[n]], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        times[n].append(time.monotonic() - start)
        if run.returncode != 0:
            sys.exit(f"sockstep show {paths[n]} failed ({run.returncode}): {run.stderr.decode()}")

median = {n: statistics.median(times[n]) for n in sizes}
base = median[2]
print(f"sockstep show, median of {reps} runs ({sockstep})")
print(f"{'steps':>6} {'bytes':>8} {'seconds':>9} {'above 2 steps':>13}")
for n in sizes:
    print(f"{n:>6} {os.path.getsize(paths[n]):>8} {median[n]:>9.4f} {median[n] - base:>13.4f}")
for a, b in ((100, 200), (200, 400)):
    above = (median[b] - base) / max(1e-9, median[a] - base)
    print(f"ratio {b}/{a}: {median[b] / median[a]:.2f} (above 2 steps: {above:.2f}; linear is 2, quadratic 4)")
EOF
