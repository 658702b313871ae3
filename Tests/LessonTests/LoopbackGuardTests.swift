import Decoding
import Foundation
import Glibc
@testable import Lessons
import Testing
import Tracing

/// The byte check both the actor and the tracer's policy make before bind, connect and sendto.
@Suite struct LoopbackGuardTests {
    static let folder = "/tmp/sockstep-unix-4242-AbC123"

    static func inet(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8, port: UInt16 = 8888, length: Int = 16) -> [UInt8] {
        let bytes: [UInt8] = [2, 0, UInt8(port >> 8), UInt8(port & 0xff), a, b, c, d] + [UInt8](repeating: 0, count: 8)
        return Array((bytes + [UInt8](repeating: 0, count: max(0, length - 16))).prefix(length))
    }

    static func inet6(_ text: String, length: Int = 28) -> [UInt8] {
        var address = [UInt8](repeating: 0, count: 16)
        let ok = text.withCString { inet_pton(AF_INET6, $0, &address) }
        precondition(ok == 1, text)
        let bytes: [UInt8] = [10, 0, 0x22, 0xb8, 0, 0, 0, 0] + address + [0, 0, 0, 0]
        return Array((bytes + [UInt8](repeating: 0, count: max(0, length - 28))).prefix(length))
    }

    static func unix(_ path: String, terminated: Bool = true) -> [UInt8] {
        [1, 0] + Array(path.utf8) + (terminated ? [0] : [])
    }

    func verdict(_ bytes: [UInt8], _ use: LoopbackGuard.Use = .bind, folder: String? = Self.folder) -> LoopbackGuard.Verdict {
        LoopbackGuard.check(bytes, use: use, runFolder: folder)
    }

    func refusal(_ bytes: [UInt8], _ use: LoopbackGuard.Use = .bind, folder: String? = Self.folder) -> String? {
        if case .refused(let reason) = verdict(bytes, use, folder: folder) { return reason }
        return nil
    }

    @Test("AF_INET: all of 127.0.0.0/8 and nothing else")
    func ipv4() {
        #expect(verdict(Self.inet(127, 0, 0, 1)) == .allowed)
        #expect(verdict(Self.inet(127, 255, 255, 255)) == .allowed)
        #expect(verdict(Self.inet(127, 0, 0, 0, port: 0)) == .allowed)
        #expect(refusal(Self.inet(0, 0, 0, 0))?.contains("0.0.0.0 is not a loopback address (0.0.0.0 means every interface") == true)
        #expect(refusal(Self.inet(126, 255, 255, 255)) == "126.255.255.255 is not a loopback address")
        #expect(refusal(Self.inet(128, 0, 0, 1)) == "128.0.0.1 is not a loopback address")
        #expect(refusal(Self.inet(255, 255, 255, 255), .send) != nil)
        #expect(refusal(Self.inet(10, 0, 0, 1), .connect) != nil)
        // Every first octet: only 127 passes.
        for first in 0 ... 255 {
            let allowed = verdict(Self.inet(UInt8(first), 1, 2, 3)) == .allowed
            #expect(allowed == (first == 127), "first octet \(first)")
        }
        // Lengths: the kernel wants 16 bytes; more is padding, up to sockaddr_storage.
        #expect(refusal(Self.inet(127, 0, 0, 1, length: 15))?.contains("16 bytes long, this one 15") == true)
        #expect(refusal(Self.inet(127, 0, 0, 1, length: 8)) != nil)
        #expect(verdict(Self.inet(127, 0, 0, 1, length: 128)) == .allowed)
        #expect(refusal(Self.inet(127, 0, 0, 1, length: 129))?.contains("longer than any socket address") == true)
    }

    @Test("AF_INET6: ::1 only; ::, IPv4-mapped loopback and others refused")
    func ipv6() {
        #expect(verdict(Self.inet6("::1")) == .allowed)
        #expect(verdict(Self.inet6("::1", length: 24)) == .allowed, "without sin6_scope_id, as the kernel accepts")
        #expect(refusal(Self.inet6("::1", length: 23)) != nil)
        #expect(refusal(Self.inet6("::"))?.contains(":: means every interface") == true)
        #expect(refusal(Self.inet6("::ffff:127.0.0.1"))?.contains("IPv4-mapped") == true)
        #expect(refusal(Self.inet6("::ffff:0.0.0.0")) != nil)
        #expect(refusal(Self.inet6("::2")) == "::2 is not the loopback address ::1")
        #expect(refusal(Self.inet6("fe80::1"), .connect) != nil)
        #expect(refusal(Self.inet6("2001:db8::1"), .send) != nil)
        #expect(refusal(Self.inet6("::127.0.0.1")) != nil, "IPv4-compatible is not ::1 either")
    }

