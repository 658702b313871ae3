/// struct rusage (waitid's), and the timer structures: struct itimerspec, struct itimerval,
/// struct sigevent, as strace 6.1 prints them.
enum TimerValues {
    /// `{tv_sec=1, tv_usec=2}` or `{tv_sec=1, tv_nsec=2}` from the 16 bytes at `offset`.
    static func time(_ b: [UInt8], at offset: Int, usec: Bool) -> Value {
        ControlMessages.timeStructure(Array(b[offset ..< offset + 16]), usec: usec)
    }

    static let rusageCounters = ["ru_maxrss", "ru_ixrss", "ru_idrss", "ru_isrss", "ru_minflt", "ru_majflt", "ru_nswap",
                                 "ru_inblock", "ru_oublock", "ru_msgsnd", "ru_msgrcv", "ru_nsignals", "ru_nvcsw", "ru_nivcsw"]

    /// struct rusage filled by the kernel (144 bytes): the two times and `...`, every counter
    /// with -v; the address after a failure.
    static func rusage(_ c: DecodeContext, address: UInt64) -> Value {
        guard address != 0 else { return .null }
        guard c.succeeded, let b = c.memory.read(address, count: 144) else { return .pointer(address) }
        var fields: [Value.Field] = [.init("ru_utime", time(b, at: 0, usec: true)), .init("ru_stime", time(b, at: 16, usec: true))]
        if c.options.abbreviate {
            fields.append(.init(nil, Style.more))
        } else {
            for (k, name) in rusageCounters.enumerated() { fields.append(.init(name, .uint(b.uint64(at: 32 + 8 * k)))) }
        }
        return .structure(fields)
    }
}
