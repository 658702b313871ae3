import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif
#if canImport(Glibc)
import Glibc
#endif

/// Issue 15: `sockstep check`. Student-like programs (Programs/students), correct and each with
/// one typical mistake, play a role of the tcp lesson against the lesson's C programs; each
/// gets its verdict, with the step named.
@Suite("sockstep check: a student's program graded against a lesson", .serialized)
struct CheckTests {
    /// A student's program, ready to run: a C program compiled once, a Python one with python3.
    static func program(_ file: String) throws -> [String] {
        let source = try Harness.programSource("students/" + file)
        if file.hasSuffix(".py") { return [try Harness.pythonBinary(), source] }
        let name = String(file.dropLast(2))
        return try compiled.withLock { cache in
            if let done = cache[name] { return [done] }
            let folder = Harness.scratchDirectory + "/students"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let output = folder + "/" + name
            let result = try Harness.run("/usr/bin/gcc", ["-O0", "-w", "-o", output, source], timeout: 120)
            guard result.termination == .exited(0) else { throw HarnessError("gcc failed:\n\(result)") }
            cache[name] = output
            return [output]
        }
    }

    static let compiled = LockedBox<[String: String]>([:])

    /// What one check run gave: its exit, the JSON lines by id, the summary.
    struct Run {
        var result: ProcessResult
        var steps: [String: [String: Any]]
        var order: [String]
        var summary: [String: Any]

        func mark(_ id: String) -> String? { steps[id]?["result"] as? String }
        func message(_ id: String) -> String { steps[id]?["message"] as? String ?? "" }
    }

    /// `sockstep check tcp --role ROLE --lang c --port P --format json [extra] -- PROGRAM P`.
    static func check(_ file: String, role: String, extra: [String] = [], port: UInt16? = nil, lesson: String = "tcp",
                      environment: [String: String] = Harness.traceEnvironment, directory: String? = nil) throws -> Run {
        let port = try port ?? Harness.freePort()
        let arguments = ["check", lesson, "--role", role, "--lang", "c", "--port", String(port), "--format", "json"] + extra
            + ["--"] + (try program(file)) + [String(port)]
        let result = try Harness.run(try Harness.sockstepBinary(), arguments, environment: environment, workingDirectory: directory, timeout: 90)
        var steps: [String: [String: Any]] = [:]
        var order: [String] = []
        var summary: [String: Any] = [:]
        for line in result.stdout.split(separator: "\n") {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not JSON: \(line)")
            if object["type"] as? String == "summary" { summary = object; continue }
            let id = try #require(object["id"] as? String)
            steps[id] = object
            order.append(id)
        }
        return Run(result: result, steps: steps, order: order, summary: summary)
    }

    @Test("a correct program passes: every required step ✓, exit 0",
          arguments: [("server_ok.c", "server"), ("client_ok.c", "client"), ("server_ok.py", "server"), ("client_ok.py", "client"),
                      ("server_fork.c", "server"), ("server_thread.c", "server"), ("server_loop.c", "server"), ("server_chatty.c", "server"),
                      ("server_asyncio.py", "server")])
    func correct(_ file: String, _ role: String) throws {
        let run = try Self.check(file, role: role)
        #expect(run.result.exitCode == 0, "\(run.result)")
        #expect(run.result.leftovers.isEmpty, "\(run.result)")
        #expect(run.summary["result"] as? String == "pass", "\(run.result)")
        #expect(run.summary["failed"] as? Int == 0, "\(run.result)")
        for id in run.order {
            let grade = run.steps[id]?["grade"] as? String
            #expect(run.mark(id) == "pass" || (grade == "optional" && run.mark(id) == "warn"), "\(id): \(run.result)")
        }
        // Each required step has the student's strace line beside the lesson's call.
        for id in run.order where id.hasPrefix("step-") && run.mark(id) == "pass" {
            let yours = run.steps[id]?["yours"] as? [String] ?? []
            #expect(!yours.isEmpty, "\(id): \(run.result)")
            #expect(run.steps[id]?["expected"] is String, "\(id)")
        }
    }

