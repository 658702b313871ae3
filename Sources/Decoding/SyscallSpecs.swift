import Synchronization

/// The argument specs of the calls sockstep decodes in full: for each argument, what it is and
/// when it is read (`i` in at entry, `o` out at exit, `io` both). Everything else prints raw.
///
/// A spec is made when a call first needs it (`socketSpec`, `callSpec`, `programSpec`: one
/// switch over the names each): a program makes some 40 of the ~400 calls, and making a spec
/// initializes the tables its arguments print with.
public enum SyscallSpecs {
    public static func spec(for name: String) -> SyscallSpec? {
        for family in families {
            if let spec = family(name) { return spec }
        }
        return nil
    }

    /// The spec of each family of calls, asked in this order (a chain of `??` this long was
    /// more than the type checker takes).
    private static let families: [@Sendable (String) -> SyscallSpec?] = [
        socketSpec, callSpec, programSpec, ioSignalTimerSpec, identitySpec, filesTimeProcessSpec, ipcSpec,
        kernelInterfaceSpec, keySpec, fanotifyWaitvSpec, moreKernelInterfaceSpec,
    ]

    /// The spec of x86_64 call `number` (raw when it has none): made at its first call, then
    /// kept for the run.
    public static func spec(x86_64 number: UInt64) -> SyscallSpec {
        guard number < UInt64(SyscallTable.names.count) else {
            return spec(for: SyscallTable.displayName(number)) ?? raw(number: number)
        }
        let index = Int(number)
        return byNumber.withLock { specs in
            if let known = specs[index] { return known }
            let made = SyscallTable.names[index].flatMap { spec(for: $0) } ?? raw(number: number)
            specs[index] = made
            return made
        }
    }

    /// The specs made so far, index = x86_64 number.
    private static let byNumber = Mutex<[SyscallSpec?]>(Array(repeating: nil, count: SyscallTable.names.count))

    /// The names of the socket-family calls and the process calls around them (`callSpec` and
    /// `socketSpec`): `compare -- CMD` compares these. The whole-program calls (`programSpec`)
    /// are decoded too, but what they return varies from run to run in ways compare does not
    /// normalize (pids, getrandom's bytes, sysinfo's load): `allDecodedNames` lists all of them.
    public static var decodedNames: [String] { names { socketSpec($0) != nil || callSpec($0) != nil } }

    /// Every call with a full decoder.
    public static var allDecodedNames: [String] { names { spec(for: $0) != nil } }

    /// The x86_64 names (every name a spec is made for is one), sorted, that `has` says yes to.
    private static func names(_ has: (String) -> Bool) -> [String] {
        Set(SyscallTable.names.compactMap { $0 }.filter(has)).sorted()
    }

    /// An undecoded call: its arguments in hex, as many as it takes.
    public static func raw(number: UInt64) -> SyscallSpec {
        let count = SyscallTable.isX32(number) ? SyscallArity.countX32(number) : SyscallArity.count(number)
        let addressResult = number == 9 || number == 12 || number == 25 || number == 30 // mmap, brk, mremap, shmat
        return SyscallSpec(Array(repeating: .i(.hex), count: count), returns: addressResult ? .hex : .int)
    }

    /// restart_syscall: no arguments, but strace names the call it resumes (the last one of
    /// the process that returned ERESTART_RESTARTBLOCK), or "system call" when it knows none.
    public static func restart(resuming interrupted: String?) -> SyscallSpec {
        SyscallSpec([.i(.note("<... resuming interrupted \(interrupted ?? "system call") ...>"))])
    }

    static let sockaddrAndLength: [Param] = [.o(.sockaddrOut(lengthPointerArg: 2)), .io(.socklenPointer)]

