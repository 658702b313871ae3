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

    static func argument(_ args: SyscallArguments, _ i: Int) -> UInt64 { i < args.count ? args[i] : 0 }

    /// setxattr's, lsetxattr's (a path) and fsetxattr's (a descriptor) arguments.
    static func setxattr(_ file: ArgKind) -> [Param] {
        [.i(file), .i(.string), .i(.xattrValue(lengthArg: 3)), .i(.ulong), .i(.flags(Tables.xattrFlags))]
    }

    /// mknod's mode, and its device number only for a block or character device.
    static func nodeParams(_ mode: UInt64, device: Int) -> [Param] {
        let type = mode & 0o170000
        return [.i(.typedMode)] + (type == 0o020000 || type == 0o060000 ? [.i(.fromArgument(device, .device))] : [])
    }

    /// The spec of whole-program call `name`.
    static func programSpec(_ name: String) -> SyscallSpec? {
        switch name {
        // Memory
        case "brk": SyscallSpec([.i(.pointer)], returns: .hex)
        case "mmap": SyscallSpec(addressAndLength + [protection, .i(.mmapFlags), .i(.fd), .i(.hex)], returns: .hex)
        case "mprotect": SyscallSpec(addressAndLength + [protection])
        case "munmap": SyscallSpec(addressAndLength)
        case "mremap": SyscallSpec(dynamic: { args in
            // The new address only with MREMAP_MAYMOVE|MREMAP_FIXED.
            let fixed = argument(args, 3) & 0x3 == 0x3
            return addressAndLength + [.i(.ulong), .i(.longFlags(Tables.mremapFlags))] + (fixed ? [.i(.pointer)] : [])
        }, returns: .hex)
        case "madvise": SyscallSpec(addressAndLength + [.i(.symbol(Tables.madviseAdvice))])
        case "msync": SyscallSpec(addressAndLength + [.i(.flags(Tables.msyncFlags))])
        case "mlock": SyscallSpec(addressAndLength)
        case "munlock": SyscallSpec(addressAndLength)
        case "mlock2": SyscallSpec(addressAndLength + [.i(.flags(Tables.mlockFlags))])

        // Files
        case "open": SyscallSpec(dynamic: { args in openParams([.i(.path)], flags: argument(args, 1)) }, returns: .fd)
        case "openat": SyscallSpec(dynamic: { args in openParams([.i(.dirfd), .i(.path)], flags: argument(args, 2)) }, returns: .fd)
        case "creat": SyscallSpec([.i(.path), .i(.mode)], returns: .fd)
        case "pread64": SyscallSpec([.i(.fd), .o(.bufferOut(lengthArg: 2)), .i(.ulong), .i(.long)])
        case "pwrite64": SyscallSpec([.i(.fd), .i(.buffer(lengthArg: 2)), .i(.ulong), .i(.long)])
        case "lseek": SyscallSpec([.i(.fd), .i(.long), .i(.symbol(Tables.seekWhence))])
        case "fstat": SyscallSpec([.i(.fd), .o(.statOut)])
        case "stat": SyscallSpec([.i(.path), .o(.statOut)])
        case "lstat": SyscallSpec([.i(.path), .o(.statOut)])
        case "newfstatat": SyscallSpec([.i(.dirfd), .i(.path), .o(.statOut), .i(.flags(Tables.atFlags))])
        case "statx": SyscallSpec([.i(.dirfd), .i(.path), .i(.statxFlags), .i(.flags(Tables.statxMasks)), .o(.statxOut)])
        case "statfs": SyscallSpec([.i(.path), .o(.statfsOut)])
        case "fstatfs": SyscallSpec([.i(.fd), .o(.statfsOut)])
        case "access": SyscallSpec([.i(.path), .i(.flags(Tables.accessModes))])
        case "faccessat": SyscallSpec([.i(.dirfd), .i(.path), .i(.flags(Tables.accessModes))])
        case "faccessat2": SyscallSpec([.i(.dirfd), .i(.path), .i(.flags(Tables.accessModes)), .i(.flags(Tables.faccessatFlags))])
        case "getdents64": SyscallSpec([.i(.fd), .o(.directoryEntries(legacy: false)), .i(.uint)])
        case "getdents": SyscallSpec([.i(.fd), .o(.directoryEntries(legacy: true)), .i(.uint)])
        case "readlink": SyscallSpec([.i(.path), .o(.bufferOut(lengthArg: 2)), .i(.ulong)])
        case "readlinkat": SyscallSpec([.i(.dirfd), .i(.path), .o(.bufferOut(lengthArg: 3)), .i(.ulong)])
        case "getcwd": SyscallSpec([.o(.pathOut), .i(.ulong)])
        case "chdir": SyscallSpec([.i(.path)])
        case "fchdir": SyscallSpec([.i(.fd)])
        case "mkdir": SyscallSpec([.i(.path), .i(.mode)])
        case "mkdirat": SyscallSpec([.i(.dirfd), .i(.path), .i(.mode)])
        case "mknod": SyscallSpec(dynamic: { args in [.i(.path)] + nodeParams(argument(args, 1), device: 2) })
        case "mknodat": SyscallSpec(dynamic: { args in [.i(.dirfd), .i(.path)] + nodeParams(argument(args, 2), device: 3) })
        case "rmdir": SyscallSpec([.i(.path)])
        case "unlink": SyscallSpec([.i(.path)])
        case "unlinkat": SyscallSpec([.i(.dirfd), .i(.path), .i(.flags(Tables.atFlags))])
        case "rename": SyscallSpec([.i(.path), .i(.path)])
        case "renameat": SyscallSpec([.i(.dirfd), .i(.path), .i(.dirfd), .i(.path)])
        case "renameat2": SyscallSpec([.i(.dirfd), .i(.path), .i(.dirfd), .i(.path), .i(.flags(Tables.renameFlags))])
        case "symlink": SyscallSpec([.i(.path), .i(.path)])
        case "symlinkat": SyscallSpec([.i(.path), .i(.dirfd), .i(.path)])
        case "link": SyscallSpec([.i(.path), .i(.path)])
        case "linkat": SyscallSpec([.i(.dirfd), .i(.path), .i(.dirfd), .i(.path), .i(.flags(Tables.atFlags))])
        case "chmod": SyscallSpec([.i(.path), .i(.mode)])
        case "fchmod": SyscallSpec([.i(.fd), .i(.mode)])
        case "fchmodat": SyscallSpec([.i(.dirfd), .i(.path), .i(.mode)])
        case "chown": SyscallSpec([.i(.path), .i(.userID), .i(.userID)])
        case "lchown": SyscallSpec([.i(.path), .i(.userID), .i(.userID)])
        case "fchown": SyscallSpec([.i(.fd), .i(.userID), .i(.userID)])
        case "fchownat": SyscallSpec([.i(.dirfd), .i(.path), .i(.userID), .i(.userID), .i(.flags(Tables.atFlags))])
        case "utimensat": SyscallSpec([.i(.dirfd), .i(.path), .i(.fileTimes), .i(.flags(Tables.atFlags))])
        case "umask": SyscallSpec([.i(.mode)], returns: .mode)
        case "ftruncate": SyscallSpec([.i(.fd), .i(.ulong)])
        case "truncate": SyscallSpec([.i(.path), .i(.ulong)])
        case "fsync": SyscallSpec([.i(.fd)])
        case "fdatasync": SyscallSpec([.i(.fd)])
        case "fadvise64": SyscallSpec([.i(.fd), .i(.long), .i(.ulong), .i(.symbol(Tables.fadviseAdvice))])
        case "close_range": SyscallSpec([.i(.uint), .i(.uint), .i(.flags(Tables.closeRangeFlags))])
        case "copy_file_range": SyscallSpec([.i(.fd), .i(.longPointer), .i(.fd), .i(.longPointer), .i(.ulong), .i(.uint)])
        case "pipe": SyscallSpec([.o(.fdPair)])
        case "pipe2": SyscallSpec([.o(.fdPair), .i(.flags(Tables.openFlags))])
        case "memfd_create": SyscallSpec([.i(.memfdName), .i(.memfdFlags)], returns: .fd)
        case "flock": SyscallSpec([.i(.fd), .i(.flags(Tables.flockOperations))])
        case "getpriority": SyscallSpec([.i(.symbol(Tables.priorityTargets)), .i(.int)])
        case "setpriority": SyscallSpec([.i(.symbol(Tables.priorityTargets)), .i(.int), .i(.int)])
        case "fallocate": SyscallSpec([.i(.fd), .i(.flags(Tables.fallocateModes)), .i(.long), .i(.long)])
        case "eventfd": SyscallSpec([.i(.uint)], returns: .fd)
        case "eventfd2": SyscallSpec([.i(.uint), .i(.flags(Tables.eventfdFlags))], returns: .fd)
        case "getxattr": SyscallSpec([.i(.path), .i(.string), .o(.xattrValueOut), .i(.ulong)])
        case "lgetxattr": SyscallSpec([.i(.path), .i(.string), .o(.xattrValueOut), .i(.ulong)])
        case "fgetxattr": SyscallSpec([.i(.fd), .i(.string), .o(.xattrValueOut), .i(.ulong)])
        case "setxattr": SyscallSpec(setxattr(.path))
        case "lsetxattr": SyscallSpec(setxattr(.path))
        case "fsetxattr": SyscallSpec(setxattr(.fd))
        case "listxattr": SyscallSpec([.i(.path), .o(.xattrNamesOut(lengthArg: 2)), .i(.ulong)])
        case "llistxattr": SyscallSpec([.i(.path), .o(.xattrNamesOut(lengthArg: 2)), .i(.ulong)])
        case "flistxattr": SyscallSpec([.i(.fd), .o(.xattrNamesOut(lengthArg: 2)), .i(.ulong)])
        case "removexattr": SyscallSpec([.i(.path), .i(.string)])
        case "lremovexattr": SyscallSpec([.i(.path), .i(.string)])
        case "fremovexattr": SyscallSpec([.i(.fd), .i(.string)])

        // Processes and threads
        case "arch_prctl": SyscallSpec(dynamic: { args in
            let code = Param.i(.symbol(Tables.archPrctlCodes))
            switch argument(args, 0) & 0xffff_ffff {
            case 0x1003, 0x1004: return [code, .o(.addressOut)]     // ARCH_GET_FS, ARCH_GET_GS
            case 0x1011: return [code]                              // ARCH_GET_CPUID
            default: return [code, .i(.hex)]
            }
        })
        case "set_tid_address": SyscallSpec([.i(.hex)])
        case "set_robust_list": SyscallSpec(addressAndLength)
        case "prlimit64": SyscallSpec([.i(.int), .i(.symbol(Tables.resourceLimits)), .i(.rlimit), .o(.rlimitOut)])
        case "getrlimit": SyscallSpec([.i(.symbol(Tables.resourceLimits)), .o(.rlimitOut)])
        case "setrlimit": SyscallSpec([.i(.symbol(Tables.resourceLimits)), .i(.rlimit)])
        case "getrandom": SyscallSpec([.o(.randomBytes), .i(.ulong), .i(.flags(Tables.randomFlags))])
        case "uname": SyscallSpec([.o(.utsnameOut)])
        case "sysinfo": SyscallSpec([.o(.sysinfoOut)])
        case "getuid": SyscallSpec([])
        case "geteuid": SyscallSpec([])
        case "getgid": SyscallSpec([])
        case "getegid": SyscallSpec([])
        case "getpgrp": SyscallSpec([])
        case "setsid": SyscallSpec([])
        case "getsid": SyscallSpec([.i(.int)])
        case "getgroups": SyscallSpec([.i(.int), .o(.groupsOut)])
        case "setgroups": SyscallSpec([.i(.int), .i(.groups(countArg: 0))])
        case "getpgid": SyscallSpec([.i(.int)])
        case "setpgid": SyscallSpec([.i(.int), .i(.int)])
        case "sched_yield": SyscallSpec([])
        case "sched_getaffinity": SyscallSpec([.i(.int), .i(.uint), .o(.cpuSetOut)])
        case "sched_setaffinity": SyscallSpec([.i(.int), .i(.uint), .i(.cpuSet(sizeArg: 1))])
        case "fork": SyscallSpec([])
        case "vfork": SyscallSpec([])
        case "clone": SyscallSpec(dynamic: { args in
            // x86_64: clone(flags, stack, parent_tid, child_tid, tls); strace prints the stack
            // first, and the thread ids and tls only with the flags that use them, at the exit.
            var params: [Param] = [.i(.named("child_stack", .pointer, argument: 1)), .i(.named("flags", .cloneFlags, argument: 0))]
            let flags = argument(args, 0)
            let tail: UInt64 = ProcessValues.parentSetTID | ProcessValues.pidFD | ProcessValues.setTLS
                | ProcessValues.childSetTID | ProcessValues.childClearTID
            if flags & tail != 0 { params.append(.o(.continued(.cloneTail))) }
            return params
        })
        case "clone3": SyscallSpec([.i(.cloneArgs(sizeArg: 1)), .o(.continued(.cloneArgsResult)), .i(.fromArgument(1, .ulong))])

        // Signals
        case "rt_sigaction": SyscallSpec([.i(.signal), .i(.sigaction), .o(.sigactionOut), .i(.ulong)])
        case "rt_sigprocmask": SyscallSpec([.i(.symbol(Tables.sigprocmaskHow)), .i(.sigset(sizeArg: 3)),
                                            .o(.sigsetOut(sizeArg: 3, minimumSize: 8)), .i(.ulong)])
        case "rt_sigpending": SyscallSpec([.o(.sigsetOut(sizeArg: 1, minimumSize: 1)), .i(.ulong)])
        case "rt_sigreturn": SyscallSpec([.i(.signalFrame)])
        case "sigaltstack": SyscallSpec([.i(.signalStack), .o(.signalStackOut)])

        // Futexes and time
        case "futex": SyscallSpec(dynamic: { args in Futex.parameters(op: argument(args, 1) & 0xffff_ffff) })
        case "clock_nanosleep": SyscallSpec([.i(.symbol(Tables.clockIDs)), .i(.flags(Tables.timerFlags)), .i(.timespec),
                                             .o(.remainingTime)])
        case "nanosleep": SyscallSpec([.i(.timespec), .o(.remainingTime)])
        case "clock_gettime": SyscallSpec([.i(.symbol(Tables.clockIDs)), .o(.timespecOut)])
        case "clock_getres": SyscallSpec([.i(.symbol(Tables.clockIDs)), .o(.timespecOut)])
        default: nil
        }
    }
}