    @Test("AF_UNIX: a plain file name directly inside the run folder, or an abstract name")
    func unixPaths() {
        let f = Self.folder
        #expect(verdict(Self.unix(f + "/server.sock")) == .allowed)
        #expect(verdict(Self.unix(f + "/server.sock", terminated: false)) == .allowed)
        #expect(verdict(Self.unix(f + "/s", terminated: true), .connect) == .allowed)
        #expect(refusal(Self.unix(f + "/../x.sock"))?.contains("not a file directly inside the run folder") == true)
        #expect(refusal(Self.unix(f + "/../../etc/x.sock")) != nil)
        #expect(refusal(Self.unix(f + "/a/b.sock")) != nil)
        #expect(refusal(Self.unix(f + "/..")) != nil)
        #expect(refusal(Self.unix(f + "/.")) != nil)
        #expect(refusal(Self.unix(f + "/")) != nil)
        #expect(refusal(Self.unix(f)) != nil)
        #expect(refusal(Self.unix(f + "x/server.sock")) != nil, "a sibling folder whose name starts with the folder's")
        #expect(refusal(Self.unix("/etc/server.sock")) != nil)
        #expect(refusal(Self.unix("server.sock")) != nil, "relative to the role's working folder")
        #expect(refusal(Self.unix("/tmp/server.sock"), folder: nil) != nil)
        // The kernel ends the path at the first NUL: what follows it is not part of the path.
        #expect(verdict([1, 0] + Array((f + "/s").utf8) + [0] + Array("/../../x".utf8)) == .allowed)
        #expect(refusal([1, 0] + Array((f + "/..").utf8) + [0] + Array("x".utf8)) != nil)
        // Abstract names and autobind live in no folder.
        #expect(verdict([1, 0, 0] + Array("sockstep".utf8)) == .allowed)
        #expect(verdict([1, 0]) == .allowed)
        // Longer than a sockaddr_un.
        #expect(refusal(Self.unix(f + "/" + String(repeating: "a", count: 80)))?.contains("longer than a sockaddr_un") == true)
        #expect(refusal([1, 0, 0] + [UInt8](repeating: 0x61, count: 108)) != nil)
    }

    @Test("AF_UNSPEC: only connect (which dissolves an association); other families refused")
    func otherFamilies() {
        let unspec: [UInt8] = [0, 0] + [UInt8](repeating: 0, count: 14)
        #expect(verdict(unspec, .connect) == .allowed)
        #expect(refusal(unspec, .bind) != nil, "bind takes AF_UNSPEC with INADDR_ANY as AF_INET")
        #expect(refusal([0, 0, 0x22, 0xb8, 8, 8, 8, 8] + [UInt8](repeating: 0, count: 8), .send) != nil, "UDP sends to an AF_UNSPEC address")
        #expect(refusal([17, 0] + [UInt8](repeating: 0, count: 18))?.hasPrefix("AF_PACKET is not") == true)
        #expect(refusal([16, 0] + [UInt8](repeating: 0, count: 10))?.hasPrefix("AF_NETLINK is not") == true)
        #expect(refusal([0xff, 0xff] + [UInt8](repeating: 0, count: 14)) != nil)
        #expect(refusal([2, 1] + [UInt8](repeating: 0, count: 14)) != nil, "family 258, not AF_INET")
    }

    @Test("too short to hold a family")
    func tooShort() {
        #expect(refusal([])?.contains("0 bytes long") == true)
        #expect(refusal([2])?.contains("1 byte long") == true)
    }

    @Test("random bytes never crash it, and whatever it allows is loopback by an independent reading")
    func garbage() {
        var generator = SystemRandomNumberGenerator()
        let families: [UInt8] = [0, 1, 2, 10, 17, 255]
        for round in 0 ..< 20_000 {
            let length = Int.random(in: 0 ... 140, using: &generator)
            var bytes = (0 ..< length).map { _ in UInt8.random(in: 0 ... 255, using: &generator) }
            if length >= 2 && round % 2 == 0 {
                bytes[0] = families.randomElement(using: &generator)!
                bytes[1] = 0
                if length > 4 && round % 4 == 0 { bytes[4] = 127 }
            }
            let use: LoopbackGuard.Use = [.bind, .connect, .send][round % 3]
            guard verdict(bytes, use) == .allowed else { continue }
            #expect(Self.independentlyLoopback(bytes, use: use), "allowed: \(bytes)")
        }
    }

