// Constant tables shared by the decoders. Names, values and ORDER are those of strace 6.1
// on x86_64 (its xlat tables as built into /usr/bin/strace 6.1, cross-checked against the
// kernel headers and against strace's printed output). For flag tables the order is the
// order strace prints the names in; do not sort.

extension Tables {
    /// prctl() option: `prctl(PR_SET_NAME, "sockx")`, `prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)`,
    /// unknown `prctl(0x99 /* PR_??? */, 0x1, 0x2, 0x3, 0x4)` (remaining args in hex).
    public static let prctlOptions = Xlat(unknown: "PR_???", [
        (0x1, "PR_SET_PDEATHSIG"),
        (0x2, "PR_GET_PDEATHSIG"),
        (0x3, "PR_GET_DUMPABLE"),
        (0x4, "PR_SET_DUMPABLE"),
        (0x5, "PR_GET_UNALIGN"),
        (0x6, "PR_SET_UNALIGN"),
        (0x7, "PR_GET_KEEPCAPS"),
        (0x8, "PR_SET_KEEPCAPS"),
        (0x9, "PR_GET_FPEMU"),
        (0xa, "PR_SET_FPEMU"),
        (0xb, "PR_GET_FPEXC"),
        (0xc, "PR_SET_FPEXC"),
        (0xd, "PR_GET_TIMING"),
        (0xe, "PR_SET_TIMING"),
        (0xf, "PR_SET_NAME"),
        (0x10, "PR_GET_NAME"),
        (0x13, "PR_GET_ENDIAN"),
        (0x14, "PR_SET_ENDIAN"),
        (0x15, "PR_GET_SECCOMP"),
        (0x16, "PR_SET_SECCOMP"),
        (0x17, "PR_CAPBSET_READ"),
        (0x18, "PR_CAPBSET_DROP"),
        (0x19, "PR_GET_TSC"),
        (0x1a, "PR_SET_TSC"),
        (0x1b, "PR_GET_SECUREBITS"),
        (0x1c, "PR_SET_SECUREBITS"),
        (0x1d, "PR_SET_TIMERSLACK"),
        (0x1e, "PR_GET_TIMERSLACK"),
        (0x1f, "PR_TASK_PERF_EVENTS_DISABLE"),
        (0x20, "PR_TASK_PERF_EVENTS_ENABLE"),
        (0x21, "PR_MCE_KILL"),
        (0x22, "PR_MCE_KILL_GET"),
        (0x23, "PR_SET_MM"),
        (0x24, "PR_SET_CHILD_SUBREAPER"),
        (0x25, "PR_GET_CHILD_SUBREAPER"),
        (0x26, "PR_SET_NO_NEW_PRIVS"),
        (0x27, "PR_GET_NO_NEW_PRIVS"),
        (0x28, "PR_GET_TID_ADDRESS"),
        (0x29, "PR_SET_THP_DISABLE"),
        (0x2a, "PR_GET_THP_DISABLE"),
        (0x2b, "PR_MPX_ENABLE_MANAGEMENT"),
        (0x2c, "PR_MPX_DISABLE_MANAGEMENT"),
        (0x2d, "PR_SET_FP_MODE"),
        (0x2e, "PR_GET_FP_MODE"),
        (0x2f, "PR_CAP_AMBIENT"),
        (0x32, "PR_SVE_SET_VL"),
        (0x33, "PR_SVE_GET_VL"),
        (0x34, "PR_GET_SPECULATION_CTRL"),
        (0x35, "PR_SET_SPECULATION_CTRL"),
        (0x36, "PR_PAC_RESET_KEYS"),
        (0x37, "PR_SET_TAGGED_ADDR_CTRL"),
        (0x38, "PR_GET_TAGGED_ADDR_CTRL"),
        (0x39, "PR_SET_IO_FLUSHER"),
        (0x3a, "PR_GET_IO_FLUSHER"),
        (0x3b, "PR_SET_SYSCALL_USER_DISPATCH"),
        (0x3c, "PR_PAC_SET_ENABLED_KEYS"),
        (0x3d, "PR_PAC_GET_ENABLED_KEYS"),
        (0x3e, "PR_SCHED_CORE"),
        (0x3f, "PR_SME_SET_VL"),
        (0x40, "PR_SME_GET_VL"),
        (0x53564d41, "PR_SET_VMA"),
        (0x59616d61, "PR_SET_PTRACER"),
    ])

