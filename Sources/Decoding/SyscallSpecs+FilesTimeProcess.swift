// The argument specs of execveat, openat2, utimes, futimesat, utime, readahead, mlockall and munlockall. Same form as
// SyscallSpecs.specs.

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
        default: nil
        }
    }
}
