/// What an argument is, and so how it prints. One case per shape of argument, shared by every
/// syscall whose spec names it; the per-syscall specs (SyscallSpecs) are lists of these.
public indirect enum ArgKind: Sendable {
    /// C `int`, decimal.
    case int
    /// C `unsigned int`, decimal.
    case uint
    /// `long`, decimal.
    case long
    /// `unsigned long` / `size_t`, decimal.
    case ulong
    /// `%#lx`.
    case hex
    /// Octal (file modes).
    case octal
    /// A pointer printed as an address (NULL when 0).
    case pointer
    /// A file descriptor (`int`), annotated with -y/-yy.
    case fd
    /// A directory fd where AT_FDCWD is possible.
    case dirfd
    /// One named value from a table.
    case symbol(Xlat)
    /// A set of flags from a table.
    case flags(Xlat)
    /// socket(2)'s type: `SOCK_STREAM|SOCK_CLOEXEC`.
    case socketType
    /// socket(2)'s protocol, read according to the family in argument `familyArg`.
    case socketProtocol(familyArg: Int)
    /// A sockaddr given to the kernel, length in argument `lengthArg`.
    case sockaddr(lengthArg: Int)
    /// A sockaddr filled by the kernel, length behind the pointer in argument `lengthPointerArg`.
    case sockaddrOut(lengthPointerArg: Int)
    /// A `socklen_t *` read at entry and exit: `[128 => 16]`.
    case socklenPointer
    /// Data given to the kernel, `lengthArg` bytes.
    case buffer(lengthArg: Int)
    /// Data filled by the kernel: as many bytes as the call returned, at most the buffer's
    /// size in `lengthArg` (recvfrom with MSG_TRUNC returns more).
    case bufferOut(lengthArg: Int)
    /// A NUL-terminated string (strace's printstr, cut at -s).
    case string
    /// A path (strace's printpath, not cut at -s).
    case path
    /// `int *` shown as `[1]`.
    case intPointer
    /// Two descriptors filled by the kernel: `[3, 4]`.
    case fdPair
    /// setsockopt's option level and name.
    case socketLevel
    case socketOption(levelArg: Int, getsockopt: Bool)
    /// setsockopt's value; getsockopt's value (out, length behind a pointer).
    case socketOptionValue(levelArg: Int, nameArg: Int, lengthArg: Int)
    case socketOptionValueOut(levelArg: Int, nameArg: Int, lengthPointerArg: Int)
    /// sendmsg's and recvmsg's `struct msghdr`.
    case msghdr
    case msghdrOut
    /// poll's array of pollfd (given), length in `countArg`.
    case pollfds(countArg: Int)
    /// `struct timespec *` and `struct timeval *`.
    case timespec
    /// A signal mask and its size in argument `sizeArg`.
    case sigset(sizeArg: Int)
    /// epoll_ctl's event and epoll_wait's events.
    case epollEvent
    case epollEventsOut
    /// execve's argv and envp.
    case stringArray
    case environment
    /// seccomp(2)'s and prctl(PR_SET_SECCOMP)'s `struct sock_fprog *`.
    case sockFprog
    /// A signal number.
    case signal
    /// fcntl's third argument, by command in `commandArg`.
    case fcntlArgument(commandArg: Int)
    /// ioctl's request and its argument.
    case ioctlRequest
    case ioctlArgument(requestArg: Int)
    /// `int *` filled by wait4: `[{WIFEXITED(s) && WEXITSTATUS(s) == 0}]`.
    case waitStatus
    /// Text strace prints in place of arguments (restart_syscall's
    /// `<... resuming interrupted clock_nanosleep ...>`).
    case note(String)

    /// Output arguments that must remember something from entry (the length the caller gave).
    var capturesAtEntry: Bool {
        switch self {
        case .msghdrOut, .sockaddrOut, .socketOptionValueOut, .socklenPointer: return true
        default: return false
        }
    }

    func capture(_ c: inout DecodeContext, _ i: Int) -> SavedValue? {
        switch self {
        case .socklenPointer:
            guard c.arg(i) != 0, let v = c.memory.readInt32(c.arg(i)) else { return SavedValue.none }
            return .int(Int64(v))
        case .sockaddrOut(let lengthPointerArg):
            guard c.arg(lengthPointerArg) != 0, let v = c.memory.readInt32(c.arg(lengthPointerArg)) else { return SavedValue.none }
            return .int(Int64(v))
        case .socketOptionValueOut(_, _, let lengthPointerArg):
            guard c.arg(lengthPointerArg) != 0, let v = c.memory.readInt32(c.arg(lengthPointerArg)) else { return SavedValue.none }
            return .int(Int64(v))
        case .msghdrOut:
            return Msghdr.capture(&c, c.arg(i))
        default:
            return nil
        }
    }

    /// The value of argument `i` (entry or exit, as the context says).
    public func decode(_ c: inout DecodeContext, _ i: Int) -> Value {
        let raw = c.arg(i)
        switch self {
        case .int: return .int(c.int(i))
        case .uint: return .uint(c.uint(i))
        case .long: return .int(c.long(i))
        case .ulong: return .uint(raw)
        case .hex: return .hex(raw)
        case .note(let text): return .verbatim(text)
        case .octal: return .number(Int64(bitPattern: raw), .octal)
        case .pointer: return .address(raw)
        case .fd: return c.fd(c.int(i))
        case .dirfd:
            if c.int(i) == -100 { return .symbol("AT_FDCWD", raw: raw) }
            return c.fd(c.int(i))
        case .symbol(let table): return table.symbol(UInt64(UInt32(truncatingIfNeeded: raw)))
        case .flags(let table): return table.flags(UInt64(UInt32(truncatingIfNeeded: raw)))
        case .socketType: return Tables.socketType(c.uint(i))
        case .socketProtocol(let familyArg): return SocketValues.socketProtocol(c.uint(i), family: c.uint(familyArg))
        case .sockaddr(let lengthArg):
            return Sockaddr.decode(c, address: raw, length: c.int(lengthArg))
        case .sockaddrOut(let lengthPointerArg):
            guard raw != 0 else { return .null }
            guard c.succeeded, c.arg(lengthPointerArg) != 0,
                  let length = c.memory.readInt32(c.arg(lengthPointerArg)) else { return .pointer(raw) }
            var given = Int64(length)
            if case .int(let before)? = c.saved[lengthPointerArg] { given = before }
            // The kernel reports the address's full size; only what fitted was written.
            return Sockaddr.decode(c, address: raw, length: min(Int64(length), given))
        case .socklenPointer:
            return SocketValues.socklen(c, i)
        case .buffer(let lengthArg):
            return Strings.buffer(c, address: raw, length: c.arg(lengthArg))
        case .bufferOut(let lengthArg):
            guard c.succeeded else { return .address(raw) }
            return Strings.buffer(c, address: raw, length: min(UInt64(max(0, c.returnValue)), c.arg(lengthArg)))
        case .string:
            return Strings.cString(c, address: raw, limit: c.options.stringLimit)
        case .path:
            return Strings.cString(c, address: raw, limit: 4095)
        case .intPointer:
            guard raw != 0 else { return .null }
            guard let v = c.memory.readInt32(raw) else { return .pointer(raw) }
            return .boxed(.int(Int64(v)))
        case .fdPair:
            guard c.succeeded, let bytes = c.memory.read(raw, count: 8) else { return .address(raw) }
            return .array([c.fd(Int64(bytes.int32(at: 0))), c.fd(Int64(bytes.int32(at: 4)))], more: false)
        case .socketLevel:
            return Tables.socketLevels.symbol(c.uint(i))
        case .socketOption(let levelArg, let getsockopt):
            return Tables.socketOptionName(level: c.uint(levelArg), name: c.uint(i), getsockopt: getsockopt)
        case .socketOptionValue(let levelArg, let nameArg, let lengthArg):
            return SocketOptions.given(c, level: c.uint(levelArg), name: c.uint(nameArg), address: raw, length: c.int(lengthArg))
        case .socketOptionValueOut(let levelArg, let nameArg, let lengthPointerArg):
            guard raw != 0 else { return .null }
            guard c.succeeded, let length = c.memory.readInt32(c.arg(lengthPointerArg)) else { return .address(raw) }
            var given: Int64?
            if case .int(let v)? = c.saved[i] { given = v }
            return SocketOptions.returned(c, level: c.uint(levelArg), name: c.uint(nameArg), address: raw, given: given, returned: Int64(length))
        case .msghdr:
            return Msghdr.decode(c, address: raw, output: false)
        case .msghdrOut:
            guard c.succeeded else { return .address(raw) }
            return Msghdr.decode(c, address: raw, output: true, nameLengthBefore: c.saved[i])
        case .pollfds(let countArg):
            return Poll.pollfds(c, address: raw, count: c.uint(countArg), returned: false)
        case .timespec:
            return Time.timespec(c, address: raw)
        case .sigset(let sizeArg):
            return Signals.sigset(c, address: raw, size: c.arg(sizeArg))
        case .epollEvent:
            return Poll.epollEvent(c, address: raw)
        case .epollEventsOut:
            guard c.succeeded else { return .address(raw) }
            return Poll.epollEvents(c, address: raw, count: Int(c.returnValue))
        case .stringArray:
            return Strings.stringArray(c, address: raw)
        case .environment:
            return Strings.environment(c, address: raw)
        case .sockFprog:
            return Seccomp.fprog(c, address: raw)
        case .signal:
            return Tables.signal(c.int(i))
        case .fcntlArgument(let commandArg):
            return Fcntl.argument(c, command: c.uint(commandArg), index: i)
        case .ioctlRequest:
            return Tables.ioctlCommand(c.uint(i))
        case .ioctlArgument(let requestArg):
            return Ioctl.argument(c, request: c.uint(requestArg), index: i)
        case .waitStatus:
            guard raw != 0 else { return .null }
            guard c.succeeded, let v = c.memory.readInt32(raw) else { return .pointer(raw) }
            return .boxed(.structure([.init(nil, .verbatim(Signals.waitStatusText(Int32(v))))]))
        }
    }
}

/// How a return value prints.
public enum ReturnKind: Sendable {
    /// Decimal (the default).
    case int
    /// A new descriptor (annotated with -y).
    case fd
    /// Hex (`brk`, `mmap`).
    case hex
    /// Never returns (`exit_group`).
    case none
    /// fcntl: by command (`= 0x802 (flags O_RDWR|O_NONBLOCK)`).
    case fcntl
    /// poll/ppoll: `= 1 ([{fd=3, revents=POLLOUT}])`.
    case poll(fdsArg: Int, countArg: Int)

    func render(_ c: inout DecodeContext, _ params: [Param]) -> CallResult {
        let v = c.returnValue
        switch self {
        case .int: return .value(.int(v), note: nil)
        case .fd: return .value(c.fd(v), note: nil)
        case .hex: return .value(.hex(UInt64(bitPattern: v)), note: nil)
        case .none: return .unknown
        case .fcntl: return Fcntl.result(c)
        case .poll(let fdsArg, let countArg):
            if v == 0 { return .value(.int(0), note: .verbatim("Timeout")) }
            let fds = Poll.pollfds(c, address: c.arg(fdsArg), count: c.uint(countArg), returned: true)
            return .value(.int(v), note: fds)
        }
    }
}
