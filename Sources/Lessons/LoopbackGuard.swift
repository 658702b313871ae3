import Decoding
import Glibc

/// The one check of the socket address a role really passes to the kernel: the actor runs it on
/// the bytes it is about to hand to bind, connect or sendto, and the orchestrator on the bytes
/// each traced process passes, read from its memory at the call's entry. Only loopback passes:
/// 127.0.0.0/8, ::1, a UNIX socket file directly inside the run folder, or an abstract name.
/// Anything else, including every byte string it cannot make sense of, is refused.
public enum LoopbackGuard {
    public enum Verdict: Sendable, Equatable {
        case allowed
        /// Why the address is refused, for one line such as "sockstep refused server's bind: ...".
        case refused(String)
    }

    /// What the call does with the address.
    public enum Use: Sendable {
        case bind, connect, send
    }

    static let maxAddressLength = 128 // sizeof(struct sockaddr_storage): the kernel takes no more
    static let unixAddressLength = 110 // sizeof(struct sockaddr_un)

    /// `bytes` is the whole address as passed (its length is the call's address length).
    /// `runFolder` is the run's folder (nil: no UNIX socket path is allowed).
    public static func check(_ bytes: [UInt8], use: Use, runFolder: String?) -> Verdict {
        guard bytes.count >= 2 else {
            return .refused("the address is \(bytes.count) byte\(bytes.count == 1 ? "" : "s") long, too short to name its family")
        }
        guard bytes.count <= maxAddressLength else {
            return .refused("the address is \(bytes.count) bytes long, longer than any socket address (\(maxAddressLength))")
        }
        let family = Int32(bytes.uint16(at: 0))
        switch family {
        case AF_INET:
            guard bytes.count >= 16 else { return .refused("an AF_INET address is 16 bytes long, this one \(bytes.count)") }
            let host = bytes[4 ..< 8].map(String.init).joined(separator: ".")
            if bytes[4] == 127 { return .allowed }
            let every = host == "0.0.0.0" ? " (0.0.0.0 means every interface of the machine)" : ""
            return .refused("\(host) is not a loopback address\(every)")
        case AF_INET6:
            guard bytes.count >= 24 else { return .refused("an AF_INET6 address is at least 24 bytes long, this one \(bytes.count)") }
            let address = Array(bytes[8 ..< 24])
            if address == [UInt8](repeating: 0, count: 15) + [1] { return .allowed }
            let text = ipv6Text(address)
            if address[0 ..< 10].allSatisfy({ $0 == 0 }) && address[10] == 0xff && address[11] == 0xff {
                return .refused("\(text) is an IPv4-mapped address; only ::1 is allowed for IPv6")
            }
            let every = text == "::" ? " (:: means every interface of the machine)" : ""
            return .refused("\(text) is not the loopback address ::1\(every)")
        case AF_UNIX:
            guard bytes.count <= unixAddressLength else {
                return .refused("the UNIX socket address is \(bytes.count) bytes long, longer than a sockaddr_un (\(unixAddressLength))")
            }
            // Only the family: the kernel picks an abstract name (autobind). A first NUL byte:
            // an abstract name, which lives in no folder.
            if bytes.count == 2 || bytes[2] == 0 { return .allowed }
            let path = Array(bytes[2...].prefix { $0 != 0 })
            let text = String(decoding: path, as: UTF8.self)
            guard let runFolder else { return .refused("the UNIX socket path \(text) is not in a run folder") }
            let prefix = Array((runFolder + "/").utf8)
            guard path.count > prefix.count, Array(path.prefix(prefix.count)) == prefix,
                  RunFolder.isPlainName(String(decoding: path.dropFirst(prefix.count), as: UTF8.self)) else {
                return .refused("the UNIX socket path \(text) is not a file directly inside the run folder \(runFolder)")
            }
            return .allowed
        case AF_UNSPEC where use == .connect:
            // connect with AF_UNSPEC dissolves the socket's association: it reaches nobody.
            return .allowed
        default:
            let name = Tables.addressFamilies.entries.first { $0.value == UInt64(family) }?.name ?? "family \(family)"
            return .refused("\(name) is not a loopback address family (AF_INET on 127.0.0.0/8, AF_INET6 on ::1, AF_UNIX)")
        }
    }

