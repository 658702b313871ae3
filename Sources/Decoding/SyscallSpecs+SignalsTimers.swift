// The argument specs of vectored I/O (readv, writev and their positioned forms), of the
// signal calls that wait, queue and send (rt_sigsuspend, rt_sigtimedwait, rt_sigqueueinfo,
// waitid, ...) and of timers (POSIX timers, timerfds, interval timers). Same form as
// SyscallSpecs.specs.

extension SyscallSpecs {
    /// The spec of call `name` among these.
    static func ioSignalTimerSpec(_ name: String) -> SyscallSpec? {
        switch name {
        // Vectored I/O. x86_64's preadv and pwritev take the offset as two registers (low, high),
        // strace prints the first as the 64-bit offset; the *v2 calls' flags come after them.
        case "readv": SyscallSpec([.i(.fd), .o(.iovecsOut(countArg: 2)), .i(.ulong)])
        case "writev": SyscallSpec([.i(.fd), .i(.iovecs(countArg: 2)), .i(.ulong)])
        case "preadv": SyscallSpec([.i(.fd), .o(.iovecsOut(countArg: 2)), .i(.ulong), .i(.long)])
        case "pwritev": SyscallSpec([.i(.fd), .i(.iovecs(countArg: 2)), .i(.ulong), .i(.long)])
        case "preadv2": SyscallSpec([.i(.fd), .o(.iovecsOut(countArg: 2)), .i(.ulong), .i(.long),
                                     .i(.fromArgument(5, .flags(Tables.readWriteFlags)))])
        case "pwritev2": SyscallSpec([.i(.fd), .i(.iovecs(countArg: 2)), .i(.ulong), .i(.long),
                                      .i(.fromArgument(5, .flags(Tables.readWriteFlags)))])

        // Signals: waiting, queueing, sending; waitid.
        case "rt_sigsuspend": SyscallSpec([.i(.sigset(sizeArg: 1)), .i(.ulong)])
        case "rt_sigtimedwait": SyscallSpec(dynamic: { args in
            // Without a siginfo to fill, strace prints the whole call at the entry (under -f:
            // `rt_sigtimedwait([USR2], NULL, {tv_sec=0, tv_nsec=0}, 8 <unfinished ...>`).
            let info: Param = argument(args, 1) == 0 ? .i(.pointer) : .o(.siginfoOut)
            return [.i(.sigset(sizeArg: 3)), info, .i(.timespec), .i(.ulong)]
        }, returns: .signal)
        case "rt_sigqueueinfo": SyscallSpec([.i(.int), .i(.signal), .i(.siginfo)])
        case "rt_tgsigqueueinfo": SyscallSpec([.i(.int), .i(.int), .i(.signal), .i(.siginfo)])
        case "tkill": SyscallSpec([.i(.int), .i(.signal)])
        case "pause": SyscallSpec([])
        case "signalfd": SyscallSpec([.i(.fd), .i(.sigset(sizeArg: 2)), .i(.ulong)], returns: .fd)
        case "signalfd4": SyscallSpec([.i(.fd), .i(.sigset(sizeArg: 2)), .i(.ulong), .i(.flags(Tables.signalfdFlags))], returns: .fd)
        case "waitid": SyscallSpec(dynamic: { args in
            // The id is a descriptor with P_PIDFD.
            let id: ArgKind = argument(args, 0) & 0xffff_ffff == 3 ? .fd : .int
            return [.i(.symbol(Tables.waitIdTypes)), .i(id), .o(.siginfoOut), .i(.flags(Tables.waitOptions)), .o(.rusageOut(afterWait: false))]
        })

        // Timers: POSIX timers (the timer id is an int), timerfds, interval timers.
        case "timer_create": SyscallSpec([.i(.symbol(Tables.clockIDs)), .i(.sigevent), .o(.intPointerOut)])
        case "timer_settime": SyscallSpec([.i(.int), .i(.flags(Tables.timerFlags)), .i(.itimerspec), .o(.itimerspec)])
        case "timer_gettime": SyscallSpec([.i(.int), .o(.itimerspec)])
        case "timer_getoverrun": SyscallSpec([.i(.int)])
        case "timer_delete": SyscallSpec([.i(.int)])
        case "timerfd_create": SyscallSpec([.i(.symbol(Tables.clockIDs)), .i(.flags(Tables.timerfdFlags))], returns: .fd)
        case "timerfd_settime": SyscallSpec([.i(.fd), .i(.flags(Tables.timerfdFlags)), .i(.itimerspec), .o(.itimerspec)])
        case "timerfd_gettime": SyscallSpec([.i(.fd), .o(.itimerspec)])
        case "setitimer": SyscallSpec([.i(.symbol(Tables.intervalTimers)), .i(.itimerval), .o(.itimerval)])
        case "getitimer": SyscallSpec([.i(.symbol(Tables.intervalTimers)), .o(.itimerval)])
        case "alarm": SyscallSpec([.i(.uint)])
        default: nil
        }
    }
}
