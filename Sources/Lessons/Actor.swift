import CPtrace
import Glibc

/// Plays one role of a lesson inside its own process (the `sockstep` binary started in a
/// hidden mode): makes the role's calls with exactly the lesson's arguments, in order. Before
/// each step it writes a marker to descriptor 100 (/dev/null) with writev, which tells the
/// tracer that the next call of this kind is the step. The actor's own calls (writev for the
/// marker, readv/writev for pacing) are ones no lesson makes, so a block of a lesson call never
/// touches them.
public struct Actor {
    public static let markerFD: Int32 = 100
    /// Paced mode (a role run under another tracer, such as real strace): the actor reads one
    /// byte from `goFD` before each step and writes one to `doneFD` after it.
    public static let goFD: Int32 = 101
    public static let doneFD: Int32 = 102
    public static let markerPrefix = "sockstep step "

    let lesson: Lesson
    let role: String
    let port: Int
    let directory: String
    let keepGoing: Bool
    public var paced = false
    var descriptors: [String: Int32] = [:]
    var lastPeer: [UInt8]?
    /// A step's address was refused (LoopbackGuard): the role ends, --keep-going or not.
    var refused = false
    /// The lesson file's line of the step being played.
    var currentLine: Int?
    /// The role's seccomp filter (BPF), loaded by the `seccomp` step.
    public var filterProgram: [UInt8] = []

    public init(lesson: Lesson, role: String, port: Int, directory: String, keepGoing: Bool) {
        self.lesson = lesson
        self.role = role
        self.port = port
        self.directory = directory
        self.keepGoing = keepGoing
    }

    /// Gets the process ready: the marker descriptor at 100, nothing else open above 2, so that
    /// the role's first socket is fd 3 as in the slides.
    public static func prepareDescriptors(paced: Bool = false) {
        let null = open("/dev/null", O_WRONLY | O_CLOEXEC)
        if null >= 0 && null != markerFD {
            _ = cg_dup3(null, markerFD, O_CLOEXEC)
            close(null)
        }
        var fd: Int32 = 3
        while fd < 1024 {
            if fd != markerFD && !(paced && (fd == goFD || fd == doneFD)) { close(fd) }
            fd += 1
        }
    }

    /// Plays every step of the role; returns the exit status (1 after a failed step, as a Rust
    /// program that used `?`).
    public mutating func play() -> Int32 {
        for step in lesson.steps(of: role) {
            if paced {
                var go: [UInt8] = [0]
                guard Self.vector(Self.goFD, &go, write: false) == 1 else { return 0 }
            }
            var marker = Array((Self.markerPrefix + "\(step.index)\n").utf8)
            _ = Self.vector(Self.markerFD, &marker, write: true)
            currentLine = step.line
            let result = perform(step.call)
            if paced {
                var done: [UInt8] = [result < 0 ? 1 : 0]
                _ = Self.vector(Self.doneFD, &done, write: true)
            }
            if result < 0 {
                if refused || !keepGoing { return 1 }
                continue
            }
            if let name = step.resultName { descriptors[name] = Int32(truncatingIfNeeded: result) }
        }
        return 0
    }

    /// One buffer through readv or writev.
    static func vector(_ fd: Int32, _ bytes: inout [UInt8], write: Bool) -> Int {
        bytes.withUnsafeMutableBytes { raw in
            var io = iovec(iov_base: raw.baseAddress, iov_len: raw.count)
            return write ? Glibc.writev(fd, &io, 1) : Glibc.readv(fd, &io, 1)
        }
    }

    /// Calls the actor needs for itself, which a lesson may not block.
    public static let ownCalls: Set<String> = ["writev", "readv", "exit_group"]

    func fd(_ argument: CallArgument) -> Int32 {
        if case .descriptor(let name) = argument { return descriptors[name] ?? -1 }
        return -1
    }

    func number(_ argument: CallArgument) -> Int64 {
        if case .number(let v, _) = argument { return v }
        return 0
    }

    func int32(_ argument: CallArgument) -> Int32 { Int32(truncatingIfNeeded: number(argument)) }

    /// The sockaddr bytes of an address literal; nil for a UNIX socket path that is not a plain
    /// file name in the run folder.
    func sockaddr(_ literal: AddressLiteral) -> [UInt8]? {
        switch literal {
        case .inet(let host, let v6, let portValue):
            let p = UInt16(truncatingIfNeeded: portValue.resolve(port))
            if v6 {
                // host: the 16 bytes the parser got from inet_pton and checked.
                return [10, 0, UInt8(p >> 8), UInt8(p & 0xff), 0, 0, 0, 0] + host + [0, 0, 0, 0]
            }
            return [2, 0, UInt8(p >> 8), UInt8(p & 0xff)] + host + [UInt8](repeating: 0, count: 8)
        case .unixPath:
            guard let name = literal.runFolderEntry else { return nil }
            return [1, 0] + Array((directory + "/" + name).utf8) + [0]
        case .unixAbstract(let name):
            return [1, 0, 0] + Array(name.utf8)
        }
    }

    /// The address a step passes (nil: a UNIX socket path that is not a plain name in the run
    /// folder), checked byte by byte (LoopbackGuard); nil when it is refused: then the role says
    /// why on stderr, makes no call and ends.
    mutating func checked(_ bytes: [UInt8]?, use: LoopbackGuard.Use, call: CallExpression) -> [UInt8]? {
        let verdict = bytes.map { LoopbackGuard.check($0, use: use, runFolder: directory) }
            ?? .refused("the UNIX socket path is not a plain file name in the run folder \(directory)")
        guard case .refused(let reason) = verdict else { return bytes }
        refused = true
        let place = currentLine.map { "\(lesson.path):\($0): " } ?? ""
        let text = Array("\(place)sockstep refused \(role)'s \(call.text): \(reason); a lesson binds, connects and sends only on 127.0.0.0/8, ::1 or in its run folder\n".utf8)
        _ = text.withUnsafeBytes { Glibc.write(2, $0.baseAddress, $0.count) }
        return nil
    }

