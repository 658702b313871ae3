// Constant tables of the mount family (mount, umount2, fsopen, fsconfig, fsmount, fspick,
// move_mount, open_tree, mount_setattr), the protection key calls and landlock, written from
// the kernel headers (linux/mount.h, linux/fs.h, linux/fcntl.h, asm-generic/mman-common.h,
// linux/landlock.h); the ORDER of each flag table is the order strace 6.1 prints the names in,
// and each holds the names strace 6.1 knows (not the newer ones of these headers).

extension Tables {
    /// mount's flags (linux/mount.h), bit 9 unnamed: `MS_RDONLY|MS_NOSUID`, `0x200 /* MS_??? */`.
    public static let mountFlags = Xlat(unknown: "MS_???", [
        (1 << 0, "MS_RDONLY"), (1 << 1, "MS_NOSUID"), (1 << 2, "MS_NODEV"), (1 << 3, "MS_NOEXEC"),
        (1 << 4, "MS_SYNCHRONOUS"), (1 << 5, "MS_REMOUNT"), (1 << 6, "MS_MANDLOCK"), (1 << 7, "MS_DIRSYNC"),
        (1 << 8, "MS_NOSYMFOLLOW"), (1 << 10, "MS_NOATIME"), (1 << 11, "MS_NODIRATIME"), (1 << 12, "MS_BIND"),
        (1 << 13, "MS_MOVE"), (1 << 14, "MS_REC"), (1 << 15, "MS_SILENT"), (1 << 16, "MS_POSIXACL"),
        (1 << 17, "MS_UNBINDABLE"), (1 << 18, "MS_PRIVATE"), (1 << 19, "MS_SLAVE"), (1 << 20, "MS_SHARED"),
        (1 << 21, "MS_RELATIME"), (1 << 22, "MS_KERNMOUNT"), (1 << 23, "MS_I_VERSION"), (1 << 24, "MS_STRICTATIME"),
        (1 << 25, "MS_LAZYTIME"), (1 << 26, "MS_SUBMOUNT"), (1 << 27, "MS_NOREMOTELOCK"), (1 << 28, "MS_NOSEC"),
        (1 << 29, "MS_BORN"), (1 << 30, "MS_ACTIVE"), (1 << 31, "MS_NOUSER"),
    ])

    /// umount2's flags (linux/fs.h): `MNT_FORCE|MNT_DETACH`.
    public static let umountFlags = Xlat(unknown: "MNT_???", [
        (1, "MNT_FORCE"), (2, "MNT_DETACH"), (4, "MNT_EXPIRE"), (8, "UMOUNT_NOFOLLOW"),
    ])

    /// fsopen's flags: `FSOPEN_CLOEXEC`.
    public static let fsopenFlags = Xlat(unknown: "FSOPEN_???", [(1, "FSOPEN_CLOEXEC")])

    /// fsconfig's command: `FSCONFIG_SET_STRING`, `0x8 /* FSCONFIG_??? */`.
    public static let fsconfigCommands = Xlat(unknown: "FSCONFIG_???", [
        (0, "FSCONFIG_SET_FLAG"), (1, "FSCONFIG_SET_STRING"), (2, "FSCONFIG_SET_BINARY"), (3, "FSCONFIG_SET_PATH"),
        (4, "FSCONFIG_SET_PATH_EMPTY"), (5, "FSCONFIG_SET_FD"), (6, "FSCONFIG_CMD_CREATE"), (7, "FSCONFIG_CMD_RECONFIGURE"),
    ])

    /// fsmount's flags: `FSMOUNT_CLOEXEC`.
    public static let fsmountFlags = Xlat(unknown: "FSMOUNT_???", [(1, "FSMOUNT_CLOEXEC")])

    /// fsmount's mount attributes (strace 6.1 knows no MOUNT_ATTR_IDMAP here, nor a name for 0).
    public static let fsmountAttributes = Xlat(unknown: "MOUNT_ATTR_???", [
        (0x01, "MOUNT_ATTR_RDONLY"), (0x02, "MOUNT_ATTR_NOSUID"), (0x04, "MOUNT_ATTR_NODEV"), (0x08, "MOUNT_ATTR_NOEXEC"),
        (0x10, "MOUNT_ATTR_NOATIME"), (0x20, "MOUNT_ATTR_STRICTATIME"), (0x80, "MOUNT_ATTR_NODIRATIME"),
    ])

    /// struct mount_attr's attr_set and attr_clr (64 bits).
    public static let mountAttributes = Xlat(unknown: "MOUNT_ATTR_???", [
        (0x01, "MOUNT_ATTR_RDONLY"), (0x02, "MOUNT_ATTR_NOSUID"), (0x04, "MOUNT_ATTR_NODEV"), (0x08, "MOUNT_ATTR_NOEXEC"),
        (0x10, "MOUNT_ATTR_NOATIME"), (0x20, "MOUNT_ATTR_STRICTATIME"), (0x80, "MOUNT_ATTR_NODIRATIME"),
        (0x100000, "MOUNT_ATTR_IDMAP"), (0x200000, "MOUNT_ATTR_NOSYMFOLLOW"),
    ])

