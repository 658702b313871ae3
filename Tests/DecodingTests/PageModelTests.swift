import Decoding
import Events
@testable import Presentation
import Testing

/// The page's model on made-up traces, where the order of entries and exits, the split of a
/// stream's bytes and a fork are chosen: which flows it finds, which calls it draws as waiting,
/// and the shorter forms of a line.
@Suite struct PageModelTests {
    /// A trace written call by call: each entry and exit an event, in the order they are added.
    final class Trace {
        var events: [RunEvent] = []
        var open: [Int32: DecodedCall] = [:]

        static func address(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8, port: UInt16) -> Value {
            Sockaddr.render([2, 0, UInt8(port >> 8), UInt8(port & 0xff), a, b, c, d, 0, 0, 0, 0, 0, 0, 0, 0])
        }

        static func data(_ text: String) -> Value { .string(Array(text.utf8), truncated: false) }

        func enter(_ pid: Int32, _ name: String, _ arguments: [Value], raw: [UInt64] = []) {
            let call = DecodedCall(pid: pid, number: 0, name: name, arguments: arguments, entryArgumentCount: min(1, arguments.count),
                                   completeAtEntry: false, rawArguments: SyscallArguments(raw))
            open[pid] = call
            events.append(.trace(.entered(call, at: .zero), nil))
        }

        func exit(_ pid: Int32, _ arguments: [Value]? = nil, result: Int64, errno: Int? = nil) {
            var call = open.removeValue(forKey: pid)!
            if let arguments { call.arguments = arguments }
            call.result = errno.map { .failed(errno: $0) } ?? .value(.int(result), note: nil)
            call.rawReturn = result
            events.append(.trace(.exited(call, at: .zero, entry: .zero), nil))
        }

        func call(_ pid: Int32, _ name: String, _ arguments: [Value], result: Int64, raw: [UInt64] = [], errno: Int? = nil) {
            enter(pid, name, arguments, raw: raw)
            exit(pid, result: result, errno: errno)
        }

        func model() -> PageModel {
            let page = SequenceDiagram(title: "test")
            for event in events { page.receive(event) }
            return PageModel(header: nil, lanes: [], records: page.records, rules: [])
        }
    }

    static let listener = Trace.address(127, 0, 0, 1, port: 8888)

    func item(_ model: PageModel, _ pid: Int32, _ name: String, _ nth: Int = 0) -> Int? {
        let found = model.items.indices.filter { model.items[$0].pid == pid && model.items[$0].call?.name == name }
        return nth < found.count ? found[nth] : nil
    }

    func flows(_ model: PageModel, _ kind: PageFlow.Kind, from: Int?, to: Int?) -> [PageFlow] {
        model.flows.filter { $0.kind == kind && $0.from == from && $0.to == to }
    }

    /// A server (pid 1) and a client (pid 2) connected on 127.0.0.1:8888, accept4 entered first.
    func connected(_ t: Trace) {
        t.call(1, "socket", [.symbol("AF_INET", raw: 2), .symbol("SOCK_STREAM", raw: 1), .int(0)], result: 3, raw: [2, 1, 0])
        t.call(1, "bind", [.fd(3, annotation: nil), Self.listener, .int(16)], result: 0)
        t.call(1, "listen", [.fd(3, annotation: nil), .int(128)], result: 0, raw: [3, 128])
        t.enter(1, "accept4", [.fd(3, annotation: nil)])
        t.call(2, "socket", [.symbol("AF_INET", raw: 2), .symbol("SOCK_STREAM", raw: 1), .int(0)], result: 3, raw: [2, 1, 0])
        t.call(2, "connect", [.fd(3, annotation: nil), Self.listener, .int(16)], result: 0)
        t.exit(1, [.fd(3, annotation: nil), Trace.address(127, 0, 0, 1, port: 40000), .boxed(.int(16)), .symbol("SOCK_CLOEXEC", raw: 0)], result: 4)
    }