    /// PR_SET_VMA's second argument: `prctl(PR_SET_VMA, PR_SET_VMA_ANON_NAME, NULL, 0, NULL)`.
    public static let prSetVmaOperations = Xlat(unknown: "PR_SET_VMA_???", [
        (0x0, "PR_SET_VMA_ANON_NAME"),
    ])

    /// PR_SET_DUMPABLE argument and PR_GET_DUMPABLE result:
    /// `prctl(PR_SET_DUMPABLE, SUID_DUMP_USER) = 0`, `prctl(PR_GET_DUMPABLE) = 1 (SUID_DUMP_USER)`.
    public static let dumpableModes = Xlat(unknown: "SUID_DUMP_???", [
        (0, "SUID_DUMP_DISABLE"),
        (1, "SUID_DUMP_USER"),
        (2, "SUID_DUMP_ROOT"),
    ])

    /// Capability numbers: `prctl(PR_CAPBSET_READ, CAP_SYS_ADMIN) = 1`.
    public static let capabilities = Xlat(unknown: "CAP_???", [
        (0, "CAP_CHOWN"),
        (1, "CAP_DAC_OVERRIDE"),
        (2, "CAP_DAC_READ_SEARCH"),
        (3, "CAP_FOWNER"),
        (4, "CAP_FSETID"),
        (5, "CAP_KILL"),
        (6, "CAP_SETGID"),
        (7, "CAP_SETUID"),
        (8, "CAP_SETPCAP"),
        (9, "CAP_LINUX_IMMUTABLE"),
        (10, "CAP_NET_BIND_SERVICE"),
        (11, "CAP_NET_BROADCAST"),
        (12, "CAP_NET_ADMIN"),
        (13, "CAP_NET_RAW"),
        (14, "CAP_IPC_LOCK"),
        (15, "CAP_IPC_OWNER"),
        (16, "CAP_SYS_MODULE"),
        (17, "CAP_SYS_RAWIO"),
        (18, "CAP_SYS_CHROOT"),
        (19, "CAP_SYS_PTRACE"),
        (20, "CAP_SYS_PACCT"),
        (21, "CAP_SYS_ADMIN"),
        (22, "CAP_SYS_BOOT"),
        (23, "CAP_SYS_NICE"),
        (24, "CAP_SYS_RESOURCE"),
        (25, "CAP_SYS_TIME"),
        (26, "CAP_SYS_TTY_CONFIG"),
        (27, "CAP_MKNOD"),
        (28, "CAP_LEASE"),
        (29, "CAP_AUDIT_WRITE"),
        (30, "CAP_AUDIT_CONTROL"),
        (31, "CAP_SETFCAP"),
        (32, "CAP_MAC_OVERRIDE"),
        (33, "CAP_MAC_ADMIN"),
        (34, "CAP_SYSLOG"),
        (35, "CAP_WAKE_ALARM"),
        (36, "CAP_BLOCK_SUSPEND"),
        (37, "CAP_AUDIT_READ"),
        (38, "CAP_PERFMON"),
        (39, "CAP_BPF"),
        (40, "CAP_CHECKPOINT_RESTORE"),
    ])

    /// PR_SET_SECCOMP mode: `prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, {len=1, filter=0x7ffd...}) = 0`.
    /// PR_GET_SECCOMP's result is a bare number: `prctl(PR_GET_SECCOMP) = 2`.
    public static let seccompModes = Xlat(unknown: "SECCOMP_MODE_???", [
        (0, "SECCOMP_MODE_DISABLED"),
        (1, "SECCOMP_MODE_STRICT"),
        (2, "SECCOMP_MODE_FILTER"),
    ])