    /// struct mount_attr's propagation, one value: `MS_PRIVATE`, `0 /* MS_??? */`.
    public static let mountPropagations = Xlat(unknown: "MS_???", [
        (0x20000, "MS_UNBINDABLE"), (0x40000, "MS_PRIVATE"), (0x80000, "MS_SLAVE"), (0x100000, "MS_SHARED"),
    ])

    /// fspick's flags.
    public static let fspickFlags = Xlat(unknown: "FSPICK_???", [
        (1, "FSPICK_CLOEXEC"), (2, "FSPICK_SYMLINK_NOFOLLOW"), (4, "FSPICK_NO_AUTOMOUNT"), (8, "FSPICK_EMPTY_PATH"),
    ])

    /// move_mount's flags.
    public static let moveMountFlags = Xlat(unknown: "MOVE_MOUNT_???", [
        (0x01, "MOVE_MOUNT_F_SYMLINKS"), (0x02, "MOVE_MOUNT_F_AUTOMOUNTS"), (0x04, "MOVE_MOUNT_F_EMPTY_PATH"),
        (0x10, "MOVE_MOUNT_T_SYMLINKS"), (0x20, "MOVE_MOUNT_T_AUTOMOUNTS"), (0x40, "MOVE_MOUNT_T_EMPTY_PATH"),
        (0x100, "MOVE_MOUNT_SET_GROUP"),
    ])

    /// open_tree's flags, its own and the AT_ ones (OPEN_TREE_CLOEXEC is O_CLOEXEC).
    public static let openTreeFlags = Xlat(unknown: "OPEN_TREE_???", [
        (0x1, "OPEN_TREE_CLONE"), (0x80000, "OPEN_TREE_CLOEXEC"), (0x100, "AT_SYMLINK_NOFOLLOW"), (0x200, "AT_REMOVEDIR"),
        (0x400, "AT_SYMLINK_FOLLOW"), (0x800, "AT_NO_AUTOMOUNT"), (0x1000, "AT_EMPTY_PATH"), (0x8000, "AT_RECURSIVE"),
    ])

    /// mount_setattr's flags.
    public static let mountSetattrFlags = Xlat(unknown: "AT_???", [
        (0x100, "AT_SYMLINK_NOFOLLOW"), (0x800, "AT_NO_AUTOMOUNT"), (0x1000, "AT_EMPTY_PATH"), (0x8000, "AT_RECURSIVE"),
    ])

    /// pkey_alloc's access rights (64 bits): `PKEY_DISABLE_ACCESS|PKEY_DISABLE_WRITE`.
    public static let pkeyAccessRights = Xlat(unknown: "PKEY_???", [
        (1, "PKEY_DISABLE_ACCESS"), (2, "PKEY_DISABLE_WRITE"), (4, "PKEY_DISABLE_EXECUTE"),
    ])

    /// Landlock's filesystem access rights (64 bits), the 14 strace 6.1 knows.
    public static let landlockFilesystemAccess = Xlat(unknown: "LANDLOCK_ACCESS_FS_???", [
        (1 << 0, "LANDLOCK_ACCESS_FS_EXECUTE"), (1 << 1, "LANDLOCK_ACCESS_FS_WRITE_FILE"),
        (1 << 2, "LANDLOCK_ACCESS_FS_READ_FILE"), (1 << 3, "LANDLOCK_ACCESS_FS_READ_DIR"),
        (1 << 4, "LANDLOCK_ACCESS_FS_REMOVE_DIR"), (1 << 5, "LANDLOCK_ACCESS_FS_REMOVE_FILE"),
        (1 << 6, "LANDLOCK_ACCESS_FS_MAKE_CHAR"), (1 << 7, "LANDLOCK_ACCESS_FS_MAKE_DIR"),
        (1 << 8, "LANDLOCK_ACCESS_FS_MAKE_REG"), (1 << 9, "LANDLOCK_ACCESS_FS_MAKE_SOCK"),
        (1 << 10, "LANDLOCK_ACCESS_FS_MAKE_FIFO"), (1 << 11, "LANDLOCK_ACCESS_FS_MAKE_BLOCK"),
        (1 << 12, "LANDLOCK_ACCESS_FS_MAKE_SYM"), (1 << 13, "LANDLOCK_ACCESS_FS_REFER"),
    ])

    /// landlock_create_ruleset's flags.
    public static let landlockCreateRulesetFlags = Xlat(unknown: "LANDLOCK_CREATE_RULESET_???", [
        (1, "LANDLOCK_CREATE_RULESET_VERSION"),
    ])

    /// landlock_add_rule's rule type (strace 6.1 knows no LANDLOCK_RULE_NET_PORT).
    public static let landlockRuleTypes = Xlat(unknown: "LANDLOCK_RULE_???", [(1, "LANDLOCK_RULE_PATH_BENEATH")])
}

extension Tables {
    /// memfd_secret's flags (printed with no default: an unknown bit alone is its hex).
    public static let memfdSecretFlags = Xlat(unknown: "", [(0x80000, "O_CLOEXEC")])

    /// name_to_handle_at's flags, the two strace 6.1 knows.
    public static let nameToHandleFlags = Xlat(unknown: "AT_???", [(0x400, "AT_SYMLINK_FOLLOW"), (0x1000, "AT_EMPTY_PATH")])
}
