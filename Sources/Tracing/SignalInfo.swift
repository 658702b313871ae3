import CPtrace
import Decoding
import Glibc

/// siginfo as strace prints it: `{si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=42, ...}`.
enum SignalInfo {
    static let sigill: Int32 = 4, sigtrap: Int32 = 5, sigbus: Int32 = 7, sigfpe: Int32 = 8, sigsegv: Int32 = 11
    static let sigchld: Int32 = 17, sigpoll: Int32 = 29, sigsys: Int32 = 31

    static func code(_ si: cp_siginfo) -> Value { Tables.siCode(si.code, signo: si.signo) }

    /// The clock_t unit of si_utime and si_stime (sysconf(_SC_CLK_TCK), USER_HZ: 100 on Linux).
    static let ticksPerSecond: UInt64 = UInt64(max(0, sysconf(Int32(_SC_CLK_TCK))))

    /// A signal number as strace prints it (a name, or the number; `-X raw`: the number).
    static func signal(_ number: Int32) -> Value {
        let name = SignalTable.name(Int(number))
        return name.hasPrefix("SIG") ? .symbol(name, raw: UInt64(UInt32(bitPattern: number))) : .verbatim(name)
    }

    /// `names`: -Y, si_pid with its process's name (`si_pid=4242<sleep>`).
    static func decode(_ si: cp_siginfo, names: Bool = false) -> Value {
        let sender: Value = names ? PIDNames.annotated(.int(Int64(si.pid))) : .int(Int64(si.pid))
        var fields: [Value.Field] = [.init("si_signo", signal(si.signo)),
                                     .init("si_code", code(si))]
        if si.err != 0 {
            fields.append(.init("si_errno", .verbatim(ErrnoTable.name(Int(si.err)) ?? String(si.err))))
        }
        let userSent = si.code <= 0 // SI_USER, SI_QUEUE, SI_TKILL...
        if userSent {
            switch si.code {
            case 0, -6: // SI_USER, SI_TKILL
                fields.append(.init("si_pid", sender))
                fields.append(.init("si_uid", .uint(UInt64(si.uid))))
            case -1, -3: // SI_QUEUE, SI_MESGQ
                fields.append(.init("si_pid", sender))
                fields.append(.init("si_uid", .uint(UInt64(si.uid))))
                fields.append(.init("si_int", .int(Int64(Int32(truncatingIfNeeded: si.value)))))
                fields.append(.init("si_ptr", .address(UInt64(bitPattern: si.value))))
            case -2: // SI_TIMER
                fields.append(.init("si_timerid", .hex(UInt64(UInt32(bitPattern: si.timerid)))))
                fields.append(.init("si_overrun", .int(Int64(si.overrun))))
                fields.append(.init("si_int", .int(Int64(Int32(truncatingIfNeeded: si.value)))))
                fields.append(.init("si_ptr", .address(UInt64(bitPattern: si.value))))
            default:
                break
            }
            return .structure(fields)
        }
        // SI_KERNEL and the signal's own codes: what the signal carries.
        switch si.signo {
        case sigchld:
            fields.append(.init("si_pid", sender))
            fields.append(.init("si_uid", .uint(UInt64(si.uid))))
            if si.code == 1 { // CLD_EXITED
                fields.append(.init("si_status", .int(Int64(si.status))))
            } else {
                fields.append(.init("si_status", signal(si.status)))
            }
            fields.append(.init("si_utime", .clockTicks(UInt64(bitPattern: si.utime), perSecond: ticksPerSecond)))
            fields.append(.init("si_stime", .clockTicks(UInt64(bitPattern: si.stime), perSecond: ticksPerSecond)))
        case sigsegv, sigbus, sigill, sigfpe, sigtrap:
            fields.append(.init("si_addr", .address(si.addr)))
        case sigsys:
            fields.append(.init("si_call_addr", .address(si.addr)))
            let name = SyscallTable.name(UInt64(UInt32(bitPattern: si.syscall))).map { "__NR_" + $0 } ?? String(si.syscall)
            fields.append(.init("si_syscall", .verbatim(name)))
            fields.append(.init("si_arch", Tables.auditArches.symbol(UInt64(si.arch))))
        case sigpoll:
            fields.append(.init("si_band", .int(si.band)))
            fields.append(.init("si_fd", .int(Int64(si.fd))))
        default:
            break
        }
        return .structure(fields)
    }
}
