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

    /// struct sigevent's sigev_notify (asm-generic/siginfo.h SIGEV_*): `SIGEV_SIGNAL`,
    /// `0x9 /* SIGEV_??? */`.
    public static let sigeventNotify = Xlat(unknown: "SIGEV_???", [
        (0, "SIGEV_SIGNAL"),
        (1, "SIGEV_NONE"),
        (2, "SIGEV_THREAD"),
        (4, "SIGEV_THREAD_ID"),
    ])

    /// The flags of timerfd_create and timerfd_settime, one table for both as strace has it
    /// (sys/timerfd.h TFD_*; TFD_CLOEXEC and TFD_NONBLOCK are O_CLOEXEC and O_NONBLOCK):
    /// timerfd_create(..., 0x3) prints `TFD_TIMER_ABSTIME|TFD_TIMER_CANCEL_ON_SET`.
    public static let timerfdFlags = Xlat(unknown: "TFD_???", [
        (0x1, "TFD_TIMER_ABSTIME"),
        (0x2, "TFD_TIMER_CANCEL_ON_SET"),
        (0x80000, "TFD_CLOEXEC"),
        (0x800, "TFD_NONBLOCK"),
    ])

    /// setitimer's and getitimer's timer (linux/time.h ITIMER_*).
    public static let intervalTimers = Xlat(unknown: "ITIMER_???", [
        (0, "ITIMER_REAL"),
        (1, "ITIMER_VIRTUAL"),
        (2, "ITIMER_PROF"),
    ])
}
