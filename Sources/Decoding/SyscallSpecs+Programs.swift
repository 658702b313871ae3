// The argument specs of the calls every program makes at start-up and in ordinary work
// (issue 12): memory, files and directories, processes and threads, signals, time,
// terminals. Same form as SyscallSpecs.specs: each argument's kind and when it is read.

extension SyscallSpecs {
    static let addressAndLength: [Param] = [.i(.pointer), .i(.ulong)]
    static let protection = Param.i(.longFlags(Tables.mmapProtections))

    /// open's and openat's mode is printed only when the flags can create a file.
    static func openParams(_ head: [Param], flags: UInt64) -> [Param] {
        let creates = flags & 0x40 != 0 || flags & 0x400000 != 0 // O_CREAT, __O_TMPFILE
        return head + [.i(.openFlags)] + (creates ? [.i(.mode)] : [])
    }

    static func argument(_ args: [UInt64], _ i: Int) -> UInt64 { i < args.count ? args[i] : 0 }

    /// setxattr's, lsetxattr's (a path) and fsetxattr's (a descriptor) arguments.
    static func setxattr(_ file: ArgKind) -> [Param] {
        [.i(file), .i(.string), .i(.xattrValue(lengthArg: 3)), .i(.ulong), .i(.flags(Tables.xattrFlags))]
    }

    /// mknod's mode, and its device number only for a block or character device.
    static func nodeParams(_ mode: UInt64, device: Int) -> [Param] {
        let type = mode & 0o170000
        return [.i(.typedMode)] + (type == 0o020000 || type == 0o060000 ? [.i(.fromArgument(device, .device))] : [])
    }

