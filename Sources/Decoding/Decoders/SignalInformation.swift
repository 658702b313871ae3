import Glibc

/// siginfo_t as strace 6.1 prints it, from the kernel's 128 bytes (x86_64 layout): the signal
/// lines' `--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, ...} ---`, and the siginfo in a
/// tracee's memory (rt_sigtimedwait's result, rt_sigqueueinfo's argument, waitid's infop).
public enum SignalInformation {
    /// sizeof(siginfo_t).
    public static let size = 128

    static let sigill: Int32 = 4, sigtrap: Int32 = 5, sigbus: Int32 = 7, sigfpe: Int32 = 8, sigsegv: Int32 = 11
    static let sigchld: Int32 = 17, sigpoll: Int32 = 29, sigsys: Int32 = 31

    /// The siginfo at `address` in the tracee: NULL, or the address when it cannot be read.
    static func at(_ c: DecodeContext, address: UInt64) -> Value {
        guard address != 0 else { return .null }
        guard let b = c.memory.read(address, count: size) else { return .pointer(address) }
        return decode(b, pid: { c.processID($0) })
    }

    /// `b`: the kernel's siginfo (128 bytes; missing bytes read as 0). `pid`: how si_pid prints
    /// (with -Y, the process's name after it). A siginfo without a signal prints `{}`.
    public static func decode(_ b: [UInt8], pid: (Int64) -> Value) -> Value {
        let signo = b.int32(at: 0)
        let errno = b.int32(at: 4)
        let code = b.int32(at: 8)
        guard signo != 0 else { return .structure([]) }
        var fields: [Value.Field] = [.init("si_signo", Tables.signal(Int64(signo))),
                                     .init("si_code", Tables.siCode(code, signo: signo))]
        if errno != 0 {
            let raw = UInt64(UInt32(bitPattern: errno))
            fields.append(.init("si_errno", ErrnoTable.name(Int(errno)).map { .composite(.symbol($0, raw: raw), raw: .uint(raw)) } ?? .uint(raw)))
        }
        // The union after the first three ints (offset 16).
        let source: [Value.Field] = [.init("si_pid", pid(Int64(b.int32(at: 16)))),
                                     .init("si_uid", .uint(UInt64(b.uint32(at: 20))))]
        let sigval: [Value.Field] = [.init("si_int", .int(Int64(b.int32(at: 24)))),
                                     .init("si_ptr", .address(b.uint64(at: 24)))]
        let band: [Value.Field] = [.init("si_band", .int(b.int64(at: 16))), .init("si_fd", .int(Int64(b.int32(at: 24))))]
        if code <= 0 { // sent by a process: SI_USER, SI_QUEUE, SI_TKILL, ...
            switch code {
            case 0, -6: // SI_USER, SI_TKILL
                fields += source
            case -2: // SI_TIMER
                fields.append(.init("si_timerid", .hex(UInt64(b.uint32(at: 16)))))
                fields.append(.init("si_overrun", .int(Int64(b.int32(at: 20)))))
                fields += sigval
            case -5: // SI_SIGIO
                fields += band
            default: // SI_QUEUE, SI_MESGQ, SI_ASYNCIO, ...: the value when there is one
                fields += source
                if b.uint64(at: 24) != 0 { fields += sigval }
            }
            return .structure(fields)
        }
        // SI_KERNEL and the signal's own codes: what the signal carries.
        switch signo {
        case sigchld:
            fields += source
            let status = b.int32(at: 24)
            fields.append(.init("si_status", code == 1 ? .int(Int64(status)) : Tables.signal(Int64(status)))) // CLD_EXITED
            fields.append(.init("si_utime", .clockTicks(b.uint64(at: 32), perSecond: Value.clockTicksPerSecond)))
            fields.append(.init("si_stime", .clockTicks(b.uint64(at: 40), perSecond: Value.clockTicksPerSecond)))
        case sigsegv, sigbus, sigill, sigfpe, sigtrap:
            fields.append(.init("si_addr", .address(b.uint64(at: 16))))
        case sigsys:
            fields.append(.init("si_call_addr", .address(b.uint64(at: 16))))
            let number = b.int32(at: 24)
            let name = SyscallTable.name(UInt64(UInt32(bitPattern: number))).map { "__NR_" + $0 } ?? String(number)
            fields.append(.init("si_syscall", .verbatim(name)))
            fields.append(.init("si_arch", Tables.auditArches.symbol(UInt64(b.uint32(at: 28)))))
        case sigpoll:
            fields += band
        default: // a signal of no fields of its own: who sent it and the value, when there are any
            if b.int32(at: 16) != 0 || b.uint32(at: 20) != 0 { fields += source }
            if b.uint64(at: 24) != 0 { fields += sigval }
        }
        return .structure(fields)
    }
}
