extension Tables {
    /// cmsg_type at level SOL_SOCKET (linux/socket.h, asm-generic/socket.h).
    public static let scmTypes = Xlat(unknown: "SCM_???", [
        (1, "SCM_RIGHTS"),
        (2, "SCM_CREDENTIALS"),
        (3, "SCM_SECURITY"),
        (4, "SCM_PIDFD"),
        (29, "SCM_TIMESTAMP_OLD"),
        (35, "SCM_TIMESTAMPNS_OLD"),
        (37, "SCM_TIMESTAMPING_OLD"),
        (63, "SCM_TIMESTAMP_NEW"),
        (64, "SCM_TIMESTAMPNS_NEW"),
        (65, "SCM_TIMESTAMPING_NEW"),
    ])
}
