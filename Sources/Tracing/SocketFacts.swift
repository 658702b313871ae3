import Files
import Decoding
import Glibc

/// What the socket decoders need to know about the traced process that is not in its memory
/// (issue 12): whether a descriptor is a netlink socket and of which protocol (strace decodes
/// the data of a netlink socket as netlink messages), and the kernel's optmem_max (the most
/// control-message bytes strace reads).
public enum SocketFacts {
    /// The options with what the caller left unset filled in.
    public static func complete(_ options: DecodeOptions) -> DecodeOptions {
        var options = options
        if options.netlinkProtocol == nil {
            options.netlinkProtocol = { pid, fd in netlinkProtocol(pid: pid, fd: fd) }
        }
        options.readOptmemMax = { optmemMax }
        return options
    }

    /// strace reads /proc/sys/net/core/optmem_max once and rounds it up to whole long longs
    /// (here the first time a control message is decoded).
    static let optmemMax: UInt64 = {
        guard let text = Files.readText("/proc/sys/net/core/optmem_max"),
              let value = Int64(text.filter { $0.isNumber }), value > 0 else {
            return 8 * (2 * 1024 + 512)
        }
        return (UInt64(value) + 7) & ~7
    }()

    /// The netlink protocol of `fd` in `pid` (from /proc/PID/net/netlink, by the socket's
    /// inode), -1 when the socket is netlink but not listed, nil when it is not netlink.
    public static func netlinkProtocol(pid: Int32, fd: Int64) -> Int? {
        guard pid > 0, fd >= 0, fd <= Int64(Int32.max),
              SocketDiag.isProtocol("NETLINK", pid: pid, fd: fd),
              let (path, _) = FDDescriber.fdPath(pid: pid, fd: fd),
              let inode = FDDescriber.socketInode(path) else { return nil }
        guard let table = Files.readText("/proc/\(pid)/net/netlink") else { return -1 }
        // sk Eth Pid Groups Rmem Wmem Dump Locks Drops Inode
        for line in table.split(separator: "\n").dropFirst() {
            let columns = line.split(separator: " ", omittingEmptySubsequences: true)
            guard columns.count >= 10, UInt64(columns[9]) == inode, let family = Int(columns[1]) else { continue }
            return family
        }
        return -1
    }
}
