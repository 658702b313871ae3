// Constants of the identity, resource usage, inotify, splice, membarrier, scheduling, I/O
// priority, namespace and capability calls, written from the kernel's uapi headers
// (linux/resource.h, inotify.h, fcntl.h, membarrier.h, sched.h, ioprio.h, personality.h,
// capability.h, pidfd.h) in strace's order where it prints flags.

extension Tables {
    /// getrusage's `who` (RUSAGE_CHILDREN is -1, compared as a 32-bit int).
    public static let rusageWho = Xlat(unknown: "RUSAGE_???", [
        (0, "RUSAGE_SELF"),
        (0xffff_ffff, "RUSAGE_CHILDREN"),
        (1, "RUSAGE_THREAD"),
    ])

    /// inotify_init1's flags (IN_NONBLOCK and IN_CLOEXEC are O_NONBLOCK and O_CLOEXEC).
    public static let inotifyInitFlags = Xlat(unknown: "IN_???", [
        (0x800, "IN_NONBLOCK"),
        (0x80000, "IN_CLOEXEC"),
    ])

    /// inotify_add_watch's mask: every event bit alone (no IN_CLOSE, IN_MOVE), ascending.
    public static let inotifyMask = Xlat(unknown: "IN_???", [
        (0x1, "IN_ACCESS"),
        (0x2, "IN_MODIFY"),
        (0x4, "IN_ATTRIB"),
        (0x8, "IN_CLOSE_WRITE"),
        (0x10, "IN_CLOSE_NOWRITE"),
        (0x20, "IN_OPEN"),
        (0x40, "IN_MOVED_FROM"),
        (0x80, "IN_MOVED_TO"),
        (0x100, "IN_CREATE"),
        (0x200, "IN_DELETE"),
        (0x400, "IN_DELETE_SELF"),
        (0x800, "IN_MOVE_SELF"),
        (0x2000, "IN_UNMOUNT"),
        (0x4000, "IN_Q_OVERFLOW"),
        (0x8000, "IN_IGNORED"),
        (0x0100_0000, "IN_ONLYDIR"),
        (0x0200_0000, "IN_DONT_FOLLOW"),
        (0x0400_0000, "IN_EXCL_UNLINK"),
        (0x1000_0000, "IN_MASK_CREATE"),
        (0x2000_0000, "IN_MASK_ADD"),
        (0x4000_0000, "IN_ISDIR"),
        (0x8000_0000, "IN_ONESHOT"),
    ])

    /// splice, tee and vmsplice's flags.
    public static let spliceFlags = Xlat(unknown: "SPLICE_F_???", [
        (0x1, "SPLICE_F_MOVE"),
        (0x2, "SPLICE_F_NONBLOCK"),
        (0x4, "SPLICE_F_MORE"),
        (0x8, "SPLICE_F_GIFT"),
    ])

    /// sync_file_range's flags.
    public static let syncFileRangeFlags = Xlat(unknown: "SYNC_FILE_RANGE_???", [
        (0x1, "SYNC_FILE_RANGE_WAIT_BEFORE"),
        (0x2, "SYNC_FILE_RANGE_WRITE"),
        (0x4, "SYNC_FILE_RANGE_WAIT_AFTER"),
    ])

    /// membarrier's commands (MEMBARRIER_CMD_SHARED is MEMBARRIER_CMD_GLOBAL's old name); as
    /// flags, MEMBARRIER_CMD_QUERY's result.
    public static let membarrierCommands = Xlat(unknown: "MEMBARRIER_CMD_???", [
        (0, "MEMBARRIER_CMD_QUERY"),
        (0x1, "MEMBARRIER_CMD_GLOBAL"),
        (0x2, "MEMBARRIER_CMD_GLOBAL_EXPEDITED"),
        (0x4, "MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED"),
        (0x8, "MEMBARRIER_CMD_PRIVATE_EXPEDITED"),
        (0x10, "MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED"),
        (0x20, "MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE"),
        (0x40, "MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE"),
        (0x80, "MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ"),
        (0x100, "MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_RSEQ"),
    ])

    public static let membarrierFlags = Xlat(unknown: "MEMBARRIER_CMD_FLAG_???", [
        (0x1, "MEMBARRIER_CMD_FLAG_CPU"),
    ])

    /// Scheduling policies (SCHED_RESET_ON_FORK set makes the value unknown).
    public static let schedulingPolicies = Xlat(unknown: "SCHED_???", [
        (0, "SCHED_OTHER"),
        (1, "SCHED_FIFO"),
        (2, "SCHED_RR"),
        (3, "SCHED_BATCH"),
        (4, "SCHED_ISO"),
        (5, "SCHED_IDLE"),
        (6, "SCHED_DEADLINE"),
    ])

