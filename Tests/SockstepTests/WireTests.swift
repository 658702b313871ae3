import Decoding
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `--wire` (issue 16): the lesson's segments compared with real tcpdump capturing the same run
/// (`tcpdump -i lo -n -S`, Debian's package), the BPF filter with tcpdump's own program, the
/// renderer with tcpdump reading crafted packets, and the run without CAP_NET_RAW.
@Suite("the wire view (--wire) against tcpdump", .serialized)
struct WireTests {
    static func tcpdumpBinary() throws -> String {
        for path in ["/usr/bin/tcpdump", "/usr/sbin/tcpdump"] where FileManager.default.isExecutableFile(atPath: path) { return path }
        throw HarnessError("tcpdump is not installed (apt-get install -y tcpdump)")
    }

    /// A tcpdump line without its time (`07:44:13.504471 IP ...` -> `IP ...`).
    static func withoutTime(_ line: Substring) -> String {
        guard let space = line.firstIndex(of: " ") else { return String(line) }
        return String(line[line.index(after: space)...])
    }

    /// Runs `sockstep ARGS` (with --port PORT) while real tcpdump captures the port on lo; the
    /// run's result and tcpdump's lines, without their times.
    static func runBesideTcpdump(_ arguments: [String], port: UInt16, stdin: Data? = nil, portOption: Bool = true) async throws -> (ProcessResult, [String]) {
        let dir = try CLIDir()
        let tcpdump = try cliStartProgram([try tcpdumpBinary(), "-i", "lo", "-n", "-S", "-l", "-U", "tcp port \(port) or udp port \(port)"],
                                          in: dir, name: "tcpdump")
        defer { tcpdump.killGroup() }
        // tcpdump says so on stderr once its socket is open.
        let ready = ContinuousClock.now + .seconds(20)
        while !tcpdump.stderr.contains("listening on") {
            try #require(tcpdump.poll() == nil, "tcpdump ended: \(tcpdump.summary)")
            try #require(ContinuousClock.now < ready, "tcpdump never said it was listening: \(tcpdump.summary)")
            try await Task.sleep(for: .milliseconds(20))
        }
        let result = try Harness.sockstep(arguments + (portOption ? ["--port", String(port)] : []), stdin: stdin, timeout: 120)
        // The last segments are written by tcpdump a moment later.
        try await Task.sleep(for: .milliseconds(300))
        tcpdump.signal(SIGINT)
        let end = await tcpdump.wait(timeout: .seconds(10))
        try #require(end != nil, "tcpdump did not stop on SIGINT: \(tcpdump.summary)")
        let lines = tcpdump.stdout.split(separator: "\n").map(withoutTime)
        return (result, lines)
    }

