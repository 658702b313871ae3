// Constant tables shared by the decoders. Names, values and ORDER are those of strace 6.1
// on x86_64 (its xlat tables as built into /usr/bin/strace 6.1, cross-checked against the
// kernel headers and against strace's printed output). For flag tables the order is the
// order strace prints the names in; do not sort.

extension Tables {
    /// Keys are si_code's 32-bit pattern zero-extended, as strace stores them: SI_QUEUE (-1) is
    /// 0xffffffff. Look up with `Tables.siCodeKey(code)`. Searched FIRST for every signal
    /// (SI_USER 0, SI_KERNEL 0x80 and the negative codes), then the signal's own table:
    /// `--- SIGUSR2 {si_signo=SIGUSR2, si_code=SI_QUEUE, si_pid=6585, si_uid=0, si_int=5, si_ptr=0x5} ---`.
    /// A code no table knows prints as bare hex of the 32-bit pattern, NO comment:
    /// `si_code=0xffffffec` (-20), `si_code=0x32`; a signal without its own table (SIGUSR1)
    /// knows only these generic names: `si_code=0x1`.
    public static let siCodesGeneric = Xlat(unknown: "SI_???", [
        (0x0, "SI_USER"),
        (0x80, "SI_KERNEL"),
        (0xffffffff, "SI_QUEUE"),
        (0xfffffffe, "SI_TIMER"),
        (0xfffffffd, "SI_MESGQ"),
        (0xfffffffc, "SI_ASYNCIO"),
        (0xfffffffb, "SI_SIGIO"),
        (0xfffffffa, "SI_TKILL"),
        (0xfffffff9, "SI_DETHREAD"),
        (0xffffffc4, "SI_ASYNCNL"),
    ])

    /// SIGCHLD si_code: `{si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=6586, si_uid=0, si_status=2, si_utime=0, si_stime=0}`.
    public static let siCodesChild = Xlat(unknown: "CLD_???", [
        (1, "CLD_EXITED"),
        (2, "CLD_KILLED"),
        (3, "CLD_DUMPED"),
        (4, "CLD_TRAPPED"),
        (5, "CLD_STOPPED"),
        (6, "CLD_CONTINUED"),
    ])

    /// SIGSEGV si_code: `{si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x8}`.
    public static let siCodesSegv = Xlat(unknown: "SEGV_???", [
        (1, "SEGV_MAPERR"),
        (2, "SEGV_ACCERR"),
        (3, "SEGV_BNDERR"),
        (4, "SEGV_PKUERR"),
        (5, "SEGV_ACCADI"),
        (6, "SEGV_ADIDERR"),
        (7, "SEGV_ADIPERR"),
        (8, "SEGV_MTEAERR"),
        (9, "SEGV_MTESERR"),
    ])

    /// SIGBUS si_code.
    public static let siCodesBus = Xlat(unknown: "BUS_???", [
        (1, "BUS_ADRALN"),
        (2, "BUS_ADRERR"),
        (3, "BUS_OBJERR"),
        (4, "BUS_MCEERR_AR"),
        (5, "BUS_MCEERR_AO"),
    ])

    /// SIGILL si_code.
    public static let siCodesIll = Xlat(unknown: "ILL_???", [
        (1, "ILL_ILLOPC"),
        (2, "ILL_ILLOPN"),
        (3, "ILL_ILLADR"),
        (4, "ILL_ILLTRP"),
        (5, "ILL_PRVOPC"),
        (6, "ILL_PRVREG"),
        (7, "ILL_COPROC"),
        (8, "ILL_BADSTK"),
        (9, "ILL_BADIADDR"),
    ])

    /// SIGFPE si_code: `{si_signo=SIGFPE, si_code=FPE_INTDIV, si_addr=0x55ad702492d0}`.
    public static let siCodesFpe = Xlat(unknown: "FPE_???", [
        (1, "FPE_INTDIV"),
        (2, "FPE_INTOVF"),
        (3, "FPE_FLTDIV"),
        (4, "FPE_FLTOVF"),
        (5, "FPE_FLTUND"),
        (6, "FPE_FLTRES"),
        (7, "FPE_FLTINV"),
        (8, "FPE_FLTSUB"),
        (14, "FPE_FLTUNK"),
        (15, "FPE_CONDTRAP"),
    ])

    /// SIGTRAP si_code (an int3 gives the generic SI_KERNEL: `si_code=SI_KERNEL, si_addr=NULL`).
    public static let siCodesTrap = Xlat(unknown: "TRAP_???", [
        (1, "TRAP_BRKPT"),
        (2, "TRAP_TRACE"),
        (3, "TRAP_BRANCH"),
        (4, "TRAP_HWBKPT"),
        (5, "TRAP_UNK"),
        (6, "TRAP_PERF"),
    ])

    /// SIGIO (SIGPOLL) si_code: `{si_signo=SIGIO, si_code=POLL_IN, si_band=0, si_fd=0}`.
    public static let siCodesPoll = Xlat(unknown: "POLL_???", [
        (1, "POLL_IN"),
        (2, "POLL_OUT"),
        (3, "POLL_MSG"),
        (4, "POLL_ERR"),
        (5, "POLL_PRI"),
        (6, "POLL_HUP"),
    ])

    /// SIGSYS si_code: `{si_signo=SIGSYS, si_code=SYS_SECCOMP, si_call_addr=0x7f432d6b58e7, si_syscall=__NR_listen, si_arch=AUDIT_ARCH_X86_64}`.
    public static let siCodesSys = Xlat(unknown: "SYS_???", [
        (1, "SYS_SECCOMP"),
        (2, "SYS_USER_DISPATCH"),
    ])

