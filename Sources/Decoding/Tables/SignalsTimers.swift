// Constant tables of vectored I/O, signal waits and timers, from linux/fs.h, asm-generic/siginfo.h,
// linux/wait.h, linux/time.h and linux/timerfd.h (sys/timerfd.h).

extension Tables {
    /// preadv2's and pwritev2's flags (linux/fs.h RWF_*): `RWF_HIPRI|RWF_NOWAIT`, `0x100 /* RWF_??? */`.
    public static let readWriteFlags = Xlat(unknown: "RWF_???", [
        (0x1, "RWF_HIPRI"),
        (0x2, "RWF_DSYNC"),
        (0x4, "RWF_SYNC"),
        (0x8, "RWF_NOWAIT"),
        (0x10, "RWF_APPEND"),
    ])

    /// signalfd4's flags (sys/signalfd.h SFD_*, which are O_CLOEXEC and O_NONBLOCK):
    /// `SFD_CLOEXEC|SFD_NONBLOCK`, `0x10 /* SFD_??? */`.
    public static let signalfdFlags = Xlat(unknown: "SFD_???", [
        (0x80000, "SFD_CLOEXEC"),
        (0x800, "SFD_NONBLOCK"),
    ])
}
