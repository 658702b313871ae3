// Constant tables of add_key, request_key and keyctl, written from the kernel headers
// (linux/keyctl.h, linux/key.h); the ORDER of each flag table is the order strace 6.1 prints
// the names in.

extension Tables {
    /// keyctl's command: `KEYCTL_READ`, `0x63 /* KEYCTL_??? */`.
    public static let keyctlCommands = Xlat(unknown: "KEYCTL_???", [
        (0, "KEYCTL_GET_KEYRING_ID"), (1, "KEYCTL_JOIN_SESSION_KEYRING"), (2, "KEYCTL_UPDATE"), (3, "KEYCTL_REVOKE"),
        (4, "KEYCTL_CHOWN"), (5, "KEYCTL_SETPERM"), (6, "KEYCTL_DESCRIBE"), (7, "KEYCTL_CLEAR"), (8, "KEYCTL_LINK"),
        (9, "KEYCTL_UNLINK"), (10, "KEYCTL_SEARCH"), (11, "KEYCTL_READ"), (12, "KEYCTL_INSTANTIATE"), (13, "KEYCTL_NEGATE"),
        (14, "KEYCTL_SET_REQKEY_KEYRING"), (15, "KEYCTL_SET_TIMEOUT"), (16, "KEYCTL_ASSUME_AUTHORITY"),
        (17, "KEYCTL_GET_SECURITY"), (18, "KEYCTL_SESSION_TO_PARENT"), (19, "KEYCTL_REJECT"), (20, "KEYCTL_INSTANTIATE_IOV"),
        (21, "KEYCTL_INVALIDATE"), (22, "KEYCTL_GET_PERSISTENT"), (23, "KEYCTL_DH_COMPUTE"), (24, "KEYCTL_PKEY_QUERY"),
        (25, "KEYCTL_PKEY_ENCRYPT"), (26, "KEYCTL_PKEY_DECRYPT"), (27, "KEYCTL_PKEY_SIGN"), (28, "KEYCTL_PKEY_VERIFY"),
        (29, "KEYCTL_RESTRICT_KEYRING"), (30, "KEYCTL_MOVE"), (31, "KEYCTL_CAPABILITIES"), (32, "KEYCTL_WATCH_KEY"),
    ])

    /// The special key ids (negative ints): `KEY_SPEC_PROCESS_KEYRING`; any other id is a
    /// plain number (no comment).
    public static let keySpecs = Xlat(unknown: "", [
        (UInt64(bitPattern: -1), "KEY_SPEC_THREAD_KEYRING"), (UInt64(bitPattern: -2), "KEY_SPEC_PROCESS_KEYRING"),
        (UInt64(bitPattern: -3), "KEY_SPEC_SESSION_KEYRING"), (UInt64(bitPattern: -4), "KEY_SPEC_USER_KEYRING"),
        (UInt64(bitPattern: -5), "KEY_SPEC_USER_SESSION_KEYRING"), (UInt64(bitPattern: -6), "KEY_SPEC_GROUP_KEYRING"),
        (UInt64(bitPattern: -7), "KEY_SPEC_REQKEY_AUTH_KEY"), (UInt64(bitPattern: -8), "KEY_SPEC_REQUESTOR_KEYRING"),
    ])

    /// KEYCTL_SET_REQKEY_KEYRING's keyring: `KEY_REQKEY_DEFL_NO_CHANGE` (-1), `99 /* KEY_REQKEY_DEFL_??? */`.
    public static let keyRequestDefaults = Xlat(unknown: "KEY_REQKEY_DEFL_???", [
        (UInt64(bitPattern: -1), "KEY_REQKEY_DEFL_NO_CHANGE"), (0, "KEY_REQKEY_DEFL_DEFAULT"),
        (1, "KEY_REQKEY_DEFL_THREAD_KEYRING"), (2, "KEY_REQKEY_DEFL_PROCESS_KEYRING"),
        (3, "KEY_REQKEY_DEFL_SESSION_KEYRING"), (4, "KEY_REQKEY_DEFL_USER_KEYRING"),
        (5, "KEY_REQKEY_DEFL_USER_SESSION_KEYRING"), (6, "KEY_REQKEY_DEFL_GROUP_KEYRING"),
        (7, "KEY_REQKEY_DEFL_REQUESTOR_KEYRING"),
    ])

