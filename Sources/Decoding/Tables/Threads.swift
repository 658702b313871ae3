// Constant tables of the process, thread and signal calls (futex, clock_nanosleep, getrandom,
// arch_prctl, rt_sigaction, sigaltstack), written from the kernel headers (linux/futex.h,
// linux/time.h, linux/random.h, asm/prctl.h, asm/signal.h); the ORDER of each flag table is
// the order strace 6.1 prints the names in (observed by calling each call with every bit set,
// and with output structs filled in).

extension Tables {
    /// futex's operation, a single value: the command (`op & 127`), `_PRIVATE` for
    /// FUTEX_PRIVATE_FLAG (128), `|FUTEX_CLOCK_REALTIME` (256) on the waits that take it.
    /// Any other combination prints as `0x181 /* FUTEX_??? */`.
    public static let futexOperations = Xlat(unknown: "FUTEX_???", [
        (0, "FUTEX_WAIT"),
        (1, "FUTEX_WAKE"),
        (2, "FUTEX_FD"),
        (3, "FUTEX_REQUEUE"),
        (4, "FUTEX_CMP_REQUEUE"),
        (5, "FUTEX_WAKE_OP"),
        (6, "FUTEX_LOCK_PI"),
        (7, "FUTEX_UNLOCK_PI"),
        (8, "FUTEX_TRYLOCK_PI"),
        (9, "FUTEX_WAIT_BITSET"),
        (10, "FUTEX_WAKE_BITSET"),
        (11, "FUTEX_WAIT_REQUEUE_PI"),
        (12, "FUTEX_CMP_REQUEUE_PI"),
        (13, "FUTEX_LOCK_PI2"),
        (128, "FUTEX_WAIT_PRIVATE"),
        (129, "FUTEX_WAKE_PRIVATE"),
        (130, "FUTEX_FD|FUTEX_PRIVATE_FLAG"),
        (131, "FUTEX_REQUEUE_PRIVATE"),
        (132, "FUTEX_CMP_REQUEUE_PRIVATE"),
        (133, "FUTEX_WAKE_OP_PRIVATE"),
        (134, "FUTEX_LOCK_PI_PRIVATE"),
        (135, "FUTEX_UNLOCK_PI_PRIVATE"),
        (136, "FUTEX_TRYLOCK_PI_PRIVATE"),
        (137, "FUTEX_WAIT_BITSET_PRIVATE"),
        (138, "FUTEX_WAKE_BITSET_PRIVATE"),
        (139, "FUTEX_WAIT_REQUEUE_PI_PRIVATE"),
        (140, "FUTEX_CMP_REQUEUE_PI_PRIVATE"),
        (141, "FUTEX_LOCK_PI2_PRIVATE"),
        (256, "FUTEX_WAIT|FUTEX_CLOCK_REALTIME"),
        (265, "FUTEX_WAIT_BITSET|FUTEX_CLOCK_REALTIME"),
        (267, "FUTEX_WAIT_REQUEUE_PI|FUTEX_CLOCK_REALTIME"),
        (384, "FUTEX_WAIT_PRIVATE|FUTEX_CLOCK_REALTIME"),
        (393, "FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME"),
        (395, "FUTEX_WAIT_REQUEUE_PI_PRIVATE|FUTEX_CLOCK_REALTIME"),
    ])

    /// FUTEX_WAKE_OP's operation, `(val3 >> 28) & 7`: `FUTEX_OP_SET<<28`.
    public static let futexWakeOperations = Xlat(unknown: "FUTEX_OP_???", [
        (0, "FUTEX_OP_SET"),
        (1, "FUTEX_OP_ADD"),
        (2, "FUTEX_OP_OR"),
        (3, "FUTEX_OP_ANDN"),
        (4, "FUTEX_OP_XOR"),
    ])

