import CPtrace
import Decoding
import Glibc

/// What `-yy` writes for a socket, the way strace 6.1 finds it: the protocol from the
/// `system.sockprotoname` attribute of /proc/PID/fd/N, the addresses from NETLINK_SOCK_DIAG
/// (inet_diag, unix_diag, netlink_diag), answered in the tracer's network namespace.
///
/// strace remembers every answer it got from sock_diag, by inode, in a 1024-slot table
/// (slot = inode & 1023) and never asks again while the slot holds that inode, so a socket
/// keeps the text of the first successful lookup: a UDP socket seen bound and later connected
/// stays `UDP:[127.0.0.1:5000]`, a TCP socket seen connected keeps its addresses after close
/// or shutdown. The table here behaves the same so that the output matches byte for byte.
/// A lookup that finds nothing is not remembered (`TCP:[12345]` for an unbound socket).
enum SocketDiag {
    /// `PROTO:[...]`, `PROTO:[inode]` when sock_diag does not know the socket, or nil when
    /// the protocol is unknown and nothing answered (the caller prints `socket:[inode]`).
    static func details(pid: Int32, fd: Int64, inode: UInt64) -> String? {
        if let known = cache.lookup(inode) { return known }
        let proto = protocolIndex(pid: pid, fd: fd)
        if let found = lookup(inode: inode, proto: proto) { return found }
        guard let proto else { return nil }
        return "\(protocols[proto].name):[\(inode)]"
    }

    /// `make(details(...))`, kept beside the cached text it was made from: -yy shows the same
    /// socket at call after call, and making its description (the text in angle brackets, the
    /// protocol, the object) was ~1,800 instructions each time. nil when `details` is nil.
    static func description(pid: Int32, fd: Int64, inode: UInt64, make: (String) -> FDDescription) -> FDDescription? {
        if let known = cache.description(inode, make: make) { return known }
        guard let text = details(pid: pid, fd: fd, inode: inode) else { return nil }
        // Found by a query, the text is in the cache now (a protocol's bare name is not kept).
        return cache.description(inode, make: make) ?? make(text)
    }

    // MARK: - Protocols

    enum Query {
        case unix
        case inet(family: Int32, proto: UInt8)
        case netlink
    }

    struct DiagProtocol {
        var name: String
        var query: Query
    }

    /// strace's table, in its order (the order matters when the protocol is unknown:
    /// every query is tried and the first that finds the inode names the socket).
    static let protocols: [DiagProtocol] = [
        DiagProtocol(name: "UNIX", query: .unix),
        DiagProtocol(name: "UNIX-STREAM", query: .unix),
        DiagProtocol(name: "TCP", query: .inet(family: AF_INET, proto: 6)),
        DiagProtocol(name: "UDP", query: .inet(family: AF_INET, proto: 17)),
        DiagProtocol(name: "UDPLITE", query: .inet(family: AF_INET, proto: 136)),
        DiagProtocol(name: "DCCP", query: .inet(family: AF_INET, proto: 33)),
        DiagProtocol(name: "SCTP", query: .inet(family: AF_INET, proto: 132)),
        DiagProtocol(name: "L2TP/IP", query: .inet(family: AF_INET, proto: 115)),
        DiagProtocol(name: "PING", query: .inet(family: AF_INET, proto: 1)),
        DiagProtocol(name: "RAW", query: .inet(family: AF_INET, proto: 255)),
        DiagProtocol(name: "TCPv6", query: .inet(family: AF_INET6, proto: 6)),
        DiagProtocol(name: "UDPv6", query: .inet(family: AF_INET6, proto: 17)),
        DiagProtocol(name: "UDPLITEv6", query: .inet(family: AF_INET6, proto: 136)),
        DiagProtocol(name: "DCCPv6", query: .inet(family: AF_INET6, proto: 33)),
        DiagProtocol(name: "L2TP/IPv6", query: .inet(family: AF_INET6, proto: 115)),
        DiagProtocol(name: "SCTPv6", query: .inet(family: AF_INET6, proto: 132)),
        DiagProtocol(name: "PINGv6", query: .inet(family: AF_INET6, proto: 1)),
        DiagProtocol(name: "RAWv6", query: .inet(family: AF_INET6, proto: 255)),
        DiagProtocol(name: "NETLINK", query: .netlink),
    ]