    static func objects(_ stdout: String) throws -> [[String: Any]] {
        try stdout.split(separator: "\n").compactMap { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    /// The index of the first object of `type` (and call `name`) at or after `from`.
    static func index(_ objects: [[String: Any]], _ type: String, name: String? = nil, text: ((String) -> Bool)? = nil, from: Int = 0) -> Int? {
        guard from < objects.count else { return nil }
        return objects[from...].firstIndex { o in
            o["type"] as? String == type && (name == nil || o["name"] as? String == name)
                && (text == nil || text!(o["text"] as? String ?? ""))
        }
    }

    @Test("run tcp --lang c --wire: the segments tcpdump saw, line for line, each in time order among the calls")
    func tcpLessonMatchesTcpdump() async throws {
        let port = try Harness.freePort()
        let page = try Harness.makeTemporaryDirectory("wire-page") + "/tcp.html"
        let (result, tcpdump) = try await Self.runBesideTcpdump(["run", "tcp", "--lang", "c", "--wire", "--format", "json", "--html", page], port: port)
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.leftovers.isEmpty, "\(result)")
        // The page draws each segment as a thin arrow in the kernel's lane.
        let html = (try? String(contentsOfFile: page, encoding: .utf8)) ?? ""
        #expect(html.components(separatedBy: "class=\"item kernel segment\"").count - 1 == tcpdump.count, "one arrow per segment")
        #expect(html.contains("◀ [S] ") && html.contains("▶ [S.] \(port) → "), "the SYN goes to the server's lane, the SYN-ACK from it")
        let objects = try Self.objects(result.stdout)
        let segments = objects.filter { $0["type"] as? String == "segment" }.compactMap { $0["text"] as? String }
        // Same packets: same sequence numbers, TS values and ports; only the time is left out.
        #expect(segments == tcpdump, "sockstep:\n\(segments.joined(separator: "\n"))\ntcpdump:\n\(tcpdump.joined(separator: "\n"))")
        #expect(tcpdump.count >= 7, "a handshake, the data and its ack, two FINs and the last ack: \(tcpdump)")
        // The handshake falls inside connect, the data segment inside the server's sendto.
        let connectEntry = try #require(Self.index(objects, "entry", name: "connect"))
        let syn = try #require(Self.index(objects, "segment", text: { $0.contains("Flags [S],") }))
        let connectExit = try #require(Self.index(objects, "call", name: "connect"))
        #expect(connectEntry < syn && syn < connectExit, "the SYN is sent while connect runs")
        let sendEntry = try #require(Self.index(objects, "entry", name: "sendto"))
        let data = try #require(Self.index(objects, "segment", text: { $0.contains("Flags [P.]") && $0.hasSuffix("length 6") }))
        let sendExit = try #require(Self.index(objects, "call", name: "sendto"))
        #expect(sendEntry < data && data < sendExit, "the data segment is sent while sendto runs")
        let stamps = objects.compactMap { ($0["stamp"] as? [String: Any])?["monotonic_ns"] as? Int64 }
        let segmentStamps = objects.filter { $0["type"] as? String == "segment" }.compactMap { ($0["stamp"] as? [String: Any])?["monotonic_ns"] as? Int64 }
        #expect(segmentStamps == segmentStamps.sorted(), "segments in time order")
        #expect(!stamps.isEmpty)
        // The TCP states the kernel listed at the tracer's stops.
        let states = objects.filter { $0["type"] as? String == "tcp_state" }.compactMap { $0["text"] as? String }
        #expect(states.contains("127.0.0.1.\(port): CLOSE -> LISTEN"), "\(states)")
        #expect(states.contains { $0.hasPrefix("127.0.0.1.\(port) > 127.0.0.1.") && $0.hasSuffix(": ESTABLISHED") }, "\(states)")
        #expect(states.contains { $0.hasSuffix("-> TIME_WAIT") }, "the server closes first: its end waits in TIME_WAIT: \(states)")
        // The objects validate against the schema, and render reads them back as they were.
        let dir = try Harness.makeTemporaryDirectory("wire-json")
        let file = dir + "/tcp.jsonl"
        try Data(result.stdout.utf8).write(to: URL(fileURLWithPath: file))
        let check = try Harness.run("/usr/bin/python3", ["-c", RecordingTests.validator, RecordingTests.schema, file], timeout: 120)
        #expect(check.exitCode == 0, "\(check)")
        let rendered = try Harness.sockstep(["render", file, "--format", "json"])
        #expect(rendered.exitCode == 0 && rendered.stdout == result.stdout, "\(rendered)")
    }

    @Test("run udp --lang c --wire: the datagrams tcpdump saw, and --plain keeps strace's lines alone on stdout")
    func udpLessonMatchesTcpdump() async throws {
        let port = try Harness.freePort()
        let (result, tcpdump) = try await Self.runBesideTcpdump(["run", "udp", "--lang", "c", "--wire", "--plain"], port: port)
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.leftovers.isEmpty, "\(result)")
        let wire = result.stderr.split(separator: "\n").filter { $0.hasPrefix("wire: ") }.map { String($0.dropFirst(6)) }
        #expect(wire == tcpdump, "sockstep:\n\(wire.joined(separator: "\n"))\ntcpdump:\n\(tcpdump.joined(separator: "\n"))")
        #expect(tcpdump.count == 2 && tcpdump.allSatisfy { $0.hasPrefix("IP 127.0.0.1.") }, "\(tcpdump)")
        #expect(tcpdump.first?.hasSuffix("UDP, length 6") == true && tcpdump.last?.hasSuffix("UDP, length 11") == true, "\(tcpdump)")
        #expect(!result.stdout.contains("wire:") && !result.stdout.contains("state:"), "stdout is strace's lines only: \(result)")
        #expect(result.stdout.contains("sendto(3, \"hello!\", 6"), "\(result)")
    }

