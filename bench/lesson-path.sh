#!/usr/bin/env bash
# The lesson path (issue 11): `sockstep run tcp --plain --lang L` for each language, the first
# (compiling) run with an empty cache and then warm runs, against `strace -f -e trace=%network`
# of the same two programs started by a shell script (the server, a wait until it listens, the
# client). Prints the cold run's time, the median, min and max of the warm runs, and the ratio
# to strace. A benchmark, not a test: the goal is a warm run under 150 ms for C and Rust.
#
#   bench/lesson-path.sh [-r REPS] [--lang "rust c python swift"] [--sockstep PATH]
#
#   -r REPS        warm runs of each configuration (default 9, env REPS), alternating
#   --lang LIST    the languages (default: rust c python swift)
#   --sockstep P   the binary (env SOCKSTEP_BIN; default: builds `swift build -c release`)
#
# Needs strace, /usr/bin/python3, and the toolchains of the languages asked for (cc, rustc,
# swiftc) on PATH.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
reps=${REPS:-9}
languages="rust c python swift"
sockstep=${SOCKSTEP_BIN:-}

usage() { sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
    case "$1" in
        -r) reps=$2; shift 2 ;;
        --lang) languages=$2; shift 2 ;;
        --sockstep) sockstep=$2; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "lesson-path.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
    esac
done
strace=$(command -v strace) || { echo "lesson-path.sh: strace is needed (apt-get install strace)" >&2; exit 1; }
if [ -z "$sockstep" ]; then
    echo "# building sockstep in release mode (swift build -c release) ..." >&2
    (cd "$root" && swift build -c release --product sockstep >&2)
    sockstep="$(cd "$root" && swift build -c release --show-bin-path)/sockstep"
fi
[ -x "$sockstep" ] || { echo "lesson-path.sh: no sockstep binary at '$sockstep'" >&2; exit 1; }

tmp=$(mktemp -d /tmp/lesson-path-bench-XXXXXX)
trap 'rm -rf "$tmp"' EXIT

# The same programs, built with the lesson's documented commands, as $tmp/LANG/server and client.
for lang in $languages; do
    mkdir -p "$tmp/$lang"
    for role in server client; do
        src="$root/lessons/tcp/$role"
        out="$tmp/$lang/$role"
        case "$lang" in
            c) cc -O2 -Wall -o "$out" "$src.c" ;;
            rust) rustc --edition 2021 -O -o "$out" "$src.rs" ;;
            swift) swiftc -O -module-cache-path "$tmp/module-cache" "$src.swift" -o "$out" 2>/dev/null ;;
            python) printf '#!/bin/sh\nexec /usr/bin/python3 %s "$@"\n' "$src.py" > "$out"; chmod +x "$out" ;;
            *) echo "lesson-path.sh: unknown language '$lang'" >&2; exit 2 ;;
        esac
    done
done
# The shell script strace runs: the server, a wait until it listens (/proc/net/tcp), the client.
cat > "$tmp/pair.sh" <<'EOF'
#!/bin/sh
hex=$(printf '%04X' "$2")
"$1/server" "$2" &
until grep -q ":$hex 00000000:0000 0A" /proc/net/tcp; do :; done
"$1/client" "$2" >/dev/null
wait
EOF
chmod +x "$tmp/pair.sh"

echo "# $(uname -srm); $(strace -V | head -1); sockstep: $sockstep; $reps warm runs each" >&2
SOCKSTEP="$sockstep" STRACE="$strace" TMPBENCH="$tmp" REPS="$reps" LANGS="$languages" /usr/bin/python3 - <<'EOF'
import os, socket, statistics, subprocess, time

sockstep, strace, tmp = os.environ["SOCKSTEP"], os.environ["STRACE"], os.environ["TMPBENCH"]
reps, languages = int(os.environ["REPS"]), os.environ["LANGS"].split()

def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port

def timed(argv, env=None):
    start = time.monotonic()
    done = subprocess.run(argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=120)
    elapsed = time.monotonic() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)}: exit {done.returncode}: {done.stderr.decode()[-300:]}")
    return elapsed

def row(lang, cold, name, times, reference=None):
    ratio = f"{statistics.median(times) / statistics.median(reference):9.2f}" if reference else f"{'-':>9}"
    print(f"{lang:<8} {cold:>7} {name:<44} {statistics.median(times):9.3f} {min(times):7.3f} {max(times):7.3f} {ratio}", flush=True)

print(f"{'language':<8} {'cold s':>7} {'configuration (warm runs)':<44} {'median s':>9} {'min s':>7} {'max s':>7} {'x strace':>9}")
for lang in languages:
    env = dict(os.environ, XDG_CACHE_HOME=f"{tmp}/cache-{lang}")
    cold = timed([sockstep, "run", "tcp", "--plain", "--lang", lang, "--port", str(free_port())], env)
    ours, theirs = [], []
    for _ in range(reps):
        ours.append(timed([sockstep, "run", "tcp", "--plain", "--lang", lang, "--port", str(free_port())], env))
        theirs.append(timed([strace, "-f", "-e", "trace=%network", "-o", "/dev/null", f"{tmp}/pair.sh", f"{tmp}/{lang}", str(free_port())]))
    row(lang, "", "strace -f -e trace=%network of the script", theirs)
    row(lang, f"{cold:7.3f}", f"sockstep run tcp --plain --lang {lang}", ours, theirs)
EOF
