// Constant tables of execveat, openat2, the utime calls, readahead, mlockall, kcmp and the time
// calls, written from the kernel headers (asm-generic/mman.h, linux/openat2.h, linux/kcmp.h); the ORDER of each flag
// table is the order strace 6.1 prints the names in.

extension Tables {
    /// mlockall's flags (asm-generic/mman.h): `MCL_CURRENT|MCL_FUTURE`, `0x10 /* MCL_??? */`.
    public static let mlockallFlags = Xlat(unknown: "MCL_???", [
        (0x1, "MCL_CURRENT"),
        (0x2, "MCL_FUTURE"),
        (0x4, "MCL_ONFAULT"),
    ])

    /// openat2's open_how.resolve (linux/openat2.h):
    /// `RESOLVE_NO_SYMLINKS|RESOLVE_BENEATH`, `RESOLVE_CACHED|0xffffffffffffffc0`, `0`.
    public static let resolveFlags = Xlat(unknown: "RESOLVE_???", [
        (0x01, "RESOLVE_NO_XDEV"),
        (0x02, "RESOLVE_NO_MAGICLINKS"),
        (0x04, "RESOLVE_NO_SYMLINKS"),
        (0x08, "RESOLVE_BENEATH"),
        (0x10, "RESOLVE_IN_ROOT"),
        (0x20, "RESOLVE_CACHED"),
    ])

    /// kcmp's type (linux/kcmp.h): `KCMP_FILE`, `0x8 /* KCMP_??? */`.
    public static let kcmpTypes = Xlat(unknown: "KCMP_???", [
        (0, "KCMP_FILE"), (1, "KCMP_VM"), (2, "KCMP_FILES"), (3, "KCMP_FS"), (4, "KCMP_SIGHAND"),
        (5, "KCMP_IO"), (6, "KCMP_SYSVSEM"), (7, "KCMP_EPOLL_TFD"),
    ])
}