    @Test("a stream's bytes: one send read by two receives, two sends read by one; accept4 waited, the receives did not")
    func streamRanges() {
        let t = Trace()
        connected(t)
        t.call(2, "sendto", [.fd(3, annotation: nil), Trace.data("0123456789"), .int(10), .int(0), .null, .int(0)], result: 10)
        t.call(2, "sendto", [.fd(3, annotation: nil), Trace.data("ab"), .int(2), .int(0), .null, .int(0)], result: 2)
        t.call(1, "recvfrom", [.fd(4, annotation: nil), Trace.data("0123"), .int(4), .int(0), .null, .null], result: 4)
        t.call(1, "recvfrom", [.fd(4, annotation: nil), Trace.data("456789ab"), .int(100), .int(0), .null, .null], result: 8)
        let model = t.model()
        let accept = item(model, 1, "accept4"), connect = item(model, 2, "connect")
        #expect(flows(model, .connection, from: connect, to: accept).count == 1, "\(model.flows)")
        let firstSend = item(model, 2, "sendto", 0), secondSend = item(model, 2, "sendto", 1)
        let firstReceive = item(model, 1, "recvfrom", 0), secondReceive = item(model, 1, "recvfrom", 1)
        #expect(flows(model, .data, from: firstSend, to: firstReceive).map(\.label) == ["4 bytes"])
        #expect(flows(model, .data, from: firstSend, to: secondReceive).map(\.label) == ["6 bytes"])
        #expect(flows(model, .data, from: secondSend, to: secondReceive).map(\.label) == ["\"ab\" · 2 bytes"])
        #expect(flows(model, .data, from: secondSend, to: firstReceive).isEmpty)
        #expect(model.items[accept!].waits != nil && model.items[firstReceive!].waits == nil && model.items[secondReceive!].waits == nil)
        // The kernel's handshake comes right after connect, before accept4 returns.
        let kernel = model.items.firstIndex { $0.kind == .kernel }
        #expect(kernel != nil && model.items[kernel!].row == model.items[connect!].row)
        #expect(model.items[kernel!].position == model.items[connect!].position + 1 && model.items[accept!].returnPosition! > model.items[kernel!].position)
    }

    @Test("a forked child writes on the descriptor it inherited: its bytes go to the parent's end")
    func inheritedDescriptor() {
        let t = Trace()
        t.call(1, "socket", [.symbol("AF_INET", raw: 2), .symbol("SOCK_STREAM", raw: 1), .int(0)], result: 3, raw: [2, 1, 0])
        t.call(1, "bind", [.fd(3, annotation: nil), Self.listener, .int(16)], result: 0)
        t.call(1, "listen", [.fd(3, annotation: nil), .int(8)], result: 0, raw: [3, 8])
        t.call(1, "socket", [.symbol("AF_INET", raw: 2), .symbol("SOCK_STREAM", raw: 1), .int(0)], result: 4, raw: [2, 1, 0])
        t.call(1, "connect", [.fd(4, annotation: nil), Self.listener, .int(16)], result: 0)
        t.call(1, "accept4", [.fd(3, annotation: nil), Trace.address(127, 0, 0, 1, port: 40001), .boxed(.int(16)), .int(0)], result: 5)
        t.enter(1, "clone", [.int(0)], raw: [0x1200011])
        t.call(2, "sendto", [.fd(4, annotation: nil), Trace.data("hi"), .int(2), .int(0), .null, .int(0)], result: 2)
        t.exit(1, result: 2)
        t.call(2, "close", [.fd(4, annotation: nil)], result: 0)
        t.call(1, "recvfrom", [.fd(5, annotation: nil), Trace.data("hi"), .int(10), .int(0), .null, .null], result: 2)
        let model = t.model()
        #expect(flows(model, .data, from: item(model, 2, "sendto"), to: item(model, 1, "recvfrom")).count == 1, "\(model.flows)")
        #expect(model.laneNotes["pid 2"] == "child of pid 1")
    }

    @Test("datagrams whose receive returned before the send did; the reply goes to the port the receive reported")
    func datagramsInAnyOrder() {
        let t = Trace()
        let server = Trace.address(127, 0, 0, 1, port: 7000), client = Trace.address(127, 0, 0, 1, port: 40002)
        t.call(1, "socket", [.symbol("AF_INET", raw: 2), .symbol("SOCK_DGRAM", raw: 2), .int(0)], result: 3, raw: [2, 2, 0])
        t.call(1, "bind", [.fd(3, annotation: nil), server, .int(16)], result: 0)
        t.enter(1, "recvfrom", [.fd(3, annotation: nil)])
        t.call(2, "socket", [.symbol("AF_INET", raw: 2), .symbol("SOCK_DGRAM", raw: 2), .int(0)], result: 3, raw: [2, 2, 0])
        t.enter(2, "sendto", [.fd(3, annotation: nil), Trace.data("hey"), .int(3), .int(0), server, .int(16)])
        t.exit(1, [.fd(3, annotation: nil), Trace.data("hey"), .int(100), .int(0), client, .boxed(.int(16))], result: 3)
        t.exit(2, result: 3)
        t.call(1, "sendto", [.fd(3, annotation: nil), Trace.data("yo"), .int(2), .int(0), client, .int(16)], result: 2)
        t.call(2, "recvfrom", [.fd(3, annotation: nil), Trace.data("yo"), .int(100), .int(0), server, .boxed(.int(16))], result: 2)
        let model = t.model()
        #expect(flows(model, .data, from: item(model, 2, "sendto"), to: item(model, 1, "recvfrom")).count == 1, "\(model.flows)")
        #expect(flows(model, .data, from: item(model, 1, "sendto"), to: item(model, 2, "recvfrom")).count == 1, "\(model.flows)")
        #expect(model.items[item(model, 1, "recvfrom")!].waits != nil && model.items[item(model, 2, "recvfrom")!].waits == nil)
    }