    /// seccomp() operation. The unknown text is `SECCOMP_SET_MODE_???` (observed
    /// `seccomp(0x7 /* SECCOMP_SET_MODE_??? */, 0, NULL)`), not `SECCOMP_???`.
    public static let seccompOperations = Xlat(unknown: "SECCOMP_SET_MODE_???", [
        (0, "SECCOMP_SET_MODE_STRICT"),
        (1, "SECCOMP_SET_MODE_FILTER"),
        (2, "SECCOMP_GET_ACTION_AVAIL"),
        (3, "SECCOMP_GET_NOTIF_SIZES"),
    ])

    /// seccomp(SECCOMP_SET_MODE_FILTER, flags, ...): `SECCOMP_FILTER_FLAG_TSYNC|SECCOMP_FILTER_FLAG_LOG|0x100`,
    /// `0x100 /* SECCOMP_FILTER_FLAG_??? */`, `0`.
    public static let seccompFilterFlags = Xlat(unknown: "SECCOMP_FILTER_FLAG_???", [
        (0x1, "SECCOMP_FILTER_FLAG_TSYNC"),
        (0x2, "SECCOMP_FILTER_FLAG_LOG"),
        (0x4, "SECCOMP_FILTER_FLAG_SPEC_ALLOW"),
        (0x8, "SECCOMP_FILTER_FLAG_NEW_LISTENER"),
        (0x10, "SECCOMP_FILTER_FLAG_TSYNC_ESRCH"),
        (0x20, "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"),
    ])

    /// SECCOMP_RET_* actions (e.g. SECCOMP_GET_ACTION_AVAIL's argument:
    /// `seccomp(SECCOMP_GET_ACTION_AVAIL, 0, [SECCOMP_RET_KILL_PROCESS])`).
    public static let seccompReturnActions = Xlat(unknown: "SECCOMP_RET_???", [
        (0x80000000, "SECCOMP_RET_KILL_PROCESS"),
        (0x0, "SECCOMP_RET_KILL_THREAD"),
        (0x30000, "SECCOMP_RET_TRAP"),
        (0x50000, "SECCOMP_RET_ERRNO"),
        (0x7fc00000, "SECCOMP_RET_USER_NOTIF"),
        (0x7ff00000, "SECCOMP_RET_TRACE"),
        (0x7ffc0000, "SECCOMP_RET_LOG"),
        (0x7fff0000, "SECCOMP_RET_ALLOW"),
    ])

    /// clone() flags without the low byte (the exit signal). strace 6.1 has neither
    /// CLONE_DETACHED (0x400000) nor CLONE_NEWTIME (0x80) here: they print as leftover hex.
    /// Observed: `flags=CLONE_VM|CLONE_FS|CLONE_FILES|SIGCHLD`, `flags=CLONE_VM|0x400000|SIGCHLD`
    /// (signal after the leftover hex), `flags=0x400000 /* CLONE_??? */`, `flags=0`, and a low
    /// byte that is no signal name in decimal: `...|CLONE_IO|145` (0x80|SIGCHLD).
    public static let cloneFlags = Xlat(unknown: "CLONE_???", [
        (0x100, "CLONE_VM"),
        (0x200, "CLONE_FS"),
        (0x400, "CLONE_FILES"),
        (0x800, "CLONE_SIGHAND"),
        (0x1000, "CLONE_PIDFD"),
        (0x2000, "CLONE_PTRACE"),
        (0x4000, "CLONE_VFORK"),
        (0x8000, "CLONE_PARENT"),
        (0x10000, "CLONE_THREAD"),
        (0x20000, "CLONE_NEWNS"),
        (0x40000, "CLONE_SYSVSEM"),
        (0x80000, "CLONE_SETTLS"),
        (0x100000, "CLONE_PARENT_SETTID"),
        (0x200000, "CLONE_CHILD_CLEARTID"),
        (0x800000, "CLONE_UNTRACED"),
        (0x1000000, "CLONE_CHILD_SETTID"),
        (0x2000000, "CLONE_NEWCGROUP"),
        (0x4000000, "CLONE_NEWUTS"),
        (0x8000000, "CLONE_NEWIPC"),
        (0x10000000, "CLONE_NEWUSER"),
        (0x20000000, "CLONE_NEWPID"),
        (0x40000000, "CLONE_NEWNET"),
        (0x80000000, "CLONE_IO"),
    ])

