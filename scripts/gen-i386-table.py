#!/usr/bin/python3
"""Generate sockstep's table of 32-bit (i386) syscalls, as strace 6.1 names them.

A 64-bit process can still make 32-bit calls (`int $0x80`); the kernel reports them with
AUDIT_ARCH_I386, and strace prints them with its i386 table after
`[ Process PID=N runs in 32 bit mode. ]`. sockstep does not decode their arguments (their
structures have 32-bit layouts): it prints them as `strace -e raw=all` does, which needs each
call's name and argument count.

The table comes from strace itself: a probe program loads a seccomp filter that fails every
32-bit call with ENOSYS (so nothing runs), then makes `int $0x80` calls 0...LAST with the
arguments 0x11, 0x22, ..., 0x66, under `strace -e raw=all`. Each line gives the name strace
prints and how many arguments it prints. The names are checked against the kernel header
/usr/include/x86_64-linux-gnu/asm/unistd_32.h.

Usage:
  /usr/bin/python3 scripts/gen-i386-table.py          write Sources/Decoding/Generated/I386Syscalls.swift
  /usr/bin/python3 scripts/gen-i386-table.py --check  exit 1 if the file differs from strace's table

Needs cc and /usr/bin/strace. Standard library only.
"""

import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Sources", "Decoding", "Generated", "I386Syscalls.swift")
UNISTD_32 = "/usr/include/x86_64-linux-gnu/asm/unistd_32.h"
STRACE = "/usr/bin/strace"
LAST = 470
ARGUMENTS = ["0x11", "0x22", "0x33", "0x44", "0x55", "0x66"]

PROBE = r"""
#include <stddef.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

int main(int argc, char **argv) {
    long last = argc > 1 ? atol(argv[1]) : 0;
    struct sock_filter filter[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_I386, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 38),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog prog = { sizeof filter / sizeof filter[0], filter };
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return 1;
    if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0) return 1;
    for (long n = 0; n <= last; n++) {
        long result;
        __asm__ volatile("push %%rbp\n\tmov $0x66, %%rbp\n\tint $0x80\n\tpop %%rbp"
                         : "=a"(result)
                         : "a"(n), "b"(0x11L), "c"(0x22L), "d"(0x33L), "S"(0x44L), "D"(0x55L)
                         : "memory");
    }
    return 0;
}
"""


def observe():
    """[(name, argument count)] for 32-bit calls 0...LAST, as strace prints them."""
    with tempfile.TemporaryDirectory() as tmp:
        source = os.path.join(tmp, "probe.c")
        binary = os.path.join(tmp, "probe")
        trace = os.path.join(tmp, "trace.txt")
        with open(source, "w", encoding="ascii") as f:
            f.write(PROBE)
        subprocess.run(["cc", "-O1", "-o", binary, source], check=True)
        subprocess.run([STRACE, "-e", "raw=all", "-o", trace, binary, str(LAST)], check=True)
        with open(trace, encoding="ascii") as f:
            lines = f.read().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("seccomp("))
    calls = lines[start + 1:start + 2 + LAST]
    table = []
    for number, line in enumerate(calls):
        match = re.match(r"^(\w+)\((.*)\)\s+= -1 ENOSYS ", line)
        if not match:
            sys.exit(f"unexpected strace line for 32-bit call {number}: {line}")
        name, arguments = match.group(1), match.group(2)
        count = 0 if arguments == "" else len(arguments.split(", "))
        if arguments and arguments.split(", ") != ARGUMENTS[:count]:
            sys.exit(f"unexpected arguments for 32-bit call {number}: {line}")
        table.append((name, count))
    return table


def header_names():
    with open(UNISTD_32, encoding="ascii") as f:
        text = f.read()
    return {int(m.group(2)): m.group(1) for m in re.finditer(r"#define __NR_(\w+)\s+(\d+)", text)}


def generate(table):
    known = [i for i, (name, _) in enumerate(table) if not name.startswith("syscall_0x")]
    last = max(known)
    header = header_names()
    for number in range(last + 1):
        name = table[number][0]
        expected = header.get(number)
        if name.startswith("syscall_0x"):
            if expected is not None:
                sys.exit(f"strace has no name for 32-bit call {number}, the header calls it {expected}")
        elif name != expected:
            sys.exit(f"strace calls 32-bit call {number} {name}, the header {expected}")
    for number in range(last + 1, len(table)):
        name, count = table[number]
        if name != "syscall_0x%x" % number or count != 6:
            sys.exit(f"unexpected line for unknown 32-bit call {number}: {name} with {count} arguments")

    out = []
    out.append("// Generated by scripts/gen-i386-table.py from what strace 6.1 prints; do not edit.\n")
    out.append("//\n")
    out.append("// A probe made the 32-bit calls (`int $0x80`) 0...%d with the arguments 0x11...0x66 under a\n" % LAST)
    out.append("// seccomp filter that failed each with ENOSYS, traced with `strace -e raw=all`: the name\n")
    out.append("// strace printed for each number (equal to /usr/include/x86_64-linux-gnu/asm/unistd_32.h up\n")
    out.append("// to %d, its last known call; the numbers it has no name for print as `syscall_0x...` with\n" % last)
    out.append("// 6 arguments) and how many arguments it printed.\n\n")
    out.append("/// strace's i386 syscall table: the calls of a process in 32-bit mode.\n")
    out.append("public enum I386SyscallTable {\n")
    out.append("    /// Names, index = number, nil for numbers strace does not know.\n")
    out.append("    static let names: [String?] = [\n")
    for number in range(last + 1):
        name = table[number][0]
        text = "nil" if name.startswith("syscall_0x") else '"%s"' % name
        out.append("        /* %3d */ %s,\n" % (number, text))
    out.append("    ]\n\n")
    out.append("    /// Argument counts, index = number (6 where strace knows no name).\n")
    out.append("    static let counts: [UInt8] = [\n")
    counts = [table[number][1] for number in range(last + 1)]
    for row in range(0, len(counts), 10):
        items = ", ".join(str(c) for c in counts[row:row + 10])
        out.append("        /* %3d */ %s,\n" % (row, items))
    out.append("    ]\n\n")
    out.append("    /// The name of 32-bit call `number`, nil when strace does not know it.\n")
    out.append("    public static func name(_ number: UInt64) -> String? {\n")
    out.append("        number < UInt64(names.count) ? names[Int(number)] : nil\n")
    out.append("    }\n\n")
    out.append("    /// The name strace prints: the call's name, or `syscall_0x1ca` for a number it does not know.\n")
    out.append("    public static func displayName(_ number: UInt64) -> String {\n")
    out.append("        name(number) ?? \"syscall_0x\" + String(number, radix: 16)\n")
    out.append("    }\n\n")
    out.append("    /// How many arguments strace prints for 32-bit call `number`.\n")
    out.append("    public static func count(_ number: UInt64) -> Int {\n")
    out.append("        number < UInt64(counts.count) && names[Int(number)] != nil ? Int(counts[Int(number)]) : 6\n")
    out.append("    }\n")
    out.append("}\n")
    return "".join(out)


def main(argv):
    text = generate(observe())
    if "--check" in argv:
        with open(OUT, encoding="utf-8") as f:
            if f.read() != text:
                sys.exit(f"{OUT} differs from what strace prints: run scripts/gen-i386-table.py")
        return
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    main(sys.argv[1:])