    @Test("a server that serves forever is ended once the lesson's client is done, and passes; a forked child or a thread is traced too")
    func serverThatGoesOn() throws {
        let loop = try Self.check("server_loop.c", role: "server")
        #expect(loop.result.exitCode == 0, "\(loop.result)")
        let notes = loop.steps["ends"]?["allowed"] as? [String] ?? []
        #expect(notes.contains { $0.contains("still waited in accept after the other roles had ended") }, "\(loop.result)")
        for file in ["server_fork.c", "server_thread.c"] {
            let run = try Self.check(file, role: "server")
            // The child (or the thread) made the write: it was traced and graded.
            #expect(run.mark("step-6") == "pass", "\(run.result)")
            let notes = run.steps["ends"]?["allowed"] as? [String] ?? []
            #expect(notes.contains { $0.contains("2 processes or threads") }, "\(run.result)")
        }
    }

    /// Every role of every lesson with C programs, with its C program.
    static let ownPrograms: [(String, String)] = {
        let folder = Harness.packageRoot.appendingPathComponent("lessons").path
        var out: [(String, String)] = []
        for lesson in ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted() {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: folder + "/" + lesson)) ?? []
            for file in files.sorted() where file.hasSuffix(".c") && !(lesson == "forking" && file == "server.c") {
                out.append((lesson, String(file.dropLast(2))))
            }
        }
        return out
    }()

    /// The forking lesson's server has steps of its forked children (child: N), which check
    /// cannot follow yet: refused with one line, exit 2, nothing run.
    @Test("a role with steps of forked children (forking's server) is refused with one line, exit 2")
    func forkedChildrenRefused() throws {
        let result = try Harness.sockstep(["check", "forking", "--role", "server", "--lang", "c", "--port", String(try Harness.freePort()),
                                           "--", "/bin/true"], timeout: 60)
        #expect(result.exitCode == 2, "\(result)")
        #expect(result.stderr.contains("steps made by the processes it forks (child: N), which check cannot grade yet"), "\(result)")
        #expect(result.stderr.split(separator: "\n").count == 1 && result.stdout.isEmpty, "\(result)")
    }

    @Test("a lesson's own C program passes its own check, in each role (calls that fail on purpose included)", arguments: ownPrograms)
    func ownProgramPasses(_ lesson: String, _ role: String) throws {
        let source = Harness.packageRoot.appendingPathComponent("lessons/\(lesson)/\(role).c").path
        let output = try Harness.makeTemporaryDirectory("own") + "/" + role
        let built = try Harness.run("/usr/bin/gcc", ["-O0", "-w", "-o", output, source], timeout: 120)
        try #require(built.termination == .exited(0), "\(built)")
        let port = try Harness.freePort()
        let result = try Harness.sockstep(["check", lesson, "--role", role, "--lang", "c", "--port", String(port), "--", output, "{arg}"], timeout: 90)
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.leftovers.isEmpty, "\(result)")
        #expect(!result.stdout.contains("✗"), "\(result)")
    }

    @Test("allowed differences are named: accept for accept4, write for sendto, no SOCK_CLOEXEC, backlog 5")
    func allowedDifferences() throws {
        let run = try Self.check("server_ok.c", role: "server")
        let allowed = run.order.flatMap { (run.steps[$0]?["allowed"] as? [String]) ?? [] }
        for needle in ["accept instead of accept4", "write instead of sendto", "without SOCK_CLOEXEC", "backlog 5 instead of 128"] {
            #expect(allowed.contains { $0.hasPrefix(needle) }, "\(needle): \(allowed)")
        }
        // Python leaves SO_REUSEADDR out: the optional step is a warning, not a failure.
        let python = try Self.check("server_ok.py", role: "server")
        #expect(python.mark("step-2") == "warn", "\(python.result)")
        #expect(python.message("step-2").contains("SO_REUSEADDR"), "\(python.result)")
        #expect(python.result.exitCode == 0, "\(python.result)")
        // asyncio has its epoll and self-pipe descriptors open first: another descriptor number.
        let loop = try Self.check("server_asyncio.py", role: "server")
        let socketNotes = loop.steps["step-1"]?["allowed"] as? [String] ?? []
        #expect(socketNotes.contains { $0.hasPrefix("descriptor ") && $0.contains("where the lesson's program gets 3: allowed") }, "\(loop.result)")
    }

    /// A program with one typical mistake: its role, the step that fails, words of the message.
    struct Mistake: Sendable, CustomStringConvertible {
        var file: String
        var role: String
        var step: String
        var words: [String]
        var extra: [String] = []
        var lesson = "tcp"
        var description: String { file + " " + extra.joined(separator: " ") }
    }

    static let mistakes: [Mistake] = [
        Mistake(file: "client_noclose.c", role: "client", step: "step-4", words: ["no close", "exited without closing"], lesson: "close"),
        Mistake(file: "server_nolisten.c", role: "server", step: "step-4", words: ["no listen", "ECONNREFUSED", "EINVAL"]),
        Mistake(file: "server_nolisten.py", role: "server", step: "step-4", words: ["no listen"]),
        Mistake(file: "server_wrongport.c", role: "server", step: "step-3", words: ["bind to port", "where nothing of yours is"]),
        Mistake(file: "server_any.c", role: "server", step: "step-3", words: ["0.0.0.0", "every interface", "127.0.0.1"]),
        Mistake(file: "client_wrongport.c", role: "client", step: "step-2", words: ["connect to 127.0.0.1:", "the lesson's server is at"]),
        Mistake(file: "client_short.c", role: "client", step: "step-3", words: ["read 3 of 6 bytes", "TCP is a stream"]),
        Mistake(file: "client_short.py", role: "client", step: "step-3", words: ["read 3 of 6 bytes"]),
        Mistake(file: "server_segv.c", role: "server", step: "step-6", words: ["killed by SIGSEGV", "after accept"]),
        Mistake(file: "server_hang.c", role: "server", step: "step-6", words: ["time limit (2 s)", "waited in accept"], extra: ["--timeout", "2"]),
        Mistake(file: "server_noerr.c", role: "server", step: "handles", words: ["exits with status 0 after listen failed with EPERM"],
                extra: ["--block", "listen"]),
    ]

    @Test("a program with a typical mistake fails, at the step named, with what is wrong", arguments: mistakes)
    func mistake(_ mistake: Mistake) throws {
        let run = try Self.check(mistake.file, role: mistake.role, extra: mistake.extra, lesson: mistake.lesson)
        #expect(run.result.exitCode == 1, "\(run.result)")
        #expect(run.result.leftovers.isEmpty, "\(run.result)")
        #expect(run.mark(mistake.step) == "fail", "\(run.result)")
        for word in mistake.words {
            #expect(run.message(mistake.step).contains(word), "\(word): \(run.message(mistake.step))")
        }
        // The steps before the mistake pass (the optional one may warn).
        for id in run.order.prefix(while: { $0 != mistake.step }) {
            #expect(run.mark(id) != "fail", "\(id) before \(mistake.step): \(run.result)")
        }
        #expect(run.summary["result"] as? String == "fail")
    }

    @Test("a program that crashes: the signal is named, and how it ended is a failure")
    func crash() throws {
        let run = try Self.check("server_segv.c", role: "server")
        #expect(run.mark("ends") == "fail", "\(run.result)")
        #expect(run.message("ends").contains("SIGSEGV (a segmentation fault"), "\(run.result)")
        #expect((run.steps["ends"]?["yours"] as? [String])?.first?.hasPrefix("+++ killed by SIGSEGV") == true, "\(run.result)")
    }

    @Test("a program that hangs ends at the time limit, says the call it waited in, and leaves nothing running or on disk")
    func hang() throws {
        let base = try Harness.makeTemporaryDirectory("check-hang")
        let tmp = base + "/tmp"
        let cwd = base + "/cwd"
        try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: cwd, withIntermediateDirectories: true)
        var environment = Harness.traceEnvironment
        environment["TMPDIR"] = tmp
        let started = Date()
        let run = try Self.check("server_hang.c", role: "server", extra: ["--timeout", "2"], environment: environment, directory: cwd)
        #expect(Date().timeIntervalSince(started) < 60, "a hang guard, not a speed test")
        #expect(run.result.termination == .exited(1), "\(run.result)")
        #expect(run.result.leftovers.isEmpty, "\(run.result)")
        #expect(run.message("ends").contains("waiting in accept(3, "), "\(run.result)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp).isEmpty, "the run folder is left behind")
        #expect(try FileManager.default.contentsOfDirectory(atPath: cwd).isEmpty, "files left in the student's folder")
    }

    @Test("a program that never makes a socket call: the lesson's client is held, and the time limit says where the program was")
    func sleeper() throws {
        let port = try Harness.freePort()
        let result = try Harness.sockstep(["check", "tcp", "--role", "server", "--lang", "c", "--port", String(port), "--timeout", "2",
                                           "--format", "json", "--", "/bin/sleep", "30"], timeout: 60)
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.leftovers.isEmpty, "\(result)")
        #expect(result.stdout.contains("the time limit (2 s) ran out while your server waited in clock_nanosleep"), "\(result)")
    }

    @Test("the port held in TIME_WAIT by a server that closed first without SO_REUSEADDR: exit 2, and why")
    func timeWait() throws {
        // A run of check cannot make the TIME_WAIT on the server's side for sure: when the traced
        // server's close comes after the client's, the client closed first and the TIME_WAIT is
        // on the client's ephemeral port. So the test closes a connection on the port from the
        // listening side first itself, as a server that served a client would.
        let port = try Harness.freePort()
        try makeTimeWait(port: port, reuse: false)
        let again = try Self.check("server_ok.py", role: "server", port: port)
        #expect(again.result.exitCode == 2, "\(again.result)")
        #expect(again.result.stderr.contains("127.0.0.1:\(port) is held by a connection in TIME_WAIT"), "\(again.result)")
    }

    @Test("a program that prints without end is stopped at 64 MiB by SIGXFSZ, and its output is not left on disk")
    func flood() throws {
        let tmp = try Harness.makeTemporaryDirectory("check-flood")
        var environment = Harness.traceEnvironment
        environment["TMPDIR"] = tmp
        let port = try Harness.freePort()
        let result = try Harness.run(try Harness.sockstepBinary(), ["check", "tcp", "--role", "server", "--lang", "c", "--port", String(port),
                                                                    "--", try Self.program("server_flood.c")[0]],
                                     environment: environment, timeout: 90)
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stdout.contains("killed by SIGXFSZ (it wrote a file larger than the 64 MiB"), "\(result)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp).isEmpty, "the run folder is left behind")
    }

    @Test("a crash leaves no core file in the student's folder, even when core files are allowed")
    func noCoreFile() throws {
        let cwd = try Harness.makeTemporaryDirectory("check-core")
        let port = try Harness.freePort()
        // The tests run with RLIMIT_CORE 0; sockstep here runs with core files allowed.
        let arguments = ["-c", "ulimit -S -c unlimited && exec \"$@\"", "sh", try Harness.sockstepBinary(), "check", "tcp", "--role", "server",
                         "--lang", "c", "--port", String(port), "--"] + (try Self.program("server_segv.c")) + [String(port)]
        let result = try Harness.run("/bin/sh", arguments, environment: Harness.traceEnvironment, workingDirectory: cwd, timeout: 90)
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stdout.contains("+++ killed by SIGSEGV +++"), "\(result)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: cwd).isEmpty)
    }

    @Test("--block: a program that reports the failure passes; one that exits 0 fails")
    func block() throws {
        let good = try Self.check("server_ok.c", role: "server", extra: ["--block", "listen"])
        #expect(good.result.exitCode == 0, "\(good.result)")
        #expect(good.mark("step-4") == "pass", "\(good.result)")
        #expect(good.message("step-4") == "blocked as asked: listen failed with EPERM", "\(good.result)")
        #expect(good.mark("handles") == "pass", "\(good.result)")
        #expect(good.message("handles").contains("listen: Operation not permitted"), "\(good.result)")
        // The steps after the blocked one are not graded.
        #expect(good.steps["step-5"] == nil && good.steps["step-6"] == nil, "\(good.result)")
        let python = try Self.check("server_ok.py", role: "server", extra: ["--block", "listen=EACCES"])
        #expect(python.mark("handles") == "pass", "\(python.result)")
        #expect(python.message("step-4").contains("EACCES"), "\(python.result)")
    }

    @Test("--junit writes JUnit XML: one test case per step, failures where the report fails")
    func junit() throws {
        let folder = try Harness.makeTemporaryDirectory("check-junit")
        let file = folder + "/report.xml"
        let run = try Self.check("server_any.c", role: "server", extra: ["--junit", file])
        #expect(run.result.exitCode == 1)
        let data = try Data(contentsOf: URL(fileURLWithPath: file))
        let tree = JUnitTree()
        let parser = XMLParser(data: data)
        parser.delegate = tree
        #expect(parser.parse(), "not well-formed XML: \(String(decoding: data, as: UTF8.self))")
        // The schema JUnit readers share: testsuites > testsuite > testcase (> failure | system-out).
        #expect(tree.root == "testsuites")
        let allowed: [String: Set<String>] = ["testsuites": ["testsuite"], "testsuite": ["testcase"], "testcase": ["failure", "system-out"],
                                              "failure": [], "system-out": []]
        for (parent, child) in tree.edges { #expect(allowed[parent]?.contains(child) == true, "<\(child)> in <\(parent)>") }
        let required: [String: [String]] = ["testsuites": ["tests", "failures"], "testsuite": ["name", "tests", "failures", "errors"],
                                            "testcase": ["classname", "name"], "failure": ["message"]]
        for (element, attributes) in tree.attributes {
            for name in required[element] ?? [] { #expect(attributes[name] != nil, "<\(element)> without \(name)") }
        }
        let cases = tree.attributes.filter { $0.0 == "testcase" }
        #expect(cases.count == run.order.count)
        let failures = run.order.filter { run.mark($0) == "fail" }.count
        #expect(tree.count("failure") == failures)
        #expect(tree.attributes.first { $0.0 == "testsuite" }?.1["failures"] == String(failures))
        #expect(cases.contains { $0.1["name"] == "server 3/6: Bind the socket to an address" })
        // Valid against the JUnit schema CI systems share (Schemas/junit.xsd), checked by xmllint;
        // and the same file without a test case's name is not, so the check can fail.
        let schema = Harness.packageRoot.appendingPathComponent("Tests/SockstepTests/Schemas/junit.xsd").path
        let valid = try Harness.run("/usr/bin/xmllint", ["--noout", "--schema", schema, file])
        #expect(valid.exitCode == 0, "xmllint (Debian's libxml2-utils; scripts/setup installs it): \(valid)")
        let broken = folder + "/broken.xml"
        try String(decoding: data, as: UTF8.self).replacingOccurrences(of: "<testcase classname=", with: "<testcase nameless=\"\" classname=")
            .replacingOccurrences(of: "\" name=\"", with: "\" title=\"").write(toFile: broken, atomically: true, encoding: .utf8)
        let invalid = try Harness.run("/usr/bin/xmllint", ["--noout", "--schema", schema, broken])
        #expect(invalid.exitCode != 0 && invalid.stderr.contains("'name' is required"), "\(invalid)")
    }

    @Test("--gradescope writes results.json: a score and max_score per step, the total score")
    func gradescope() throws {
        let folder = try Harness.makeTemporaryDirectory("check-gradescope")
        let file = folder + "/results.json"
        let run = try Self.check("client_short.c", role: "client", extra: ["--gradescope", file])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [String: Any])
        let tests = try #require(object["tests"] as? [[String: Any]])
        #expect(tests.count == run.order.count)
        var total = 0
        for test in tests {
            // Gradescope's documented keys for a test.
            #expect(Set(test.keys).isSubset(of: ["score", "max_score", "status", "name", "number", "output", "tags", "visibility", "output_format", "name_format", "extra_data"]))
            let score = try #require(test["score"] as? Int)
            let max = try #require(test["max_score"] as? Int)
            #expect(score >= 0 && score <= max)
            #expect(["passed", "failed"].contains(test["status"] as? String))
            #expect(test["name"] is String && test["output"] is String)
            total += score
        }
        #expect(Set(object.keys).isSubset(of: ["score", "execution_time", "output", "output_format", "test_output_format", "test_name_format",
                                               "visibility", "stdout_visibility", "extra_data", "tests", "leaderboard"]))
        #expect(object["score"] as? Int == total)
        #expect(run.summary["score"] as? Int == total)
        #expect(tests.first { ($0["name"] as? String)?.hasPrefix("client 3/3") == true }?["status"] as? String == "failed")
    }

    @Test("a lesson's grade: and points: decide: a forbidden call fails, points count")
    func lessonGrades() throws {
        // The tcp lesson, copied, with SO_REUSEADDR forbidden and bind worth 3 points.
        let folder = try Harness.makeTemporaryDirectory("check-grades") + "/tcp"
        try FileManager.default.copyItem(atPath: Harness.packageRoot.appendingPathComponent("lessons/tcp").path, toPath: folder)
        let path = folder + "/lesson.yaml"
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text = text.replacingOccurrences(of: "    grade: optional\n", with: "    grade: forbidden\n")
        text = text.replacingOccurrences(of: "    call: bind($listener, 127.0.0.1:$PORT)\n", with: "    call: bind($listener, 127.0.0.1:$PORT)\n    points: 3\n")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let c = try Self.check("server_ok.c", role: "server", extra: ["--trust"], lesson: path)
        #expect(c.result.exitCode == 1, "\(c.result)")
        #expect(c.mark("step-2") == "fail" && c.message("step-2").contains("forbids"), "\(c.result)")
        #expect(c.steps["step-3"]?["points"] as? Int == 3 && c.steps["step-3"]?["score"] as? Int == 3, "\(c.result)")
        let python = try Self.check("server_ok.py", role: "server", extra: ["--trust"], lesson: path)
        #expect(python.mark("step-2") == "pass", "\(python.result)")
        #expect(python.result.exitCode == 0, "\(python.result)")
        #expect(python.summary["max_score"] as? Int == 8, "\(python.result)")
    }

    @Test("the lesson's own programs are held to loopback, as in run: a connect elsewhere is refused and said")
    func lessonProgramsGuarded() throws {
        let folder = try Harness.makeTemporaryDirectory("check-guard") + "/tcp"
        try FileManager.default.copyItem(atPath: Harness.packageRoot.appendingPathComponent("lessons/tcp").path, toPath: folder)
        let client = folder + "/client.c"
        let text = try String(contentsOfFile: client, encoding: .utf8)
        try #require(text.contains("\"127.0.0.1\""))
        // TEST-NET-1: an address outside loopback that nothing answers.
        try text.replacingOccurrences(of: "\"127.0.0.1\"", with: "\"192.0.2.1\"").write(toFile: client, atomically: true, encoding: .utf8)
        let run = try Self.check("server_ok.c", role: "server", extra: ["--trust", "--timeout", "3"], lesson: folder + "/lesson.yaml")
        let notices = run.summary["notices"] as? [String] ?? []
        #expect(notices.contains { $0.hasPrefix("sockstep refused the lesson's client's connect and ended it:") }, "\(run.result)")
        #expect(run.result.leftovers.isEmpty, "\(run.result)")
    }

    @Test("grade: and points: are checked with file:line")
    func lessonGradeProblems() throws {
        let folder = try Harness.makeTemporaryDirectory("check-bad-grade")
        let path = folder + "/bad.yaml"
        try """
        title: bad grades
        roles:
          - name: server
            about: x
        steps:
          - role: server
            title: socket
            call: socket(AF_INET, SOCK_STREAM, IPPROTO_IP)
            grade: maybe
            points: -1
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try Harness.sockstep(["show", path])
        #expect(result.exitCode == 2, "\(result)")
        #expect(result.stderr.contains("bad.yaml:9: grade: is required, optional or forbidden"), "\(result)")
        #expect(result.stderr.contains("bad.yaml:10: points: is a whole number from 0 to 1000"), "\(result)")
    }

    @Test("bad input is one line and exit 2: no program, a program that is not executable, an unknown role, the port taken")
    func badInput() throws {
        let folder = try Harness.makeTemporaryDirectory("check-bad")
        let script = folder + "/server.py"
        try "print('hi')\n".write(toFile: script, atomically: true, encoding: .utf8)
        chmod(script, 0o644)
        let port = try Harness.freePort()
        let cases: [([String], String)] = [
            (["check", "tcp", "--role", "server"], "give your program after --"),
            (["check", "tcp", "--role", "server", "--", script], "is not executable"),
            (["check", "tcp", "--role", "server", "--", folder + "/nothing"], "no such file"),
            (["check", "tcp", "--role", "boss", "--", "/bin/true"], "has no role 'boss'"),
            (["check", "tcp", "--role", "server", "--block", "listen=kill", "--", "/bin/true"], "errno"),
            (["check", "tcp", "--role", "server", "--timeout", "0", "--", "/bin/true"], "--timeout"),
        ]
        for (arguments, words) in cases {
            let result = try Harness.sockstep(arguments)
            #expect(result.exitCode == 2, "\(result)")
            #expect(result.stderr.contains(words), "\(words): \(result)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(result)")
        }
        // The lesson's port taken by another program.
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { Glibc.close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        try #require(bound == 0 && listen(fd, 1) == 0)
        let taken = try Harness.sockstep(["check", "tcp", "--role", "server", "--port", String(port), "--", "/bin/true"])
        #expect(taken.exitCode == 2, "\(taken)")
        #expect(taken.stderr.contains("127.0.0.1:\(port) is in use"), "\(taken)")
    }
}

/// The elements of an XML document: which contains which, and each one's attributes.
final class JUnitTree: NSObject, XMLParserDelegate {
    var root: String?
    var stack: [String] = []
    var edges: [(String, String)] = []
    var attributes: [(String, [String: String])] = []

    func count(_ name: String) -> Int { attributes.filter { $0.0 == name }.count }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                attributes attributeDict: [String: String] = [:]) {
        if root == nil { root = elementName }
        if let parent = stack.last { edges.append((parent, elementName)) }
        stack.append(elementName)
        attributes.append((elementName, attributeDict))
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        stack.removeLast()
    }
}
