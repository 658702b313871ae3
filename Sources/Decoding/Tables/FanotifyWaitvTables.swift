// Constant tables of fanotify_init, fanotify_mark (linux/fanotify.h) and futex_waitv
// (linux/futex.h); the ORDER of each flag table is the order strace 6.1 prints the names in,
// and each holds the names strace 6.1 knows.

extension Tables {
    /// fanotify_init's notification class (flags & 0xc): `FAN_CLASS_NOTIF`, `0xc /* FAN_CLASS_??? */`.
    public static let fanotifyClasses = Xlat(unknown: "FAN_CLASS_???", [
        (0x0, "FAN_CLASS_NOTIF"), (0x4, "FAN_CLASS_CONTENT"), (0x8, "FAN_CLASS_PRE_CONTENT"),
    ])

    /// fanotify_init's other flags.
    public static let fanotifyInitFlags = Xlat(unknown: "FAN_???", [
        (0x1, "FAN_CLOEXEC"), (0x2, "FAN_NONBLOCK"), (0x10, "FAN_UNLIMITED_QUEUE"), (0x20, "FAN_UNLIMITED_MARKS"),
        (0x40, "FAN_ENABLE_AUDIT"), (0x80, "FAN_REPORT_PIDFD"), (0x100, "FAN_REPORT_TID"), (0x200, "FAN_REPORT_FID"),
        (0x400, "FAN_REPORT_DIR_FID"), (0x800, "FAN_REPORT_NAME"), (0x1000, "FAN_REPORT_TARGET_FID"),
    ])

    /// fanotify_mark's flags.
    public static let fanotifyMarkFlags = Xlat(unknown: "FAN_MARK_???", [
        (0x1, "FAN_MARK_ADD"), (0x2, "FAN_MARK_REMOVE"), (0x4, "FAN_MARK_DONT_FOLLOW"), (0x8, "FAN_MARK_ONLYDIR"),
        (0x10, "FAN_MARK_MOUNT"), (0x20, "FAN_MARK_IGNORED_MASK"), (0x40, "FAN_MARK_IGNORED_SURV_MODIFY"),
        (0x80, "FAN_MARK_FLUSH"), (0x100, "FAN_MARK_FILESYSTEM"), (0x200, "FAN_MARK_EVICTABLE"), (0x400, "FAN_MARK_IGNORE"),
    ])

    /// fanotify_mark's event mask (64 bits).
    public static let fanotifyEvents = Xlat(unknown: "FAN_???", [
        (0x1, "FAN_ACCESS"), (0x2, "FAN_MODIFY"), (0x4, "FAN_ATTRIB"), (0x8, "FAN_CLOSE_WRITE"), (0x10, "FAN_CLOSE_NOWRITE"),
        (0x20, "FAN_OPEN"), (0x40, "FAN_MOVED_FROM"), (0x80, "FAN_MOVED_TO"), (0x100, "FAN_CREATE"), (0x200, "FAN_DELETE"),
        (0x400, "FAN_DELETE_SELF"), (0x800, "FAN_MOVE_SELF"), (0x1000, "FAN_OPEN_EXEC"), (0x4000, "FAN_Q_OVERFLOW"),
        (0x8000, "FAN_FS_ERROR"), (0x10000, "FAN_OPEN_PERM"), (0x20000, "FAN_ACCESS_PERM"), (0x40000, "FAN_OPEN_EXEC_PERM"),
        (0x80000, "FAN_DIR_MODIFY"), (0x4000_0000, "FAN_ONDIR"), (0x0800_0000, "FAN_EVENT_ON_CHILD"), (0x1000_0000, "FAN_RENAME"),
    ])

    /// struct futex_waitv's flags: `FUTEX_32|FUTEX_PRIVATE_FLAG`.
    public static let futexWaiterFlags = Xlat(unknown: "FUTEX_???", [(0x2, "FUTEX_32"), (0x80, "FUTEX_PRIVATE_FLAG")])
}
