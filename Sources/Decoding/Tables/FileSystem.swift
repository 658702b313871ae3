// Constant tables of the file and directory calls (access, *at flags, stat, statx, statfs,
// eventfd), written from the kernel headers (linux/fcntl.h, linux/stat.h, linux/eventfd.h,
// bits/statvfs.h); the ORDER of each flag table is the order strace 6.1 prints the names in
// (observed by calling each call with every bit set, and with output structs filled in).

extension Tables {
    /// access()/faccessat() mode: `F_OK` for 0, `R_OK|W_OK|X_OK`, `0x10 /* ?_OK */`.
    public static let accessModes = Xlat(unknown: "?_OK", [
        (0x0, "F_OK"),
        (0x4, "R_OK"),
        (0x2, "W_OK"),
        (0x1, "X_OK"),
    ])

    /// The AT_* flags of newfstatat, unlinkat, statx and the like (linux/fcntl.h):
    /// `AT_SYMLINK_NOFOLLOW|AT_NO_AUTOMOUNT|AT_EMPTY_PATH|AT_RECURSIVE`, `0x4000 /* AT_??? */`.
    public static let atFlags = Xlat(unknown: "AT_???", [
        (0x100, "AT_SYMLINK_NOFOLLOW"),
        (0x200, "AT_REMOVEDIR"),
        (0x400, "AT_SYMLINK_FOLLOW"),
        (0x800, "AT_NO_AUTOMOUNT"),
        (0x1000, "AT_EMPTY_PATH"),
        (0x8000, "AT_RECURSIVE"),
    ])

    /// A directory entry's type (getdents64's d_type, printed with -v; dirent.h):
    /// `DT_REG`, `0xf /* DT_??? */`.
    public static let directoryEntryTypes = Xlat(unknown: "DT_???", [
        (0, "DT_UNKNOWN"), (1, "DT_FIFO"), (2, "DT_CHR"), (4, "DT_DIR"), (6, "DT_BLK"), (8, "DT_REG"),
        (10, "DT_LNK"), (12, "DT_SOCK"), (14, "DT_WHT"),
    ])

    /// faccessat2's flags, where 0x200 is AT_EACCESS: `AT_SYMLINK_NOFOLLOW|AT_EACCESS`.
    public static let faccessatFlags = Xlat(unknown: "AT_???", [
        (0x100, "AT_SYMLINK_NOFOLLOW"),
        (0x200, "AT_EACCESS"),
        (0x1000, "AT_EMPTY_PATH"),
    ])

    /// statx's flags: the sync type first (`AT_STATX_SYNC_AS_STAT` when neither bit is set),
    /// then the AT_* flags: `AT_STATX_SYNC_AS_STAT|AT_SYMLINK_NOFOLLOW|AT_NO_AUTOMOUNT`,
    /// `AT_STATX_FORCE_SYNC|AT_STATX_DONT_SYNC`, `AT_STATX_SYNC_AS_STAT|0x1`.
    public static let statxSyncTypes = Xlat(unknown: "AT_???", [
        (0, "AT_STATX_SYNC_AS_STAT"),
        (0x2000, "AT_STATX_FORCE_SYNC"),
        (0x4000, "AT_STATX_DONT_SYNC"),
    ])

    /// The file type of a mode (`mode & S_IFMT`, linux/stat.h).
    public static let fileTypes = Xlat(unknown: "S_IF???", [
        (0o140000, "S_IFSOCK"),
        (0o120000, "S_IFLNK"),
        (0o100000, "S_IFREG"),
        (0o060000, "S_IFBLK"),
        (0o040000, "S_IFDIR"),
        (0o020000, "S_IFCHR"),
        (0o010000, "S_IFIFO"),
    ])

    /// The set-id and sticky bits of a mode, printed by name before the permission bits:
    /// `S_IFREG|S_ISUID|0755`, `S_IFDIR|S_ISVTX|0777`.
    public static let modeBits = Xlat(unknown: "S_???", [
        (0o4000, "S_ISUID"),
        (0o2000, "S_ISGID"),
        (0o1000, "S_ISVTX"),
    ])

    /// statx's stx_attributes (linux/stat.h), a 64-bit set.
    public static let statxAttributes = Xlat(unknown: "STATX_ATTR_???", [
        (0x4, "STATX_ATTR_COMPRESSED"),
        (0x10, "STATX_ATTR_IMMUTABLE"),
        (0x20, "STATX_ATTR_APPEND"),
        (0x40, "STATX_ATTR_NODUMP"),
        (0x800, "STATX_ATTR_ENCRYPTED"),
        (0x1000, "STATX_ATTR_AUTOMOUNT"),
        (0x2000, "STATX_ATTR_MOUNT_ROOT"),
        (0x100000, "STATX_ATTR_VERITY"),
        (0x200000, "STATX_ATTR_DAX"),
    ])

    /// statfs's f_flags (ST_* of bits/statvfs.h), ST_VALID first:
    /// `ST_VALID|ST_RDONLY|ST_NOSUID|ST_RELATIME`. strace 6.1 has no names for 0x80, 0x100
    /// and 0x200 (ST_WRITE, ST_APPEND, ST_IMMUTABLE): they print as leftover hex.
    public static let statfsFlags = Xlat(unknown: "ST_???", [
        (0x20, "ST_VALID"),
        (0x1, "ST_RDONLY"),
        (0x2, "ST_NOSUID"),
        (0x4, "ST_NODEV"),
        (0x8, "ST_NOEXEC"),
        (0x10, "ST_SYNCHRONOUS"),
        (0x40, "ST_MANDLOCK"),
        (0x400, "ST_NOATIME"),
        (0x800, "ST_NODIRATIME"),
        (0x1000, "ST_RELATIME"),
        (0x2000, "ST_NOSYMFOLLOW"),
    ])

    /// eventfd2's flags (linux/eventfd.h): `EFD_SEMAPHORE|EFD_CLOEXEC|EFD_NONBLOCK`.
    public static let eventfdFlags = Xlat(unknown: "EFD_???", [
        (0x1, "EFD_SEMAPHORE"),
        (0x80000, "EFD_CLOEXEC"),
        (0x800, "EFD_NONBLOCK"),
    ])

    /// close_range's flags (linux/close_range.h): `CLOSE_RANGE_UNSHARE|CLOSE_RANGE_CLOEXEC`.
    public static let closeRangeFlags = Xlat(unknown: "CLOSE_RANGE_???", [
        (0x2, "CLOSE_RANGE_UNSHARE"),
        (0x4, "CLOSE_RANGE_CLOEXEC"),
    ])

    /// renameat2's flags (linux/fs.h): `RENAME_NOREPLACE`, `RENAME_EXCHANGE|0x8`; strace
    /// writes `0x8 /* RENAME_?? */` (two question marks) for unknown bits alone.
    public static let renameFlags = Xlat(unknown: "RENAME_??", [
        (0x1, "RENAME_NOREPLACE"),
        (0x2, "RENAME_EXCHANGE"),
        (0x4, "RENAME_WHITEOUT"),
    ])

    /// setxattr's flags (linux/xattr.h): `XATTR_CREATE`, `XATTR_CREATE|XATTR_REPLACE|0x4`.
    public static let xattrFlags = Xlat(unknown: "XATTR_???", [
        (0x1, "XATTR_CREATE"),
        (0x2, "XATTR_REPLACE"),
    ])
}
