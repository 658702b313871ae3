// The argument counts of strace's x86_64 syscall table; regenerate by hand when the kernel adds calls.
//
// Source: the nargs column of strace's src/linux/x86_64/syscallent.h (0...334) and
// src/linux/generic/syscallent-common.h (424...450); numbers end at 450
// (set_mempolicy_home_node), the highest in /usr/include/x86_64-linux-gnu/asm/unistd_64.h
// and the highest strace 6.1 knows.
//
// Checked against /usr/bin/strace 6.1 on kernel 6.18: `strace -e raw=all` on a program doing
// syscall(N, 0x7eadbeef, 0x22, 0x33, 0x44, 0x55, 0x66) for every N in 0...470, 600 and 1000,
// under a seccomp filter that fails each call with ENOSYS (so nothing runs). The number of
// arguments strace printed equals the table below for every N:
// - a known call prints exactly nargs arguments, whatever the caller passed:
//   `getppid()`, `close(0x7eadbeef)`, `rseq(0x7eadbeef, 0x22, 0x33, 0x44)`;
// - the gap 335...423, and 451 and up, print as unknown calls with 6 arguments:
//   `syscall_0x258(0x7eadbeef, 0x22, 0x33, 0x44, 0x55, 0x66)`.
// x32 numbers (0x40000000 | n) are not covered here: strace 6.1 gives n < 512 the same count
// as x86_64 n, and 512...547 the count of the x86_64 call of the same name, except
// preadv2 (546) and pwritev2 (547), which take 5.

/// How many arguments each x86_64 syscall takes (strace prints exactly that many for a call it does not decode).
public enum SyscallArity {
    /// Argument counts, index = x86_64 syscall number (0...450); 6 in the gaps.
    static let counts: [UInt8] = [
        /*   0 */ 3, 3, 3, 1, 2, 2, 2, 3, 3, 6,
        /*  10 */ 3, 2, 1, 4, 4, 0, 3, 4, 4, 3,
        /*  20 */ 3, 2, 1, 5, 0, 5, 3, 3, 3, 3,
        /*  30 */ 3, 3, 1, 2, 0, 2, 2, 1, 3, 0,
        /*  40 */ 4, 3, 3, 3, 6, 6, 3, 3, 2, 3,
        /*  50 */ 2, 3, 3, 4, 5, 5, 5, 0, 0, 3,
        /*  60 */ 1, 4, 2, 1, 3, 3, 4, 1, 2, 4,
        /*  70 */ 5, 3, 3, 2, 1, 1, 2, 2, 3, 2,
        /*  80 */ 1, 1, 2, 2, 1, 2, 2, 1, 2, 3,
        /*  90 */ 2, 2, 3, 3, 3, 1, 2, 2, 2, 1,
        /* 100 */ 1, 4, 0, 3, 0, 1, 1, 0, 0, 2,
        /* 110 */ 0, 0, 0, 2, 2, 2, 2, 3, 3, 3,
        /* 120 */ 3, 1, 1, 1, 1, 2, 2, 2, 4, 3,
        /* 130 */ 2, 2, 2, 3, 1, 1, 2, 2, 2, 3,
        /* 140 */ 2, 3, 2, 2, 3, 1, 1, 1, 2, 2,
        /* 150 */ 2, 1, 0, 0, 3, 2, 1, 5, 2, 1,
        /* 160 */ 2, 1, 0, 1, 2, 5, 2, 2, 1, 4,
        /* 170 */ 2, 2, 1, 3, 2, 3, 2, 1, 5, 4,
        /* 180 */ 3, 5, 5, 5, 3, 3, 0, 3, 5, 5,
        /* 190 */ 5, 4, 4, 4, 3, 3, 3, 2, 2, 2,
        /* 200 */ 2, 1, 6, 3, 3, 1, 2, 1, 5, 3,
        /* 210 */ 3, 1, 3, 1, 4, 4, 5, 3, 1, 0,
        /* 220 */ 4, 4, 3, 4, 2, 1, 1, 2, 2, 2,
        /* 230 */ 4, 1, 4, 4, 3, 2, 5, 6, 3, 5,
        /* 240 */ 4, 1, 5, 5, 2, 3, 4, 5, 5, 4,
        /* 250 */ 5, 3, 2, 0, 3, 2, 4, 4, 3, 4,
        /* 260 */ 5, 3, 4, 3, 4, 5, 3, 4, 3, 3,
        /* 270 */ 6, 5, 1, 2, 3, 6, 4, 4, 4, 6,
        /* 280 */ 4, 6, 3, 2, 1, 4, 4, 2, 4, 4,
        /* 290 */ 2, 1, 3, 2, 1, 4, 4, 4, 5, 5,
        /* 300 */ 2, 5, 4, 5, 3, 2, 1, 4, 2, 3,
        /* 310 */ 6, 6, 5, 3, 3, 4, 5, 3, 3, 2,
        /* 320 */ 5, 3, 5, 1, 3, 3, 6, 6, 6, 4,
        /* 330 */ 2, 1, 5, 6, 4, 6, 6, 6, 6, 6,
        /* 340 */ 6, 6, 6, 6, 6, 6, 6, 6, 6, 6,
        /* 350 */ 6, 6, 6, 6, 6, 6, 6, 6, 6, 6,
        /* 360 */ 6, 6, 6, 6, 6, 6, 6, 6, 6, 6,
        /* 370 */ 6, 6, 6, 6, 6, 6, 6, 6, 6, 6,
        /* 380 */ 6, 6, 6, 6, 6, 6, 6, 6, 6, 6,
        /* 390 */ 6, 6, 6, 6, 6, 6, 6, 6, 6, 6,
        /* 400 */ 6, 6, 6, 6, 6, 6, 6, 6, 6, 6,
        /* 410 */ 6, 6, 6, 6, 6, 6, 6, 6, 6, 6,
        /* 420 */ 6, 6, 6, 6, 4, 2, 6, 4, 3, 5,
        /* 430 */ 2, 5, 3, 3, 2, 2, 3, 4, 3, 4,
        /* 440 */ 5, 6, 5, 4, 3, 4, 2, 1, 2, 5,
        /* 450 */ 4,
    ]

    /// The number of arguments strace 6.1 prints for syscall `nr`: its table's count, or 6
    /// for a number it does not know (`syscall_0x258(0x1, 0x2, 0x3, 0x4, 0x5, 0x6)`).
    public static func count(_ nr: UInt64) -> Int {
        nr < UInt64(counts.count) ? Int(counts[Int(nr)]) : 6
    }
}