    /// NETLINK_* protocol names by number (include/uapi/linux/netlink.h), without the prefix.
    static let netlinkProtocols: [UInt8: String] = [
        0: "ROUTE", 1: "UNUSED", 2: "USERSOCK", 3: "FIREWALL", 4: "SOCK_DIAG", 5: "NFLOG",
        6: "XFRM", 7: "SELINUX", 8: "ISCSI", 9: "AUDIT", 10: "FIB_LOOKUP", 11: "CONNECTOR",
        12: "NETFILTER", 13: "IP6_FW", 14: "DNRTMSG", 15: "KOBJECT_UEVENT", 16: "GENERIC",
        18: "SCSITRANSPORT", 19: "ECRYPTFS", 20: "RDMA", 21: "CRYPTO", 22: "SMC",
    ]

    /// The kernel's name for the socket's protocol (`TCP`, `UNIX-STREAM`, `UDP-Lite`...).
    static func protocolName(pid: Int32, fd: Int64) -> String? {
        withProtocolName(pid: pid, fd: fd) { String(decoding: $0, as: UTF8.self) }
    }

    /// Whether the descriptor is a socket of this protocol (`NETLINK`): asked at every send and
    /// receive (strace asks too), so it makes no String.
    static func isProtocol(_ name: StaticString, pid: Int32, fd: Int64) -> Bool {
        withProtocolName(pid: pid, fd: fd) { found in
            found.count == name.utf8CodeUnitCount && memcmp(found.baseAddress!, name.utf8Start, found.count) == 0
        } ?? false
    }

