#!/usr/bin/python3
"""Benchmark driver (called by bench/bench.sh): times the syscall load untraced, under strace and
under sockstep, alternating the configurations, and prints medians, ratios and peak RSS.

Each run is timed by a small C stopwatch (`syscall_load --measure CMD...`: posix_spawn, wait4,
CLOCK_MONOTONIC), whose wait4 rusage gives the run's peak resident set: the largest of the tracer
and the processes it waited for, so in practice the tracer's. Standard library only.
"""
import argparse
import os
import statistics
import sys
import time

UNTRACED = "untraced"
STRACE_FULL = "strace -f -o /dev/null"
STRACE_NET = "strace -f --seccomp-bpf -e trace=%network -o /dev/null"
SOCKSTEP_FULL = "sockstep trace -f -o /dev/null"
SOCKSTEP_NET = "sockstep trace -f -e trace=%network -o /dev/null"
MATCHING_STRACE = {SOCKSTEP_FULL: STRACE_FULL, SOCKSTEP_NET: STRACE_NET}


def configurations(strace, sockstep):
    configs = [
        (UNTRACED, []),
        (STRACE_FULL, [strace, "-f", "-o", "/dev/null"]),
        (STRACE_NET, [strace, "-f", "--seccomp-bpf", "-e", "trace=%network", "-o", "/dev/null"]),
    ]
    if sockstep:
        configs += [
            (SOCKSTEP_FULL, [sockstep, "trace", "-f", "-o", "/dev/null", "--"]),
            (SOCKSTEP_NET, [sockstep, "trace", "-f", "-e", "trace=%network", "-o", "/dev/null", "--"]),
        ]
    return configs


def run_once(measure, argv, timeout):
    """Runs argv under the C stopwatch `measure` (syscall_load --measure); returns
    (seconds, maxrss_kib, status, stdout, stderr). Output goes to memory files, not pipes."""
    out_fd = os.memfd_create("bench-out")
    err_fd = os.memfd_create("bench-err")
    null_fd = os.open("/dev/null", os.O_RDONLY)
    try:
        full = measure + argv
        pid = os.posix_spawn(full[0], full, os.environ,
                             file_actions=[(os.POSIX_SPAWN_DUP2, null_fd, 0),
                                           (os.POSIX_SPAWN_DUP2, out_fd, 1),
                                           (os.POSIX_SPAWN_DUP2, err_fd, 2)],
                             setsigdef=(2, 15, 13))
        deadline = time.monotonic() + timeout
        timed_out = False
        while True:
            got, _ = os.waitpid(pid, os.WNOHANG)
            if got == pid:
                break
            if time.monotonic() > deadline:
                timed_out = True
                os.kill(pid, 9)
                # the measured program is the stopwatch's child: end it too
                for line in open(f"/proc/{pid}/task/{pid}/children").read().split():
                    os.kill(int(line), 9)
                os.waitpid(pid, 0)
                break
            time.sleep(0.002)
        os.lseek(out_fd, 0, 0)
        os.lseek(err_fd, 0, 0)
        stdout = os.read(out_fd, 1 << 20).decode(errors="replace")
        stderr = os.read(err_fd, 1 << 20).decode(errors="replace")
    finally:
        os.close(out_fd)
        os.close(err_fd)
        os.close(null_fd)
    lines = stderr.rstrip("\n").split("\n")
    if timed_out or not lines[-1].startswith("@measure "):
        return 0.0, 0, -1, stdout, stderr
    fields = dict(item.split("=") for item in lines[-1].split()[1:])
    stderr = "\n".join(lines[:-1])
    return (int(fields["wall_ns"]) / 1e9, int(fields["maxrss_kib"]), int(fields["status"]),
            stdout, stderr)


