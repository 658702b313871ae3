#!/usr/bin/python3
"""Benchmark driver (called by bench/bench.sh): times the syscall load and `python3 -c pass`
untraced, under strace (also pinned to CPU 0) and under sockstep (by default, where
with -f the program shares the tracer's CPU and is told the CPUs it was given; with --pin-cpu,
where it is told the one CPU; with --no-pin-cpu, where it keeps every CPU), alternating the
configurations, and prints medians, both ratios and peak RSS.

Each run is timed by a small C stopwatch (`syscall_load --measure CMD...`: posix_spawn, wait4,
CLOCK_MONOTONIC), whose wait4 rusage gives the run's peak resident set: the largest of the tracer
and the processes it waited for, so in practice the tracer's. The pinned strace rows are
`taskset -c 0 strace` without taskset: the stopwatch gives strace the one-CPU mask itself
(`syscall_load --measure --cpu 0`), as taskset's own exec (1-2 ms here) would count against strace
and was a tenth of a `python3 -c pass` trace. Standard library only.
"""
import argparse
import os
import statistics
import sys
import time

UNTRACED = "untraced"
STRACE_FULL = "strace -f -o /dev/null"
STRACE_NET = "strace -f --seccomp-bpf -e trace=%network -o /dev/null"
PINNED_STRACE_FULL = "strace -f -o /dev/null, pinned to CPU 0"
PINNED_STRACE_NET = "strace -f --seccomp-bpf -e trace=%network -o /dev/null, pinned to CPU 0"
SOCKSTEP_FULL = "sockstep trace -f -o /dev/null"
SOCKSTEP_NET = "sockstep trace -f -e trace=%network -o /dev/null"
ONE_CPU_FULL = "sockstep trace --pin-cpu -f -o /dev/null"
ONE_CPU_NET = "sockstep trace --pin-cpu -f -e trace=%network -o /dev/null"
EVERY_CPU_FULL = "sockstep trace --no-pin-cpu -f -o /dev/null"
# Issue 12: full traces that decode more (-yy: each descriptor's socket addresses, read by
# sock_diag; -v: structures unabbreviated).
STRACE_YY = "strace -f -yy -o /dev/null"
STRACE_V = "strace -f -v -o /dev/null"
PINNED_STRACE_YY = "strace -f -yy -o /dev/null, pinned to CPU 0"
PINNED_STRACE_V = "strace -f -v -o /dev/null, pinned to CPU 0"
SOCKSTEP_YY = "sockstep trace -f -yy -o /dev/null"
SOCKSTEP_V = "sockstep trace -f -v -o /dev/null"
# sockstep started on CPU 0, as the pinned strace rows are: by default sockstep keeps the command
# on the CPU it runs on, which is otherwise whichever the scheduler gave it, and this VM's CPUs
# are not equally fast (pinned strace measured 4% slower on CPU 1 than on CPU 0).
CPU0_FULL = "sockstep trace -f -o /dev/null, started on CPU 0"
CPU0_NET = "sockstep trace -f -e trace=%network -o /dev/null, started on CPU 0"
CPU0_YY = "sockstep trace -f -yy -o /dev/null, started on CPU 0"
CPU0_V = "sockstep trace -f -v -o /dev/null, started on CPU 0"
# Each sockstep row against strace unpinned and against strace pinned to one CPU (strace at its
# best on this kind of load: every ptrace stop is then a same-CPU wake-up).
MATCHING_STRACE = {SOCKSTEP_FULL: STRACE_FULL, SOCKSTEP_NET: STRACE_NET, ONE_CPU_FULL: STRACE_FULL,
                   ONE_CPU_NET: STRACE_NET, EVERY_CPU_FULL: STRACE_FULL, SOCKSTEP_YY: STRACE_YY,
                   SOCKSTEP_V: STRACE_V, CPU0_FULL: STRACE_FULL, CPU0_NET: STRACE_NET, CPU0_YY: STRACE_YY,
                   CPU0_V: STRACE_V}
MATCHING_PINNED = {SOCKSTEP_FULL: PINNED_STRACE_FULL, SOCKSTEP_NET: PINNED_STRACE_NET,
                   ONE_CPU_FULL: PINNED_STRACE_FULL, ONE_CPU_NET: PINNED_STRACE_NET,
                   EVERY_CPU_FULL: PINNED_STRACE_FULL, SOCKSTEP_YY: PINNED_STRACE_YY,
                   SOCKSTEP_V: PINNED_STRACE_V, CPU0_FULL: PINNED_STRACE_FULL, CPU0_NET: PINNED_STRACE_NET,
                   CPU0_YY: PINNED_STRACE_YY, CPU0_V: PINNED_STRACE_V}


