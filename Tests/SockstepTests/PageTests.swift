import Foundation
import Testing

/// The page (`--html`, `--print`) as a teacher uses it, in Debian's headless Chromium driven
/// through its DevTools protocol (scripts/page-probe.py, a WebSocket client on Python's standard
/// library): at a projector's 1024×768 and a 1920×1080 screen, in the light and the dark theme;
/// every call's box and every flow the trace implies; presenting call by call; the printed
/// handout (pdftotext).
@Suite("the page: sizes, themes, flows, presentation, print", .serialized)
struct PageTests {
    static let probe = Harness.packageRoot.appendingPathComponent("scripts/page-probe.py").path
    static let pdftotext = "/usr/bin/pdftotext"

    typealias Object = [String: Any]

    /// Runs a plan of the probe; one result per step.
    static func run(_ plan: [Object], in dir: String) throws -> [Object] {
        let planPath = dir + "/plan-\(Harness.nextSerial()).json"
        try JSONSerialization.data(withJSONObject: plan).write(to: URL(fileURLWithPath: planPath))
        let result = try Harness.run("/usr/bin/python3", [probe, planPath], environment: ["PATH": "/usr/bin:/bin", "HOME": dir], timeout: 300)
        try #require(result.exitCode == 0, "the probe ran: \(result)")
        let parsed = try JSONSerialization.jsonObject(with: result.stdoutData) as? [Object]
        return try #require(parsed, "the probe's JSON: \(result.stdout.prefix(400))")
    }

    /// A lesson run with its page and its recording.
    static func lessonPage(_ lesson: String, _ options: [String] = [], expectExit: Int32? = 0) throws -> (dir: String, page: String, recording: String) {
        // A lesson by name, or a calls-only lesson by its path (its file's name without .yaml).
        let name = URL(fileURLWithPath: lesson).deletingPathExtension().lastPathComponent
        let dir = try Harness.makeTemporaryDirectory("page-\(name)")
        let page = dir + "/\(name).html", recording = dir + "/\(name).jsonl"
        let port = try Harness.freePort()
        let run = try Harness.sockstep(["run", lesson, "--plain", "--port", String(port), "--html", page, "--record", recording] + options, timeout: 60)
        if let expectExit { #expect(run.exitCode == expectExit, "\(run)") }
        return (dir, page, recording)
    }

    /// The recording's objects.
    static func events(_ recording: String) throws -> [Object] {
        let text = try String(contentsOfFile: recording, encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? Object)
        }
    }

    /// Every whole strace line of a run: each call's, each signal's, each end's.
    static func straceLines(_ events: [Object]) -> [String] {
        events.filter { ["call", "signal", "exit", "killed"].contains($0["type"] as? String ?? "") }.compactMap { $0["text"] as? String }
    }

    // MARK: The diagram as the probe saw it

    struct Diagram {
        let items: [Object]
        let flows: [Object]

        init(_ measure: Object) {
            items = measure["items"] as? [Object] ?? []
            flows = measure["flows"] as? [Object] ?? []
        }

        /// The `nth` call named `name` in `lane` (in order), its item number.
        func call(_ lane: String, _ name: String, _ nth: Int = 0) -> Int? {
            let found = items.filter { $0["lane"] as? String == lane && $0["name"] as? String == name }
                .sorted { ($0["pos"] as? Int ?? 0) < ($1["pos"] as? Int ?? 0) }
            return nth < found.count ? found[nth]["item"] as? Int : nil
        }

        func item(_ number: Int?) -> Object? { items.first { $0["item"] as? Int == number } }
        func waits(_ number: Int?) -> Bool { item(number)?["waits"] as? Bool ?? false }

        /// The flow of `kind` from one item to another (through the kernel's item when `via`).
        func flow(_ kind: String, from: Int?, to: Int?) -> Object? {
            guard let from, let to else { return nil }
            return flows.first { $0["kind"] as? String == kind && $0["from"] as? Int == from && $0["to"] as? Int == to }
        }