    /// si_arch of a SIGSYS: `si_arch=AUDIT_ARCH_X86_64`, unknown `si_arch=0 /* AUDIT_ARCH_??? */`
    /// (and then si_syscall prints as a bare number: `si_syscall=0`). i386 is AUDIT_ARCH_I386.
    public static let auditArches = Xlat(unknown: "AUDIT_ARCH_???", [
        (0xc00000b7, "AUDIT_ARCH_AARCH64"),
        (0xc0009026, "AUDIT_ARCH_ALPHA"),
        (0x4000005d, "AUDIT_ARCH_ARCOMPACT"),
        (0x5d, "AUDIT_ARCH_ARCOMPACTBE"),
        (0x400000c3, "AUDIT_ARCH_ARCV2"),
        (0xc3, "AUDIT_ARCH_ARCV2BE"),
        (0x40000028, "AUDIT_ARCH_ARM"),
        (0x28, "AUDIT_ARCH_ARMEB"),
        (0x4000008c, "AUDIT_ARCH_C6X"),
        (0x8c, "AUDIT_ARCH_C6XBE"),
        (0x4000004c, "AUDIT_ARCH_CRIS"),
        (0x400000fc, "AUDIT_ARCH_CSKY"),
        (0x5441, "AUDIT_ARCH_FRV"),
        (0x2e, "AUDIT_ARCH_H8300"),
        (0xa4, "AUDIT_ARCH_HEXAGON"),
        (0x40000003, "AUDIT_ARCH_I386"),
        (0xc0000032, "AUDIT_ARCH_IA64"),
        (0x40000102, "AUDIT_ARCH_LOONGARCH32"),
        (0xc0000102, "AUDIT_ARCH_LOONGARCH64"),
        (0x58, "AUDIT_ARCH_M32R"),
        (0x4, "AUDIT_ARCH_M68K"),
        (0xbd, "AUDIT_ARCH_MICROBLAZE"),
        (0x8, "AUDIT_ARCH_MIPS"),
        (0x80000008, "AUDIT_ARCH_MIPS64"),
        (0xa0000008, "AUDIT_ARCH_MIPS64N32"),
        (0x40000008, "AUDIT_ARCH_MIPSEL"),
        (0xc0000008, "AUDIT_ARCH_MIPSEL64"),
        (0xe0000008, "AUDIT_ARCH_MIPSEL64N32"),
        (0x400000a7, "AUDIT_ARCH_NDS32"),
        (0xa7, "AUDIT_ARCH_NDS32BE"),
        (0x40000071, "AUDIT_ARCH_NIOS2"),
        (0x5c, "AUDIT_ARCH_OPENRISC"),
        (0xf, "AUDIT_ARCH_PARISC"),
        (0x8000000f, "AUDIT_ARCH_PARISC64"),
        (0x14, "AUDIT_ARCH_PPC"),
        (0x80000015, "AUDIT_ARCH_PPC64"),
        (0xc0000015, "AUDIT_ARCH_PPC64LE"),
        (0x400000f3, "AUDIT_ARCH_RISCV32"),
        (0xc00000f3, "AUDIT_ARCH_RISCV64"),
        (0x16, "AUDIT_ARCH_S390"),
        (0x80000016, "AUDIT_ARCH_S390X"),
        (0x2a, "AUDIT_ARCH_SH"),
        (0x8000002a, "AUDIT_ARCH_SH64"),
        (0x4000002a, "AUDIT_ARCH_SHEL"),
        (0xc000002a, "AUDIT_ARCH_SHEL64"),
        (0x2, "AUDIT_ARCH_SPARC"),
        (0x8000002b, "AUDIT_ARCH_SPARC64"),
        (0xc00000bf, "AUDIT_ARCH_TILEGX"),
        (0x400000bf, "AUDIT_ARCH_TILEGX32"),
        (0x400000bc, "AUDIT_ARCH_TILEPRO"),
        (0x4000006e, "AUDIT_ARCH_UNICORE"),
        (0x40000057, "AUDIT_ARCH_V850"),
        (0xc000003e, "AUDIT_ARCH_X86_64"),
        (0x5e, "AUDIT_ARCH_XTENSA"),
    ])

    /// The key of a si_code in the si_code tables: the int's 32-bit pattern, zero-extended
    /// (SI_QUEUE, -1, is 0xffffffff), which is also what strace prints for an unknown code.
    public static func siCodeKey(_ code: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: code))
    }

    /// si_code as strace prints it: the generic names first, then the table of `signo`,
    /// else bare hex of the 32-bit pattern without a comment (`si_code=0xffffffec`).
    public static func siCode(_ code: Int32, signo: Int32) -> Value {
        let key = siCodeKey(code)
        if let name = siCodesGeneric.name(key) { return .symbol(name, raw: key) }
        let specific: Xlat?
        switch signo {
        case 4: specific = siCodesIll
        case 5: specific = siCodesTrap
        case 7: specific = siCodesBus
        case 8: specific = siCodesFpe
        case 11: specific = siCodesSegv
        case 17: specific = siCodesChild
        case 29: specific = siCodesPoll
        case 31: specific = siCodesSys
        default: specific = nil
        }
        if let specific, let name = specific.name(key) { return .symbol(name, raw: key) }
        return .hex(key)
    }
}