    /// KEYCTL_SETPERM's permissions (linux/key.h); the _ALL names come after the bits they
    /// hold, so strace never prints them.
    public static let keyPermissions = Xlat(unknown: "KEY_???", [
        (0x0100_0000, "KEY_POS_VIEW"), (0x0200_0000, "KEY_POS_READ"), (0x0400_0000, "KEY_POS_WRITE"),
        (0x0800_0000, "KEY_POS_SEARCH"), (0x1000_0000, "KEY_POS_LINK"), (0x2000_0000, "KEY_POS_SETATTR"),
        (0x3f00_0000, "KEY_POS_ALL"),
        (0x0001_0000, "KEY_USR_VIEW"), (0x0002_0000, "KEY_USR_READ"), (0x0004_0000, "KEY_USR_WRITE"),
        (0x0008_0000, "KEY_USR_SEARCH"), (0x0010_0000, "KEY_USR_LINK"), (0x0020_0000, "KEY_USR_SETATTR"),
        (0x003f_0000, "KEY_USR_ALL"),
        (0x0000_0100, "KEY_GRP_VIEW"), (0x0000_0200, "KEY_GRP_READ"), (0x0000_0400, "KEY_GRP_WRITE"),
        (0x0000_0800, "KEY_GRP_SEARCH"), (0x0000_1000, "KEY_GRP_LINK"), (0x0000_2000, "KEY_GRP_SETATTR"),
        (0x0000_3f00, "KEY_GRP_ALL"),
        (0x0000_0001, "KEY_OTH_VIEW"), (0x0000_0002, "KEY_OTH_READ"), (0x0000_0004, "KEY_OTH_WRITE"),
        (0x0000_0008, "KEY_OTH_SEARCH"), (0x0000_0010, "KEY_OTH_LINK"), (0x0000_0020, "KEY_OTH_SETATTR"),
        (0x0000_003f, "KEY_OTH_ALL"),
    ])

    /// KEYCTL_MOVE's flags.
    public static let keyctlMoveFlags = Xlat(unknown: "KEYCTL_MOVE_???", [(1, "KEYCTL_MOVE_EXCL")])

    /// struct keyctl_pkey_query's supported_ops.
    public static let keyctlPkeyOperations = Xlat(unknown: "KEYCTL_SUPPORTS_???", [
        (1, "KEYCTL_SUPPORTS_ENCRYPT"), (2, "KEYCTL_SUPPORTS_DECRYPT"), (4, "KEYCTL_SUPPORTS_SIGN"), (8, "KEYCTL_SUPPORTS_VERIFY"),
    ])

    /// KEYCTL_CAPABILITIES' first and second bytes.
    public static let keyctlCapabilities0 = Xlat(unknown: "KEYCTL_CAPS0_???", [
        (0x01, "KEYCTL_CAPS0_CAPABILITIES"), (0x02, "KEYCTL_CAPS0_PERSISTENT_KEYRINGS"), (0x04, "KEYCTL_CAPS0_DIFFIE_HELLMAN"),
        (0x08, "KEYCTL_CAPS0_PUBLIC_KEY"), (0x10, "KEYCTL_CAPS0_BIG_KEY"), (0x20, "KEYCTL_CAPS0_INVALIDATE"),
        (0x40, "KEYCTL_CAPS0_RESTRICT_KEYRING"), (0x80, "KEYCTL_CAPS0_MOVE"),
    ])
    public static let keyctlCapabilities1 = Xlat(unknown: "KEYCTL_CAPS1_???", [
        (0x01, "KEYCTL_CAPS1_NS_KEYRING_NAME"), (0x02, "KEYCTL_CAPS1_NS_KEY_TAG"), (0x04, "KEYCTL_CAPS1_NOTIFICATIONS"),
    ])
}
