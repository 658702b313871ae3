/// poll's pollfd arrays and epoll's events, as strace 6.1 prints them (print_array: cut
/// after -s elements, `... /* 0xADDR */` where memory ends).
enum Poll {
    /// Given: `[{fd=3, events=POLLIN}, {fd=-1}]`. (The returned entries are the result's,
    /// Select.pollResult.)
    static func pollfds(_ c: DecodeContext, address: UInt64, count: UInt64, returned: Bool) -> Value {
        if returned {
            if let note = Select.pollResult(c, fdsArg: 0, countArg: 1, timeoutArg: nil).note { return note }
            return .array([], more: false)
        }
        return Style.array(c, address: address, count: count, size: 8) { b, _ in
            let fd = Int64(b.int32(at: 0))
            if fd < 0 { return .structure([.init("fd", c.fd(fd))]) }
            return .structure([.init("fd", c.fd(fd)), .init("events", Style.flags(Tables.pollEvents, UInt64(b.uint16(at: 4))))])
        }
    }

    static func event(_ c: DecodeContext, _ b: [UInt8], at offset: Int) -> Value {
        let events = UInt64(b.uint32(at: offset))
        let data = b.uint64(at: offset + 4)
        return .structure([.init("events", Style.flags(Tables.epollEvents, events)),
                           .init("data", .structure([.init("u32", .uint(data & 0xffff_ffff)), .init("u64", .uint(data))]))])
    }

    static func epollEvent(_ c: DecodeContext, address: UInt64) -> Value {
        guard address != 0 else { return .null }
        guard let b = c.memory.read(address, count: 12) else { return .pointer(address) }
        return event(c, b, at: 0)
    }

    /// epoll_ctl's event: with EPOLL_CTL_DEL only the address.
    static func controlEvent(_ c: DecodeContext, address: UInt64, op: UInt64) -> Value {
        if op == 2 { return .address(address) }
        return epollEvent(c, address: address)
    }

    /// epoll_wait's events at exit: as many as the call returned.
    static func epollEvents(_ c: DecodeContext, address: UInt64, count: Int) -> Value {
        Style.array(c, address: address, count: UInt64(bitPattern: Int64(c.returnValue)), size: 12,
                    fetchFails: !c.succeeded) { b, _ in event(c, b, at: 0) }
    }
}

/// Time structures.
enum Time {
    static func timespec(_ c: DecodeContext, address: UInt64) -> Value {
        guard address != 0 else { return .null }
        guard let b = c.memory.read(address, count: 16) else { return .pointer(address) }
        // tv_nsec prints unsigned: `{tv_sec=0, tv_nsec=18446744073709551615}` for -1.
        return .structure([.init("tv_sec", .int(b.int64(at: 0))), .init("tv_nsec", .uint(b.uint64(at: 8)))])
    }
}

/// Signal numbers, masks and wait statuses.
enum Signals {
    /// `[INT CHLD]`, or `~[KILL STOP]` when most signals are in the set. strace prints a set
    /// of `minimum` to 8 bytes (the kernel's sigset_t); any other size as the address
    /// (rt_sigprocmask and ppoll take exactly 8, rt_sigpending 1 to 8).
    static func sigset(_ c: DecodeContext, address: UInt64, size: UInt64, minimum: UInt64 = 8) -> Value {
        guard address != 0 else { return .null }
        guard size >= minimum, size <= 8, let b = c.memory.read(address, count: Int(size)) else { return .pointer(address) }
        return sigset(b)
    }

    /// A signal set from its bytes (at most the kernel's 8), as SignalMask prints it.
    static func sigset(_ b: [UInt8]) -> Value {
        var bits: UInt64 = 0
        for (i, byte) in b.prefix(8).enumerated() { bits |= UInt64(byte) << UInt64(8 * i) }
        return SignalMask.set(bits)
    }

