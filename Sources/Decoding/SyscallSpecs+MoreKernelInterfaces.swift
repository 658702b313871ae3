// The argument specs of memfd_secret, process_madvise, process_mrelease, name_to_handle_at
// and open_by_handle_at. Same form as SyscallSpecs.specs.

extension SyscallSpecs {
    /// The spec of call `name` among these.
    static func moreKernelInterfaceSpec(_ name: String) -> SyscallSpec? {
        switch name {
        case "memfd_secret": SyscallSpec([.i(.flagsNoDefault(Tables.memfdSecretFlags))], returns: .fd)
        // The remote iovecs by address, their count, the advice, flags in hex.
        case "process_madvise": SyscallSpec([.i(.fd), .i(.iovecAddresses(countArg: 2)), .i(.ulong),
                                             .i(.symbol(Tables.madviseAdvice)), .i(.uintHex)])
        case "process_mrelease": SyscallSpec([.i(.fd), .i(.uintHex)])
        // The handle's size at entry, what the kernel wrote at the exit; the mount id filled.
        case "name_to_handle_at": SyscallSpec([.i(.dirfd), .i(.path), .io(.fileHandleInOut), .o(.mountIDOut(handleArg: 2)),
                                               .o(.flags(Tables.nameToHandleFlags))])
        // The mount fd as a plain descriptor (AT_FDCWD a number), the handle, open's flags.
        case "open_by_handle_at": SyscallSpec([.i(.fd), .i(.fileHandle), .i(.openFlags)], returns: .fd)
        default: nil
        }
    }
}