    /// The rule again, written differently: what may pass.
    static func independentlyLoopback(_ bytes: [UInt8], use: LoopbackGuard.Use) -> Bool {
        guard bytes.count >= 2, bytes.count <= 128 else { return false }
        switch (bytes[0], bytes[1]) {
        case (2, 0): return bytes.count >= 16 && bytes[4] == 127
        case (10, 0): return bytes.count >= 24 && bytes[8 ..< 23].allSatisfy { $0 == 0 } && bytes[23] == 1
        case (1, 0):
            guard bytes.count <= 110 else { return false }
            if bytes.count == 2 || bytes[2] == 0 { return true }
            let path = String(decoding: bytes[2...].prefix { $0 != 0 }, as: UTF8.self)
            guard path.hasPrefix(folder + "/") else { return false }
            let name = path.dropFirst(folder.count + 1)
            return !name.isEmpty && !name.contains("/") && name != "." && name != ".."
        case (0, 0): return use == .connect
        default: return false
        }
    }

    // MARK: At a call's entry, from the process's memory

    static let address: UInt64 = 0x7000_0000

    func inspect(_ call: String, _ arguments: [UInt64], _ memory: RecordedMemory) -> LoopbackGuard.Verdict {
        LoopbackGuard.inspect(number: UInt64(SyscallTable.number(call)!), arguments: SyscallArguments(arguments).padded,
                              memory: memory, runFolder: Self.folder)
    }

    @Test("bind, connect and sendto: the address read from memory, with the call's own length")
    func entryOfCalls() {
        let any = RecordedMemory([(Self.address, Self.inet(0, 0, 0, 0))])
        let loopback = RecordedMemory([(Self.address, Self.inet(127, 0, 0, 1))])
        #expect(inspect("bind", [3, Self.address, 16], any) != .allowed)
        #expect(inspect("connect", [3, Self.address, 16], any) != .allowed)
        #expect(inspect("sendto", [3, 0x1000, 6, 0, Self.address, 16], any) != .allowed)
        #expect(inspect("bind", [3, Self.address, 16], loopback) == .allowed)
        #expect(inspect("sendto", [3, 0x1000, 6, 0, Self.address, 16], loopback) == .allowed)
        // socklen_t is 32 bits: the upper half of the register is not part of it.
        #expect(inspect("bind", [3, Self.address, 0x1_0000_0010], loopback) == .allowed)
        #expect(inspect("bind", [3, Self.address, 0x1_0000_0010], any) != .allowed)
        // No address: sendto with NULL, any call with length 0.
        #expect(inspect("sendto", [3, 0x1000, 6, 0, 0, 16], any) == .allowed)
        #expect(inspect("bind", [3, Self.address, 0], any) == .allowed)
        // Unreadable, or longer than the kernel takes.
        #expect(inspect("bind", [3, 0xdead_0000, 16], loopback) != .allowed)
        #expect(inspect("connect", [3, Self.address, 0xffff_ffff], loopback) != .allowed)
        #expect(inspect("bind", [3, Self.address, 17], loopback) != .allowed, "17 bytes are not in the recorded memory")
        // Other calls are not looked at.
        #expect(inspect("write", [3, Self.address, 16], any) == .allowed)
        #expect(inspect("accept4", [3, Self.address, 16], any) == .allowed)
        #expect(LoopbackGuard.inspect(number: UInt64(SyscallTable.number("bind")!), arguments: [3], memory: any, runFolder: nil) == .allowed,
                "fewer than six arguments: never from the tracer, and nothing to read")
    }

    /// A struct msghdr whose msg_name points at `name` (length `length`).
    static func messageHeader(name: UInt64, length: UInt32) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: 56)
        for i in 0 ..< 8 { bytes[i] = UInt8(truncatingIfNeeded: name >> (8 * UInt64(i))) }
        for i in 0 ..< 4 { bytes[8 + i] = UInt8(truncatingIfNeeded: length >> (8 * UInt32(i))) }
        return bytes
    }

    @Test("sendmsg and sendmmsg: each message's msg_name")
    func messages() {
        let header: UInt64 = 0x6000_0000
        let bad = RecordedMemory([(header, Self.messageHeader(name: Self.address, length: 16)), (Self.address, Self.inet(8, 8, 8, 8))])
        let good = RecordedMemory([(header, Self.messageHeader(name: Self.address, length: 16)), (Self.address, Self.inet(127, 0, 0, 1))])
        let noName = RecordedMemory([(header, Self.messageHeader(name: 0, length: 16))])
        #expect(inspect("sendmsg", [3, header, 0], bad) != .allowed)
        #expect(inspect("sendmsg", [3, header, 0], good) == .allowed)
        #expect(inspect("sendmsg", [3, header, 0], noName) == .allowed)
        #expect(inspect("sendmsg", [3, 0xdead_0000, 0], good) != .allowed, "an unreadable header")
        // sendmmsg: two messages (64 bytes each), the second one to 8.8.8.8.
        let second = Self.address + 0x100
        let vector = Self.messageHeader(name: Self.address, length: 16) + [UInt8](repeating: 0, count: 8)
            + Self.messageHeader(name: second, length: 16) + [UInt8](repeating: 0, count: 8)
        let mixed = RecordedMemory([(header, vector), (Self.address, Self.inet(127, 0, 0, 1)), (second, Self.inet(8, 8, 8, 8))])
        #expect(inspect("sendmmsg", [3, header, 1], mixed) == .allowed)
        #expect(inspect("sendmmsg", [3, header, 2], mixed) != .allowed)
        #expect(inspect("sendmmsg", [3, header, 0], mixed) == .allowed)
    }
}

