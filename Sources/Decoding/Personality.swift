/// The syscall table a call is made with (strace's "personality"). On x86_64 a process can
/// make 64-bit calls, x32 calls (numbers with bit 0x40000000 set) and 32-bit calls (`int $0x80`,
/// which the kernel reports with AUDIT_ARCH_I386). strace prints
/// `[ Process PID=N runs in 32 bit mode. ]` whenever a process's personality changes.
public enum Personality: Sendable, Equatable {
    case x86_64
    case x32
    case i386

    /// The personality of a call with `number` made with the 64-bit architecture
    /// (AUDIT_ARCH_X86_64): x32 when the x32 bit is set.
    public static func of64BitCall(_ number: UInt64) -> Personality {
        SyscallTable.isX32(number) ? .x32 : .x86_64
    }

    /// strace's name for it in `[ Process PID=N runs in %s mode. ]`.
    public var modeName: String {
        switch self {
        case .x86_64: return "64 bit"
        case .x32: return "x32"
        case .i386: return "32 bit"
        }
    }
}

extension SyscallTable {
    /// The x86_64 numbers the tracer and the lessons look for, from the table (not literals).
    public static let execve = known("execve")
    public static let execveat = known("execveat")
    public static let exitGroup = known("exit_group")
    public static let writev = known("writev")
    public static let restartSyscall = known("restart_syscall")
    public static let schedGetaffinity = known("sched_getaffinity")
    public static let schedSetaffinity = known("sched_setaffinity")
    public static let prctl = known("prctl")

    /// Found by reading the table (a few hundred comparisons) rather than through `number`,
    /// whose dictionary of every name the tracer would make at each start just for these.
    static func known(_ name: String) -> UInt64 {
        // The lengths first: a string comparison cost some 100 instructions, and most names
        // differ in length.
        let length = name.utf8.count
        return names.firstIndex { $0?.utf8.count == length && $0 == name }.map { UInt64($0) } ?? UInt64.max
    }

    /// The name strace prints for `number` in `personality`.
    public static func displayName(_ number: UInt64, personality: Personality) -> String {
        switch personality {
        case .x86_64, .x32: return displayName(number)
        case .i386: return I386SyscallTable.displayName(number)
        }
    }
}

extension SyscallArity {
    /// The number of arguments strace 6.1 prints for x32 call `number` (x32 bit set): below 512
    /// the x86_64 call's count, 512...547 the count of the x86_64 call of the same name
    /// (preadv2 and pwritev2 take 5), 6 for a number it does not know.
    public static func countX32(_ number: UInt64) -> Int {
        let index = number & ~UInt64(0x4000_0000)
        if index < 512 { return count(index) }
        let name = SyscallTable.displayName(number)
        if name == "preadv2" || name == "pwritev2" { return 5 }
        guard let base = SyscallTable.number(name) else { return 6 }
        return count(UInt64(base))
    }
}