    @Test("tcp6 --wire: IPv6 segments as tcpdump writes them (IP6 ::1.PORT)")
    func tcp6LessonMatchesTcpdump() async throws {
        let port = try Harness.freePort()
        let (result, tcpdump) = try await Self.runBesideTcpdump(["run", "tcp6", "--lang", "c", "--wire", "--format", "json"], port: port)
        #expect(result.exitCode == 0, "\(result)")
        let segments = try Self.objects(result.stdout).filter { $0["type"] as? String == "segment" }.compactMap { $0["text"] as? String }
        #expect(segments == tcpdump, "sockstep:\n\(segments.joined(separator: "\n"))\ntcpdump:\n\(tcpdump.joined(separator: "\n"))")
        #expect(tcpdump.first?.hasPrefix("IP6 ::1.") == true, "\(tcpdump)")
    }

    @Test("step tcp --wire (c: run to the end): the same segments as tcpdump's, in the JSON beside the view")
    func stepMatchesTcpdump() async throws {
        let port = try Harness.freePort()
        let (result, tcpdump) = try await Self.runBesideTcpdump(["step", "tcp", "--lang", "c", "--wire", "--format", "json"], port: port,
                                                                stdin: Data("c\n".utf8))
        #expect(result.exitCode == 0, "\(result)")
        let segments = try Self.objects(result.stdout).filter { $0["type"] as? String == "segment" }.compactMap { $0["text"] as? String }
        #expect(segments == tcpdump, "sockstep:\n\(segments.joined(separator: "\n"))\ntcpdump:\n\(tcpdump.joined(separator: "\n"))")
        #expect(tcpdump.count >= 7, "\(tcpdump)")
        // The view (on stderr with --format json) shows them under their calls.
        #expect(result.stderr.contains("  wire: IP 127.0.0.1."), "\(result)")
    }

    @Test("trace --wire PORT: a program's segments on stderr among strace's lines, as tcpdump saw them")
    func traceMatchesTcpdump() async throws {
        let port = try Harness.freePort()
        let hello = Harness.packageRoot.appendingPathComponent("examples/tcp_hello.py").path
        let (result, tcpdump) = try await Self.runBesideTcpdump(["trace", "-e", "trace=%network", "--wire", String(port), "--",
                                                                 "/usr/bin/python3", hello, String(port)], port: port, portOption: false)
        #expect(result.exitCode == 0, "\(result)")
        let lines = result.stderr.split(separator: "\n").map(String.init)
        let wire = lines.filter { $0.hasPrefix("wire: ") }.map { String($0.dropFirst(6)) }
        #expect(wire == tcpdump, "sockstep:\n\(wire.joined(separator: "\n"))\ntcpdump:\n\(tcpdump.joined(separator: "\n"))")
        // The handshake right under connect's line, the data under sendto's.
        let connect = try #require(lines.firstIndex { $0.hasPrefix("connect(") })
        #expect(lines[connect + 1].hasPrefix("wire: ") && lines[connect + 1].contains("Flags [S],"), "\(result)")
        let send = try #require(lines.firstIndex { $0.hasPrefix("sendto(") })
        #expect(lines[send + 1].contains("Flags [P.]"), "\(result)")
        let bad = try Harness.sockstep(["trace", "--wire", "0", "--", "/bin/true"])
        #expect(bad.exitCode == 2 && bad.stderr.contains("--wire 0"), "\(bad)")
    }