    /// The call, with the lesson's arguments. Returns what the call returned (-1 on failure).
    mutating func perform(_ call: CallExpression) -> Int {
        let a = call.arguments
        guard let kind = LessonCall(rawValue: call.name) else { return -1 }
        switch kind {
        case .socket:
            return Int(socket(int32(a[0]), int32(a[1]), int32(a[2])))
        case .setsockopt:
            var value = int32(a[3])
            return Int(setsockopt(fd(a[0]), int32(a[1]), int32(a[2]), &value, 4))
        case .bind, .connect:
            guard case .address(let literal) = a[1],
                  let bytes = checked(sockaddr(literal), use: kind == .bind ? .bind : .connect, call: call) else { return -1 }
            return bytes.withUnsafeBytes { raw in
                let address = raw.baseAddress!.assumingMemoryBound(to: Glibc.sockaddr.self)
                return Int(kind == .bind ? bind(fd(a[0]), address, socklen_t(bytes.count)) : connect(fd(a[0]), address, socklen_t(bytes.count)))
            }
        case .listen:
            return Int(listen(fd(a[0]), int32(a[1])))
        case .accept, .accept4, .getsockname, .getpeername:
            var storage = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            return withUnsafeMutablePointer(to: &storage) { pointer in
                pointer.withMemoryRebound(to: Glibc.sockaddr.self, capacity: 1) { address in
                    switch kind {
                    case .accept: return Int(accept(fd(a[0]), address, &length))
                    case .accept4: return Int(cg_accept4(fd(a[0]), address, &length, int32(a[1])))
                    case .getsockname: return Int(getsockname(fd(a[0]), address, &length))
                    default: return Int(getpeername(fd(a[0]), address, &length))
                    }
                }
            }
        case .sendto:
            var data: [UInt8]
            switch a[1] {
            case .data(let bytes, _): data = bytes
            case .icmpEcho(let payload): data = Self.icmpEcho(payload)
            default: data = []
            }
            var target: [UInt8]?
            if a.count > 3 {
                if case .address(let literal) = a[3] {
                    guard let bytes = checked(sockaddr(literal), use: .send, call: call) else { return -1 }
                    target = bytes
                }
                if case .peerBuffer = a[3], let peer = lastPeer {
                    // The sender of the last datagram: any address at all, so checked too.
                    guard let bytes = checked(peer, use: .send, call: call) else { return -1 }
                    target = bytes
                }
            }
            let flags = int32(a[2])
            return data.withUnsafeBytes { buffer in
                if let target {
                    return target.withUnsafeBytes { raw in
                        Int(sendto(fd(a[0]), buffer.baseAddress, buffer.count, flags,
                                   raw.baseAddress!.assumingMemoryBound(to: Glibc.sockaddr.self), socklen_t(raw.count)))
                    }
                }
                return Int(sendto(fd(a[0]), buffer.baseAddress, buffer.count, flags, nil, 0))
            }
        case .recvfrom:
            var buffer = [UInt8](repeating: 0, count: max(1, Int(number(a[1]))))
            let size = Int(number(a[1]))
            let flags = int32(a[2])
            if a.count > 3, case .peerBuffer = a[3] {
                var storage = sockaddr_storage()
                var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
                let n = withUnsafeMutablePointer(to: &storage) { pointer in
                    pointer.withMemoryRebound(to: Glibc.sockaddr.self, capacity: 1) { address in
                        Int(recvfrom(fd(a[0]), &buffer, size, flags, address, &length))
                    }
                }
                if n >= 0 {
                    lastPeer = withUnsafeBytes(of: &storage) { Array($0.prefix(Int(length))) }
                }
                return n
            }
            return Int(recvfrom(fd(a[0]), &buffer, size, flags, nil, nil))
        case .write:
            guard case .data(let bytes, _) = a[1] else { return -1 }
            return bytes.withUnsafeBytes { Int(Glibc.write(fd(a[0]), $0.baseAddress, $0.count)) }
        case .read:
            var buffer = [UInt8](repeating: 0, count: max(1, Int(number(a[1]))))
            return Int(Glibc.read(fd(a[0]), &buffer, Int(number(a[1]))))
        case .shutdown:
            return Int(shutdown(fd(a[0]), int32(a[1])))
        case .close:
            return Int(close(fd(a[0])))
        case .prctl:
            return Int(cg_no_new_privs())
        case .seccomp:
            return filterProgram.withUnsafeBytes { Int(cg_seccomp_set_filter($0.baseAddress, UInt16(filterProgram.count / 8))) }
        }
    }

    /// An ICMP echo request: type 8, code 0, checksum, identifier 0x5353, sequence 1, payload.
    public static func icmpEcho(_ payload: [UInt8]) -> [UInt8] {
        var packet: [UInt8] = [8, 0, 0, 0, 0x53, 0x53, 0, 1] + payload
        var sum: UInt32 = 0
        var i = 0
        while i < packet.count {
            let high = UInt32(packet[i]) << 8
            let low = i + 1 < packet.count ? UInt32(packet[i + 1]) : 0
            sum += high | low
            i += 2
        }
        while sum >> 16 != 0 { sum = (sum & 0xffff) + (sum >> 16) }
        let checksum = ~UInt16(sum)
        packet[2] = UInt8(checksum >> 8)
        packet[3] = UInt8(checksum & 0xff)
        return packet
    }
}