struct LoopbackTestError: Error {
    let message: String
}

/// The tracer's side of the guard, with real processes. Serialized, and the only tests of the
/// target that start processes: the tracer's waitpid(-1) would reap another test's child.
@Suite(.serialized) struct TracedGuardTests {
    // MARK: The tracer's policy

    /// A process to be ended: `sleep 60`, started here.
    static func sleeper() throws -> pid_t {
        var pid: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/sleep"), strdup("60"), nil]
        defer { for p in argv { free(p) } }
        let rc = posix_spawn(&pid, "/bin/sleep", nil, nil, argv, environ)
        guard rc == 0 else { throw LoopbackTestError(message: "posix_spawn: \(rc)") }
        return pid
    }

    final class Events: @unchecked Sendable {
        var list: [LessonEvent] = []
    }

    @Test("the orchestrator ends a role at the entry of a non-loopback bind, and the lesson is told")
    func orchestratorRefuses() throws {
        let lesson = Lesson(name: "t", title: "t", summary: "", path: "t.yaml", defaultPort: 8888,
                            roles: [Role(name: "server", about: "")], steps: [])
        let events = Events()
        let orchestrator = Orchestrator(lesson: lesson) { events.list.append($0) }
        orchestrator.runFolder = LoopbackGuardTests.folder
        let tracer = Tracer(configuration: TraceConfiguration()) { _ in }
        let bind = UInt64(SyscallTable.number("bind")!)

        let allowedPID = try Self.sleeper()
        orchestrator.assign(pid: allowedPID, role: "server")
        let fine = RecordedMemory([(LoopbackGuardTests.address, LoopbackGuardTests.inet(127, 0, 0, 1))])
        _ = orchestrator.decideEntry(pid: allowedPID, number: bind, arguments: [3, LoopbackGuardTests.address, 16, 0, 0, 0], memory: fine, tracer: tracer)
        #expect(events.list.isEmpty)
        #expect(kill(allowedPID, 0) == 0, "a loopback bind goes on")
        kill(allowedPID, SIGKILL)
        var status: Int32 = 0
        _ = waitpid(allowedPID, &status, 0)

        let pid = try Self.sleeper()
        orchestrator.assign(pid: pid, role: "server")
        let any = RecordedMemory([(LoopbackGuardTests.address, LoopbackGuardTests.inet(0, 0, 0, 0))])
        let decision = orchestrator.decideEntry(pid: pid, number: bind, arguments: [3, LoopbackGuardTests.address, 16, 0, 0, 0], memory: any, tracer: tracer)
        #expect(decision == .hide, "not reported, not held: the process is gone")
        _ = waitpid(pid, &status, 0)
        #expect(status & 0x7f == SIGKILL, "ended with SIGKILL: status \(status)")
        guard events.list.count == 1, case .refused(let role, let step, let reason) = events.list[0] else {
            Issue.record("one .refused event expected: \(events.list)")
            return
        }
        #expect(role == "server")
        #expect(step == nil)
        #expect(reason.hasPrefix("bind: 0.0.0.0 is not a loopback address"), "\(reason)")
    }
}