    /// wait4()/waitid() options, in strace's order; 2 prints as WSTOPPED (never WUNTRACED):
    /// `WSTOPPED|WCONTINUED|__WALL`, `WNOHANG|WEXITED|WSTOPPED|WNOWAIT`, `0`, `0x100 /* W??? */`,
    /// `__WCLONE|__WNOTHREAD|0x100`.
    public static let waitOptions = Xlat(unknown: "W???", [
        (0x1, "WNOHANG"),
        (0x4, "WEXITED"),
        (0x2, "WSTOPPED"),
        (0x8, "WCONTINUED"),
        (0x1000000, "WNOWAIT"),
        (0x80000000, "__WCLONE"),
        (0x40000000, "__WALL"),
        (0x20000000, "__WNOTHREAD"),
    ])

    /// waitid() idtype: `waitid(P_ALL, 0, ...)`.
    public static let waitIdTypes = Xlat(unknown: "P_???", [
        (0, "P_ALL"),
        (1, "P_PID"),
        (2, "P_PGID"),
        (3, "P_PIDFD"),
    ])

    /// rt_sigprocmask how: `rt_sigprocmask(SIG_BLOCK, [USR1 RT_4], NULL, 8)`, `0x5 /* SIG_??? */`.
    public static let sigprocmaskHow = Xlat(unknown: "SIG_???", [
        (0, "SIG_BLOCK"),
        (1, "SIG_UNBLOCK"),
        (2, "SIG_SETMASK"),
    ])

    /// Signal numbers as strace 6.1 prints them on x86_64: SIGHUP ... SIGSYS, SIGIO for 29,
    /// SIGRTMIN for 32 and SIGRT_1 ... SIGRT_32 for 33 ... 64. A number outside the table
    /// prints in plain decimal without a comment (`kill(1, 65)`, `kill(1, -1)`,
    /// `kill(1, 0)`): use `signal(_:)`. Inside a signal set (`[USR1 RT_4]`) the names lose
    /// the `SIG` prefix and real-time signals print `RT_n`.
    /// getpriority/setpriority's `which` (include/uapi/linux/resource.h).
    public static let priorityTargets = Xlat(unknown: "PRIO_???", [
        (0, "PRIO_PROCESS"),
        (1, "PRIO_PGRP"),
        (2, "PRIO_USER"),
    ])

    public static let signals = Xlat(unknown: "SIG???", [
        (1, "SIGHUP"), (2, "SIGINT"), (3, "SIGQUIT"), (4, "SIGILL"), (5, "SIGTRAP"),
        (6, "SIGABRT"), (7, "SIGBUS"), (8, "SIGFPE"), (9, "SIGKILL"), (10, "SIGUSR1"),
        (11, "SIGSEGV"), (12, "SIGUSR2"), (13, "SIGPIPE"), (14, "SIGALRM"), (15, "SIGTERM"),
        (16, "SIGSTKFLT"), (17, "SIGCHLD"), (18, "SIGCONT"), (19, "SIGSTOP"), (20, "SIGTSTP"),
        (21, "SIGTTIN"), (22, "SIGTTOU"), (23, "SIGURG"), (24, "SIGXCPU"), (25, "SIGXFSZ"),
        (26, "SIGVTALRM"), (27, "SIGPROF"), (28, "SIGWINCH"), (29, "SIGIO"), (30, "SIGPWR"),
        (31, "SIGSYS"), (32, "SIGRTMIN"),
    ] + (33...64).map { (UInt64($0), "SIGRT_\($0 - 32)") })

    /// A signal number as strace prints it: the name, or plain decimal when unknown.
    public static func signal(_ number: Int64) -> Value {
        if number > 0, let name = signals.name(UInt64(number)) {
            return .symbol(name, raw: UInt64(number))
        }
        return .int(number)
    }
}