    static func waitStatusText(_ s: Int32) -> String {
        let low = s & 0x7f
        if low == 0 { return "WIFEXITED(s) && WEXITSTATUS(s) == \((s >> 8) & 0xff)" }
        if low == 0x7f {
            return "WIFSTOPPED(s) && WSTOPSIG(s) == \(SignalTable.name(Int((s >> 8) & 0xff)))"
        }
        let core = s & 0x80 != 0 ? " && WCOREDUMP(s)" : ""
        return "WIFSIGNALED(s) && WTERMSIG(s) == \(SignalTable.name(Int(low)))\(core)"
    }
}

/// A classic BPF program, `struct sock_fprog` (seccomp(2)'s, prctl(PR_SET_SECCOMP)'s, setsockopt
/// SO_ATTACH_FILTER's): `{len=8, filter=0x55d...}`, with -v every instruction
/// (Decoders/ClassicBPF.swift); `seccomp` says whether a return's k is a seccomp action.
enum Seccomp {
    static func fprog(_ c: DecodeContext, address: UInt64, seccomp: Bool = true) -> Value {
        guard address != 0 else { return .null }
        guard let b = c.memory.read(address, count: 16) else { return .pointer(address) }
        let length = UInt64(b.uint16(at: 0))
        let filter = c.options.abbreviate ? .address(b.uint64(at: 8))
            : ClassicBPF.program(c, address: b.uint64(at: 8), count: length, seccomp: seccomp)
        return .structure([.init("len", .uint(length)), .init("filter", filter)])
    }
}

/// fcntl's third argument and result, by command.
enum Fcntl {
    static let getFD: UInt64 = 1, setFD: UInt64 = 2, getFL: UInt64 = 3, setFL: UInt64 = 4
    static let dupFD: UInt64 = 0, dupFDCloexec: UInt64 = 1030
    static let getLock: UInt64 = 5, setLock: UInt64 = 6, setLockWait: UInt64 = 7
    static let getOwner: UInt64 = 9, getSignal: UInt64 = 11
    static let setOwnerEx: UInt64 = 15, getOwnerEx: UInt64 = 16
    static let getOFDLock: UInt64 = 36, setOFDLock: UInt64 = 37, setOFDLockWait: UInt64 = 38
    static let setLease: UInt64 = 1024, getLease: UInt64 = 1025, notify: UInt64 = 1026
    static let addSeals: UInt64 = 1033, getSeals: UInt64 = 1034

    /// Commands that take no third argument.
    static func takesArgument(_ command: UInt64) -> Bool {
        switch command {
        case getFD, getFL, getOwner, getSignal, getLease, 1032 /* F_GETPIPE_SZ */, getSeals:
            return false
        default:
            return true
        }
    }

    /// Commands whose third argument the kernel fills: printed at the exit.
    static func fillsArgument(_ command: UInt64) -> Bool {
        command == getLock || command == getOFDLock || command == getOwnerEx
    }

    static func openFlags(_ raw: UInt64) -> Value { Tables.openModeFlags(raw) }

    /// Whether the third argument is a structure in memory (`-e verbose=` prints its address).
    static func readsStructure(_ command: UInt64) -> Bool {
        switch command {
        case getLock, setLock, setLockWait, getOFDLock, setOFDLock, setOFDLockWait, setOwnerEx, getOwnerEx: return true
        default: return false
        }
    }

    static func argument(_ c: DecodeContext, command: UInt64, index: Int) -> Value {
        switch command {
        case setFL: return openFlags(c.uint(index))
        case setFD: return Tables.fdFlags.flags(c.uint(index))
        case dupFD, dupFDCloexec, 1031 /* F_SETPIPE_SZ */: return .int(c.int(index))
        case 8 /* F_SETOWN: a process, or a process group when negative */: return c.processID(Int64(Int32(truncatingIfNeeded: c.arg(index))))
        case 10 /* F_SETSIG */: return Tables.signal(c.int(index))
        case setLock, setLockWait, setOFDLock, setOFDLockWait: return lock(c, address: c.arg(index), getlk: false)
        case getLock, getOFDLock: return lock(c, address: c.arg(index), getlk: true)
        case setOwnerEx, getOwnerEx: return owner(c, address: c.arg(index))
        case notify: return Tables.notifyFlags.flags(c.arg(index))
        case setLease: return Tables.lockTypes.symbol(c.arg(index))
        case addSeals: return Tables.sealFlags.flags(c.arg(index))
        default: return .pointer(c.arg(index))
        }
    }

