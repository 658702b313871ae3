// The argument specs of execveat, openat2, utimes, futimesat, utime, readahead, mlockall,
// munlockall, get_robust_list, kcmp, process_vm_readv/writev, time, gettimeofday and
// settimeofday. Same form as SyscallSpecs.specs.

extension SyscallSpecs {
    /// The spec of call `name` among these.
    static func filesTimeProcessSpec(_ name: String) -> SyscallSpec? {
        switch name {
        // execve's arguments after a directory fd, then the AT_ flags.
        case "execveat": SyscallSpec([.i(.dirfd), .i(.path), .i(.stringArray), .i(.environment), .i(.flags(Tables.atFlags))])
        // The offset is a loff_t, the count a size_t.
        case "readahead": SyscallSpec([.i(.fd), .i(.long), .i(.ulong)])
        case "openat2": SyscallSpec([.i(.dirfd), .i(.path), .i(.openHow(sizeArg: 3)), .i(.ulong)], returns: .fd)
        case "utimes": SyscallSpec([.i(.path), .i(.fileTimevals)])
        case "futimesat": SyscallSpec([.i(.dirfd), .i(.path), .i(.fileTimevals)])
        case "utime": SyscallSpec([.i(.path), .i(.utimbuf)])
        case "mlockall": SyscallSpec([.i(.flags(Tables.mlockallFlags))])
        case "munlockall": SyscallSpec([])
        case "get_robust_list": SyscallSpec([.i(.int), .o(.addressPointerOut), .o(.ulongPointerOut)])
        // The indexes by type: two fds for KCMP_FILE, an fd and the epoll slot for
        // KCMP_EPOLL_TFD, none for the other known types, both in hex for an unknown one.
        case "kcmp": SyscallSpec(dynamic: { args in kcmpParams(type: argument(args, 2)) })
        // The local iovecs (filled by readv, given by writev), then the remote ones by address.
        case "process_vm_readv": SyscallSpec([.i(.int), .o(.iovecsOut(countArg: 2)), .i(.ulong),
                                              .i(.iovecAddresses(countArg: 4)), .i(.ulong), .i(.ulong)])
        case "process_vm_writev": SyscallSpec([.i(.int), .i(.iovecs(countArg: 2)), .i(.ulong),
                                               .i(.iovecAddresses(countArg: 4)), .i(.ulong), .i(.ulong)])
        case "time": SyscallSpec([.o(.timeOut)])
        case "gettimeofday": SyscallSpec([.o(.timevalOut), .o(.timezoneOut)])
        case "settimeofday": SyscallSpec([.i(.timeval), .i(.timezone)])
        default: nil
        }
    }

    static func kcmpParams(type: UInt64) -> [Param] {
        let head: [Param] = [.i(.int), .i(.int), .i(.symbol(Tables.kcmpTypes))]
        switch UInt32(truncatingIfNeeded: type) {
        case 0: return head + [.i(.fd), .i(.fd)]
        case 7: return head + [.i(.fd), .i(.kcmpEpollSlot)]
        case 1 ... 6: return head
        default: return head + [.i(.hex), .i(.hex)]
        }
    }
}