    @Test("no flow and no wait without a cause: getsockname interrupted by another process, a file read, stdout")
    func nothingMadeUp() {
        let t = Trace()
        connected(t)
        t.enter(1, "getsockname", [.fd(4, annotation: nil)])
        t.call(2, "write", [.fd(1, annotation: nil), Trace.data("hi"), .int(2)], result: 2)
        t.exit(1, [.fd(4, annotation: nil), Self.listener, .boxed(.int(16))], result: 0)
        t.call(1, "read", [.fd(7, annotation: nil), Trace.data("hi"), .int(2)], result: 2)
        let model = t.model()
        #expect(model.items[item(model, 1, "getsockname")!].waits == nil)
        #expect(model.flows.allSatisfy { $0.kind == .connection }, "\(model.flows)")
    }

    @Test("a refused connect: the kernel's reset, unless a seccomp filter made the error up")
    func refused() {
        let t = Trace()
        t.call(2, "socket", [.symbol("AF_INET", raw: 2), .symbol("SOCK_STREAM", raw: 1), .int(0)], result: 3, raw: [2, 1, 0])
        t.call(2, "connect", [.fd(3, annotation: nil), Self.listener, .int(16)], result: -1, errno: 111)
        let model = t.model()
        let reset = model.flows.first { $0.kind == .reset }
        #expect(reset?.to == item(model, 2, "connect") && model.items[reset!.from].title == "RST: nothing listens on 127.0.0.1:8888")
        let page = SequenceDiagram(title: "test")
        for event in t.events { page.receive(event) }
        let blocked = PageModel(header: nil, lanes: [], records: page.records, rules: [BlockedCall(role: nil, call: "connect", action: .errno(111))])
        #expect(blocked.flows.isEmpty && !blocked.items.contains { $0.kind == .kernel })
    }

    @Test("shorter forms keep the address, port, backlog, data, byte counts, flags, result and errno")
    func shorterForms() {
        func call(_ name: String, _ arguments: [Value], _ result: CallResult) -> DecodedCall {
            DecodedCall(pid: 1, number: 0, name: name, arguments: arguments, entryArgumentCount: arguments.count, completeAtEntry: true, result: result)
        }
        let bind = call("bind", [.fd(3, annotation: nil), Self.listener, .int(16)], .value(.int(0), note: nil))
        #expect(PageText.variants(bind) == ["bind(3, {sa_family=AF_INET, sin_port=htons(8888), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = 0",
                                           "bind(3, 127.0.0.1:8888, 16) = 0", "bind(3, 127.0.0.1:8888, …) = 0"])
        let connect = call("connect", [.fd(3, annotation: nil), Self.listener, .int(16)], .failed(errno: 111))
        #expect(PageText.variants(connect).dropFirst().first == "connect(3, 127.0.0.1:8888, 16) = -1 ECONNREFUSED")
        let send = call("sendto", [.fd(4, annotation: nil), Trace.data("hello, world, again!"), .int(20), .flags(["MSG_NOSIGNAL"], rest: 0, raw: 0x4000, hint: ""),
                                   .null, .int(0)], .value(.int(20), note: nil))
        #expect(PageText.variants(send).last == "sendto(4, \"hello, wor\"…, 20, MSG_NOSIGNAL, …) = 20")
        let listen = call("listen", [.fd(3, annotation: nil), .int(128)], .value(.int(0), note: nil))
        #expect(PageText.variants(listen) == ["listen(3, 128) = 0"])
    }
}