        func has(_ kind: String, from: Int?, to: Int?) -> Bool {
            guard let flow = flow(kind, from: from, to: to) else { return false }
            return (flow["points"] as? Int ?? 0) >= 2
        }

        func kernelText(via flow: Object?) -> String {
            guard let via = flow?["via"] as? Int else { return "" }
            return item(via)?["text"] as? String ?? ""
        }

        var calls: [Object] { items.filter { $0["kind"] as? String == "call" } }
    }

    /// What the page must be at a size and in a theme, with everything shown.
    static func checkLooks(_ measure: Object, _ what: String) {
        let width = measure["width"] as? Int ?? 0
        let scrollWidth = measure["scrollWidth"] as? Int ?? .max, clientWidth = measure["clientWidth"] as? Int ?? 0
        #expect(scrollWidth <= clientWidth && (measure["bodyScrollWidth"] as? Int ?? .max) <= clientWidth,
                "\(what): no horizontal scrolling (scrollWidth \(scrollWidth), clientWidth \(clientWidth))")
        let stageWidth = measure["stageWidth"] as? Int ?? 0
        #expect(Double(stageWidth) >= 0.9 * Double(clientWidth), "\(what): the diagram and its panel fill the width (\(stageWidth) of \(clientWidth) px)")
        #expect((measure["overflowing"] as? [Any])?.isEmpty == true, "\(what): text out of its box: \(measure["overflowing"] ?? "")")
        #expect((measure["beyond"] as? [Any])?.isEmpty == true, "\(what): elements past the window's right edge: \(measure["beyond"] ?? "")")
        #expect((measure["overlaps"] as? [Any])?.isEmpty == true, "\(what): a seccomp badge over a call's text: \(measure["overlaps"] ?? "")")
        #expect(measure["errors"] is NSNull, "\(what): the page's script failed")
        let minRatio = measure["minRatio"] as? Double ?? 0
        #expect(minRatio >= 7, "\(what): contrast \(minRatio) < 7:1: \(measure["lowContrast"] ?? "")")
        if width == 1920 {
            let minFont = measure["minFont"] as? Double ?? 0
            #expect(minFont >= 18, "\(what): text of \(minFont) px: \(measure["small"] ?? "")")
        }
        #expect((measure["texts"] as? Int ?? 0) > 20, "\(what): the page has text")
    }

    static let looks: [(size: [Int], scheme: String)] = [([1024, 768], "light"), ([1024, 768], "dark"), ([1920, 1080], "light"), ([1920, 1080], "dark"),
                                                         ([3840, 2160], "light")]

    /// Opens the page at each size and theme, shows every position, measures.
    static func measureEverywhere(_ page: String, in dir: String) throws -> [Object] {
        var plan: [Object] = []
        for look in looks {
            plan.append(["do": "open", "url": "file://" + page, "size": look.size, "scheme": look.scheme])
            plan.append(["do": "keys", "keys": ["End"]])
            plan.append(["do": "measure"])
        }
        let results = try run(plan, in: dir)
        let measures = results.filter { $0["do"] as? String == "measure" }
        try #require(measures.count == looks.count)
        for (measure, look) in zip(measures, looks) {
            checkLooks(measure, "\(page.split(separator: "/").last ?? "") at \(look.size[0])×\(look.size[1]), \(look.scheme)")
        }
        return measures
    }

    /// Every call of the run has a box, and its whole line is in the page's text.
    static func checkEveryCall(_ diagram: Diagram, _ measure: Object, events: [Object]) {
        let calls = events.filter { $0["type"] as? String == "call" }
        #expect(diagram.calls.count == calls.count, "one box per call: \(diagram.calls.count) boxes, \(calls.count) calls")
        let articles = (measure["articles"] as? [String] ?? []).joined(separator: "\n")
        for line in straceLines(events) {
            #expect(articles.contains(line), "the page has the whole line \(line)")
        }
    }

    // MARK: Tests

    @Test("tcp: no overflow at 1024×768, 1920×1080 and 3840×2160, 18 px, 7:1 in both themes; connect ↔ accept4 through the kernel's handshake, sendto → recvfrom")
    func tcp() throws {
        let (dir, page, recording) = try Self.lessonPage("tcp")
        let measures = try Self.measureEverywhere(page, in: dir)
        let diagram = Diagram(measures[2])
        Self.checkEveryCall(diagram, measures[2], events: try Self.events(recording))
        let accept = diagram.call("server", "accept4"), connect = diagram.call("client", "connect")
        let connection = diagram.flow("connection", from: connect, to: accept)
        #expect(diagram.has("connection", from: connect, to: accept), "connect → accept4: \(diagram.flows)")
        #expect(diagram.kernelText(via: connection).contains("handshake done"), "through the kernel's handshake")
        #expect(diagram.has("data", from: diagram.call("server", "sendto"), to: diagram.call("client", "recvfrom")), "\(diagram.flows)")
        #expect(diagram.waits(accept), "accept4 waited for the client")
        #expect(diagram.calls.filter { $0["waits"] as? Bool == true }.count == 1, "only accept4 waited")
    }

    @Test("udp: both datagrams, though the server's recvfrom was waiting before the client sent")
    func udp() throws {
        let (dir, page, recording) = try Self.lessonPage("udp")
        let measures = try Self.measureEverywhere(page, in: dir)
        let diagram = Diagram(measures[2])
        Self.checkEveryCall(diagram, measures[2], events: try Self.events(recording))
        let serverReceive = diagram.call("server", "recvfrom"), clientReceive = diagram.call("client", "recvfrom")
        #expect(diagram.has("data", from: diagram.call("client", "sendto"), to: serverReceive), "hello! → the waiting recvfrom: \(diagram.flows)")
        #expect(diagram.has("data", from: diagram.call("server", "sendto"), to: clientReceive), "hello back! → the client: \(diagram.flows)")
        #expect(diagram.waits(serverReceive) && !diagram.waits(clientReceive), "the server's recvfrom waited, the client's returned at once")
    }

    @Test("unix: connect ↔ accept4 on a path, write → read")
    func unix() throws {
        let (dir, page, recording) = try Self.lessonPage("unix")
        let measures = try Self.measureEverywhere(page, in: dir)
        let diagram = Diagram(measures[2])
        Self.checkEveryCall(diagram, measures[2], events: try Self.events(recording))
        #expect(diagram.has("connection", from: diagram.call("client", "connect"), to: diagram.call("server", "accept4")), "\(diagram.flows)")
        // Each language writes and reads with its own calls (Rust's std sends with MSG_NOSIGNAL).
        let send = diagram.call("server", "write") ?? diagram.call("server", "sendto")
        let receive = diagram.call("client", "read") ?? diagram.call("client", "recvfrom")
        #expect(send != nil && receive != nil && diagram.has("data", from: send, to: receive), "\(diagram.flows)")
    }

    @Test("backlog: the kernel finished the handshake into the accept queue (1/128) before accept4, which did not wait")
    func backlog() throws {
        let (dir, page, recording) = try Self.lessonPage("backlog")
        let measures = try Self.measureEverywhere(page, in: dir)
        let diagram = Diagram(measures[2])
        Self.checkEveryCall(diagram, measures[2], events: try Self.events(recording))
        let accept = diagram.call("server", "accept4"), connect = diagram.call("client", "connect")
        let connection = diagram.flow("connection", from: connect, to: accept)
        #expect(connection != nil, "connect → accept4: \(diagram.flows)")
        #expect(diagram.kernelText(via: connection).contains("accept queue 1/128"), "the kernel's item: \(diagram.kernelText(via: connection))")
        #expect(!diagram.waits(accept), "accept4 returned at once: the connection was queued")
        #expect(diagram.has("data", from: diagram.call("server", "sendto"), to: diagram.call("client", "recvfrom")))
    }

    @Test("raw: the kernel's echo reply (and the copy of the request) reach the pinger's recvfrom calls")
    func raw() throws {
        let (dir, page, recording) = try Self.lessonPage("raw", expectExit: nil)
        let measure = try Self.run([["do": "open", "url": "file://" + page, "size": [1920, 1080]], ["do": "keys", "keys": ["End"]], ["do": "measure"]], in: dir)[2]
        Self.checkLooks(measure, "raw at 1920×1080")
        let diagram = Diagram(measure)
        let events = try Self.events(recording)
        Self.checkEveryCall(diagram, measure, events: events)
        let socketFailed = events.contains { $0["type"] as? String == "call" && $0["name"] as? String == "socket" && ($0["text"] as? String ?? "").contains("EPERM") }
        if socketFailed {
            // Without CAP_NET_RAW nothing is sent: no flow may be drawn.
            #expect(diagram.flows.isEmpty, "\(diagram.flows)")
        } else {
            let send = diagram.call("pinger", "sendto")
            let echo = diagram.flow("echo", from: send, to: diagram.call("pinger", "recvfrom", 1))
            #expect(echo != nil, "sendto → the kernel's echo reply → the second recvfrom: \(diagram.flows)")
            #expect(diagram.kernelText(via: echo).contains("echo reply"))
            #expect(diagram.flow("copy", from: send, to: diagram.call("pinger", "recvfrom", 0)) != nil, "the copy of the request: \(diagram.flows)")
        }
    }

    @Test("a blocked run: the seccomp badge beside the error, the reset the kernel sent, and what happened at the end")
    func blocked() throws {
        let (dir, page, recording) = try Self.lessonPage("tcp", ["--block", "listen"], expectExit: 1)
        let measures = try Self.measureEverywhere(page, in: dir)
        let measure = measures[0]
        let diagram = Diagram(measure)
        Self.checkEveryCall(diagram, measure, events: try Self.events(recording))
        let connect = diagram.call("client", "connect")
        let reset = diagram.flows.first { $0["kind"] as? String == "reset" && $0["to"] as? Int == connect }
        #expect(reset != nil, "the kernel's RST to the client's connect: \(diagram.flows)")
        let resetText = diagram.item(reset?["from"] as? Int)?["text"] as? String ?? ""
        #expect(resetText.contains("RST"), "the kernel's item: \(resetText)")
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(html.contains("class=\"item call failed seccomp\"") && html.contains("id=\"story\""), "the blocked listen, and the story")
        #expect((measure["positions"] as? Int ?? 0) == diagram.items.count + 1, "the last position is what happened")

        // A block that makes up ECONNREFUSED: no reset, the filter answered (the calls-only
        // lesson, whose player goes on with --keep-going).
        let (_, madeUp, _) = try Self.lessonPage(Harness.callsOnly("tcp"), ["--block", "connect=ECONNREFUSED", "--keep-going"], expectExit: 1)
        let other = try String(contentsOfFile: madeUp, encoding: .utf8)
        #expect(!other.contains("data-kind=\"reset\""), "no reset for an error the seccomp filter returned")
        #expect(other.contains("sockstep ends server"), "sockstep's notice is on the page")
    }

    @Test("a forking traced program (python3): every call has a box; connect ↔ accept4, ping, pong, both datagrams, the child's exit → wait4; getsockname does not wait")
    func forkingProgram() throws {
        let dir = try Harness.makeTemporaryDirectory("page-fork")
        let page = dir + "/t.html", recording = dir + "/t.jsonl"
        let program = Harness.programsDirectory.appendingPathComponent("fork_talk.py").path
        let trace = try Harness.sockstep(["trace", "-f", "--html", page, "--record", recording, "--", try Harness.pythonBinary(), program], timeout: 120)
        #expect(trace.exitCode == 0, "\(trace.stderr.suffix(2000))")
        let results = try Self.run([["do": "open", "url": "file://" + page, "size": [1024, 768]], ["do": "keys", "keys": ["End"]], ["do": "measure"]], in: dir)
        let measure = results[2]
        Self.checkLooks(measure, "the forking program at 1024×768")
        let diagram = Diagram(measure)
        let events = try Self.events(recording)
        Self.checkEveryCall(diagram, measure, events: events)
        let pids = events.compactMap { $0["pid"] as? Int }
        let parent = "pid \(pids.first ?? 0)"
        let child = try #require(diagram.items.compactMap { $0["lane"] as? String }.first { $0 != parent && $0 != "kernel" })
        let accept = diagram.call(parent, "accept4")
        #expect(diagram.has("connection", from: diagram.call(child, "connect"), to: accept), "connect ↔ accept4: \(diagram.flows)")
        #expect(diagram.has("data", from: diagram.call(child, "sendto", 0), to: diagram.call(parent, "recvfrom", 0)), "ping")
        #expect(diagram.has("data", from: diagram.call(parent, "sendto", 0), to: diagram.call(child, "recvfrom", 0)), "pong")
        #expect(diagram.has("data", from: diagram.call(child, "sendto", 1), to: diagram.call(parent, "recvfrom", 1)), "hello over udp")
        #expect(diagram.has("data", from: diagram.call(parent, "sendto", 1), to: diagram.call(child, "recvfrom", 1)), "hello back")
        #expect(diagram.flows.contains { $0["kind"] as? String == "exit" && $0["to"] as? Int == diagram.call(parent, "wait4") }, "the child's exit → wait4")
        let names = diagram.calls.filter { $0["name"] as? String == "getsockname" }
        #expect(!names.isEmpty && names.allSatisfy { $0["waits"] as? Bool == false }, "getsockname returns at once: \(names)")
        #expect(diagram.flows.filter { $0["kind"] as? String == "data" }.count == 4, "no data flow for the files python reads: \(diagram.flows)")
    }

    @Test("presentation: the first call only; → Space PageDown ← PageUp Home End move; #7 opens at 7; hover and Tab show the whole line")
    func presentation() throws {
        let (dir, page, _) = try Self.lessonPage("tcp")
        let keys = ["ArrowRight", " ", "PageDown", "ArrowLeft", "PageUp", "End", "Home", "ArrowLeft"]
        let results = try Self.run([
            ["do": "open", "url": "file://" + page, "size": [1920, 1080]], ["do": "measure"],
            ["do": "keys", "keys": keys],
            ["do": "open", "url": "file://" + page + "#7", "size": [1024, 768]], ["do": "measure"],
            ["do": "keys", "keys": ["End"]], ["do": "hover", "item": 0], ["do": "focus"],
        ], in: dir)
        let first = results[1]
        let total = first["positions"] as? Int ?? 0
        #expect(first["position"] as? Int == 1 && total > 10, "opens at 1 of \(total)")
        let items = first["items"] as? [Object] ?? []
        #expect(items.filter { $0["later"] as? Bool == false }.count == 1, "only the first call is shown")
        let states = (results[2]["states"] as? [Object] ?? []).map { ($0["position"] as? Int ?? 0, $0["hash"] as? String ?? "") }
        let expected = [2, 3, 4, 3, 2, total, 1, 1]
        #expect(states.map(\.0) == expected, "positions after \(keys): \(states)")
        #expect(states.allSatisfy { $0.1 == "#\($0.0)" }, "the URL keeps the position: \(states)")
        let shownAt = (results[2]["states"] as? [Object] ?? []).map { $0["shown"] as? Int ?? 0 }
        #expect(shownAt[5] == items.count && shownAt[6] == 1, "End shows every box, Home one: \(shownAt)")
        let panelAt2 = (results[2]["states"] as? [Object] ?? []).first?["panel"] as? String ?? ""
        #expect(panelAt2.contains("setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0") && panelAt2.contains("SO_REUSEADDR lets the server"),
                "the panel explains the call at the position: \(panelAt2)")
        let seven = results[4]
        #expect(seven["position"] as? Int == 7, "#7 opens at 7")
        let shown = (seven["items"] as? [Object] ?? []).filter { $0["later"] as? Bool == false }.count
        #expect(shown == (seven["items"] as? [Object] ?? []).filter { ($0["pos"] as? Int ?? 99) <= 7 }.count, "the boxes up to 7 are shown")
        let hover = results[6]
        #expect(hover["tipHidden"] as? Bool == false && (hover["tip"] as? String ?? "").contains("socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_IP) = 3"),
                "hovering a box shows its whole line: \(hover)")
        let focus = results[7]
        #expect(focus["tipHidden"] as? Bool == false && (focus["focused"] as? String ?? "").hasPrefix("i"), "Tab to a box shows it: \(focus)")
    }

    @Test("printed: every whole strace line, the lesson's text and code, what happened; no 'Click', no keys; --print (run, render) and Chromium's print")
    func printed() throws {
        let (dir, page, recording) = try Self.lessonPage("tcp", ["--block", "connect"], expectExit: 1)
        let probed = dir + "/probe.pdf", made = dir + "/made.pdf", rendered = dir + "/rendered.pdf", madeRecording = dir + "/made.jsonl"
        _ = try Self.run([["do": "open", "url": "file://" + page, "size": [1280, 800]], ["do": "pdf", "out": probed]], in: dir)
        let run = try Harness.sockstep(["run", "tcp", "--plain", "--port", String(try Harness.freePort()), "--block", "connect",
                                        "--print", made, "--record", madeRecording], timeout: 120)
        #expect(run.exitCode == 1, "\(run)")
        let render = try Harness.sockstep(["render", recording, "--plain", "--print", rendered], timeout: 120)
        #expect(render.exitCode == 0, "\(render)")
        for (pdf, events) in [(probed, recording), (made, madeRecording), (rendered, recording)] {
            let text = try Harness.run(Self.pdftotext, ["-layout", pdf, "-"], timeout: 60)
            #expect(text.exitCode == 0, "pdftotext (poppler-utils, installed by scripts/setup): \(text)")
            let squeezed = text.stdout.filter { !$0.isWhitespace }
            let name = pdf.split(separator: "/").last ?? ""
            let lines = Self.straceLines(try Self.events(events))
            #expect(lines.count >= 8, "\(name): the run's lines")
            for line in lines { #expect(squeezed.contains(line.filter { !$0.isWhitespace }), "\(name) has \(line)") }
            #expect(squeezed.contains("Whathappened") && squeezed.contains("Thedataneverarrived."), "\(name): what happened")
            #expect(squeezed.contains("letmutstream=TcpStream::connect(socket)?;"), "\(name): the code")
            #expect(squeezed.contains("connect()runsTCP'sthree-wayhandshake"), "\(name): the explanations")
            #expect(!text.stdout.contains("Click") && !text.stdout.contains("PageDown") && !text.stdout.contains("Tab to it"), "\(name): no interactive leftovers")
        }
    }

    @Test("--print without Chromium: one line, exit 1, no file; a page that cannot be written is refused first")
    func printWithoutChromium() throws {
        let dir = try Harness.makeTemporaryDirectory("page-nochromium")
        let pdf = dir + "/x.pdf"
        let binary = try Harness.sockstepBinary()
        // Python's programs run with /usr/bin/python3 whatever PATH says; the PATH has no Chromium.
        let result = try Harness.run(binary, ["run", "tcp", "--lang", "python", "--plain", "--print", pdf], environment: ["PATH": dir, "HOME": dir], timeout: 60)
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stderr.hasPrefix("sockstep: --print makes the PDF with Chromium") && result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stdout.isEmpty && !FileManager.default.fileExists(atPath: pdf), "nothing ran, no file")
        let unwritable = try Harness.sockstep(["run", "tcp", "--plain", "--print", dir + "/no/such/folder.pdf"])
        #expect(unwritable.exitCode == 1 && unwritable.stderr.contains("cannot write") && unwritable.stdout.isEmpty, "\(unwritable)")
    }
}
