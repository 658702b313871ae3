import Events
import Glibc
import Testing
@testable import Tracing

/// KernelState.tcpConnections reads sock_diag; what it gives must be what /proc/net/tcp and
/// tcp6 gave for the same connections (the text it read before, and still reads when sock_diag
/// does not answer).
@Suite("The kernel's TCP connections from sock_diag, as /proc shows them")
struct KernelStateTests {
    /// A connected pair on the loopback (127.0.0.1 or ::1), the port chosen by the kernel:
    /// the listener, the client and the accepted socket, and their addresses as sockstep writes them.
    struct Pair {
        var listener: Int32
        var client: Int32
        var accepted: Int32
        var server: String
        var clientAddress: String

        init(v6: Bool) throws {
            let family = v6 ? AF_INET6 : AF_INET
            let listener = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            let client = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            (self.listener, self.client, accepted) = (listener, client, -1)
            var storage = sockaddr_storage()
            var size: socklen_t
            if v6 {
                var a = sockaddr_in6()
                a.sin6_family = sa_family_t(AF_INET6)
                a.sin6_addr.__in6_u.__u6_addr8.15 = 1
                size = socklen_t(MemoryLayout<sockaddr_in6>.size)
                withUnsafeBytes(of: a) { bytes in withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: bytes) } }
            } else {
                var a = sockaddr_in()
                a.sin_family = sa_family_t(AF_INET)
                a.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
                size = socklen_t(MemoryLayout<sockaddr_in>.size)
                withUnsafeBytes(of: a) { bytes in withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: bytes) } }
            }
            let reached = withUnsafeMutablePointer(to: &storage) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                    var length = size
                    return bind(listener, address, size) == 0 && listen(listener, 4) == 0 && getsockname(listener, address, &length) == 0
                        && connect(client, address, size) == 0
                }
            }
            guard reached else {
                _ = Glibc.close(listener)
                _ = Glibc.close(client)
                throw Failure("cannot listen and connect on the loopback: errno \(errno)")
            }
            accepted = accept(listener, nil, nil)
            guard accepted >= 0, fcntl(accepted, F_SETFD, FD_CLOEXEC) == 0 else {
                _ = Glibc.close(listener)
                _ = Glibc.close(client)
                throw Failure("accept: errno \(errno)")
            }
            server = try Self.name(of: accepted, peer: false)
            clientAddress = try Self.name(of: client, peer: false)
        }

        /// The socket's address (or its peer's) as `127.0.0.1:P` or `[::1]:P`.
        static func name(of fd: Int32, peer: Bool) throws -> String {
            var storage = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let ok = withUnsafeMutablePointer(to: &storage) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { peer ? getpeername(fd, $0, &length) : getsockname(fd, $0, &length) }
            }
            guard ok == 0 else { throw Failure("getsockname: errno \(errno)") }
            let bytes = withUnsafeBytes(of: storage) { Array($0) }
            let port = UInt16(bytes[2]) << 8 | UInt16(bytes[3])
            let v6 = storage.ss_family == sa_family_t(AF_INET6)
            var text = [CChar](repeating: 0, count: 64)
            let address = v6 ? Array(bytes[8 ..< 24]) : Array(bytes[4 ..< 8])
            guard inet_ntop(v6 ? AF_INET6 : AF_INET, address, &text, 64) != nil else { throw Failure("inet_ntop: errno \(errno)") }
            let host = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            return v6 ? "[\(host)]:\(port)" : "\(host):\(port)"
        }

        /// Closes one of the descriptors, once: tests run in parallel, and a number closed
        /// twice could be another test's descriptor by then.
        mutating func close(_ which: WritableKeyPath<Pair, Int32>) {
            if self[keyPath: which] >= 0 { _ = Glibc.close(self[keyPath: which]) }
            self[keyPath: which] = -1
        }

        mutating func closeAll() {
            for which in [\Pair.listener, \.client, \.accepted] { close(which) }
        }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// Waits (up to 2 s, a hang guard) until sock_diag shows `key` in `state`.
    func waitFor(_ key: String, _ state: String) -> SocketState? {
        for _ in 0 ..< 200 {
            if let found = KernelState.diagConnections()?[key], found.state == state { return found }
            usleep(10_000)
        }
        return nil
    }

    /// The entries of `connections` on the pair's ports.
    func ours(_ connections: [String: SocketState], _ pair: Pair) -> [String: SocketState] {
        connections.filter { $0.key.hasPrefix(pair.server + "|") || $0.key.hasPrefix(pair.clientAddress + "|") }
    }

    @Test("the state names: sock_diag's TCP_* names without the prefix, as /proc's states were named",
          arguments: [(1, "ESTABLISHED"), (2, "SYN_SENT"), (3, "SYN_RECV"), (4, "FIN_WAIT1"), (5, "FIN_WAIT2"), (6, "TIME_WAIT"),
                      (7, "CLOSE"), (8, "CLOSE_WAIT"), (9, "LAST_ACK"), (10, "LISTEN"), (11, "CLOSING"), (12, "NEW_SYN_RECV")])
    func stateNames(number: Int, name: String) {
        #expect(SocketDiag.tcpStateName(number) == name)
        // /proc/net/tcp writes the state in two hex digits (`0A`); it never writes 12.
        let hex = String(number, radix: 16, uppercase: true)
        if number <= 11 { #expect(KernelState.tcpStateName(hex: hex.count == 1 ? "0" + hex : hex) == name) }
    }

    @Test("no name for a number that is no TCP state sockstep knows", arguments: [0, 13, 99, -1])
    func unknownStates(number: Int) {
        #expect(SocketDiag.tcpStateName(number) == nil)
    }

    @Test("TIME_WAIT of a connection this process closed first (inode 0), and the same as /proc", arguments: [false, true])
    func timeWait(v6: Bool) throws {
        var pair = try Pair(v6: v6)
        defer { pair.closeAll() }
        pair.close(\.accepted)   // the active close: the server's side goes to TIME_WAIT
        var byte: UInt8 = 0
        #expect(read(pair.client, &byte, 1) == 0)
        pair.close(\.client)
        let key = pair.server + "|" + pair.clientAddress
        let found = try #require(waitFor(key, "TIME_WAIT"), "no TIME_WAIT for \(key): \(ours(KernelState.diagConnections() ?? [:], pair))")
        #expect(found.inode == 0 && found.fd == -1 && found.proto == (v6 ? "TCPv6" : "TCP"))
        #expect(found.local == pair.server && found.remote == pair.clientAddress)
        #expect(KernelState.tcpConnections(seenBy: getpid())[key] == found)
        #expect(KernelState.procConnections(seenBy: getpid())[key] == found)
        // The listener is no connection: left out as /proc's reading left it out.
        let listening = pair.server + "|" + (v6 ? "[::]:0" : "0.0.0.0:0")
        #expect(KernelState.diagConnections()?[listening] == nil && KernelState.procConnections(seenBy: getpid())[listening] == nil)
    }

    @Test("a socket only bound is no connection (sock_diag would list it, in CLOSE, when asked for BOUND_INACTIVE)")
    func boundOnly() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        defer { close(fd) }
        var a = sockaddr_in()
        a.sin_family = sa_family_t(AF_INET)
        a.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        let bound = withUnsafePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        try #require(bound == 0)
        let local = try Pair.name(of: fd, peer: false)
        let diag = try #require(KernelState.diagConnections())
        #expect(!diag.keys.contains { $0.hasPrefix(local + "|") }, "\(diag.filter { $0.key.hasPrefix(local + "|") })")
        #expect(!KernelState.procConnections(seenBy: getpid()).keys.contains { $0.hasPrefix(local + "|") })
    }

    @Test("FIN_WAIT2 and CLOSE_WAIT, and bytes waiting in a queue: every field as /proc gives it", arguments: [false, true])
    func halfClosed(v6: Bool) throws {
        var pair = try Pair(v6: v6)
        defer { pair.closeAll() }
        let bytes: [UInt8] = Array("hello".utf8)
        #expect(write(pair.accepted, bytes, bytes.count) == bytes.count)   // unread by the client
        #expect(shutdown(pair.client, Int32(SHUT_WR)) == 0)
        let clientKey = pair.clientAddress + "|" + pair.server
        let serverKey = pair.server + "|" + pair.clientAddress
        let client = try #require(waitFor(clientKey, "FIN_WAIT2"), "\(ours(KernelState.diagConnections() ?? [:], pair))")
        #expect(client.receiveQueue == UInt64(bytes.count) && client.sendQueue == 0)
        let server = try #require(waitFor(serverKey, "CLOSE_WAIT"))
        // rx_queue is rcv_nxt - copied_seq: the FIN takes one sequence number, unread.
        #expect(server.inode != 0 && server.receiveQueue == 1 && server.sendQueue == 0)
        let diag = ours(try #require(KernelState.diagConnections()), pair)
        let proc = ours(KernelState.procConnections(seenBy: getpid()), pair)
        #expect(diag.count == 2 && diag == proc, "sock_diag \(diag), /proc \(proc)")
    }
}