    /// The spec of the socket-family call or process call `name` (`socketSpec` wins over it).
    static func callSpec(_ name: String) -> SyscallSpec? {
        switch name {
        case "socket": SyscallSpec([.i(.symbol(Tables.addressFamilies)), .i(.socketType), .i(.socketProtocol(familyArg: 0))], returns: .fd)
        case "socketpair": SyscallSpec([.i(.symbol(Tables.addressFamilies)), .i(.socketType), .i(.socketProtocol(familyArg: 0)), .o(.fdPair)])
        case "bind": SyscallSpec([.i(.fd), .i(.sockaddr(lengthArg: 2)), .i(.int)])
        case "connect": SyscallSpec([.i(.fd), .i(.sockaddr(lengthArg: 2)), .i(.int)])
        case "listen": SyscallSpec([.i(.fd), .i(.int)])
        case "accept": SyscallSpec([.i(.fd)] + sockaddrAndLength, returns: .fd)
        case "accept4": SyscallSpec([.i(.fd)] + sockaddrAndLength + [.i(.flags(Tables.socketTypeFlags))], returns: .fd)
        case "getsockname": SyscallSpec([.i(.fd)] + sockaddrAndLength)
        case "getpeername": SyscallSpec([.i(.fd)] + sockaddrAndLength)
        case "setsockopt": SyscallSpec([.i(.fd), .i(.socketLevel), .i(.socketOption(levelArg: 1, getsockopt: false)),
                                        .i(.socketOptionValue(levelArg: 1, nameArg: 2, lengthArg: 4)), .i(.int)])
        case "getsockopt": SyscallSpec([.i(.fd), .i(.socketLevel), .i(.socketOption(levelArg: 1, getsockopt: true)),
                                        .o(.socketOptionValueOut(levelArg: 1, nameArg: 2, lengthPointerArg: 4)), .io(.socklenPointer)])
        case "sendto": SyscallSpec([.i(.fd), .i(.buffer(lengthArg: 2)), .i(.ulong), .i(.flags(Tables.messageFlags)),
                                    .i(.sockaddr(lengthArg: 5)), .i(.int)])
        case "recvfrom": SyscallSpec([.i(.fd), .o(.bufferOut(lengthArg: 2)), .i(.ulong), .i(.flags(Tables.messageFlags)),
                                      .o(.sockaddrOut(lengthPointerArg: 5)), .io(.socklenPointer)])
        case "sendmsg": SyscallSpec([.i(.fd), .i(.msghdr), .i(.flags(Tables.messageFlags))])
        case "recvmsg": SyscallSpec([.i(.fd), .o(.msghdrOut), .i(.flags(Tables.messageFlags))])
        case "shutdown": SyscallSpec([.i(.fd), .i(.symbol(Tables.shutdownModes))])
        case "close": SyscallSpec([.i(.fd)])
        case "read": SyscallSpec([.i(.fd), .o(.bufferOut(lengthArg: 2)), .i(.ulong)])
        case "write": SyscallSpec([.i(.fd), .i(.buffer(lengthArg: 2)), .i(.ulong)])
        case "poll": SyscallSpec([.i(.pollfds(countArg: 1)), .i(.uint), .i(.int)], returns: .poll(fdsArg: 0, countArg: 1))
        case "ppoll": SyscallSpec([.i(.pollfds(countArg: 1)), .i(.uint), .i(.timespec), .i(.sigset(sizeArg: 4)), .i(.ulong)],
                                  returns: .poll(fdsArg: 0, countArg: 1))
        case "epoll_create": SyscallSpec([.i(.int)], returns: .fd)
        case "epoll_create1": SyscallSpec([.i(.flags(Tables.epollCreateFlags))], returns: .fd)
        case "epoll_ctl": SyscallSpec([.i(.fd), .i(.symbol(Tables.epollControlOps)), .i(.fd), .i(.epollEvent)])
        case "epoll_wait": SyscallSpec([.i(.fd), .o(.epollEventsOut), .i(.int), .i(.int)])
        case "epoll_pwait": SyscallSpec([.i(.fd), .o(.epollEventsOut), .i(.int), .i(.int), .i(.sigset(sizeArg: 5)), .i(.ulong)])
        case "fcntl": SyscallSpec(dynamic: { args in
            let command = UInt64(UInt32(truncatingIfNeeded: args.count > 1 ? args[1] : 0))
            var params: [Param] = [.i(.fd), .i(.symbol(Tables.fcntlCommands))]
            if Fcntl.fillsArgument(command) {
                params.append(.o(.continued(.fcntlFilled(commandArg: 1))))
            } else if Fcntl.takesArgument(command) {
                params.append(.i(.fcntlArgument(commandArg: 1)))
            }
            return params
        }, returns: .fcntl)
        case "ioctl": SyscallSpec(dynamic: { args in
            let request = UInt64(UInt32(truncatingIfNeeded: args.count > 1 ? args[1] : 0))
            switch Terminal.argument(request) {
            case .none?: return [.i(.fd), .i(.ioctlRequest)]
            case .filled?: return [.i(.fd), .i(.ioctlRequest), .o(.terminalArgument(requestArg: 1))]
            case .given?, .integer?, .constant?, .descriptor?: return [.i(.fd), .i(.ioctlRequest), .i(.terminalArgument(requestArg: 1))]
            case nil: break
            }
            let out = request == 0x541b // FIONREAD fills its int
            if request == 0x5450 || request == 0x5451 { return [.i(.fd), .i(.ioctlRequest)] } // FIONCLEX, FIOCLEX take none
            return [.i(.fd), .i(.ioctlRequest), out ? .o(.ioctlArgument(requestArg: 1)) : .i(.ioctlArgument(requestArg: 1))]
        })
        case "prctl": SyscallSpec(dynamic: { args in
            let option = UInt64(UInt32(truncatingIfNeeded: args.first ?? 0))
            switch option {
            case 38, 39: // PR_SET_NO_NEW_PRIVS, PR_GET_NO_NEW_PRIVS
                return [.i(.symbol(Tables.prctlOptions)), .i(.ulong), .i(.ulong), .i(.ulong), .i(.ulong)]
            case 22: // PR_SET_SECCOMP
                let mode = args.count > 1 ? args[1] : 0
                if mode == 2 { return [.i(.symbol(Tables.prctlOptions)), .i(.symbol(Tables.seccompModes)), .i(.sockFprog)] }
                return [.i(.symbol(Tables.prctlOptions)), .i(.symbol(Tables.seccompModes))]
            case 21: // PR_GET_SECCOMP
                return [.i(.symbol(Tables.prctlOptions))]
            case 1: // PR_SET_PDEATHSIG
                return [.i(.symbol(Tables.prctlOptions)), .i(.signal)]
            case 23, 24: // PR_CAPBSET_READ, PR_CAPBSET_DROP
                return [.i(.symbol(Tables.prctlOptions)), .i(.symbol(Tables.capabilities))]
            case 15: // PR_SET_NAME
                return [.i(.symbol(Tables.prctlOptions)), .i(.string)]
            default:
                return [.i(.symbol(Tables.prctlOptions)), .i(.hex), .i(.hex), .i(.hex), .i(.hex)]
            }
        })
        case "seccomp": SyscallSpec(dynamic: { args in
            let op = args.first ?? 0
            switch op {
            case 1: return [.i(.symbol(Tables.seccompOperations)), .i(.flags(Tables.seccompFilterFlags)), .i(.sockFprog)]
            default: return [.i(.symbol(Tables.seccompOperations)), .i(.uint), .i(.pointer)]
            }
        })
        case "execve": SyscallSpec([.i(.path), .i(.stringArray), .i(.environment)])
        case "exit_group": SyscallSpec([.i(.int)], returns: .none)
        case "exit": SyscallSpec([.i(.int)], returns: .none)
        case "getpid": SyscallSpec([])
        case "getppid": SyscallSpec([])
        case "gettid": SyscallSpec([])
        case "wait4": SyscallSpec([.i(.int), .o(.waitStatus), .i(.flags(Tables.waitOptions)), .o(.rusageOut(afterWait: true))])
        case "dup": SyscallSpec([.i(.fd)], returns: .fd)
        case "dup2": SyscallSpec([.i(.fd), .i(.fd)], returns: .fd)
        case "dup3": SyscallSpec([.i(.fd), .i(.fd), .i(.flags(Tables.openFlags))], returns: .fd)
        case "kill": SyscallSpec([.i(.int), .i(.signal)])
        case "tgkill": SyscallSpec([.i(.int), .i(.int), .i(.signal)])
        default: nil
        }
    }
}