    static let programSpecs: [String: SyscallSpec] = [
        // Memory
        "brk": SyscallSpec([.i(.pointer)], returns: .hex),
        "mmap": SyscallSpec(addressAndLength + [protection, .i(.mmapFlags), .i(.fd), .i(.hex)], returns: .hex),
        "mprotect": SyscallSpec(addressAndLength + [protection]),
        "munmap": SyscallSpec(addressAndLength),
        "mremap": SyscallSpec(dynamic: { args in
            // The new address only with MREMAP_MAYMOVE|MREMAP_FIXED.
            let fixed = argument(args, 3) & 0x3 == 0x3
            return addressAndLength + [.i(.ulong), .i(.longFlags(Tables.mremapFlags))] + (fixed ? [.i(.pointer)] : [])
        }, returns: .hex),
        "madvise": SyscallSpec(addressAndLength + [.i(.symbol(Tables.madviseAdvice))]),
        "msync": SyscallSpec(addressAndLength + [.i(.flags(Tables.msyncFlags))]),
        "mlock": SyscallSpec(addressAndLength),
        "munlock": SyscallSpec(addressAndLength),
        "mlock2": SyscallSpec(addressAndLength + [.i(.flags(Tables.mlockFlags))]),

        // Files
        "open": SyscallSpec(dynamic: { args in openParams([.i(.path)], flags: argument(args, 1)) }, returns: .fd),
        "openat": SyscallSpec(dynamic: { args in openParams([.i(.dirfd), .i(.path)], flags: argument(args, 2)) }, returns: .fd),
        "creat": SyscallSpec([.i(.path), .i(.mode)], returns: .fd),
        "pread64": SyscallSpec([.i(.fd), .o(.bufferOut(lengthArg: 2)), .i(.ulong), .i(.long)]),
        "pwrite64": SyscallSpec([.i(.fd), .i(.buffer(lengthArg: 2)), .i(.ulong), .i(.long)]),
        "lseek": SyscallSpec([.i(.fd), .i(.long), .i(.symbol(Tables.seekWhence))]),
        "fstat": SyscallSpec([.i(.fd), .o(.statOut)]),
        "stat": SyscallSpec([.i(.path), .o(.statOut)]),
        "lstat": SyscallSpec([.i(.path), .o(.statOut)]),
        "newfstatat": SyscallSpec([.i(.dirfd), .i(.path), .o(.statOut), .i(.flags(Tables.atFlags))]),
        "statx": SyscallSpec([.i(.dirfd), .i(.path), .i(.statxFlags), .i(.flags(Tables.statxMasks)), .o(.statxOut)]),
        "statfs": SyscallSpec([.i(.path), .o(.statfsOut)]),
        "fstatfs": SyscallSpec([.i(.fd), .o(.statfsOut)]),
        "access": SyscallSpec([.i(.path), .i(.flags(Tables.accessModes))]),
        "faccessat": SyscallSpec([.i(.dirfd), .i(.path), .i(.flags(Tables.accessModes))]),
        "faccessat2": SyscallSpec([.i(.dirfd), .i(.path), .i(.flags(Tables.accessModes)), .i(.flags(Tables.faccessatFlags))]),
        "getdents64": SyscallSpec([.i(.fd), .o(.directoryEntries(legacy: false)), .i(.uint)]),
        "getdents": SyscallSpec([.i(.fd), .o(.directoryEntries(legacy: true)), .i(.uint)]),
        "readlink": SyscallSpec([.i(.path), .o(.bufferOut(lengthArg: 2)), .i(.ulong)]),
        "readlinkat": SyscallSpec([.i(.dirfd), .i(.path), .o(.bufferOut(lengthArg: 3)), .i(.ulong)]),
        "getcwd": SyscallSpec([.o(.pathOut), .i(.ulong)]),
        "chdir": SyscallSpec([.i(.path)]),
        "fchdir": SyscallSpec([.i(.fd)]),
        "mkdir": SyscallSpec([.i(.path), .i(.mode)]),
        "mkdirat": SyscallSpec([.i(.dirfd), .i(.path), .i(.mode)]),
        "mknod": SyscallSpec(dynamic: { args in [.i(.path)] + nodeParams(argument(args, 1), device: 2) }),
        "mknodat": SyscallSpec(dynamic: { args in [.i(.dirfd), .i(.path)] + nodeParams(argument(args, 2), device: 3) }),
        "rmdir": SyscallSpec([.i(.path)]),
        "unlink": SyscallSpec([.i(.path)]),
        "unlinkat": SyscallSpec([.i(.dirfd), .i(.path), .i(.flags(Tables.atFlags))]),
        "rename": SyscallSpec([.i(.path), .i(.path)]),
        "renameat": SyscallSpec([.i(.dirfd), .i(.path), .i(.dirfd), .i(.path)]),
        "renameat2": SyscallSpec([.i(.dirfd), .i(.path), .i(.dirfd), .i(.path), .i(.flags(Tables.renameFlags))]),
        "symlink": SyscallSpec([.i(.path), .i(.path)]),
        "symlinkat": SyscallSpec([.i(.path), .i(.dirfd), .i(.path)]),
        "link": SyscallSpec([.i(.path), .i(.path)]),
        "linkat": SyscallSpec([.i(.dirfd), .i(.path), .i(.dirfd), .i(.path), .i(.flags(Tables.atFlags))]),
        "chmod": SyscallSpec([.i(.path), .i(.mode)]),
        "fchmod": SyscallSpec([.i(.fd), .i(.mode)]),
        "fchmodat": SyscallSpec([.i(.dirfd), .i(.path), .i(.mode)]),
        "chown": SyscallSpec([.i(.path), .i(.userID), .i(.userID)]),
        "lchown": SyscallSpec([.i(.path), .i(.userID), .i(.userID)]),
        "fchown": SyscallSpec([.i(.fd), .i(.userID), .i(.userID)]),
        "fchownat": SyscallSpec([.i(.dirfd), .i(.path), .i(.userID), .i(.userID), .i(.flags(Tables.atFlags))]),
        "utimensat": SyscallSpec([.i(.dirfd), .i(.path), .i(.fileTimes), .i(.flags(Tables.atFlags))]),
        "umask": SyscallSpec([.i(.mode)], returns: .mode),
        "ftruncate": SyscallSpec([.i(.fd), .i(.ulong)]),
        "truncate": SyscallSpec([.i(.path), .i(.ulong)]),
        "fsync": SyscallSpec([.i(.fd)]),
        "fdatasync": SyscallSpec([.i(.fd)]),
        "fadvise64": SyscallSpec([.i(.fd), .i(.long), .i(.ulong), .i(.symbol(Tables.fadviseAdvice))]),
        "close_range": SyscallSpec([.i(.uint), .i(.uint), .i(.flags(Tables.closeRangeFlags))]),
        "copy_file_range": SyscallSpec([.i(.fd), .i(.longPointer), .i(.fd), .i(.longPointer), .i(.ulong), .i(.uint)]),
        "pipe": SyscallSpec([.o(.fdPair)]),
        "pipe2": SyscallSpec([.o(.fdPair), .i(.flags(Tables.openFlags))]),
        "eventfd": SyscallSpec([.i(.uint)], returns: .fd),
        "eventfd2": SyscallSpec([.i(.uint), .i(.flags(Tables.eventfdFlags))], returns: .fd),
        "getxattr": SyscallSpec([.i(.path), .i(.string), .o(.xattrValueOut), .i(.ulong)]),
        "lgetxattr": SyscallSpec([.i(.path), .i(.string), .o(.xattrValueOut), .i(.ulong)]),
        "fgetxattr": SyscallSpec([.i(.fd), .i(.string), .o(.xattrValueOut), .i(.ulong)]),
        "setxattr": SyscallSpec(setxattr(.path)),
        "lsetxattr": SyscallSpec(setxattr(.path)),
        "fsetxattr": SyscallSpec(setxattr(.fd)),
        "listxattr": SyscallSpec([.i(.path), .o(.xattrNamesOut(lengthArg: 2)), .i(.ulong)]),
        "llistxattr": SyscallSpec([.i(.path), .o(.xattrNamesOut(lengthArg: 2)), .i(.ulong)]),
        "flistxattr": SyscallSpec([.i(.fd), .o(.xattrNamesOut(lengthArg: 2)), .i(.ulong)]),
        "removexattr": SyscallSpec([.i(.path), .i(.string)]),
        "lremovexattr": SyscallSpec([.i(.path), .i(.string)]),
        "fremovexattr": SyscallSpec([.i(.fd), .i(.string)]),

        // Processes and threads
        "arch_prctl": SyscallSpec(dynamic: { args in
            let code = Param.i(.symbol(Tables.archPrctlCodes))
            switch argument(args, 0) & 0xffff_ffff {
            case 0x1003, 0x1004: return [code, .o(.addressOut)]     // ARCH_GET_FS, ARCH_GET_GS
            case 0x1011: return [code]                              // ARCH_GET_CPUID
            default: return [code, .i(.hex)]
            }
        }),
        "set_tid_address": SyscallSpec([.i(.hex)]),
        "set_robust_list": SyscallSpec(addressAndLength),
        "prlimit64": SyscallSpec([.i(.int), .i(.symbol(Tables.resourceLimits)), .i(.rlimit), .o(.rlimitOut)]),
        "getrlimit": SyscallSpec([.i(.symbol(Tables.resourceLimits)), .o(.rlimitOut)]),
        "setrlimit": SyscallSpec([.i(.symbol(Tables.resourceLimits)), .i(.rlimit)]),
        "getrandom": SyscallSpec([.o(.randomBytes), .i(.ulong), .i(.flags(Tables.randomFlags))]),
        "uname": SyscallSpec([.o(.utsnameOut)]),
        "sysinfo": SyscallSpec([.o(.sysinfoOut)]),
        "getuid": SyscallSpec([]),
        "geteuid": SyscallSpec([]),
        "getgid": SyscallSpec([]),
        "getegid": SyscallSpec([]),
        "getpgrp": SyscallSpec([]),
        "setsid": SyscallSpec([]),
        "getsid": SyscallSpec([.i(.int)]),
        "getgroups": SyscallSpec([.i(.int), .o(.groupsOut)]),
        "setgroups": SyscallSpec([.i(.int), .i(.groups(countArg: 0))]),
        "getpgid": SyscallSpec([.i(.int)]),
        "setpgid": SyscallSpec([.i(.int), .i(.int)]),
        "sched_yield": SyscallSpec([]),
        "sched_getaffinity": SyscallSpec([.i(.int), .i(.uint), .o(.cpuSetOut)]),
        "sched_setaffinity": SyscallSpec([.i(.int), .i(.uint), .i(.cpuSet(sizeArg: 1))]),
        "fork": SyscallSpec([]),
        "vfork": SyscallSpec([]),
        "clone": SyscallSpec(dynamic: { args in
            // x86_64: clone(flags, stack, parent_tid, child_tid, tls); strace prints the stack
            // first, and the thread ids and tls only with the flags that use them, at the exit.
            var params: [Param] = [.i(.named("child_stack", .pointer, argument: 1)), .i(.named("flags", .cloneFlags, argument: 0))]
            let flags = argument(args, 0)
            let tail: UInt64 = ProcessValues.parentSetTID | ProcessValues.pidFD | ProcessValues.setTLS
                | ProcessValues.childSetTID | ProcessValues.childClearTID
            if flags & tail != 0 { params.append(.o(.continued(.cloneTail))) }
            return params
        }),
        "clone3": SyscallSpec([.i(.cloneArgs(sizeArg: 1)), .o(.continued(.cloneArgsResult)), .i(.fromArgument(1, .ulong))]),

        // Signals
        "rt_sigaction": SyscallSpec([.i(.signal), .i(.sigaction), .o(.sigactionOut), .i(.ulong)]),
        "rt_sigprocmask": SyscallSpec([.i(.symbol(Tables.sigprocmaskHow)), .i(.sigset(sizeArg: 3)),
                                       .o(.sigsetOut(sizeArg: 3, minimumSize: 8)), .i(.ulong)]),
        "rt_sigpending": SyscallSpec([.o(.sigsetOut(sizeArg: 1, minimumSize: 1)), .i(.ulong)]),
        "rt_sigreturn": SyscallSpec([.i(.signalFrame)]),
        "sigaltstack": SyscallSpec([.i(.signalStack), .o(.signalStackOut)]),

        // Futexes and time
        "futex": SyscallSpec(dynamic: { args in Futex.parameters(op: argument(args, 1) & 0xffff_ffff) }),
        "clock_nanosleep": SyscallSpec([.i(.symbol(Tables.clockIDs)), .i(.flags(Tables.timerFlags)), .i(.timespec),
                                        .o(.remainingTime)]),
        "nanosleep": SyscallSpec([.i(.timespec), .o(.remainingTime)]),
        "clock_gettime": SyscallSpec([.i(.symbol(Tables.clockIDs)), .o(.timespecOut)]),
        "clock_getres": SyscallSpec([.i(.symbol(Tables.clockIDs)), .o(.timespecOut)]),
    ]
}