    /// At the entry of a call: the verdict on the address it passes (bind, connect, sendto,
    /// sendmsg, sendmmsg), read from the process's memory; `.allowed` for every other call and
    /// for a call that passes no address. An address that cannot be read is refused.
    public static func inspect(number: UInt64, arguments: SyscallArguments, memory: any MemoryReader, runFolder: String?) -> Verdict {
        guard arguments.count >= 6 else { return .allowed }
        func check(_ pointer: UInt64, _ length: UInt64, _ use: Use) -> Verdict {
            // Length 0: the kernel copies no address (bind and connect then fail with EINVAL).
            guard pointer != 0, length != 0 else { return .allowed }
            guard length <= UInt64(maxAddressLength) else {
                return .refused("the address is \(length) bytes long, longer than any socket address (\(maxAddressLength))")
            }
            guard let bytes = memory.read(pointer, count: Int(length)) else {
                return .refused("its address (\(length) bytes at 0x\(String(pointer, radix: 16))) cannot be read")
            }
            return Self.check(bytes, use: use, runFolder: runFolder)
        }
        /// A struct msghdr: msg_name at 0, msg_namelen (32 bits) at 8.
        func checkMessage(_ header: UInt64) -> Verdict {
            guard header != 0 else { return .allowed }
            guard let head = memory.read(header, count: 16) else {
                return .refused("its message header at 0x\(String(header, radix: 16)) cannot be read")
            }
            return check(head.uint64(at: 0), UInt64(head.uint32(at: 8)), .send)
        }
        switch number {
        case numbers.bind: return check(arguments[1], UInt64(UInt32(truncatingIfNeeded: arguments[2])), .bind)
        case numbers.connect: return check(arguments[1], UInt64(UInt32(truncatingIfNeeded: arguments[2])), .connect)
        case numbers.sendto: return check(arguments[4], UInt64(UInt32(truncatingIfNeeded: arguments[5])), .send)
        case numbers.sendmsg: return checkMessage(arguments[1])
        case numbers.sendmmsg:
            // struct mmsghdr: a msghdr (56 bytes) and msg_len, 64 bytes each; the kernel sends at
            // most UIO_MAXIOV (1024) of them.
            let count = min(UInt64(UInt32(truncatingIfNeeded: arguments[2])), 1024)
            var index: UInt64 = 0
            while index < count {
                let verdict = checkMessage(arguments[1] &+ index * 64)
                if verdict != .allowed { return verdict }
                index += 1
            }
            return .allowed
        default:
            return .allowed
        }
    }

    static let numbers = (bind: callNumber("bind"), connect: callNumber("connect"), sendto: callNumber("sendto"),
                          sendmsg: callNumber("sendmsg"), sendmmsg: callNumber("sendmmsg"))

    static func callNumber(_ name: String) -> UInt64 {
        SyscallTable.number(name).map { UInt64($0) } ?? UInt64.max
    }

    static func ipv6Text(_ address: [UInt8]) -> String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let ok = address.withUnsafeBytes { raw in inet_ntop(AF_INET6, raw.baseAddress, &buffer, socklen_t(buffer.count)) != nil }
        guard ok else { return "an IPv6 address" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

extension Orchestrator {
    /// The tracer's side of the guard: a process about to pass an address outside loopback to
    /// bind, connect, sendto, sendmsg or sendmmsg is killed (SIGKILL) at the call's entry, so the
    /// kernel never runs the call, and the lesson is told. True when it was.
    func refuseOutsideLoopback(pid: Int32, number: UInt64, arguments: SyscallArguments, memory: any MemoryReader) -> Bool {
        guard case .refused(let reason) = LoopbackGuard.inspect(number: number, arguments: arguments, memory: memory, runFolder: runFolder) else {
            return false
        }
        kill(pid, SIGKILL)
        let step = expectedStep(pid: pid, number: number, arguments: arguments).map { lesson.steps[$0] }
        // Only the five calls above are ever refused: each has a name.
        let call = number < UInt64(SyscallTable.names.count) ? SyscallTable.names[Int(number)] ?? "call" : "call"
        report(.refused(role: role(of: pid), step: step, reason: "\(call): \(reason)"))
        return true
    }
}
