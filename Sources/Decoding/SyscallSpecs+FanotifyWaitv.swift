// The argument specs of fanotify_init, fanotify_mark and futex_waitv. Same form as
// SyscallSpecs.specs.

extension SyscallSpecs {
    /// The spec of call `name` among these.
    static func fanotifyWaitvSpec(_ name: String) -> SyscallSpec? {
        switch name {
        // The flags, then the event file's open flags.
        case "fanotify_init": SyscallSpec([.i(.fanotifyInitFlags), .i(.openFlags)], returns: .fd)
        // The mask is 64 bits; the directory FAN_NOFD or a dirfd.
        case "fanotify_mark": SyscallSpec(dynamic: { args in
            let noFD = Int32(truncatingIfNeeded: argument(args, 3)) == -1
            return [.i(.fd), .i(.flags(Tables.fanotifyMarkFlags)), .i(.longFlags(Tables.fanotifyEvents)),
                    .i(noFD ? .decimalSymbol(FanotifyWaitv.noFD) : .dirfd), .i(.path)]
        })
        // The waiters (as many as the unsigned int count), the count, flags in hex, an absolute
        // timeout, its clock.
        case "futex_waitv": SyscallSpec([.i(.futexWaiters(countArg: 1)), .i(.uint), .i(.uintHex), .i(.timespec),
                                         .i(.symbol(Tables.clockIDs))])
        default: nil
        }
    }
}