    @Test("without CAP_NET_RAW (as nobody): one line says why there is no wire view, and the lesson runs on")
    func noCapability() async throws {
        guard getuid() == 0 else {
            // Not root: this user has no CAP_NET_RAW already.
            let result = try Harness.sockstep(["run", Harness.callsOnly("tcp"), "--wire", "--plain", "--port", String(try Harness.freePort())])
            #expect(result.exitCode == 0, "\(result)")
            #expect(result.stderr.split(separator: "\n").filter { $0.hasPrefix("no wire view") }.count == 1, "\(result)")
            return
        }
        // A world-readable folder with a copy of the binary and of the calls-only lesson (played
        // by sockstep's own player: nothing to compile as nobody).
        var template = Array("/tmp/sockstep-wire-XXXXXX".utf8CString)
        let dir = try #require(template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }.map { String(cString: $0) })
        defer { try? FileManager.default.removeItem(atPath: dir) }
        chmod(dir, 0o755)
        let copy = dir + "/sockstep"
        try Harness.copyExecutable(try Harness.sockstepBinary(), to: copy)
        let lesson = dir + "/tcp.yaml"
        try FileManager.default.copyItem(atPath: Harness.callsOnly("tcp"), toPath: lesson)
        chmod(lesson, 0o644)
        let port = try Harness.freePort()
        let asNobody = ["--reuid=65534", "--regid=65534", "--clear-groups", "--", copy, "run", lesson, "--wire", "--port", String(port)]
        let plain = try Harness.run("/usr/bin/setpriv", asNobody + ["--plain"], environment: ["PATH": "/usr/bin:/bin", "HOME": dir], timeout: 60)
        #expect(plain.exitCode == 0, "the lesson runs on: \(plain)")
        #expect(plain.leftovers.isEmpty, "\(plain)")
        let lines = plain.stderr.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].hasPrefix("no wire view:") && lines[0].contains("CAP_NET_RAW"), "one line says why: \(plain)")
        #expect(plain.stdout.contains("connect(3, {sa_family=AF_INET, sin_port=htons(\(port))"), "\(plain)")
        let json = try Harness.run("/usr/bin/setpriv", asNobody + ["--format", "json"], environment: ["PATH": "/usr/bin:/bin", "HOME": dir], timeout: 60)
        #expect(json.exitCode == 0, "\(json)")
        let objects = try Self.objects(json.stdout)
        #expect(objects.filter { $0["type"] as? String == "wire_unavailable" }.count == 1, "\(json)")
        #expect(!objects.contains { $0["type"] as? String == "segment" }, "\(json)")
    }

    @Test("a lesson on UNIX sockets: one line says --wire has nothing to show, and the lesson runs on")
    func unixLessonHasNoWire() throws {
        let result = try Harness.sockstep(["run", "unix", "--wire", "--plain"], timeout: 120)
        #expect(result.exitCode == 0, "\(result)")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].hasPrefix("no wire view: lesson unix talks over no TCP or UDP port"), "\(result)")
        #expect(result.stdout.contains("connect(3, {sa_family=AF_UNIX,"), "\(result)")
    }

    /// `tcpdump -i lo -dd EXPRESSION`: its program, one instruction a line.
    static func tcpdumpProgram(_ expression: String) throws -> [SegmentFilter.Instruction] {
        let result = try Harness.run(try tcpdumpBinary(), ["-i", "lo", "-dd", expression], timeout: 30)
        try #require(result.exitCode == 0, "\(result)")
        return try result.stdout.split(separator: "\n").map { line in
            let fields = line.filter { !"{} ".contains($0) }.split(separator: ",").map(String.init)
            try #require(fields.count == 4, "\(line)")
            func number(_ s: String) throws -> UInt32 {
                try #require(s.hasPrefix("0x") ? UInt32(s.dropFirst(2), radix: 16) : UInt32(s), "\(s)")
            }
            return SegmentFilter.Instruction(code: UInt16(try number(fields[0])), jt: UInt8(try number(fields[1])),
                                             jf: UInt8(try number(fields[2])), k: try number(fields[3]))
        }
    }

    @Test("the BPF filter for one port is tcpdump's program for 'tcp port P or udp port P', instruction for instruction")
    func filterIsTcpdumpsForOnePort() throws {
        for port: UInt16 in [8888, 1, 65535, 40123] {
            let mine = try #require(SegmentFilter.program(ports: [port]))
            let theirs = try Self.tcpdumpProgram("tcp port \(port) or udp port \(port)")
            #expect(mine == theirs, "port \(port):\n\(mine.map(\.description).joined(separator: "\n"))\ntcpdump:\n\(theirs.map(\.description).joined(separator: "\n"))")
        }
    }

    /// An Ethernet frame of lo carrying an IPv4 or IPv6 packet with `proto` and these ports.
    static func frame(ipv6: Bool, proto: UInt8, source: UInt16, destination: UInt16, fragment: UInt16 = 0, ihl: UInt8 = 5) -> [UInt8] {
        var f = [UInt8](repeating: 0, count: 12) + (ipv6 ? [0x86, 0xdd] : [0x08, 0x00])
        let transport: [UInt8] = [UInt8(source >> 8), UInt8(source & 0xff), UInt8(destination >> 8), UInt8(destination & 0xff)]
            + [UInt8](repeating: 0, count: 16)
        if ipv6 {
            f += [0x60, 0, 0, 0, 0, UInt8(transport.count), proto, 64] + [UInt8](repeating: 0, count: 15) + [1] + [UInt8](repeating: 0, count: 15) + [1]
        } else {
            let header = Int(ihl) * 4
            let total = header + transport.count
            f += [0x40 | ihl, 0, UInt8(total >> 8), UInt8(total & 0xff), 0, 0, UInt8(fragment >> 8), UInt8(fragment & 0xff), 64, proto, 0, 0,
                  127, 0, 0, 1, 127, 0, 0, 1] + [UInt8](repeating: 0, count: header - 20)
        }
        return f + transport
    }

    @Test("the BPF filter for several ports keeps what tcpdump's program for them keeps (both run on the same frames)")
    func filterAgreesWithTcpdumpForSeveralPorts() throws {
        let ports: [UInt16] = [40123, 40124, 40130]
        let mine = try #require(SegmentFilter.program(ports: ports))
        let theirs = try Self.tcpdumpProgram(ports.map { "tcp port \($0) or udp port \($0)" }.joined(separator: " or "))
        var frames: [[UInt8]] = []
        for ipv6 in [false, true] {
            for proto: UInt8 in [6, 17, 1, 132] {
                for (s, d) in [(40123, 50000), (50000, 40124), (40130, 40130), (50000, 50001), (40125, 1)] as [(UInt16, UInt16)] {
                    frames.append(Self.frame(ipv6: ipv6, proto: proto, source: s, destination: d))
                    if !ipv6 {
                        frames.append(Self.frame(ipv6: false, proto: proto, source: s, destination: d, ihl: 6))
                        frames.append(Self.frame(ipv6: false, proto: proto, source: s, destination: d, fragment: 0x0010))
                        frames.append(Self.frame(ipv6: false, proto: proto, source: s, destination: d, fragment: 0x2000))
                    }
                }
            }
        }
        var random = SystemRandomNumberGenerator()
        let whole = frames
        for _ in 0 ..< 2000 {
            var f = whole[Int.random(in: 0 ..< whole.count, using: &random)]
            f[Int.random(in: 0 ..< f.count, using: &random)] = UInt8.random(in: 0 ... 255, using: &random)
            frames.append(Array(f.prefix(Int.random(in: 0 ... f.count, using: &random))))
        }
        var kept = 0
        for f in frames {
            let a = SegmentFilter.run(mine, on: f)
            #expect(a == SegmentFilter.run(theirs, on: f), "frame \(f)")
            if a != 0 { kept += 1 }
        }
        #expect(kept > 20, "the frames test both sides")
        #expect(SegmentFilter.run(mine, on: Self.frame(ipv6: false, proto: 6, source: 50000, destination: 40124)) == SegmentFilter.snapshotLength)
        #expect(SegmentFilter.run(mine, on: Self.frame(ipv6: true, proto: 17, source: 40130, destination: 9)) == SegmentFilter.snapshotLength)
        #expect(SegmentFilter.run(mine, on: Self.frame(ipv6: false, proto: 6, source: 50000, destination: 50001)) == 0)
    }

    /// A pcap file (link type Ethernet) holding the frames, for `tcpdump -r`.
    static func pcap(_ frames: [[UInt8]]) -> Data {
        func le32(_ v: UInt32) -> [UInt8] { [UInt8(v & 0xff), UInt8((v >> 8) & 0xff), UInt8((v >> 16) & 0xff), UInt8(v >> 24)] }
        var out = le32(0xa1b2c3d4) + [2, 0, 4, 0] + le32(0) + le32(0) + le32(262_144) + le32(1)
        for (i, f) in frames.enumerated() {
            out += le32(1_700_000_000) + le32(UInt32(i)) + le32(UInt32(f.count)) + le32(UInt32(f.count))
            out += f
        }
        return Data(out)
    }

    /// A TCP segment over IPv4 (or IPv6) on lo, with flags, options and a payload.
    static func tcpFrame(ipv6: Bool = false, flags: UInt16, seq: UInt32 = 1000, ack: UInt32 = 2000, window: UInt16 = 512,
                         urgent: UInt16 = 0, options: [UInt8] = [], payload: Int = 0) -> [UInt8] {
        var tcp: [UInt8] = [0x9b, 0x7a, 0x22, 0xb8]
        for v in [seq, ack] { tcp += [UInt8(v >> 24), UInt8((v >> 16) & 0xff), UInt8((v >> 8) & 0xff), UInt8(v & 0xff)] }
        let padded = options + [UInt8](repeating: 0, count: (4 - options.count % 4) % 4)
        tcp += [UInt8((20 + padded.count) / 4) << 4 | UInt8(flags >> 8), UInt8(flags & 0xff), UInt8(window >> 8), UInt8(window & 0xff), 0, 0,
                UInt8(urgent >> 8), UInt8(urgent & 0xff)]
        tcp += padded + [UInt8](repeating: 0x61, count: payload)
        var f = [UInt8](repeating: 0, count: 12)
        if ipv6 {
            f += [0x86, 0xdd, 0x60, 0, 0, 0, UInt8(tcp.count >> 8), UInt8(tcp.count & 0xff), 6, 64]
                + [UInt8](repeating: 0, count: 15) + [1] + [0x20, 0x01, 0x0d, 0xb8] + [UInt8](repeating: 0, count: 11) + [7]
        } else {
            let total = 20 + tcp.count
            f += [0x08, 0x00, 0x45, 0, UInt8(total >> 8), UInt8(total & 0xff), 0, 0, 0x40, 0, 64, 6, 0, 0, 127, 0, 0, 1, 127, 0, 0, 2]
        }
        return f + tcp
    }

    @Test("the renderer writes what tcpdump -r -n -S writes for crafted segments (flags, options, IPv6, UDP)")
    func rendererMatchesTcpdumpOnCraftedPackets() throws {
        let ts: [UInt8] = [1, 1, 8, 10, 0, 0, 0, 7, 0, 0, 0, 9]
        let frames: [[UInt8]] = [
            Self.tcpFrame(flags: 0x002, options: [2, 4, 0xff, 0xd7, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7]),
            Self.tcpFrame(flags: 0x012, options: [2, 4, 0x05, 0xb4]),
            Self.tcpFrame(flags: 0x010, options: ts),
            Self.tcpFrame(flags: 0x018, options: ts, payload: 11),
            Self.tcpFrame(flags: 0x011),
            Self.tcpFrame(flags: 0x004, seq: 4_000_000_000, ack: 0),
            Self.tcpFrame(flags: 0x014),
            Self.tcpFrame(flags: 0x0c2),
            Self.tcpFrame(flags: 0x030, urgent: 3, payload: 4),
            Self.tcpFrame(flags: 0x000),
            Self.tcpFrame(flags: 0x010, options: [1, 1, 5, 10, 0, 0, 0, 5, 0, 0, 0, 9]),
            Self.tcpFrame(flags: 0x010, options: [1, 1, 5, 18, 0, 0, 0, 5, 0, 0, 0, 9, 0, 0, 1, 0, 0, 0, 2, 0]),
            Self.tcpFrame(flags: 0x010, options: [0xfd, 4, 0xab, 0xcd]),
            Self.tcpFrame(flags: 0x010, options: [0, 1, 1, 1]),
            Self.tcpFrame(flags: 0x110),
            Self.tcpFrame(flags: 0x010, options: [6, 6, 0xab, 0xcd, 0xef, 0x12]),
            Self.tcpFrame(flags: 0x010, options: [11, 6, 0, 0, 0, 42]),
            Self.tcpFrame(flags: 0x002, options: [34, 6, 0xab, 0xcd, 0xef, 0x12]),
            Self.tcpFrame(flags: 0x002, options: [34, 2]),
            Self.tcpFrame(flags: 0x010, options: [99, 6, 0xab, 0xcd, 0xef, 0x12]),
            Self.tcpFrame(flags: 0x010, options: [99, 2]),
            Self.tcpFrame(flags: 0x010, options: [2, 1, 0, 0]),
            Self.tcpFrame(flags: 0x010, options: [1, 8, 6, 0, 0, 0, 1]),
            Self.tcpFrame(flags: 0x010, options: [1, 1, 1, 2, 9, 0, 0]),
            Self.tcpFrame(ipv6: true, flags: 0x002, seq: 7, options: [2, 4, 0xff, 0xc4]),
            Self.tcpFrame(ipv6: true, flags: 0x019, payload: 100),
            [UInt8](repeating: 0, count: 12) + [0x08, 0x00, 0x45, 0, 0, 34, 0, 0, 0x40, 0, 64, 17, 0, 0, 127, 0, 0, 1, 127, 0, 0, 1,
                                                0x9c, 0x40, 0x9c, 0x41, 0, 14, 0, 0, 1, 2, 3, 4, 5, 6],
        ]
        let dir = try Harness.makeTemporaryDirectory("wire-pcap")
        let file = dir + "/crafted.pcap"
        try Self.pcap(frames).write(to: URL(fileURLWithPath: file))
        let result = try Harness.run(try Self.tcpdumpBinary(), ["-r", file, "-n", "-S"], timeout: 30)
        #expect(result.exitCode == 0, "\(result)")
        let theirs = result.stdout.split(separator: "\n").map(Self.withoutTime)
        let mine = frames.map { Segment.decode(ethernetFrame: $0)?.tcpdumpText ?? "(not decoded)" }
        #expect(theirs.count == frames.count, "\(result)")
        for (i, (a, b)) in zip(mine, theirs).enumerated() {
            #expect(a == b, "frame \(i)")
        }
    }
}
