#!/usr/bin/env bash
# The benchmark of issues 2 and 12: a syscall-heavy program (socketpair round trips + getppid)
# and a whole program (python3 -c pass), untraced, under strace (full and --seccomp-bpf
# -e trace=%network, also pinned to CPU 0 as by taskset -c 0: strace at its best) and under
# sockstep (full and -e trace=%network; by default and with --pin-cpu; full with --no-pin-cpu), the runs
# alternating; prints medians, both ratios (against strace and against strace pinned to CPU 0)
# and peak RSS; also full traces with -yy and with -v, and sockstep started on CPU 0 as the
# pinned strace is (its command then shares CPU 0 with it).
#
#   bench/bench.sh [-n ROUNDS] [-r REPS] [-p PREPS] [--fork] [--sockstep PATH | --no-sockstep]
#
#   -n ROUNDS      rounds of the load (default 5000, env ROUNDS)
#   -r REPS        repetitions of each configuration on the load (default 5, env REPS)
#   -p PREPS       repetitions of each configuration on python3 -c pass (default 200, env
#                  PYTHON_REPS): one run is 12-20 ms and varies by a millisecond
#   --fork         the echo end of the socketpair is a forked child (two traced processes)
#   --sockstep P   use this sockstep binary (env SOCKSTEP_BIN) instead of building one
#   --no-sockstep  only the untraced and strace rows
#
# Without a binary it builds the one scripts/install installs (scripts/build-release: release,
# --static-swift-stdlib; a few minutes the first time).
# Needs gcc, strace and /usr/bin/python3. The pinned strace rows are pinned by the stopwatch
# (syscall_load --measure --cpu 0), not by running taskset, whose own exec would be timed.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
rounds=${ROUNDS:-5000}
reps=${REPS:-5}
python_reps=${PYTHON_REPS:-200}
sockstep=${SOCKSTEP_BIN:-}
use_sockstep=1
fork=()

usage() { sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
    case "$1" in
        -n) rounds=$2; shift 2 ;;
        -r) reps=$2; shift 2 ;;
        -p) python_reps=$2; shift 2 ;;
        --fork) fork=(--fork); shift ;;
        --sockstep) sockstep=$2; shift 2 ;;
        --no-sockstep) use_sockstep=0; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "bench.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
    esac
done

for tool in gcc /usr/bin/python3; do
    command -v "$tool" >/dev/null || { echo "bench.sh: $tool is needed" >&2; exit 1; }
done
strace=$(command -v strace) || { echo "bench.sh: strace is needed (apt-get install strace)" >&2; exit 1; }

tmp=$(mktemp -d /tmp/sockstep-bench-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
gcc -O2 -Wall -o "$tmp/syscall_load" "$here/syscall_load.c"

if [ "$use_sockstep" = 1 ]; then
    if [ -z "$sockstep" ]; then
        # The binary scripts/install installs: release, the Swift runtime linked in (a
        # dynamically linked build starts about 6 ms slower, resolving the runtime's symbols).
        sockstep=$("$root/scripts/build-release")
    fi
    [ -x "$sockstep" ] || { echo "bench.sh: no sockstep binary at '$sockstep'" >&2; exit 1; }
    sockstep=$(cd "$(dirname "$sockstep")" && pwd)/$(basename "$sockstep")
else
    sockstep=""
fi

echo "# $(uname -srm); $(strace -V | head -1); sockstep: ${sockstep:-none}" >&2
/usr/bin/python3 "$here/bench.py" --load "$tmp/syscall_load" --rounds "$rounds" --reps "$reps" --python-reps "$python_reps" \
    --strace "$strace" --python /usr/bin/python3 --sockstep "$sockstep" \
    ${fork[@]+"${fork[@]}"}
