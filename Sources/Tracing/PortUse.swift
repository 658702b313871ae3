import Events
import Files
import Glibc

/// What holds a local address (`127.0.0.1:8888`, `[::1]:8888`) when bind says EADDRINUSE, read
/// from /proc/net/tcp and tcp6: a socket that listens or is connected there, or only
/// connections in TIME_WAIT, which SO_REUSEADDR lets a new socket bind over.
extension PortUse {
    /// What holds the TCP address `address`, from the tables of this network namespace.
    public static func of(_ address: String) -> PortUse {
        let states = rows(at: address).map(\.state)
        if states.contains(listen) { return .listening }
        if let other = states.first(where: { $0 != timeWait }) { return .connected(SocketDiag.tcpStateName(other) ?? String(other)) }
        if !states.isEmpty { return .timeWait(states.count) }
        return .bound
    }

    /// Whether the TCP tables list any socket on `address` (its wildcard included).
    public static func anything(at address: String) -> Bool {
        !rows(at: address).isEmpty
    }

    /// The inodes of the TCP sockets that listen on `address` (or on the wildcard address of
    /// its port, which takes its connections too). Asked of sock_diag for listening sockets
    /// only: the kernel then walks its table of listeners, not every connection (reading
    /// /proc/net/tcp takes milliseconds on a machine with thousands in TIME_WAIT); /proc's
    /// tables when sock_diag does not answer.
    public static func listeners(at address: String) -> [UInt64] {
        guard let (host, port) = split(address) else { return [] }
        var v4 = in_addr()
        var v6 = in6_addr()
        let accepted: [(family: Int32, hosts: [[UInt8]])]
        if inet_pton(AF_INET, host, &v4) == 1 {
            let bytes = withUnsafeBytes(of: &v4) { Array($0) }
            let mapped = [UInt8](repeating: 0, count: 10) + [0xff, 0xff]
            accepted = [(AF_INET, [bytes, [0, 0, 0, 0]]),
                        (AF_INET6, [[UInt8](repeating: 0, count: 16), mapped + bytes, mapped + [0, 0, 0, 0]])]
        } else if inet_pton(AF_INET6, host, &v6) == 1 {
            accepted = [(AF_INET6, [withUnsafeBytes(of: &v6) { Array($0) }, [UInt8](repeating: 0, count: 16)])]
        } else {
            return []
        }
        var out: [UInt64] = []
        for (family, hosts) in accepted {
            guard let listening = SocketDiag.tcpSockets(family: family, states: 1 << listen) else {   // TCPF_LISTEN
                return rows(at: address).filter { $0.state == listen }.map(\.inode)
            }
            out += listening.filter { $0.sourcePort == port && hosts.contains($0.source) }.map(\.inode)
        }
        return out
    }

    /// The kernel's TCP_LISTEN and TCP_TIME_WAIT.
    static let listen = 10
    static let timeWait = 6

    /// `127.0.0.1:8888` → ("127.0.0.1", 8888); `[::1]:8888` → ("::1", 8888).
    static func split(_ address: String) -> (host: String, port: UInt16)? {
        guard let colon = address.lastIndex(of: ":"), let port = UInt16(address[address.index(after: colon)...]) else { return nil }
        var host = address[..<colon]
        if host.hasPrefix("[") && host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        return (String(host), port)
    }

    /// The rows of /proc/net/tcp and tcp6 whose local address is `address`, or the wildcard
    /// address (or an IPv4-mapped form) on the same port: state (the kernel's number, -1 when
    /// the text is none) and inode.
    static func rows(at address: String) -> [(state: Int, inode: UInt64)] {
        guard let (host, port) = split(address) else { return [] }
        // An IPv4 address is also taken by an IPv6 socket on [::] or its IPv4-mapped form.
        let v4 = !host.contains(":")
        let accepted: [String: Set<String>] = v4 ? ["tcp": [host, "0.0.0.0"], "tcp6": ["::", "::ffff:" + host, "::ffff:0.0.0.0"]]
                                                 : ["tcp6": [host, "::"]]
        var out: [(Int, UInt64)] = []
        for (table, hosts) in accepted {
            let v6 = table == "tcp6"
            guard let text = Files.readText("/proc/net/\(table)") else { continue }
            for line in text.split(separator: "\n").dropFirst() {
                let f = line.split(separator: " ", omittingEmptySubsequences: true)
                guard f.count >= 10, let local = split(ProcNet.endpoint(String(f[1]), v6: v6)),
                      local.port == port, hosts.contains(local.host) else { continue }
                out.append((Int(f[3], radix: 16) ?? -1, UInt64(f[9]) ?? 0))
            }
        }
        return out
    }
}