    /// FUTEX_WAKE_OP's comparison, `(val3 >> 24) & 0xf`: `FUTEX_OP_CMP_GT<<24`.
    public static let futexWakeComparisons = Xlat(unknown: "FUTEX_OP_CMP_???", [
        (0, "FUTEX_OP_CMP_EQ"),
        (1, "FUTEX_OP_CMP_NE"),
        (2, "FUTEX_OP_CMP_LT"),
        (3, "FUTEX_OP_CMP_LE"),
        (4, "FUTEX_OP_CMP_GT"),
        (5, "FUTEX_OP_CMP_GE"),
    ])

    /// clock_nanosleep's flags: `TIMER_ABSTIME`, `0x2 /* TIMER_??? */`, `0`.
    public static let timerFlags = Xlat(unknown: "TIMER_???", [
        (0x1, "TIMER_ABSTIME"),
    ])

    /// getrandom's flags (linux/random.h): `GRND_NONBLOCK`, `GRND_RANDOM|GRND_INSECURE`.
    public static let randomFlags = Xlat(unknown: "GRND_???", [
        (0x1, "GRND_NONBLOCK"),
        (0x2, "GRND_RANDOM"),
        (0x4, "GRND_INSECURE"),
    ])

    /// arch_prctl's code (asm/prctl.h). strace 6.1 does not know the CET codes (0x3001...):
    /// `arch_prctl(0x3001 /* ARCH_??? */, 0x7ffd...)`.
    public static let archPrctlCodes = Xlat(unknown: "ARCH_???", [
        (0x1001, "ARCH_SET_GS"),
        (0x1002, "ARCH_SET_FS"),
        (0x1003, "ARCH_GET_FS"),
        (0x1004, "ARCH_GET_GS"),
        (0x1011, "ARCH_GET_CPUID"),
        (0x1012, "ARCH_SET_CPUID"),
        (0x1021, "ARCH_GET_XCOMP_SUPP"),
        (0x1022, "ARCH_GET_XCOMP_PERM"),
        (0x1023, "ARCH_REQ_XCOMP_PERM"),
        (0x1024, "ARCH_GET_XCOMP_GUEST_PERM"),
        (0x1025, "ARCH_REQ_XCOMP_GUEST_PERM"),
        (0x2001, "ARCH_MAP_VDSO_X32"),
        (0x2002, "ARCH_MAP_VDSO_32"),
        (0x2003, "ARCH_MAP_VDSO_64"),
    ])

    /// struct sigaction's sa_flags (asm/signal.h), 64 bits, in strace's order:
    /// `SA_RESTORER|SA_RESTART`, `SA_RESTORER|SA_ONSTACK|SA_SIGINFO`, `SA_RESTORER|SA_RESTART|0x400`.
    public static let sigactionFlags = Xlat(unknown: "SA_???", [
        (0x04000000, "SA_RESTORER"),
        (0x08000000, "SA_ONSTACK"),
        (0x10000000, "SA_RESTART"),
        (0x20000000, "SA_INTERRUPT"),
        (0x40000000, "SA_NODEFER"),
        (0x80000000, "SA_RESETHAND"),
        (0x4, "SA_SIGINFO"),
        (0x1, "SA_NOCLDSTOP"),
        (0x2, "SA_NOCLDWAIT"),
    ])

    /// A signal handler that is not an address: `SIG_DFL`, `SIG_IGN`, `SIG_ERR` (all ones).
    public static let signalHandlers = Xlat(unknown: "SIG_???", [
        (0x0, "SIG_DFL"),
        (0x1, "SIG_IGN"),
        (0xffff_ffff_ffff_ffff, "SIG_ERR"),
    ])

    /// stack_t's ss_flags: `SS_DISABLE`, `SS_AUTODISARM|0x4`, `0`.
    public static let sigaltstackFlags = Xlat(unknown: "SS_???", [
        (0x1, "SS_ONSTACK"),
        (0x2, "SS_DISABLE"),
        (0x80000000, "SS_AUTODISARM"),
    ])
}
