extension Tables {
    /// cmsg_level: the socket levels with strace's other unknown text, `SOL_???` (setsockopt's
    /// level prints `SOL_??`).
    public static let socketLevelsCmsg = Xlat(unknown: "SOL_???", socketLevels.entries.map { ($0.value, $0.name) })
}