    /// struct flock (on x86_64 the layout of flock64): `{l_type=F_WRLCK, l_whence=SEEK_SET,
    /// l_start=0, l_len=10}`, and `l_pid` for what F_GETLK filled. The shorts are printed as the
    /// unsigned values they hold (`0xffff /* F_??? */`).
    static func lock(_ c: DecodeContext, address: UInt64, getlk: Bool) -> Value {
        guard address != 0 else { return .null }
        if c.failedAtExit { return .pointer(address) }
        guard let b = c.memory.read(address, count: 32) else { return .pointer(address) }
        var fields: [Value.Field] = [
            .init("l_type", Tables.lockTypes.symbol(UInt64(b.uint16(at: 0)))),
            .init("l_whence", Tables.seekWhence.symbol(UInt64(b.uint16(at: 2)))),
            .init("l_start", .int(b.int64(at: 8))),
            .init("l_len", .int(b.int64(at: 16))),
        ]
        if getlk { fields.append(.init("l_pid", c.processID(Int64(b.int32(at: 24))))) }
        return .structure(fields)
    }

    /// struct f_owner_ex: `{type=F_OWNER_TID, pid=0}` (a thread or a process named with -Y,
    /// a process group not).
    static func owner(_ c: DecodeContext, address: UInt64) -> Value {
        guard address != 0 else { return .null }
        if c.failedAtExit { return .pointer(address) }
        guard let b = c.memory.read(address, count: 8) else { return .pointer(address) }
        let type = b.uint32(at: 0), pid = Int64(b.int32(at: 4))
        return .structure([
            .init("type", Tables.fcntlOwnerTypes.symbol(UInt64(type))),
            .init("pid", type == 0 || type == 1 ? c.processID(pid) : .int(pid)),   // F_OWNER_TID, F_OWNER_PID
        ])
    }

    /// The result, by command. strace makes some notes as text when it decodes the call
    /// (F_GETFL's open modes, F_GETLEASE's lock type, F_GETSIG's signal name): those are the
    /// names whatever -X says; F_GETFD's and F_GET_SEALS's flags follow -X.
    static func result(_ c: DecodeContext) -> CallResult {
        let v = c.returnValue
        switch c.uint(1) {
        case getFL:
            let modes = openFlags(UInt64(v)).render()
            return .value(.hex(UInt64(v)), note: .verbatim("flags " + modes))
        case getFD:
            return .value(.hex(UInt64(v)), note: v == 0 ? nil : .joined([.verbatim("flags"), Tables.fdFlags.flags(UInt64(v))], separator: " "))
        case getSeals:
            guard v != 0 else { return .value(.int(v), note: nil) }
            return .value(.hex(UInt64(v)), note: .joined([.verbatim("seals"), Tables.sealFlags.flags(UInt64(v))], separator: " "))
        case getLease:
            return .value(.hex(UInt64(v)), note: Tables.lockTypes.name(UInt64(v)).map { .verbatim($0) })
        case getSignal:
            guard v != 0 else { return .value(.int(v), note: nil) }
            return .value(.int(v), note: .verbatim(Tables.signals.name(UInt64(v)) ?? String(v)))
        case dupFD, dupFDCloexec: return .value(c.fd(v), note: nil)
        case getOwner: return .value(c.processID(v), note: nil)
        default: return .value(.int(v), note: nil)
        }
    }
}

/// ioctl's argument, by request.
enum Ioctl {
    static func argument(_ c: DecodeContext, request: UInt64, index: Int) -> Value {
        let address = c.arg(index)
        switch request {
        case 0x5421, 0x5452: // FIONBIO, FIOASYNC: int given
            guard address != 0 else { return .null }
            guard let v = c.memory.readInt32(address) else { return .pointer(address) }
            return .boxed(.int(Int64(v)))
        case 0x541b: // FIONREAD: int returned
            guard c.atExit else { return .address(address) }
            guard c.succeeded, let v = c.memory.readInt32(address) else { return .address(address) }
            return .boxed(.int(Int64(v)))
        default:
            return .hex(address)
        }
    }
}