def configurations(strace, sockstep):
    configs = [
        (UNTRACED, []),
        (STRACE_FULL, [strace, "-f", "-o", "/dev/null"]),
        (STRACE_NET, [strace, "-f", "--seccomp-bpf", "-e", "trace=%network", "-o", "/dev/null"]),
        (STRACE_YY, [strace, "-f", "-yy", "-o", "/dev/null"]),
        (STRACE_V, [strace, "-f", "-v", "-o", "/dev/null"]),
    ]
    # Pinned as by `taskset -c 0`, by the stopwatch (`--cpu 0` before the command: see above).
    configs += [
        (PINNED_STRACE_FULL, ["--cpu", "0", strace, "-f", "-o", "/dev/null"]),
        (PINNED_STRACE_NET, ["--cpu", "0", strace, "-f", "--seccomp-bpf", "-e", "trace=%network", "-o", "/dev/null"]),
        (PINNED_STRACE_YY, ["--cpu", "0", strace, "-f", "-yy", "-o", "/dev/null"]),
        (PINNED_STRACE_V, ["--cpu", "0", strace, "-f", "-v", "-o", "/dev/null"]),
    ]
    if sockstep:
        configs += [
            (SOCKSTEP_FULL, [sockstep, "trace", "-f", "-o", "/dev/null", "--"]),
            (SOCKSTEP_NET, [sockstep, "trace", "-f", "-e", "trace=%network", "-o", "/dev/null", "--"]),
            (ONE_CPU_FULL, [sockstep, "trace", "--pin-cpu", "-f", "-o", "/dev/null", "--"]),
            (ONE_CPU_NET, [sockstep, "trace", "--pin-cpu", "-f", "-e", "trace=%network", "-o", "/dev/null", "--"]),
            (EVERY_CPU_FULL, [sockstep, "trace", "--no-pin-cpu", "-f", "-o", "/dev/null", "--"]),
            (SOCKSTEP_YY, [sockstep, "trace", "-f", "-yy", "-o", "/dev/null", "--"]),
            (SOCKSTEP_V, [sockstep, "trace", "-f", "-v", "-o", "/dev/null", "--"]),
            (CPU0_FULL, ["--cpu", "0", sockstep, "trace", "-f", "-o", "/dev/null", "--"]),
            (CPU0_NET, ["--cpu", "0", sockstep, "trace", "-f", "-e", "trace=%network", "-o", "/dev/null", "--"]),
            (CPU0_YY, ["--cpu", "0", sockstep, "trace", "-f", "-yy", "-o", "/dev/null", "--"]),
            (CPU0_V, ["--cpu", "0", sockstep, "trace", "-f", "-v", "-o", "/dev/null", "--"]),
        ]
    return configs


def run_once(measure, argv, timeout):
    """Runs argv under the C stopwatch `measure` (syscall_load --measure); returns
    (seconds, cpu_seconds, maxrss_kib, status, stdout, stderr). Output goes to memory files, not
    pipes."""
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
        return 0.0, 0.0, 0, -1, stdout, stderr
    fields = dict(item.split("=") for item in lines[-1].split()[1:])
    stderr = "\n".join(lines[:-1])
    return (int(fields["wall_ns"]) / 1e9, int(fields["cpu_ns"]) / 1e9, int(fields["maxrss_kib"]),
            int(fields["status"]), stdout, stderr)


def describe_status(status):
    if status == -1:
        return "timed out"
    if os.WIFEXITED(status):
        return f"exit {os.WEXITSTATUS(status)}"
    if os.WIFSIGNALED(status):
        return f"killed by signal {os.WTERMSIG(status)}"
    return f"status {status:#x}"