    /// The protocol's name (system.sockprotoname of /proc/PID/fd/FD, up to its NUL) handed to
    /// `body`; nil when it cannot be read (not a socket, gone). The path and the name live in
    /// stack buffers.
    private static func withProtocolName<R>(pid: Int32, fd: Int64, _ body: (UnsafeRawBufferPointer) -> R) -> R? {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 256) { name in
            let n = ProcFDPath.with(pid: pid, fd: fd) { path in
                cx_getxattr(path, "system.sockprotoname", name.baseAddress, 255)
            } ?? -1
            guard n > 0 else { return nil }
            let read = UnsafeBufferPointer(start: name.baseAddress, count: n)
            return body(UnsafeRawBufferPointer(start: name.baseAddress, count: read.firstIndex(of: 0) ?? n))
        }
    }

    /// The protocol as an index into `protocols`, or nil when strace does not know it.
    static func protocolIndex(pid: Int32, fd: Int64) -> Int? {
        guard let name = protocolName(pid: pid, fd: fd) else { return nil }
        return protocols.firstIndex { $0.name == name }
    }

    // MARK: - Queries

    static func lookup(inode: UInt64, proto: Int?) -> String? {
        let fd = socket(AF_NETLINK, Int32(SOCK_RAW.rawValue) | Int32(SOCK_CLOEXEC.rawValue), netlinkSockDiag)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        // The kernel always answers (a dump ends with NLMSG_DONE, an exact request gets its
        // reply or an error), but never let a lost answer hang the tracer.
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        if let proto {
            return query(fd: fd, protocols[proto], inode: inode)
        }
        for candidate in protocols {
            if let found = query(fd: fd, candidate, inode: inode) { return found }
        }
        return nil
    }

    static let netlinkSockDiag: Int32 = 4
    static let sockDiagByFamily: UInt16 = 20
    static let requestFlag: UInt16 = 0x001
    static let dumpFlags: UInt16 = 0x300

    /// One protocol's query; the answer is remembered before it is returned.
    static func query(fd: Int32, _ proto: DiagProtocol, inode: UInt64) -> String? {
        var request: [UInt8]
        let parse: (ArraySlice<UInt8>) -> ParseResult
        switch proto.query {
        case .unix:
            // unix_diag_req: an exact request for the inode, name and peer.
            var body: [UInt8] = [UInt8(AF_UNIX), 0, 0, 0]
            body.appendWord(0xffff_ffff)               // udiag_states: all
            body.appendWord(UInt32(truncatingIfNeeded: inode))
            body.appendWord(0x1 | 0x4)                 // UDIAG_SHOW_NAME | UDIAG_SHOW_PEER
            body.appendWord(0xffff_ffff)               // udiag_cookie: none
            body.appendWord(0xffff_ffff)
            request = message(flags: requestFlag, body: body)
            parse = { unixAnswer($0, inode: inode, name: proto.name) }
        case let .inet(family, protocolNumber):
            // inet_diag_req_v2: a dump of every socket of the family and protocol, all states.
            var body: [UInt8] = [UInt8(family), protocolNumber, 0, 0]
            body.appendWord(0xffff_ffff)               // idiag_states: all
            body += [UInt8](repeating: 0, count: 48)   // inet_diag_sockid
            request = message(flags: requestFlag | dumpFlags, body: body)
            parse = { inetAnswer($0, inode: inode, name: proto.name) }
        case .netlink:
            // netlink_diag_req: a dump of every netlink socket, every protocol.
            var body: [UInt8] = [UInt8(AF_NETLINK), 255, 0, 0]   // NDIAG_PROTO_ALL
            body.appendWord(0)                         // ndiag_ino
            body.appendWord(0)                         // ndiag_show
            body.appendWord(0)                         // ndiag_cookie
            body.appendWord(0)
            request = message(flags: requestFlag | dumpFlags, body: body)
            parse = { netlinkAnswer($0, inode: inode, name: proto.name) }
        }
        guard send(fd: fd, request), let text = receive(fd: fd, parse: parse) else { return nil }
        cache.store(inode, text)
        return text
    }

    /// One TCP socket as sock_diag's inet_diag_msg gives it: its state (the kernel's TCP_*
    /// number), local and remote address (4 or 16 bytes) and port, inode, and its queues as
    /// /proc/net/tcp shows them (rx_queue and tx_queue: for a listener the accept queue's
    /// length and its backlog).
    struct TCPEntry {
        var state: Int
        var source: [UInt8]
        var sourcePort: UInt16
        var destination: [UInt8]
        var destinationPort: UInt16
        var inode: UInt64
        var receiveQueue: UInt32
        var sendQueue: UInt32
    }

    /// The name sockstep shows for the kernel's TCP state `state` (`ESTABLISHED`, `TIME_WAIT`,
    /// `NEW_SYN_RECV`...): sock_diag's table of TCP_* names without the prefix; nil for a
    /// number it does not know.
    static func tcpStateName(_ state: Int) -> String? {
        guard state >= 0, let name = Tables.tcpStates.name(UInt64(state)) else { return nil }
        return String(name.dropFirst("TCP_".count))
    }

    /// `127.0.0.1:8888`, `[::1]:8888`: an address of 4 or 16 bytes and a port, as /proc's
    /// tables are shown.
    static func endpointText(_ address: [UInt8], port: UInt16) -> String {
        address.count == 16 ? "[" + Sockaddr.ipv6Text(address) + "]:\(port)" : Sockaddr.ipv4Text(address, at: 0) + ":\(port)"
    }

    /// Every TCP socket of the family in one of `states` (a TCPF_* mask: 1 << TCP_LISTEN for the
    /// listeners only, and the kernel then walks only its table of listeners); nil when
    /// sock_diag does not answer or the dump does not end.
    static func tcpSockets(family: Int32, states: UInt32) -> [TCPEntry]? {
        let fd = socket(AF_NETLINK, Int32(SOCK_RAW.rawValue) | Int32(SOCK_CLOEXEC.rawValue), netlinkSockDiag)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        // inet_diag_req_v2: the family, IPPROTO_TCP, no extensions, the states, a zero sockid.
        var body: [UInt8] = [UInt8(family), 6, 0, 0]
        body.appendWord(states)
        body += [UInt8](repeating: 0, count: 48)
        guard send(fd: fd, message(flags: requestFlag | dumpFlags, body: body)) else { return nil }
        var found: [TCPEntry] = []
        var complete = false
        let size = family == AF_INET6 ? 16 : 4
        _ = receive(fd: fd) { message in
            let m = Array(message)
            guard m.count >= 16 + 72 else { return .failed }
            let b = 16
            found.append(TCPEntry(state: Int(m[b + 1]), source: Array(m[b + 8 ..< b + 8 + size]), sourcePort: UInt16(m[b + 4]) << 8 | UInt16(m[b + 5]),
                                  destination: Array(m[b + 24 ..< b + 24 + size]), destinationPort: UInt16(m[b + 6]) << 8 | UInt16(m[b + 7]),
                                  inode: UInt64(m.word(at: b + 68)), receiveQueue: m.word(at: b + 56), sendQueue: m.word(at: b + 60)))
            return .other
        } done: { complete = true }
        return complete ? found : nil
    }

    /// nlmsghdr + body.
    static func message(flags: UInt16, body: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(16 + body.count)
        out.appendWord(UInt32(16 + body.count))        // nlmsg_len
        out.appendHalf(sockDiagByFamily)               // nlmsg_type
        out.appendHalf(flags)                          // nlmsg_flags
        out.appendWord(0)                              // nlmsg_seq
        out.appendWord(0)                              // nlmsg_pid
        return out + body
    }

    static func send(fd: Int32, _ request: [UInt8]) -> Bool {
        // sockaddr_nl of the kernel: nl_family, nl_pad, nl_pid 0, nl_groups 0.
        var kernel = [UInt8](repeating: 0, count: 12)
        kernel[0] = UInt8(AF_NETLINK)
        while true {
            let n = request.withUnsafeBytes { bytes in
                kernel.withUnsafeBytes { address in
                    sendto(fd, bytes.baseAddress, bytes.count, 0,
                           address.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(address.count))
                }
            }
            if n >= 0 { return true }
            if errno != EINTR { return false }
        }
    }

    enum ParseResult {
        case other          // not this inode: keep reading
        case found(String)
        case failed         // stop: strace gives up on this query
    }

    /// Reads answers until one is about the inode; nil at the end of the dump, on an error
    /// message, or when the matching answer cannot be used.
    static func receive(fd: Int32, parse: (ArraySlice<UInt8>) -> ParseResult, done: () -> Void = {}) -> String? {
        var buffer = [UInt8](repeating: 0, count: 32768)
        var flags: Int32 = 0
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, flags) }
            if n < 0 {
                if errno == EINTR { continue }
                return nil
            }
            var offset = 0
            var remaining = n
            guard remaining >= 16, Int(buffer.word(at: 0)) >= 16, Int(buffer.word(at: 0)) <= remaining else { return nil }
            while remaining >= 16 {
                let length = Int(buffer.word(at: offset))
                guard length >= 16, length <= remaining else { break }
                guard buffer.half(at: offset + 4) == sockDiagByFamily else {
                    if buffer.half(at: offset + 4) == 3 { done() }   // NLMSG_DONE: the dump is whole
                    return nil
                }
                // The parsers get the payload and see the message's whole length, as strace's do.
                switch parse(buffer[offset ..< offset + length]) {
                case .other: break
                case let .found(text): return text
                case .failed: return nil
                }
                let aligned = (length + 3) & ~3
                offset += aligned
                remaining -= aligned
            }
            flags = Int32(MSG_DONTWAIT)
        }
    }

    /// inet_diag_msg: `TCP:[127.0.0.1:8888]`, `TCP:[src:port->dst:port]`, IPv6 in brackets.
    static func inetAnswer(_ message: ArraySlice<UInt8>, inode: UInt64, name: String) -> ParseResult {
        let m = Array(message)
        guard m.count >= 16 + 72 else { return .failed }
        let body = 16
        guard UInt64(m.word(at: body + 68)) == inode else { return .other }
        let family = Int32(m[body])
        let size: Int
        switch family {
        case AF_INET: size = 4
        case AF_INET6: size = 16
        default: return .failed
        }
        let sport = UInt16(m[body + 4]) << 8 | UInt16(m[body + 5])
        let dport = UInt16(m[body + 6]) << 8 | UInt16(m[body + 7])
        let src = Array(m[body + 8 ..< body + 8 + size])
        let dst = Array(m[body + 24 ..< body + 24 + size])
        let local = endpointText(src, port: sport)
        if dport != 0 || dst.contains(where: { $0 != 0 }) {
            return .found("\(name):[\(local)->\(endpointText(dst, port: dport))]")
        }
        return .found("\(name):[\(local)]")
    }

    /// unix_diag_msg with UNIX_DIAG_NAME and UNIX_DIAG_PEER:
    /// `UNIX-STREAM:[inode->peer,"path"]`, abstract names as `@"name"`.
    static func unixAnswer(_ message: ArraySlice<UInt8>, inode: UInt64, name: String) -> ParseResult {
        let m = Array(message)
        let body = 16
        var attributesLength = m.count - (16 + 16)
        guard attributesLength >= 0 else { return .failed }
        guard UInt64(m.word(at: body + 4)) == inode else { return .other }
        guard Int32(m[body]) == AF_UNIX else { return .failed }
        var peer: UInt32 = 0
        var path: [UInt8] = []
        var offset = body + 16
        while attributesLength >= 4 {
            let length = Int(m.half(at: offset))
            guard length >= 4, length <= attributesLength else { break }
            let payload = Array(m[offset + 4 ..< offset + length])
            switch m.half(at: offset + 2) {
            case 0: // UNIX_DIAG_NAME
                if path.isEmpty { path = Array(payload.prefix(108)) }
            case 2: // UNIX_DIAG_PEER
                if payload.count >= 4 { peer = payload.word(at: 0) }
            default: break
            }
            let aligned = (length + 3) & ~3
            offset += aligned
            attributesLength -= aligned
        }
        if peer == 0 && path.isEmpty { return .failed }
        var text = "\(name):[\(inode)"
        if peer != 0 { text += "->\(peer)" }
        if !path.isEmpty {
            text += ","
            if path[0] == 0 {
                text += "@" + FDDescriber.quote(path.dropFirst(), quotes: true, stopAtNul: true, escapeAngles: false)
            } else {
                text += FDDescriber.quote(path[...], quotes: true, stopAtNul: true, escapeAngles: false)
            }
        }
        return .found(text + "]")
    }

    /// netlink_diag_msg: `NETLINK:[ROUTE:1234]` (protocol and port id), or `NETLINK:[31]`.
    static func netlinkAnswer(_ message: ArraySlice<UInt8>, inode: UInt64, name: String) -> ParseResult {
        let m = Array(message)
        guard m.count >= 16 + 28 else { return .failed }
        let body = 16
        guard UInt64(m.word(at: body + 16)) == inode else { return .other }
        guard Int32(m[body]) == AF_NETLINK else { return .failed }
        let protocolNumber = m[body + 2]
        if let protocolName = netlinkProtocols[protocolNumber] {
            return .found("\(name):[\(protocolName):\(m.word(at: body + 4))]")
        }
        return .found("\(name):[\(protocolNumber)]")
    }

    // MARK: - strace's answer table

    static let cache = DetailsCache()
}