def describe_status(status):
    if status == -1:
        return "timed out"
    if os.WIFEXITED(status):
        return f"exit {os.WEXITSTATUS(status)}"
    if os.WIFSIGNALED(status):
        return f"killed by signal {os.WTERMSIG(status)}"
    return f"status {status:#x}"


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--load", required=True, help="the compiled syscall_load program")
    parser.add_argument("--rounds", type=int, default=5000)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--fork", action="store_true", help="the load echoes through a child process")
    parser.add_argument("--strace", default="/usr/bin/strace")
    parser.add_argument("--sockstep", default="", help="sockstep binary; empty: no sockstep rows")
    parser.add_argument("--timeout", type=float, default=300.0, help="per run, seconds")
    args = parser.parse_args()

    load = [args.load, str(args.rounds)] + (["fork"] if args.fork else [])
    measure = [args.load, "--measure"]
    expected = f"rounds={args.rounds} "
    configs = configurations(args.strace, args.sockstep)

    # One warm-up run per configuration (page cache, binaries); a configuration that fails here
    # is reported and left out instead of stopping the benchmark.
    usable = []
    for name, prefix in configs:
        seconds, _, status, stdout, stderr = run_once(measure, prefix + load, args.timeout)
        if status == 0 and stdout.startswith(expected):
            usable.append((name, prefix))
        else:
            print(f"# left out: {name}: {describe_status(status)}; stdout {stdout.strip()!r}; "
                  f"stderr {stderr.strip()[-300:]!r}", file=sys.stderr)

    times = {name: [] for name, _ in usable}
    rss = {name: [] for name, _ in usable}
    failures = {name: 0 for name, _ in usable}
    for rep in range(args.reps):
        # Alternate: every repetition runs each configuration once, starting one further along,
        # so slow phases of the machine are spread over all of them.
        order = usable[rep % len(usable):] + usable[:rep % len(usable)]
        for name, prefix in order:
            seconds, maxrss, status, stdout, _ = run_once(measure, prefix + load, args.timeout)
            if status != 0 or not stdout.startswith(expected):
                failures[name] += 1
                continue
            times[name].append(seconds)
            rss[name].append(maxrss)
        print(f"# repetition {rep + 1}/{args.reps} done", file=sys.stderr)

    per_round = 4 + 10
    print(f"load: {args.rounds} rounds x (socketpair sendto/recvfrom round trip + 10 getppid)"
          f" = {args.rounds * per_round} syscalls{' (echo in a forked child)' if args.fork else ''};"
          f" {args.reps} alternating repetitions; {os.cpu_count()} CPUs")
    header = f"{'configuration':<56} {'median s':>9} {'min s':>8} {'max s':>8} {'x untraced':>11} {'x strace':>9} {'max RSS MiB':>12}"
    print(header)
    print("-" * len(header))
    medians = {name: statistics.median(t) for name, t in times.items() if t}
    base = medians.get(UNTRACED)
    for name, _ in configs:
        if name not in medians:
            reason = "left out (failed warm-up)" if name not in times else f"all {args.reps} runs failed"
            print(f"{name:<56} {reason}")
            continue
        med = medians[name]
        vs_untraced = f"{med / base:.1f}" if base else "-"
        strace_name = MATCHING_STRACE.get(name)
        vs_strace = f"{med / medians[strace_name]:.2f}" if strace_name in medians else "-"
        note = f"  ({failures[name]} failed runs)" if failures[name] else ""
        print(f"{name:<56} {med:>9.3f} {min(times[name]):>8.3f} {max(times[name]):>8.3f} "
              f"{vs_untraced:>11} {vs_strace:>9} {max(rss[name]) / 1024:>12.1f}{note}")

    goals = []
    if SOCKSTEP_FULL in medians and STRACE_FULL in medians:
        r = medians[SOCKSTEP_FULL] / medians[STRACE_FULL]
        goals.append(f"sockstep full / strace full = {r:.2f} (goal <= 0.70: {'met' if r <= 0.70 else 'NOT met'})")
    if SOCKSTEP_NET in medians and STRACE_NET in medians:
        r = medians[SOCKSTEP_NET] / medians[STRACE_NET]
        goals.append(f"sockstep filtered / strace filtered = {r:.2f} (goal <= 1.00: {'met' if r <= 1.0 else 'NOT met'})")
    for g in goals:
        print(g)
    return 0 if all(f == 0 for f in failures.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
