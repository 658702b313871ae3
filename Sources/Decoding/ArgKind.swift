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
    /// memfd_create's name: a string of at most 250 bytes (MFD_NAME_MAX_LEN and its NUL).
    case memfdName
    /// memfd_create's flags: `MFD_CLOEXEC|MFD_HUGETLB|21<<MFD_HUGE_SHIFT` (the huge page size
    /// as a shifted number), a number with -X raw, both with -X verbose.
    case memfdFlags
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
    /// What F_GETLK, F_OFD_GETLK and F_GETOWN_EX filled, printed at the exit with its own `, `
    /// (strace prints nothing after the command at the entry: `fcntl(3, F_GETLK <unfinished ...>`);
    /// used inside `continued`.
    case fcntlFilled(commandArg: Int)
    /// ioctl's request and its argument.
    case ioctlRequest
    case ioctlArgument(requestArg: Int)
    /// `int *` filled by wait4: `[{WIFEXITED(s) && WEXITSTATUS(s) == 0}]`.
    case waitStatus
    /// readv's and writev's iovecs, count in argument `countArg`: given (data printed at the
    /// entry) and filled (at the exit: as many bytes as the call returned; after a failure each
    /// iov_base as its address).
    case iovecs(countArg: Int)
    case iovecsOut(countArg: Int)
    /// A siginfo_t given (rt_sigqueueinfo), and filled (rt_sigtimedwait, waitid: the address
    /// after a failure).
    case siginfo
    case siginfoOut
    /// struct itimerspec and struct itimerval, given and filled (the address after a failure).
    case itimerspec
    case itimerval
    /// An `int *` the kernel filled (timer_create's id): `[0]`, the address after a failure.
    case intPointerOut
    /// timer_create's struct sigevent.
    case sigevent
    /// Text strace prints in place of arguments (restart_syscall's
    /// `<... resuming interrupted clock_nanosleep ...>`).
    case note(String)

    // The rest of strace's socket family (issue 12): Decoders/Select.swift, Mmsg.swift,
    // SocketCalls.swift, SocketOptionValues.swift, SockaddrFamilies.swift, Netlink.swift.
    /// select's fd_set, nfds in argument `nfdsArg`: `[3 4]`.
    case fdSet(nfdsArg: Int)
    /// `struct timeval *` / `struct timespec *` (tv_usec, tv_nsec unsigned).
    case timeval
    case timespecValue
    /// pselect6's `{sigmask=[...], len=8}`.
    case kernelSigset
    /// A signal mask whose size is in argument `sizeArg` (decoded only when it is 8).
    case signalMask(sizeArg: Int)
    /// sendfile's `off_t *`: `[0] => [100]`.
    case sendfileOffset
    /// epoll_ctl's event (only the address with EPOLL_CTL_DEL).
    case epollControlEvent(opArg: Int)
    /// socketpair's protocol (a plain number).
    case unsignedInt
    /// sendmmsg's and recvmmsg's vectors; recvmmsg's timeout.
    case mmsgvecIn
    case mmsgvecOut
    case mmsgTimeout
    /// sendto's buffer (netlink messages on a netlink socket), fd in argument `fdArg`.
    case sendBuffer(fdArg: Int, lengthArg: Int)
    case receiveBuffer(fdArg: Int, lengthArg: Int)
    /// accept/getsockname/recvfrom's address and its `socklen_t *` as strace prints them.
    case peerAddress(lengthPointerArg: Int)
    case peerAddressLength(addressArg: Int)
    /// getsockopt's value and length.
    case optionValueOut(levelArg: Int, nameArg: Int, lengthPointerArg: Int)
    case optionLength(valueArg: Int)

    // Whole programs (issue 12): memory, files, processes, signals, futexes, terminals.

    /// A 64-bit set of flags (`unsigned long`): mmap's protection, mremap's flags.
    case longFlags(Xlat)
    /// A file mode (umode_t, 16 bits), `%#03o`: `0644`, `000`, `0177777` for -1.
    case mode
    /// A mode with its file type (mknod): `S_IFIFO|0600`.
    case typedMode
    /// A device number (mknod): `makedev(0x1, 0x3)`.
    case device
    /// open's flags, the access mode first: `O_RDONLY|O_CLOEXEC`.
    case openFlags
    /// mmap's flags: `MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE`, `21<<MAP_HUGE_SHIFT`.
    case mmapFlags
    /// statx's flags: `AT_STATX_SYNC_AS_STAT|AT_SYMLINK_NOFOLLOW`.
    case statxFlags
    /// A path the kernel filled (getcwd): printed whole at exit, the address when it failed.
    case pathOut
    /// struct stat, struct statx and struct statfs filled by the kernel.
    case statOut
    case statxOut
    case statfsOut
    /// getdents64's buffer (getdents's, `legacy`): `0x55d... /* 8 entries */`, every entry with -v.
    case directoryEntries(legacy: Bool)
    /// struct rlimit given, and filled: `{rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}`.
    case rlimit
    case rlimitOut
    /// uname's struct utsname and sysinfo's struct sysinfo, filled.
    case utsnameOut
    case sysinfoOut
    /// A CPU set given (its size in argument `sizeArg`), and filled (as many bytes as the
    /// call returned): `[0 1]`.
    case cpuSet(sizeArg: Int)
    case cpuSetOut
    /// A `unsigned long *` the kernel filled: `[0x7f2a1c3e0740]` (arch_prctl's ARCH_GET_FS).
    case addressOut
    /// rt_sigaction's struct sigaction, given and filled.
    case sigaction
    case sigactionOut
    /// sigaltstack's stack_t, given and filled.
    case signalStack
    case signalStackOut
    /// A signal set the kernel filled, its size in argument `sizeArg` (printed when it is
    /// `minimumSize` to 8 bytes).
    case sigsetOut(sizeArg: Int, minimumSize: UInt64)
    /// rt_sigreturn's signal frame: `{mask=[]}`, read at the stack pointer.
    case signalFrame
    /// A struct timespec the kernel filled (clock_gettime).
    case timespecOut
    /// nanosleep's remaining time: only read when the sleep was interrupted.
    case remainingTime
    /// futex's bitset and FUTEX_WAKE_OP's encoded operation.
    case futexBitset
    case futexWakeOperation
    /// futex's sixth argument for a command strace does not know: an int in hex.
    case futexValue3
    /// `name=value`, the value from argument `argument` (clone's arguments, which strace
    /// prints in another order than the registers'): `child_stack=NULL`.
    case named(String, ArgKind, argument: Int)
    /// clone's flags and exit signal: `CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD`.
    case cloneFlags
    /// What clone prints at its exit: `, parent_tid=[N], tls=..., child_tidptr=0x...`.
    case cloneTail
    /// clone3's struct clone_args (size in argument `sizeArg`), and at the exit
    /// ` => {parent_tid=[1234]}`.
    case cloneArgs(sizeArg: Int)
    case cloneArgsResult
    /// getrandom's buffer: the bytes the call returned, each in hex.
    case randomBytes
    /// A terminal ioctl's third argument (struct termios, winsize, an int), by the request
    /// in argument `requestArg`.
    case terminalArgument(requestArg: Int)
    /// utimensat's two times: `[UTIME_NOW, {tv_sec=3, tv_nsec=4} /* 1970-01-01T00:00:03.000000004+0000 */]`.
    case fileTimes
    /// utimes' and futimesat's two times: `[{tv_sec=1, tv_usec=2} /* 1970-01-01T00:00:01.000002+0000 */, ...]`.
    case fileTimevals
    /// utime's `{actime=1 /* 1970-01-01T00:00:01+0000 */, modtime=2 /* ... */}`.
    case utimbuf
    /// openat2's struct open_how, its size in argument `sizeArg`.
    case openHow(sizeArg: Int)
    /// process_vm_readv's and process_vm_writev's remote iovecs (count in argument `countArg`):
    /// each iov_base as its address.
    case iovecAddresses(countArg: Int)
    /// time's `time_t *` filled: `[12345 /* 1970-01-01T03:25:45+0000 */]`.
    case timeOut
    /// `struct timezone *`: `{tz_minuteswest=-60, tz_dsttime=1}`; filled (gettimeofday's).
    case timezone
    case timezoneOut
    /// gettimeofday's `struct timeval *` filled.
    case timevalOut
    /// get_robust_list's head and length pointers filled: `[0x7f..]`, `[24]`.
    case addressPointerOut
    case ulongPointerOut
    /// kcmp's KCMP_EPOLL_TFD slot: `{efd=3, tfd=4, toff=5}`.
    case kcmpEpollSlot
    // The mount family, protection keys, landlock: Decoders/KernelInterfaces.swift.
    /// mount's flags: `MS_MGC_VAL|MS_RDONLY`, `MS_BIND|MS_REC`.
    case mountFlags
    /// A NUL-terminated string of at most `bound` bytes, cut at -s (strace's printstr_ex with
    /// QUOTE_0_TERMINATED): fsconfig's key and string value.
    case boundedString(bound: Int)
    /// Bytes, as many as argument `lengthArg` says, every one in hex: `"\x01\x02"`.
    case hexBytes(lengthArg: Int)
    /// mount_setattr's struct mount_attr, its size in argument `sizeArg`.
    case mountAttr(sizeArg: Int)
    /// landlock_create_ruleset's struct landlock_ruleset_attr, its size in argument `sizeArg`.
    case landlockRulesetAttr(sizeArg: Int)
    /// landlock_add_rule's struct landlock_path_beneath_attr.
    case landlockPathBeneath
    // add_key, request_key, keyctl: Decoders/Keys.swift.
    /// A key id (an int): `KEY_SPEC_PROCESS_KEYRING`, `12345`.
    case keySerial
    /// One value of a table printed in decimal with -X raw (strace's printxval_d).
    case decimalSymbol(Xlat)
    /// KEYCTL_REJECT's error number: `ENOKEY`.
    case keyError
    /// KEYCTL_DESCRIBE's and KEYCTL_GET_SECURITY's text filled, the buffer's size in `lengthArg`.
    case keyDescriptionOut(lengthArg: Int)
    /// KEYCTL_CAPABILITIES' bytes filled, the buffer's size in `lengthArg`.
    case keyCapabilitiesOut(lengthArg: Int)
    /// KEYCTL_DH_COMPUTE's struct keyctl_dh_params and struct keyctl_kdf_params.
    case keyDHParams
    case keyKdfParams
    /// KEYCTL_PKEY_QUERY's struct keyctl_pkey_query filled.
    case keyPkeyQueryOut
    /// The public key commands' struct keyctl_pkey_params (`output`: out_len, else in2_len),
    /// and their data, as long as the params' word at `lengthOffset` says (`output`: filled).
    case keyPkeyParams(output: Bool)
    case keyPkeyData(paramsArg: Int, lengthOffset: Int, output: Bool)
    // fanotify, futex_waitv: Decoders/FanotifyWaitv.swift.
    /// fanotify_init's flags: `FAN_CLASS_NOTIF|FAN_CLOEXEC`.
    case fanotifyInitFlags
    /// futex_waitv's array of struct futex_waitv, as many as argument `countArg` (an unsigned int) says.
    case futexWaiters(countArg: Int)
    // memfd_secret, name_to_handle_at, open_by_handle_at: Decoders/FileHandles.swift.
    /// Flags printed with no default (printflags with NULL): `0`, `O_CLOEXEC`, an unknown bit
    /// alone as its hex with no comment.
    case flagsNoDefault(Xlat)
    /// open_by_handle_at's struct file_handle, and name_to_handle_at's (its size at entry,
    /// what the kernel wrote at the exit).
    case fileHandle
    case fileHandleInOut
    /// name_to_handle_at's mount id filled: its address when the handle in argument
    /// `handleArg` could not be read at entry (strace printed the rest there and then).
    case mountIDOut(handleArg: Int)
    /// A user or group id (uid_t, gid_t): unsigned, but `-1` for "no change".
    case userID
    /// An extended attribute's value given (size in argument `lengthArg`) and filled (as many
    /// bytes as the call returned): a string without its trailing NUL; the address for a
    /// size the kernel refuses (more than XATTR_SIZE_MAX, 65536).
    case xattrValue(lengthArg: Int)
    case xattrValueOut
    /// listxattr's names, filled: as many bytes as the call returned, NULs shown; the address
    /// when the caller gave size 0 (it only asked how much room the list needs).
    case xattrNamesOut(lengthArg: Int)
    /// A `loff_t *` (64-bit) read at entry: `[1]` (copy_file_range's offsets).
    case longPointer
    /// A list of group ids given (count in argument `countArg`), and filled (as many as the
    /// call returned): `[1, 2]`.
    case groups(countArg: Int)
    case groupsOut
    // Identities, resource usage, scheduling, capabilities: Decoders/SchedulingValues.swift.
    /// A uid or gid the kernel filled (getresuid): `[0]`, `[-1]`.
    case userIDOut
    /// struct rusage the kernel filled: by getrusage, and by wait4 (`afterWait`) only when it
    /// returned a pid.
    case rusageOut(afterWait: Bool)
    /// struct tms filled by times.
    case tmsOut
    /// An `unsigned int *` the kernel filled (getcpu): `[3]`.
    case uintOut
    /// personality's persona: `PER_LINUX32|READ_IMPLIES_EXEC`.
    case personality
    /// mincore's vector, one byte a page of the range in argument 1.
    case mincoreVector
    /// struct sched_param, given or filled: `[0]`.
    case schedParam
    /// An I/O priority: `IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 4)`.
    case ioprio
    /// struct sched_attr given (sched_setattr) and filled (`output`, sched_getattr); after it
    /// sched_setattr's ` => {size=56}` when the kernel refused the size (E2BIG).
    case schedAttr(output: Bool)
    case schedAttrSize
    /// An `unsigned int` in hex (`%#x`): pidfd_send_signal's and pidfd_getfd's flags.
    case uintHex
    /// capget's and capset's header, and their data (`output`: filled by capget).
    case capHeader
    case capData(output: Bool)
    /// The value of argument `argument`, for a call whose printed arguments are not its
    /// registers in order (futex's bitset is its sixth register, printed fourth).
    case fromArgument(Int, ArgKind)
    /// Printed right after the argument before it, with no `, ` in between: the value carries
    /// its own separator. strace prints clone's `, child_tidptr=0x...` and clone3's
    /// ` => {parent_tid=[N]}` at the exit, but as part of the argument the entry began (the
    /// entry's line ends `...|SIGCHLD <unfinished ...>`, without a comma).
    case continued(ArgKind)
    /// A System V IPC or POSIX message queue argument (Decoders/IPCValues.swift).
    case ipc(IPCArgument)

    /// Whether the argument continues the one before it (see `continued`).
    var isContinued: Bool {
        if case .continued = self { return true }
        return false
    }

    /// Output arguments that must remember something from entry (the length the caller gave).
    var capturesAtEntry: Bool {
        switch self {
        case .msghdrOut, .sockaddrOut, .socketOptionValueOut, .socklenPointer, .cloneArgsResult: return true
        case .sendfileOffset, .mmsgvecOut, .mmsgTimeout, .peerAddress, .peerAddressLength, .optionValueOut,
             .optionLength, .fileHandleInOut:
            return true
        case .continued(let inner): return inner.capturesAtEntry
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
            return MessageHeader.capture(c, address: c.arg(i))
        case .sendfileOffset:
            guard c.arg(i) != 0, let b = c.memory.read(c.arg(i), count: 8) else { return SavedValue.none }
            return .bytes(b)
        case .mmsgvecOut:
            return Mmsg.capture(c, address: c.arg(i), count: c.uint(i + 1))
        case .mmsgTimeout:
            return .bytes(Array(Time.text(c, address: c.arg(i), usec: false).utf8))
        case .peerAddress(let lengthPointerArg):
            return SocketCalls.captureLength(c, addressArg: i, lengthArg: lengthPointerArg)
        case .peerAddressLength(let addressArg):
            return SocketCalls.captureLength(c, addressArg: addressArg, lengthArg: i)
        case .optionValueOut(_, _, let lengthPointerArg):
            return SocketCalls.captureLength(c, addressArg: nil, lengthArg: lengthPointerArg)
        case .optionLength:
            return SocketCalls.captureLength(c, addressArg: nil, lengthArg: i)
        case .fileHandleInOut:
            return FileHandles.capture(c, address: c.arg(i))
        case .cloneArgsResult:
            return ProcessValues.captureCloneArgs(c, address: c.arg(0), size: c.arg(1)) // clone3(args, size)
        case .continued(let inner):
            return inner.capture(&c, i)
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
            guard c.int(i) == -100 else { return c.fd(c.int(i)) }
            // strace's print_dirfd: with -y, the working directory after the name (in every -X
            // style: `AT_FDCWD</tmp>`, `-100</tmp>`, `-100 /* AT_FDCWD */</tmp>`).
            let name = Value.symbol("AT_FDCWD", raw: raw)
            guard let directory = c.options.describeWorkingDirectory?(c.pid) else { return name }
            return .joined([name, .verbatim(directory)], separator: "")
        case .symbol(let table): return table.symbol(UInt64(UInt32(truncatingIfNeeded: raw)))
        case .flags(let table): return table.flags(UInt64(UInt32(truncatingIfNeeded: raw)))
        case .socketType: return Tables.socketType(c.uint(i))
        case .socketProtocol(let familyArg): return SocketCalls.socketProtocol(raw, family: c.arg(familyArg))
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
        case .memfdName:
            return Strings.boundedCString(c, address: raw, bound: 250)
        case .memfdFlags:
            return Tables.memfdCreateFlags(c.uint(i))
        case .intPointer:
            guard raw != 0 else { return .null }
            guard let v = c.memory.readInt32(raw) else { return .pointer(raw) }
            return .boxed(.int(Int64(v)))
        case .fdPair:
            return Style.array(c, address: raw, count: 2, size: 4, fetchFails: !c.succeeded) { b, _ in c.fd(Int64(b.int32(at: 0))) }
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
            return MessageHeader.decode(c, address: raw, userNameLength: nil, dataSize: nil)
        case .msghdrOut:
            return MessageHeader.decodeOut(c, index: i)
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
        case .fcntlFilled(let commandArg):
            return .joined([.verbatim(""), Fcntl.argument(c, command: c.uint(commandArg), index: i)], separator: ", ")
        case .ioctlRequest:
            return Tables.ioctlCommand(c.uint(i))
        case .ioctlArgument(let requestArg):
            return Ioctl.argument(c, request: c.uint(requestArg), index: i)
        case .fdSet(let nfdsArg):
            return Select.fdSet(c, address: raw, nfdsArg: nfdsArg)
        case .timeval:
            return Time.value(c, address: raw, usec: true)
        case .timespecValue:
            return Time.value(c, address: raw, usec: false)
        case .kernelSigset:
            return Select.kernelSigset(c, address: raw)
        case .signalMask(let sizeArg):
            return SignalMask.value(c, address: raw, size: c.arg(sizeArg))
        case .sendfileOffset:
            return SendFile.offset(c, index: i)
        case .epollControlEvent(let opArg):
            return Poll.controlEvent(c, address: raw, op: c.uint(opArg))
        case .unsignedInt:
            return .uint(c.uint(i))

        case .mmsgvecIn:
            return Mmsg.vector(c, index: i, output: false)
        case .mmsgvecOut:
            return Mmsg.vector(c, index: i, output: true)
        case .mmsgTimeout:
            return Mmsg.timeout(c, index: i)
        case .sendBuffer(let fdArg, let lengthArg):
            return SocketCalls.buffer(c, fd: c.int(fdArg), address: raw, length: c.arg(lengthArg))
        case .receiveBuffer(let fdArg, let lengthArg):
            guard c.succeeded else { return .address(raw) }
            return SocketCalls.buffer(c, fd: c.int(fdArg), address: raw,
                                      length: min(UInt64(bitPattern: c.returnValue), c.arg(lengthArg)))
        case .peerAddress(let lengthPointerArg):
            return SocketCalls.address(c, addressArg: i, lengthArg: lengthPointerArg)
        case .peerAddressLength(let addressArg):
            return SocketCalls.length(c, addressArg: addressArg, lengthArg: i)
        case .optionValueOut(let levelArg, let nameArg, let lengthPointerArg):
            return SocketCalls.optionValue(c, level: c.uint(levelArg), name: c.uint(nameArg), valueArg: i,
                                           lengthArg: lengthPointerArg)
        case .optionLength(let valueArg):
            return SocketCalls.length(c, addressArg: valueArg, lengthArg: i)
        case .waitStatus:
            guard raw != 0 else { return .null }
            // WNOHANG with no child ready returns 0 and stores nothing: the address.
            guard c.succeeded, c.returnValue != 0, let v = c.memory.readInt32(raw) else { return .pointer(raw) }
            return .boxed(.structure([.init(nil, .verbatim(Signals.waitStatusText(Int32(v))))]))
        case .longFlags(let table): return table.flags(raw)
        case .mode: return FileStatus.octal(raw & 0xffff) // umode_t
        case .typedMode: return FileStatus.mode(raw & 0xffff)
        case .device: return FileStatus.device(raw & 0xffff_ffff) // mknod's dev is an unsigned int
        case .openFlags: return Tables.openModeFlags(raw)
        case .mmapFlags: return Mappings.mmapFlags(raw)
        case .statxFlags: return FileStatus.statxFlags(raw)
        case .pathOut:
            guard c.succeeded else { return .address(raw) }
            return Strings.cString(c, address: raw, limit: 4095)
        case .statOut: return FileStatus.stat(c, address: raw)
        case .statxOut: return FileStatus.statx(c, address: raw)
        case .statfsOut: return FileStatus.statfs(c, address: raw)
        case .directoryEntries(let legacy): return FileStatus.directoryEntries(c, address: raw, legacy: legacy)
        case .rlimit: return ProcessValues.rlimit(c, address: raw, output: false)
        case .rlimitOut: return ProcessValues.rlimit(c, address: raw, output: true)
        case .utsnameOut: return ProcessValues.utsname(c, address: raw)
        case .sysinfoOut: return ProcessValues.sysinfo(c, address: raw)
        case .cpuSet(let sizeArg): return ProcessValues.cpuSet(c, address: raw, size: c.uint(sizeArg))
        case .cpuSetOut:
            guard c.succeeded else { return .address(raw) }
            return ProcessValues.cpuSet(c, address: raw, size: UInt64(max(0, c.returnValue)))
        case .addressOut:
            guard raw != 0 else { return .null }
            guard c.succeeded, let v = c.memory.readUInt(raw, size: 8) else { return .pointer(raw) }
            return .boxed(.hex(v))
        case .sigaction: return SignalValues.sigaction(c, address: raw, output: false)
        case .sigactionOut: return SignalValues.sigaction(c, address: raw, output: true)
        case .signalStack: return SignalValues.stack(c, address: raw, output: false)
        case .signalStackOut: return SignalValues.stack(c, address: raw, output: true)
        case .sigsetOut(let sizeArg, let minimumSize):
            guard c.succeeded else { return .address(raw) }
            return Signals.sigset(c, address: raw, size: c.arg(sizeArg), minimum: minimumSize)
        case .signalFrame: return SignalValues.frame(c)
        case .timespecOut:
            guard c.succeeded else { return .address(raw) }
            return Time.timespec(c, address: raw)
        case .remainingTime:
            // The time left is written only when a signal interrupted the sleep.
            guard c.isError, c.returnValue == -4 else { return .address(raw) }
            return Time.timespec(c, address: raw)
        case .futexBitset: return Futex.bitset(c.uint(i))
        case .futexWakeOperation: return Futex.wakeOperation(raw)
        case .futexValue3: return .hex(c.uint(i))
        case .named(let name, let inner, let argument): return ProcessValues.named(name, inner.decode(&c, argument))
        case .cloneFlags: return ProcessValues.cloneFlags(raw)
        case .cloneTail: return ProcessValues.cloneTail(c)
        case .cloneArgs(let sizeArg): return ProcessValues.cloneArgsValue(c, address: raw, size: c.arg(sizeArg))
        case .cloneArgsResult: return ProcessValues.cloneArgsResult(c, saved: c.saved[i])
        case .randomBytes: return ProcessValues.randomBytes(c, address: raw)
        case .terminalArgument(let requestArg): return Terminal.value(c, request: c.uint(requestArg), index: i)
        case .continued(let inner): return inner.decode(&c, i)
        case .fromArgument(let argument, let inner): return inner.decode(&c, argument)
        case .ipc(let argument): return IPC.decode(argument, c, i)
        case .fileTimes: return FileStatus.times(c, address: raw)
        case .fileTimevals: return FileStatus.times(c, address: raw, microseconds: true)
        case .iovecAddresses(let countArg):
            return MessageHeader.iovecs(c, address: raw, count: c.arg(countArg), dataSize: nil, netlink: false, addressesOnly: true)
        case .timeOut:
            guard c.succeeded else { return .address(raw) }
            guard raw != 0 else { return .null }
            guard let v = c.memory.readUInt(raw, size: 8) else { return .pointer(raw) }
            let seconds = Int64(bitPattern: v)
            return .boxed(FileStatus.dated(.int(seconds), seconds, 0))
        case .timezone: return FilesTimeProcess.timezone(c, address: raw)
        case .timezoneOut:
            guard c.succeeded else { return .address(raw) }
            return FilesTimeProcess.timezone(c, address: raw)
        case .timevalOut:
            guard c.succeeded else { return .address(raw) }
            return Time.value(c, address: raw, usec: true)
        case .addressPointerOut:
            guard c.succeeded else { return .address(raw) }
            guard raw != 0 else { return .null }
            guard let v = c.memory.readUInt(raw, size: 8) else { return .pointer(raw) }
            return .boxed(.address(v))
        case .ulongPointerOut:
            guard c.succeeded else { return .address(raw) }
            guard raw != 0 else { return .null }
            guard let v = c.memory.readUInt(raw, size: 8) else { return .pointer(raw) }
            return .boxed(.uint(v))
        case .kcmpEpollSlot: return FilesTimeProcess.kcmpEpollSlot(c, address: raw)
        case .mountFlags: return KernelInterfaces.mountFlagsValue(raw)
        case .boundedString(let bound): return Strings.boundedCString(c, address: raw, bound: bound)
        case .hexBytes(let lengthArg): return Style.hexBuffer(c, address: raw, length: c.uint(lengthArg))
        case .mountAttr(let sizeArg): return KernelInterfaces.mountAttr(c, address: raw, size: c.arg(sizeArg))
        case .landlockRulesetAttr(let sizeArg): return KernelInterfaces.rulesetAttr(c, address: raw, size: c.arg(sizeArg))
        case .landlockPathBeneath: return KernelInterfaces.pathBeneathAttr(c, address: raw)
        case .keySerial: return Keys.serial(Int32(truncatingIfNeeded: raw))
        case .flagsNoDefault(let table):
            return c.uint(i) == 0 ? .hex(0) : table.flagsWithoutDefault(c.uint(i))
        case .fileHandle: return FileHandles.given(c, address: raw)
        case .fileHandleInOut: return FileHandles.filled(c, address: raw, saved: c.saved[i])
        case .mountIDOut(let handleArg):
            guard case .int? = c.saved[handleArg] else { return .address(raw) }
            return Style.number(c, address: raw, size: 4, signed: true)
        case .fanotifyInitFlags: return FanotifyWaitv.initFlags(UInt32(truncatingIfNeeded: raw))
        case .futexWaiters(let countArg): return FanotifyWaitv.waiters(c, address: raw, count: c.uint(countArg))
        case .decimalSymbol(let table): return Keys.decimalSymbol(table, c.int(i))
        case .keyError: return Keys.error(UInt32(truncatingIfNeeded: raw))
        case .keyDescriptionOut(let lengthArg): return Keys.description(c, address: raw, size: c.arg(lengthArg))
        case .keyCapabilitiesOut(let lengthArg): return Keys.capabilities(c, address: raw, size: c.arg(lengthArg))
        case .keyDHParams: return Keys.dhParams(c, address: raw)
        case .keyKdfParams: return Keys.kdfParams(c, address: raw)
        case .keyPkeyQueryOut: return Keys.pkeyQuery(c, address: raw)
        case .keyPkeyParams(let output): return Keys.pkeyParams(c, address: raw, output: output)
        case .keyPkeyData(let paramsArg, let lengthOffset, let output):
            return Keys.pkeyData(c, address: raw, paramsAddress: c.arg(paramsArg), lengthOffset: lengthOffset, output: output)
        case .utimbuf: return FilesTimeProcess.utimbuf(c, address: raw)
        case .openHow(let sizeArg): return FilesTimeProcess.openHow(c, address: raw, size: c.arg(sizeArg))
        case .userID: return c.uint(i) == 0xffff_ffff ? .int(-1) : .uint(c.uint(i))
        case .xattrValue(let lengthArg): return Strings.xattrValue(c, address: raw, size: c.arg(lengthArg))
        case .xattrValueOut:
            guard c.succeeded else { return .address(raw) }
            return Strings.xattrValue(c, address: raw, size: UInt64(max(0, c.returnValue)))
        case .xattrNamesOut(let lengthArg):
            guard c.succeeded, c.arg(lengthArg) != 0 else { return .address(raw) }
            return Strings.buffer(c, address: raw, length: UInt64(max(0, c.returnValue)))
        case .longPointer:
            guard raw != 0 else { return .null }
            guard let v = c.memory.readUInt(raw, size: 8) else { return .pointer(raw) }
            return .boxed(.int(Int64(bitPattern: v)))
        case .userIDOut: return SchedulingValues.userIDOut(c, address: raw)
        case .rusageOut(let afterWait):
            return TimerValues.rusage(c, address: raw, filled: c.succeeded && (!afterWait || c.returnValue > 0))
        case .tmsOut: return SchedulingValues.tms(c, address: raw)
        case .uintOut: return Style.number(c, address: raw, size: 4, signed: false)
        case .personality: return SchedulingValues.personality(raw)
        case .mincoreVector: return SchedulingValues.mincoreVector(c, address: raw)
        case .schedParam: return Style.number(c, address: raw, size: 4, signed: true)
        case .ioprio: return SchedulingValues.ioprio(raw & 0xffff_ffff)
        case .uintHex: return .hex(c.uint(i))
        case .schedAttr(let output): return SchedulingValues.schedAttr(c, address: raw, output: output)
        case .schedAttrSize: return SchedulingValues.schedAttrSize(c, address: raw)
        case .capHeader: return SchedulingValues.capHeader(c, address: raw)
        case .capData(let output): return SchedulingValues.capData(c, address: raw, output: output)
        case .groups(let countArg): return ProcessValues.groups(c, address: raw, count: c.int(countArg))
        case .groupsOut:
            guard c.succeeded else { return .address(raw) }
            return ProcessValues.groups(c, address: raw, count: c.returnValue)
        case .siginfo: return SignalInformation.at(c, address: raw)
        case .siginfoOut:
            guard raw != 0 else { return .null }
            guard c.succeeded else { return .pointer(raw) }
            return SignalInformation.at(c, address: raw)
        case .itimerspec: return TimerValues.interval(c, address: raw, usec: false)
        case .itimerval: return TimerValues.interval(c, address: raw, usec: true)
        case .sigevent: return TimerValues.sigevent(c, address: raw)
        case .intPointerOut: return Style.number(c, address: raw, size: 4, signed: true)
        case .iovecs(let countArg):
            return MessageHeader.iovecs(c, address: raw, count: c.arg(countArg), dataSize: nil, netlink: false)
        case .iovecsOut(let countArg):
            return MessageHeader.iovecs(c, address: raw, count: c.arg(countArg), dataSize: UInt64(bitPattern: c.returnValue),
                                        netlink: false, addressesOnly: !c.succeeded)
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
    /// ppoll: `= 1 ([{fd=3, revents=POLLIN}], left {tv_sec=0, tv_nsec=999000})`.
    case ppoll(fdsArg: Int, countArg: Int, timeoutArg: Int)
    /// select/pselect6: `= 1 (in [3], left {...})`.
    case select(usec: Bool)
    /// recvmmsg: `= 2 (left {...})`, `= 0 (Timeout)`.
    case recvmmsg
    /// A file mode, `%#03o` (umask's previous mask): `= 022`.
    case mode
    /// A signal number, its name after it: `= 12 (SIGUSR2)` (rt_sigtimedwait).
    case signal
    /// personality: `= 0x400008 (PER_LINUX32|READ_IMPLIES_EXEC)`.
    case personality
    /// sched_getscheduler: `= 0 (SCHED_OTHER)`.
    case schedulingPolicy
    /// membarrier: MEMBARRIER_CMD_QUERY's commands, `= 0x1ff (MEMBARRIER_CMD_GLOBAL|...)`.
    case membarrier
    /// ioprio_get: `= 16388 (IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 4))`.
    case ioprio
    /// A new descriptor, unless argument `flagsArg` has `flag` (landlock_create_ruleset's
    /// version query returns a number).
    case fdUnlessFlag(flagsArg: Int, flag: UInt64)

    /// Whether strace's decoder reads memory for the result at the exit, so that it has not
    /// finished at the entry even when every argument was printed then (poll's revents): a
    /// process that dies in the call leaves `<unfinished ...>` on its line.
    var decodesAtExit: Bool {
        switch self {
        case .poll, .ppoll: return true
        default: return false
        }
    }

    func render(_ c: inout DecodeContext, _ params: [Param]) -> CallResult {
        let v = c.returnValue
        switch self {
        case .int: return .value(.int(v), note: nil)
        case .fd: return .value(c.fd(v), note: nil)
        case .hex: return .value(.hex(UInt64(bitPattern: v)), note: nil)
        case .none: return .unknown
        case .fcntl: return Fcntl.result(c)
        case .mode: return .value(FileStatus.octal(UInt64(UInt32(truncatingIfNeeded: v))), note: nil)
        case .signal:
            guard v > 0, let name = Tables.signals.name(UInt64(v)) else { return .value(.int(v), note: nil) }
            return .value(.int(v), note: .verbatim(name))
        case .poll(let fdsArg, let countArg):
            return Select.pollResult(c, fdsArg: fdsArg, countArg: countArg, timeoutArg: nil)
        case .ppoll(let fdsArg, let countArg, let timeoutArg):
            return Select.pollResult(c, fdsArg: fdsArg, countArg: countArg, timeoutArg: timeoutArg)
        case .select(let usec):
            return Select.result(c, usec: usec)
        case .recvmmsg:
            return Mmsg.result(c)
        case .personality: return SchedulingValues.personalityResult(c)
        case .schedulingPolicy: return SchedulingValues.policyResult(c)
        case .membarrier: return SchedulingValues.membarrierResult(c)
        case .ioprio: return SchedulingValues.ioprioResult(c)
        case .fdUnlessFlag(let flagsArg, let flag):
            return .value(c.uint(flagsArg) & flag != 0 ? .int(v) : c.fd(v), note: nil)
        }
    }
}