def measure_workload(title, load, expected, configs, measure, reps, timeout):
    """Runs every configuration on `load` (alternating), prints the table, returns the medians
    and whether every run succeeded."""
    # One warm-up run per configuration (page cache, binaries); a configuration that fails here
    # is reported and left out instead of stopping the benchmark.
    usable = []
    for name, prefix in configs:
        seconds, _, _, status, stdout, stderr = run_once(measure, prefix + load, timeout)
        if status == 0 and stdout.startswith(expected):
            usable.append((name, prefix))
        else:
            print(f"# left out: {name}: {describe_status(status)}; stdout {stdout.strip()!r}; "
                  f"stderr {stderr.strip()[-300:]!r}", file=sys.stderr)

    times = {name: [] for name, _ in usable}
    cpu = {name: [] for name, _ in usable}
    rss = {name: [] for name, _ in usable}
    failures = {name: 0 for name, _ in usable}
    for rep in range(reps):
        # Alternate: every repetition runs each configuration once, starting one further along,
        # so slow phases of the machine are spread over all of them.
        order = usable[rep % len(usable):] + usable[:rep % len(usable)]
        for name, prefix in order:
            seconds, cpu_seconds, maxrss, status, stdout, _ = run_once(measure, prefix + load, timeout)
            if status != 0 or not stdout.startswith(expected):
                failures[name] += 1
                continue
            times[name].append(seconds)
            cpu[name].append(cpu_seconds)
            rss[name].append(maxrss)
        if (rep + 1) % max(1, reps // 10) == 0 or rep + 1 == reps:  # about ten progress lines
            print(f"# {title}: repetition {rep + 1}/{reps} done", file=sys.stderr)

    print(title)
    header = (f"{'configuration':<58} {'median s':>9} {'min s':>8} {'max s':>8} {'CPU s':>7} {'x untraced':>11} "
              f"{'x strace':>9} {'x pinned strace':>16} {'max RSS MiB':>12}")
    print(header)
    print("-" * len(header))
    medians = {name: statistics.median(t) for name, t in times.items() if t}
    base = medians.get(UNTRACED)
    for name, _ in configs:
        if name not in medians:
            reason = "left out (failed warm-up)" if name not in times else f"all {reps} runs failed"
            print(f"{name:<58} {reason}")
            continue
        med = medians[name]
        vs_untraced = f"{med / base:.1f}" if base else "-"
        strace_name = MATCHING_STRACE.get(name)
        vs_strace = f"{med / medians[strace_name]:.2f}" if strace_name in medians else "-"
        pinned_name = MATCHING_PINNED.get(name)
        vs_pinned = f"{med / medians[pinned_name]:.2f}" if pinned_name in medians else "-"
        note = f"  ({failures[name]} failed runs)" if failures[name] else ""
        print(f"{name:<58} {med:>9.3f} {min(times[name]):>8.3f} {max(times[name]):>8.3f} "
              f"{statistics.median(cpu[name]):>7.3f} "
              f"{vs_untraced:>11} {vs_strace:>9} {vs_pinned:>16} {max(rss[name]) / 1024:>12.1f}{note}")
    for ours, goal in ((SOCKSTEP_FULL, "full"), (SOCKSTEP_NET, "filtered"), (ONE_CPU_FULL, "full, told one CPU"),
                       (ONE_CPU_NET, "filtered, told one CPU"), (EVERY_CPU_FULL, "full, every CPU"),
                       (SOCKSTEP_YY, "full -yy"), (SOCKSTEP_V, "full -v"), (CPU0_FULL, "full, started on CPU 0"),
                       (CPU0_NET, "filtered, started on CPU 0"), (CPU0_YY, "full -yy, started on CPU 0"),
                       (CPU0_V, "full -v, started on CPU 0")):
        if ours not in medians:
            continue
        parts = []
        for label, table in (("strace", MATCHING_STRACE), ("strace pinned to CPU 0", MATCHING_PINNED)):
            other = table[ours]
            if other in medians:
                r = medians[ours] / medians[other]
                parts.append(f"/ {label} = {r:.2f} ({'at or under' if r <= 1.0 else 'OVER'})")
        print(f"  sockstep {goal}: " + "; ".join(parts))
    print()
    return all(f == 0 for f in failures.values())


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--load", required=True, help="the compiled syscall_load program")
    parser.add_argument("--rounds", type=int, default=5000)
    parser.add_argument("--reps", type=int, default=5, help="repetitions of each configuration on the load")
    parser.add_argument("--python-reps", type=int, default=200,
                        help="repetitions of each configuration on python3 -c pass (a run is 12-20 ms: a "
                             "median of a few would be the VM's noise)")
    parser.add_argument("--fork", action="store_true", help="the load echoes through a child process")
    parser.add_argument("--strace", default="/usr/bin/strace")
    parser.add_argument("--python", default="", help="python3 for the `python3 -c pass` rows; empty: none")
    parser.add_argument("--sockstep", default="", help="sockstep binary; empty: no sockstep rows")
    parser.add_argument("--timeout", type=float, default=300.0, help="per run, seconds")
    args = parser.parse_args()

    measure = [args.load, "--measure"]
    configs = configurations(args.strace, args.sockstep)
    print(f"{os.cpu_count()} CPUs; {args.reps} alternating repetitions per configuration on the load, "
          f"{args.python_reps} on python3 -c pass; "
          "CPU s: the median user + system time of the tracer and the program together; "
          "x strace: the median against the same trace under strace; x pinned strace: against "
          "strace pinned to CPU 0 as by `taskset -c 0 strace` (tracer and program on one CPU; the "
          "stopwatch sets the mask, without taskset's exec)\n")
    load = [args.load, str(args.rounds)] + (["fork"] if args.fork else [])
    per_round = 4 + 10
    ok = measure_workload(
        f"load: {args.rounds} rounds x (socketpair sendto/recvfrom round trip + 10 getppid)"
        f" = {args.rounds * per_round} syscalls{' (echo in a forked child)' if args.fork else ''}",
        load, f"rounds={args.rounds} ", configs, measure, args.reps, args.timeout)
    if args.python:
        # A whole program: an interpreter's start-up, about 300 calls of every kind.
        ok = measure_workload(f"whole program: {args.python} -c pass", [args.python, "-c", "pass"], "",
                              configs, measure, args.python_reps, args.timeout) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
