import Foundation
import Testing

/// compare, JSON Lines and the HTML diagram, checked against the trace and in a real browser.
@Suite("sockstep compare, --format json, --html", .serialized)
struct OutputFormatTests {
    static let lessons = ["tcp", "tcp6", "unix", "udp", "raw", "backlog", "close", "shutdown", "epipe", "stream", "reuseaddr", "acceptqueue", "nonblocking", "forking"]
    static let languages = ["rust", "c", "python", "swift"]

    @Test("compare: every lesson is identical to real strace running the same programs, in every language",
          arguments: lessons.flatMap { lesson in ProgramRunTests.languages(of: lesson).map { "\(lesson) \($0)" } })
    func compareLessons(_ spec: String) throws {
        let parts = spec.split(separator: " ").map(String.init)
        let port = try Harness.freePort()
        let result = try Harness.sockstep(["compare", parts[0], "--lang", parts[1], "--port", String(port)], timeout: 120)
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stdout.split(separator: "\n").last?.hasPrefix("identical: ") == true, "\(result)")
        #expect(!result.stdout.contains("≠"), "\(result)")
    }

    /// The calls a lesson's steps make (their `call:` lines, and the `also:` variants).
    static func calls(of lesson: String) -> [String] {
        let path = Harness.packageRoot.appendingPathComponent("lessons/\(lesson)/lesson.yaml").path
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        var calls: [String] = []
        for line in text.split(separator: "\n") {
            // A step's own keys are indented by four spaces; deeper lines are text (an
            // explanation may well have a line that starts with "call: ").
            guard line.hasPrefix("    ") && !line.hasPrefix("     ") else { continue }
            let trimmed = line.drop { $0 == " " }
            var names: [String] = []
            if trimmed.hasPrefix("call: ") { names = [String(trimmed.dropFirst(6).prefix { $0 != "(" })] }
            if trimmed.hasPrefix("also: [") { names = trimmed.dropFirst(7).prefix { $0 != "]" }.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
            for name in names where !calls.contains(name) {
                #expect(name.allSatisfy { $0.isLowercase || $0.isNumber }, "\(path): \(name) is not a call's name")
                calls.append(name)
            }
        }
        return calls
    }

    /// Every lesson with each call its steps make blocked (EPERM), in every language; kill and
    /// trap in the TCP lesson; the calls-only lesson's player going on after a blocked accept.
    static let blockCases: [String] = {
        var cases: [String] = []
        for lesson in lessons {
            for language in ProgramRunTests.languages(of: lesson) { cases += calls(of: lesson).map { "\(lesson) \(language) \($0)" } }
        }
        return cases + ["tcp rust listen=kill", "tcp python sendto=trap", "tcp c accept4=kill", "tcp swift connect=ECONNREFUSED",
                        Harness.callsOnly("tcp") + " rust server:accept4 --keep-going"]
    }()

    @Test("compare --block: every lesson identical to real strace with each of its calls blocked, in every language", arguments: blockCases)
    func compareBlocked(_ spec: String) throws {
        let parts = spec.split(separator: " ").map(String.init)
        let port = try Harness.freePort()
        let language = parts[0].hasSuffix(".yaml") ? [] : ["--lang", parts[1]]
        let result = try Harness.sockstep(["compare", parts[0], "--block", parts[2], "--port", String(port)] + language + parts.dropFirst(3), timeout: 120)
        #expect(result.exitCode == 0, "\(result)")
    }

    @Test("compare -- CMD: a program's processes, line by line")
    func compareCommand() throws {
        let port = try Harness.freePort()
        let script = Harness.packageRoot.appendingPathComponent("examples/tcp_hello.py").path
        let result = try Harness.sockstep(["compare", "--", "/usr/bin/python3", script, String(port)], timeout: 60)
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stdout.contains("identical: process 1 "), "\(result)")
    }

    @Test("compare says so when a line differs, exit 1; without strace one line, exit 1")
    func compareDifferenceAndMissingStrace() throws {
        let port = try Harness.freePort()
        let dir = try Harness.makeTemporaryDirectory("fake-strace")
        let fake = dir + "/strace"
        // A strace that changes one number in what it writes.
        try """
        #!/bin/sh
        /usr/bin/strace "$@"
        for a in "$@"; do case "$a" in /*.trace|/*/strace-*.txt) sed -i 's/listen(3, 128)/listen(3, 64)/' "$a";; esac; done
        """.write(toFile: fake, atomically: true, encoding: .utf8)
        chmod(fake, 0o755)
        let result = try Harness.sockstep(["compare", "tcp", "--port", String(port), "--strace", fake], timeout: 60)
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stdout.contains("≠"), "\(result)")
        #expect(result.stdout.contains("different: server 6/7, client 4/4 lines identical"), "\(result)")
        let missing = try Harness.run(try Harness.sockstepBinary(), ["compare", "tcp"], environment: ["PATH": dir + "/none"])
        #expect(missing.exitCode == 1, "\(missing)")
        #expect(missing.stderr.contains("strace is not installed: install it with `sudo apt-get install strace`"), "\(missing)")
    }

    static func parseLines(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map { line in
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw HarnessError("not a JSON object: \(line)")
            }
            return object
        }
    }

    @Test("run --format json: one object per event (schema 2), checked against the trace")
    func jsonMatchesTrace() throws {
        let port = try Harness.freePort()
        let json = try Harness.sockstep(["run", "tcp", "--format", "json", "--port", String(port), "--block", "client:recvfrom=ECONNRESET"])
        #expect(json.exitCode == 1, "a blocked call: the lesson did not run as written: \(json)")
        let events = try Self.parseLines(json.stdout)
        #expect(events.allSatisfy { ($0["schema"] as? Int) == 2 && $0["lesson"] as? String == "tcp" })
        #expect(events.first?["type"] as? String == "start" && events.last?["type"] as? String == "finished")
        let calls = events.filter { $0["type"] as? String == "call" }
        // The same run's strace lines: every call's text is one of them, in order per role.
        let plain = try Harness.sockstep(["run", "tcp", "--plain", "--port", String(port), "--block", "client:recvfrom=ECONNRESET"])
        let plainCalls = LessonRunTests.linesByRole(plain.stdout, roles: ["server", "client"], port: port)
        for role in ["server", "client"] {
            let texts = calls.filter { $0["role"] as? String == role }.map { LessonRunTests.normalize($0["text"] as! String, port: port) }
            let expected = (plainCalls[role] ?? []).filter { !$0.hasPrefix("+++") && !$0.hasPrefix("---") }
            #expect(texts == expected, "role \(role)")
        }
        let bind = try #require(calls.first { $0["name"] as? String == "bind" })
        let args = try #require(bind["args"] as? [[String: Any]])
        #expect(args.first?["kind"] as? String == "fd" && args.first?["fd"] as? Int == 3, "fd as a typed value")
        let address = try #require(args[1]["address"] as? [String: Any])
        #expect(args[1]["kind"] as? String == "socket_address" && args[1]["family_name"] as? String == "AF_INET")
        #expect(address["port"] as? Int == Int(port), "port as a number")
        #expect(address["host"] as? String == "127.0.0.1")
        #expect(args[1]["text"] as? String == "127.0.0.1:\(port)")
        let socket = try #require(calls.first { $0["name"] as? String == "socket" })
        let type = try #require((socket["args"] as? [[String: Any]])?[1])
        let parts = type["parts"] as? [[String: Any]] ?? []
        #expect(parts.first?["name"] as? String == "SOCK_STREAM" && parts.last?["names"] as? [String] == ["SOCK_CLOEXEC"], "the type and its flags by name")
        #expect(((socket["result"] as? [String: Any])?["value"] as? [String: Any])?["fd"] as? Int == 3, "the new descriptor")
        #expect(socket["step"] as? Int == 3 || socket["step"] as? Int == 1)
        let recv = try #require(calls.first { $0["name"] as? String == "recvfrom" })
        let error = recv["result"] as? [String: Any]
        #expect(error?["kind"] as? String == "error" && error?["name"] as? String == "ECONNRESET" && error?["errno"] as? Int == 104)
        #expect(recv["seccomp"] as? Bool == true, "the filter decided it")
        #expect(bind["seccomp"] as? Bool == false)
        #expect((bind["duration"] as? Double ?? -1) >= 0 && (bind["time"] as? Double ?? 0) > 1_600_000_000)
        #expect(events.filter { $0["type"] as? String == "exit" }.count == 2)
        // trace --format json too
        let script = Harness.packageRoot.appendingPathComponent("examples/tcp_hello.py").path
        let trace = try Harness.sockstep(["trace", "--format", "json", "-e", "trace=%network", "--", "/usr/bin/python3", script, String(port)])
        let traced = try Self.parseLines(trace.stderr)
        #expect(traced.contains { $0["name"] as? String == "accept4" && $0["type"] as? String == "call" }, "\(trace)")
    }

    @Test("--html: a self-contained page; in headless chromium no errors and one element per call")
    func htmlInBrowser() throws {
        let port = try Harness.freePort()
        let dir = try Harness.makeTemporaryDirectory("html")
        let page = dir + "/tcp.html"
        let run = try Harness.sockstep(["run", "tcp", "--plain", "--html", page, "--port", String(port)])
        #expect(run.exitCode == 0, "\(run)")
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(!html.contains("http://") || !html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").contains("http://"), "nothing from the network")
        #expect(!html.contains("https://") && !html.contains("<script src") && !html.contains("<link") && !html.contains("<img")
                    && !html.replacingOccurrences(of: "url(#", with: "").contains("url(") && !html.contains("@import") && !html.contains("@font-face"), "no external scripts, styles, fonts or images")
        let chromium = "/usr/bin/chromium"
        #expect(FileManager.default.isExecutableFile(atPath: chromium), "chromium is installed by scripts/setup")
        let dom = try Harness.run(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", "file://" + page],
                                  environment: ["HOME": dir, "PATH": "/usr/bin:/bin"], timeout: 60)
        #expect(dom.exitCode == 0, "\(dom)")
        #expect(dom.stdout.contains("data-ready=\"12\""), "the page's script ran and found 12 boxes (9 calls, 2 exits, the kernel's handshake): \(dom.stdout.prefix(400))")
        let body = dom.stdout.range(of: #"<body[^>]*>"#, options: .regularExpression).map { String(dom.stdout[$0]) } ?? ""
        #expect(body.contains("data-ready") && !body.contains("data-errors"), "no script errors: \(body)")
        #expect(dom.stdout.components(separatedBy: "class=\"item call").count - 1 == 9, "one element per call")
        #expect(dom.stdout.contains("class=\"item call waits"), "accept4 drawn as a span")
        #expect(dom.stdout.contains("data-kind=\"connection\"") && dom.stdout.contains("\"hello!\" · 6 bytes"), "connection and data flows")
        let shot = dir + "/tcp.png"
        let png = try Harness.run(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1100,700",
                                             "--screenshot=" + shot, "file://" + page], environment: ["HOME": dir, "PATH": "/usr/bin:/bin"], timeout: 60)
        #expect(png.exitCode == 0, "\(png)")
        #expect(((try? FileManager.default.attributesOfItem(atPath: shot)[.size] as? Int) ?? 0) > 10_000, "a real screenshot")
    }
}
