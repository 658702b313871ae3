import CPtrace
import Decoding
import Events
import Glibc

/// The wire (`--wire`): a packet socket on the loopback interface that keeps, by a classic BPF
/// filter in the kernel, the lesson's TCP and UDP packets, each stamped by the kernel
/// (SO_TIMESTAMPNS); and the lesson's TCP sockets' states from sock_diag. Read only when asked
/// (`take`, `states`): the engine asks at each of the tracer's stops, so that no thread runs
/// beside the tracer. Packets wait in the socket's receive queue meanwhile.
public final class WireCapture {
    let fd: Int32
    let ports: Set<UInt16>
    /// Packets read but stamped after the moment asked for: they wait for a later `take`.
    var waiting: [(Segment, Stamp)] = []
    /// Each TCP socket of the ports, by `local > remote`, and its state at the last look.
    var known: [String: (local: String, remote: String?, state: String)] = [:]
    /// The sockets of the ports the kernel listed before the run (a TIME_WAIT left by an
    /// earlier run): not the lesson's, never shown.
    var before: Set<String> = []

    /// Why there is no wire view: one line, for the run to show before it goes on without it.
    public struct Unavailable: Error, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }

    static let loopback = "lo"
    static let packetOutgoing: UInt8 = 4
    static let attachFilter: Int32 = 26      // SO_ATTACH_FILTER
    static let timestampNS: Int32 = 35       // SO_TIMESTAMPNS (and SCM_TIMESTAMPNS)
    static let receiveBufferForce: Int32 = 33 // SO_RCVBUFFORCE
    static let allProtocols: UInt16 = 0x0003  // ETH_P_ALL

    /// Opens the packet socket for the ports (the filter attached before the socket is bound
    /// to the interface, so that no packet of another port is ever queued).
    public static func open(ports: [UInt16]) -> Result<WireCapture, Unavailable> {
        guard let program = SegmentFilter.program(ports: ports) else {
            return .failure(Unavailable(description: "no wire view: the lesson has no port to watch"))
        }
        let fd = socket(AF_PACKET, Int32(SOCK_RAW.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard fd >= 0 else {
            let e = errno
            if e == EPERM || e == EACCES {
                return .failure(Unavailable(description: "no wire view: watching the loopback interface takes a packet socket, which needs CAP_NET_RAW (run sockstep as root); the lesson runs without it"))
            }
            return .failure(Unavailable(description: "no wire view: socket(AF_PACKET) failed: \(String(cString: strerror(e))); the lesson runs without it"))
        }
        func fail(_ what: String) -> Result<WireCapture, Unavailable> {
            let e = errno
            close(fd)
            return .failure(Unavailable(description: "no wire view: \(what) failed: \(String(cString: strerror(e))); the lesson runs without it"))
        }
        let code = SegmentFilter.bytes(program)
        let attached = code.withUnsafeBytes { instructions -> Int32 in
            // struct sock_fprog: the number of instructions, then (aligned) their address.
            var fprog = [UInt8](repeating: 0, count: 16)
            fprog[0] = UInt8(program.count & 0xff)
            fprog[1] = UInt8(program.count >> 8)
            var address = UInt64(UInt(bitPattern: instructions.baseAddress))
            for i in 0 ..< 8 {
                fprog[8 + i] = UInt8(address & 0xff)
                address >>= 8
            }
            return setsockopt(fd, SOL_SOCKET, attachFilter, fprog, socklen_t(fprog.count))
        }
        guard attached == 0 else { return fail("attaching the BPF filter (SO_ATTACH_FILTER)") }
        var on: Int32 = 1
        guard setsockopt(fd, SOL_SOCKET, timestampNS, &on, socklen_t(MemoryLayout<Int32>.size)) == 0 else {
            return fail("setsockopt(SO_TIMESTAMPNS)")
        }
        // Room for a whole lesson's packets while the tracer is busy (root may pass rmem_max).
        var size: Int32 = 8 << 20
        if setsockopt(fd, SOL_SOCKET, receiveBufferForce, &size, socklen_t(MemoryLayout<Int32>.size)) != 0 {
            _ = setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        let index = if_nametoindex(loopback)
        guard index != 0 else { return fail("if_nametoindex(\"lo\")") }
        // struct sockaddr_ll: family, protocol (network order), ifindex; the rest zero.
        var address = [UInt8](repeating: 0, count: 20)
        address[0] = UInt8(AF_PACKET & 0xff)
        address[1] = UInt8(AF_PACKET >> 8)
        address[2] = UInt8(allProtocols >> 8)
        address[3] = UInt8(allProtocols & 0xff)
        for i in 0 ..< 4 { address[4 + i] = UInt8((index >> (8 * UInt32(i))) & 0xff) }
        let bound = address.withUnsafeBytes { raw in
            bind(fd, raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(raw.count))
        }
        guard bound == 0 else { return fail("binding the packet socket to lo") }
        return .success(WireCapture(fd: fd, ports: Set(ports)))
    }

    init(fd: Int32, ports: Set<UInt16>) {
        self.fd = fd
        self.ports = ports
        before = Set((Self.tcpSockets(ports: ports) ?? [:]).keys)
    }

    deinit { close(fd) }

    /// The segments captured so far and stamped no later than `before` (every one when nil),
    /// in time order. Each packet is seen twice on lo (sent, then received); the sent copy is
    /// kept, as tcpdump keeps one.
    public func take(before: Stamp?) -> [WireEvent] {
        let now = Tracer.stamp()
        let offset = now.wallNanos - now.monotonicNanos
        var buffer = [UInt8](repeating: 0, count: 262_144 + 64)
        var control = [UInt8](repeating: 0, count: 128)
        var from = [UInt8](repeating: 0, count: 32)
        while true {
            var n = 0
            var fromLength = 0
            var controlLength = 0
            buffer.withUnsafeMutableBytes { data in
                control.withUnsafeMutableBytes { cbuf in
                    from.withUnsafeMutableBytes { name in
                        var vector = iovec(iov_base: data.baseAddress, iov_len: data.count)
                        withUnsafeMutablePointer(to: &vector) { iov in
                            var message = msghdr()
                            message.msg_name = name.baseAddress
                            message.msg_namelen = socklen_t(name.count)
                            message.msg_iov = iov
                            message.msg_iovlen = 1
                            message.msg_control = cbuf.baseAddress
                            message.msg_controllen = cbuf.count
                            n = recvmsg(fd, &message, Int32(MSG_DONTWAIT))
                            fromLength = Int(message.msg_namelen)
                            controlLength = Int(message.msg_controllen)
                        }
                    }
                }
            }
            if n < 0 {
                if errno == EINTR { continue }
                break
            }
            // sockaddr_ll's sll_pkttype: PACKET_OUTGOING for the copy lo sent.
            guard fromLength >= 11, from[10] == Self.packetOutgoing else { continue }
            guard let segment = Segment.decode(ethernetFrame: Array(buffer[0 ..< min(n, buffer.count)])) else { continue }
            guard ports.contains(segment.sourcePort) || ports.contains(segment.destinationPort) else { continue }
            let wall = Self.timestamp(control: control, length: controlLength) ?? now.wallNanos
            waiting.append((segment, Stamp(monotonicNanos: wall - offset, wallNanos: wall)))
        }
        waiting.sort { $0.1.monotonicNanos < $1.1.monotonicNanos }
        var out: [WireEvent] = []
        while let first = waiting.first, before.map({ first.1 <= $0 }) ?? true {
            out.append(.segment(first.0, at: first.1))
            waiting.removeFirst()
        }
        return out
    }

    /// SCM_TIMESTAMPNS's struct timespec in the control messages, in nanoseconds.
    static func timestamp(control: [UInt8], length: Int) -> Int64? {
        var at = 0
        let end = min(length, control.count)
        func word(_ i: Int, _ size: Int) -> Int64 {
            var v: UInt64 = 0
            for k in (0 ..< size).reversed() { v = v << 8 | UInt64(control[i + k]) }
            return Int64(bitPattern: v)
        }
        // struct cmsghdr: cmsg_len (size_t), cmsg_level, cmsg_type (int), data aligned to 8.
        while at + 16 <= end {
            let length = Int(word(at, 8))
            guard length >= 16, at + length <= end else { return nil }
            if word(at + 8, 4) == Int64(SOL_SOCKET), word(at + 12, 4) == Int64(timestampNS), length >= 32 {
                return word(at + 16, 8) * 1_000_000_000 + word(at + 24, 8)
            }
            at += (length + 7) & ~7
        }
        return nil
    }

    /// What changed among the TCP sockets of the ports on loopback since the last look: a
    /// socket new to the kernel's tables, in another state, or gone. States a socket passes
    /// through between two looks are not seen (the look is a poll, at the tracer's stops).
    public func states(at stamp: Stamp) -> [WireEvent] {
        guard let now = Self.tcpSockets(ports: ports)?.filter({ !before.contains($0.key) }) else { return [] }
        var out: [WireEvent] = []
        for key in now.keys.sorted() {
            let socket = now[key]!
            let before = known[key]
            if before?.state != socket.state {
                out.append(.tcpState(TCPStateChange(local: socket.local, remote: socket.remote, previous: before?.state, state: socket.state), at: stamp))
            }
        }
        for key in known.keys.sorted() where now[key] == nil {
            let gone = known[key]!
            out.append(.tcpState(TCPStateChange(local: gone.local, remote: gone.remote, previous: gone.state, state: nil), at: stamp))
        }
        known = now
        return out
    }

    /// Every TCP socket (IPv4 and IPv6, every state) whose local or remote port is one of
    /// `ports` and whose local address is a loopback one; nil when sock_diag does not answer.
    static func tcpSockets(ports: Set<UInt16>) -> [String: (local: String, remote: String?, state: String)]? {
        var out: [String: (local: String, remote: String?, state: String)] = [:]
        for family in [AF_INET, AF_INET6] {
            guard let sockets = SocketDiag.tcpSockets(family: family, states: 0xffff) else { return nil }
            for socket in sockets {
                guard ports.contains(socket.sourcePort) || ports.contains(socket.destinationPort), isLoopbackOrAny(socket.source) else { continue }
                let local = Segment.addressText(socket.source) + ".\(socket.sourcePort)"
                let remote = socket.destinationPort == 0 ? nil : Segment.addressText(socket.destination) + ".\(socket.destinationPort)"
                let name = SocketDiag.tcpStateName(socket.state) ?? "state \(socket.state)"
                out[local + " > " + (remote ?? "")] = (local, remote, name)
            }
        }
        return out
    }

    /// 127.0.0.0/8, ::1, ::ffff:127.x.x.x, or a wildcard (a listener bound to every address).
    static func isLoopbackOrAny(_ a: [UInt8]) -> Bool {
        if a.count == 4 { return a[0] == 127 || a == [0, 0, 0, 0] }
        if a.allSatisfy({ $0 == 0 }) { return true }
        if a[0 ..< 15].allSatisfy({ $0 == 0 }) && a[15] == 1 { return true }
        return a[0 ..< 10].allSatisfy { $0 == 0 } && a[10] == 0xff && a[11] == 0xff && a[12] == 127
    }
}