    /// struct sched_attr's sched_flags.
    public static let schedulingFlags = Xlat(unknown: "SCHED_FLAG_???", [
        (0x1, "SCHED_FLAG_RESET_ON_FORK"),
        (0x2, "SCHED_FLAG_RECLAIM"),
        (0x4, "SCHED_FLAG_DL_OVERRUN"),
        (0x8, "SCHED_FLAG_KEEP_POLICY"),
        (0x10, "SCHED_FLAG_KEEP_PARAMS"),
        (0x20, "SCHED_FLAG_UTIL_CLAMP_MIN"),
        (0x40, "SCHED_FLAG_UTIL_CLAMP_MAX"),
    ])

    /// ioprio_get's and ioprio_set's `which`, and the class in an I/O priority.
    public static let ioprioWho = Xlat(unknown: "IOPRIO_WHO_???", [
        (1, "IOPRIO_WHO_PROCESS"),
        (2, "IOPRIO_WHO_PGRP"),
        (3, "IOPRIO_WHO_USER"),
    ])

    public static let ioprioClasses = Xlat(unknown: "IOPRIO_CLASS_???", [
        (0, "IOPRIO_CLASS_NONE"),
        (1, "IOPRIO_CLASS_RT"),
        (2, "IOPRIO_CLASS_BE"),
        (3, "IOPRIO_CLASS_IDLE"),
    ])

    /// personality's execution domain (the low byte); the first name of a value wins.
    public static let personalityTypes = Xlat(unknown: "PER_???", [
        (0x00, "PER_LINUX"),
        (0x01, "PER_SVR4"),
        (0x02, "PER_SVR3"),
        (0x03, "PER_SCOSVR3"),
        (0x03, "PER_OSR5"),
        (0x04, "PER_WYSEV386"),
        (0x05, "PER_ISCR4"),
        (0x06, "PER_BSD"),
        (0x06, "PER_SUNOS"),
        (0x07, "PER_XENIX"),
        (0x08, "PER_LINUX32"),
        (0x09, "PER_IRIX32"),
        (0x0a, "PER_IRIXN32"),
        (0x0b, "PER_IRIX64"),
        (0x0c, "PER_RISCOS"),
        (0x0d, "PER_SOLARIS"),
        (0x0e, "PER_UW7"),
        (0x0f, "PER_OSF4"),
        (0x10, "PER_HPUX"),
    ])

    /// personality's flags (above the low byte), printed without a default.
    public static let personalityFlags = Xlat(unknown: "", [
        (0x0020000, "UNAME26"),
        (0x0040000, "ADDR_NO_RANDOMIZE"),
        (0x0080000, "FDPIC_FUNCPTRS"),
        (0x0100000, "MMAP_PAGE_ZERO"),
        (0x0200000, "ADDR_COMPAT_LAYOUT"),
        (0x0400000, "READ_IMPLIES_EXEC"),
        (0x0800000, "ADDR_LIMIT_32BIT"),
        (0x1000000, "SHORT_INODE"),
        (0x2000000, "WHOLE_SECONDS"),
        (0x4000000, "STICKY_TIMEOUTS"),
        (0x8000000, "ADDR_LIMIT_3GB"),
    ])

    /// pidfd_open's flags (PIDFD_NONBLOCK is O_NONBLOCK).
    public static let pidfdOpenFlags = Xlat(unknown: "PIDFD_???", [
        (0x800, "PIDFD_NONBLOCK"),
    ])

    /// unshare's flags: CLONE_NEWTIME first, then clone's flags that unshare takes, ascending
    /// (CLONE_VM, CLONE_FS, CLONE_FILES, CLONE_SIGHAND, CLONE_THREAD, CLONE_SYSVSEM and the
    /// namespaces; no CLONE_IO).
    public static let unshareFlags = Xlat(unknown: "CLONE_???", [(0x80, "CLONE_NEWTIME")] + cloneFlags.entries.compactMap { entry in
        entry.value & 0x7e07_0f00 == entry.value ? (entry.value, entry.name) : nil
    })

    /// setns's namespace types: unshare's CLONE_NEW* flags.
    public static let namespaceTypes = Xlat(unknown: "CLONE_NEW???", unshareFlags.entries.compactMap { entry in
        entry.name.hasPrefix("CLONE_NEW") ? (entry.value, entry.name) : nil
    })

    /// capget's and capset's header version.
    public static let capabilityVersions = Xlat(unknown: "_LINUX_CAPABILITY_VERSION_???", [
        (0x19980330, "_LINUX_CAPABILITY_VERSION_1"),
        (0x20071026, "_LINUX_CAPABILITY_VERSION_2"),
        (0x20080522, "_LINUX_CAPABILITY_VERSION_3"),
    ])

    /// A capability set's two 32-bit words as flags: `1<<CAP_CHOWN` for bit 0 of the first,
    /// `1<<CAP_MAC_OVERRIDE` for bit 0 of the second (capability 32).
    public static let capabilityBitsLow = capabilityBits(word: 0)
    public static let capabilityBitsHigh = capabilityBits(word: 1)

    static func capabilityBits(word: UInt64) -> Xlat {
        Xlat(unknown: "CAP_???", capabilities.entries.compactMap { entry in
            entry.value / 32 == word ? (UInt64(1) << (entry.value % 32), "1<<" + entry.name) : nil
        })
    }
}