/// 1024 slots indexed by `inode & 1023`, each holding one inode's text (strace's cache).
final class DetailsCache: @unchecked Sendable {
    private var inodes = [UInt64](repeating: 0, count: 1024)
    private var texts = [String?](repeating: nil, count: 1024)
    /// What -yy writes for the slot's socket, made from its text when first asked.
    private var descriptions = [FDDescription?](repeating: nil, count: 1024)
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    init() {
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
    }

    func lookup(_ inode: UInt64) -> String? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        let slot = Int(inode & 1023)
        return inodes[slot] == inode ? texts[slot] : nil
    }

    func store(_ inode: UInt64, _ text: String) {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        let slot = Int(inode & 1023)
        inodes[slot] = inode
        texts[slot] = text
        descriptions[slot] = nil
    }

    /// The description of the slot's text when the slot holds `inode`: the one kept, or
    /// `make(text)` (made outside the lock), kept while the slot still holds that text.
    func description(_ inode: UInt64, make: (String) -> FDDescription) -> FDDescription? {
        let slot = Int(inode & 1023)
        pthread_mutex_lock(mutex)
        guard inodes[slot] == inode, let text = texts[slot] else {
            pthread_mutex_unlock(mutex)
            return nil
        }
        if let made = descriptions[slot] {
            pthread_mutex_unlock(mutex)
            return made
        }
        pthread_mutex_unlock(mutex)
        let made = make(text)
        pthread_mutex_lock(mutex)
        if inodes[slot] == inode, texts[slot] == text { descriptions[slot] = made }
        pthread_mutex_unlock(mutex)
        return made
    }
}

fileprivate extension Array where Element == UInt8 {
    mutating func appendWord(_ value: UInt32) {
        append(UInt8(value & 0xff)); append(UInt8((value >> 8) & 0xff))
        append(UInt8((value >> 16) & 0xff)); append(UInt8(value >> 24))
    }

    mutating func appendHalf(_ value: UInt16) {
        append(UInt8(value & 0xff)); append(UInt8(value >> 8))
    }

    /// Host-order (little-endian) 32-bit value at `offset`.
    func word(at offset: Int) -> UInt32 {
        UInt32(self[offset]) | UInt32(self[offset + 1]) << 8 | UInt32(self[offset + 2]) << 16 | UInt32(self[offset + 3]) << 24
    }

    func half(at offset: Int) -> UInt16 {
        UInt16(self[offset]) | UInt16(self[offset + 1]) << 8
    }
}
