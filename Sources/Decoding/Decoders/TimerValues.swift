/// struct rusage (waitid's), and the timer structures: struct itimerspec, struct itimerval,
/// struct sigevent, as strace 6.1 prints them.
enum TimerValues {
    /// `{tv_sec=1, tv_usec=2}` or `{tv_sec=1, tv_nsec=2}` from the 16 bytes at `offset`.
    static func time(_ b: [UInt8], at offset: Int, usec: Bool) -> Value {
        ControlMessages.timeStructure(Array(b[offset ..< offset + 16]), usec: usec)
    }

    static let rusageCounters = ["ru_maxrss", "ru_ixrss", "ru_idrss", "ru_isrss", "ru_minflt", "ru_majflt", "ru_nswap",
                                 "ru_inblock", "ru_oublock", "ru_msgsnd", "ru_msgrcv", "ru_nsignals", "ru_nvcsw", "ru_nivcsw"]

    /// struct rusage filled by the kernel (144 bytes; getrusage, waitid, and wait4 when it reaped
    /// a child: `filled`): the two times and `...`, every counter (unsigned) with -v; the
    /// address otherwise.
    static func rusage(_ c: DecodeContext, address: UInt64, filled: Bool) -> Value {
        guard address != 0 else { return .null }
        guard filled, let b = c.memory.read(address, count: 144) else { return .pointer(address) }
        var fields: [Value.Field] = [.init("ru_utime", time(b, at: 0, usec: true)), .init("ru_stime", time(b, at: 16, usec: true))]
        if c.options.abbreviate {
            fields.append(.init(nil, Style.more))
        } else {
            for (k, name) in rusageCounters.enumerated() { fields.append(.init(name, .uint(b.uint64(at: 32 + 8 * k)))) }
        }
        return .structure(fields)
    }

    /// struct itimerspec (`usec` false) or struct itimerval (`usec` true), 32 bytes:
    /// `{it_interval={tv_sec=0, tv_nsec=500}, it_value={tv_sec=1000, tv_nsec=0}}`; NULL, or the
    /// address when it cannot be read (and at the exit of a failed call).
    static func interval(_ c: DecodeContext, address: UInt64, usec: Bool) -> Value {
        guard address != 0 else { return .null }
        guard !c.failedAtExit, let b = c.memory.read(address, count: 32) else { return .pointer(address) }
        return .structure([.init("it_interval", time(b, at: 0, usec: usec)), .init("it_value", time(b, at: 16, usec: usec))])
    }

    /// timer_create's struct sigevent (the first 32 of its 64 bytes):
    /// `{sigev_value={sival_int=7, sival_ptr=0x7}, sigev_signo=SIGALRM,
    /// sigev_notify=SIGEV_SIGNAL}`, without sigev_value when it is 0. The
    /// signal is named only when the notification sends one; SIGEV_THREAD_ID adds the thread,
    /// SIGEV_THREAD the function and its attributes.
    static func sigevent(_ c: DecodeContext, address: UInt64) -> Value {
        guard address != 0 else { return .null }
        // the fields strace reads: 32 bytes (its struct_sigevent), not the kernel's padded 64
        guard let b = c.memory.read(address, count: 32) else { return .pointer(address) }
        let signo = Int64(b.int32(at: 8))
        let notify = UInt64(b.uint32(at: 12))
        let signals = notify == 0 || notify == 2 || notify == 4 // SIGEV_SIGNAL, SIGEV_THREAD, SIGEV_THREAD_ID
        var fields: [Value.Field] = []
        if b.uint64(at: 0) != 0 {       // a value of 0 is left out (timeout(1)'s timer has none)
            fields.append(.init("sigev_value", .structure([.init("sival_int", .int(Int64(b.int32(at: 0)))),
                                                           .init("sival_ptr", .address(b.uint64(at: 0)))])))
        }
        fields.append(.init("sigev_signo", signals ? Tables.signal(signo) : .uint(UInt64(UInt32(truncatingIfNeeded: signo)))))
        fields.append(.init("sigev_notify", Tables.sigeventNotify.symbol(notify)))
        switch notify {
        case 4: fields.append(.init("sigev_notify_thread_id", .int(Int64(b.int32(at: 16)))))
        case 2:
            fields.append(.init("sigev_notify_function", .address(b.uint64(at: 16))))
            fields.append(.init("sigev_notify_attributes", .address(b.uint64(at: 24))))
        default: break
        }
        return .structure(fields)
    }
}
