import Decoding
import Events
import Files
import Glibc

/// The kernel's side of a process's sockets, read from /proc and sock_diag (no syscall in the process): for
/// each socket descriptor its family and protocol, addresses, state and queues.
public enum KernelState {
    /// The process's socket descriptors and their inodes, from /proc/PID/fd's links alone.
    public static func socketDescriptors(of pid: Int32) -> [(fd: Int, inode: UInt64)] {
        var inodes: [(fd: Int, inode: UInt64)] = []
        for name in Files.list("/proc/\(pid)/fd") ?? [] {
            guard let fd = Int(name) else { continue }
            var buffer = [CChar](repeating: 0, count: 256)
            let n = readlink("/proc/\(pid)/fd/\(fd)", &buffer, 255)
            guard n > 0 else { continue }
            let link = String(decoding: buffer[0 ..< n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if link.hasPrefix("socket:["), let inode = UInt64(link.dropFirst(8).dropLast()) { inodes.append((fd, inode)) }
        }
        return inodes
    }

    /// The kernel's name for the protocol of the process's descriptor (`TCP`, `TCPv6`, `UDP`,
    /// `UNIX-STREAM`...), nil when it is not a socket.
    public static func protocolName(pid: Int32, fd: Int) -> String? {
        SocketDiag.protocolName(pid: pid, fd: Int64(fd))
    }

    /// The process's socket descriptors, in fd order.
    public static func sockets(of pid: Int32) -> [SocketState] {
        let inodes = socketDescriptors(of: pid)
        guard !inodes.isEmpty else { return [] }
        var tables: [String: [Substring]] = [:]
        for file in ["tcp", "tcp6", "udp", "udp6", "raw", "raw6", "unix"] {
            tables[file] = (Files.readText("/proc/\(pid)/net/\(file)") ?? "").split(separator: "\n").dropFirst().map { $0 }
        }
        return inodes.sorted { $0.fd < $1.fd }.map { item in
            state(fd: item.fd, inode: item.inode, pid: pid, tables: tables)
        }
    }

    /// The TCP connections of the process's network namespace, by `local|remote`: those of
    /// closed descriptors too (inode 0), which a process's fds no longer show: FIN_WAIT2,
    /// TIME_WAIT, LAST_ACK. Every socket but the listeners, from sock_diag (IPv4 and IPv6);
    /// from /proc/PID/net/tcp and tcp6 when sock_diag does not answer, or when the process is
    /// in another network namespace than sockstep (sock_diag answers in sockstep's).
    public static func tcpConnections(seenBy pid: Int32) -> [String: SocketState] {
        if sharesNetworkNamespace(pid), let found = diagConnections() { return found }
        return procConnections(seenBy: pid)
    }

    /// Every TCP state but LISTEN, as a TCPF_* mask: ESTABLISHED (1) to CLOSING (11) and
    /// NEW_SYN_RECV (12). Not TCPF_BOUND_INACTIVE (1 << 13): sockets bound but neither
    /// listening nor connected, which sock_diag would add (in state CLOSE) and /proc/net/tcp
    /// does not list.
    static let everyStateButListen: UInt32 = 0x1ffe & ~(1 << 10)

    static func diagConnections() -> [String: SocketState]? {
        var out: [String: SocketState] = [:]
        for (family, proto) in [(AF_INET, "TCP"), (AF_INET6, "TCPv6")] {
            guard let sockets = SocketDiag.tcpSockets(family: family, states: everyStateButListen) else { return nil }
            for socket in sockets {
                let local = SocketDiag.endpointText(socket.source, port: socket.sourcePort)
                let remote = SocketDiag.endpointText(socket.destination, port: socket.destinationPort)
                out[local + "|" + remote] = SocketState(fd: -1, inode: socket.inode, proto: proto, local: local, remote: remote,
                                                        state: SocketDiag.tcpStateName(socket.state) ?? String(socket.state),
                                                        acceptQueue: nil, receiveQueue: UInt64(socket.receiveQueue),
                                                        sendQueue: UInt64(socket.sendQueue), path: nil)
            }
        }
        return out
    }

    static func procConnections(seenBy pid: Int32) -> [String: SocketState] {
        var out: [String: SocketState] = [:]
        for (file, v6) in [("tcp", false), ("tcp6", true)] {
            for line in (Files.readText("/proc/\(pid)/net/\(file)") ?? "").split(separator: "\n").dropFirst() {
                let f = line.split(separator: " ", omittingEmptySubsequences: true)
                guard f.count >= 10, f[3] != "0A" else { continue }
                let local = ProcNet.endpoint(String(f[1]), v6: v6)
                let remote = ProcNet.endpoint(String(f[2]), v6: v6)
                let queues = f[4].split(separator: ":")
                out[local + "|" + remote] = SocketState(fd: -1, inode: UInt64(f[9]) ?? 0, proto: v6 ? "TCPv6" : "TCP", local: local,
                                                        remote: remote, state: tcpStateName(hex: f[3]), acceptQueue: nil,
                                                        receiveQueue: UInt64(queues.last ?? "0", radix: 16) ?? 0,
                                                        sendQueue: UInt64(queues.first ?? "0", radix: 16) ?? 0, path: nil)
            }
        }
        return out
    }

    /// Whether the process is in sockstep's network namespace (then sock_diag sees its sockets).
    static func sharesNetworkNamespace(_ pid: Int32) -> Bool {
        var theirs = stat()
        var ours = stat()
        guard stat("/proc/\(pid)/ns/net", &theirs) == 0, stat("/proc/self/ns/net", &ours) == 0 else { return false }
        return theirs.st_ino == ours.st_ino && theirs.st_dev == ours.st_dev
    }

    /// A state as /proc/net/tcp prints it (two hex digits, `06`): its name, or the text itself
    /// when it is no state sockstep knows.
    static func tcpStateName<S: StringProtocol>(hex: S) -> String {
        Int(hex, radix: 16).flatMap(SocketDiag.tcpStateName) ?? String(hex)
    }

    static func state(fd: Int, inode: UInt64, pid: Int32, tables: [String: [Substring]]) -> SocketState {
        let inodeText = String(inode)
        for (file, proto, v6) in [("tcp", "TCP", false), ("tcp6", "TCPv6", true), ("udp", "UDP", false), ("udp6", "UDPv6", true),
                                  ("raw", "RAW", false), ("raw6", "RAWv6", true)] {
            for line in tables[file] ?? [] {
                let f = line.split(separator: " ", omittingEmptySubsequences: true)
                guard f.count >= 10, f[9] == inodeText else { continue }
                let queues = f[4].split(separator: ":")
                let tx = UInt64(queues.first ?? "0", radix: 16) ?? 0
                let rx = UInt64(queues.last ?? "0", radix: 16) ?? 0
                var state = tcpStateName(hex: f[3])
                let isTCP = file.hasPrefix("tcp")
                if !isTCP { state = f[3] == "01" ? "ESTABLISHED" : "UNCONN" }
                let remote = ProcNet.endpoint(String(f[2]), v6: v6)
                let unconnected = remote.hasSuffix(":0") && (remote.hasPrefix("0.0.0.0") || remote.hasPrefix("[::]"))
                var s = SocketState(fd: fd, inode: inode, proto: proto, local: ProcNet.endpoint(String(f[1]), v6: v6),
                                    remote: unconnected ? nil : remote, state: state, acceptQueue: nil,
                                    receiveQueue: rx, sendQueue: tx, path: nil)
                if isTCP && state == "LISTEN" {
                    // For a listening socket rx is the accept queue's length; tx is not its
                    // backlog (/proc writes write_seq - snd_una there, 0): the caller puts in
                    // the backlog the listen call gave (sock_diag's idiag_wqueue would be it).
                    s.acceptQueue = SocketState.AcceptQueue(pending: rx, backlog: tx)
                    s.receiveQueue = 0
                    s.sendQueue = 0
                }
                return s
            }
        }
        for line in tables["unix"] ?? [] {
            let f = line.split(separator: " ", omittingEmptySubsequences: true)
            guard f.count >= 7, f[6] == inodeText else { continue }
            let flags = UInt32(f[3], radix: 16) ?? 0
            let type = f[4] == "0001" ? "UNIX-STREAM" : f[4] == "0002" ? "UNIX-DGRAM" : "UNIX-SEQPACKET"
            let listening = flags & 0x10000 != 0
            let state: String
            switch f[5] {
            case "01": state = listening ? "LISTEN" : "UNCONNECTED"
            case "02": state = "CONNECTING"
            case "03": state = "ESTABLISHED"
            case "04": state = "DISCONNECTING"
            default: state = String(f[5])
            }
            let path = f.count >= 8 ? String(f[7]) : nil
            return SocketState(fd: fd, inode: inode, proto: type, local: nil, remote: nil, state: state, acceptQueue: nil,
                               receiveQueue: 0, sendQueue: 0, path: path)
        }
        // Not in the tables: a TCP socket not bound yet, or bound but not listening (the kernel's
        // socket diagnostics still know its address), or one already closed down.
        let proto = SocketDiag.protocolName(pid: pid, fd: Int64(fd)) ?? "socket"
        var local: String?
        if let details = SocketDiag.details(pid: pid, fd: Int64(fd), inode: inode),
           let open = details.firstIndex(of: "["), details.hasSuffix("]") {
            let inside = String(details[details.index(after: open) ..< details.index(before: details.endIndex)])
            if inside.contains(":") && !inside.contains("->") { local = inside }
        }
        return SocketState(fd: fd, inode: inode, proto: proto, local: local, remote: nil,
                           state: local == nil ? "CLOSE (no address yet)" : "CLOSE (bound, not listening)", acceptQueue: nil,
                           receiveQueue: 0, sendQueue: 0, path: nil)
    }
}
