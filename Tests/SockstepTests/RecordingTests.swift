import Foundation
import Testing

/// JSON Lines schema 2 (docs/sockstep-events.schema.json) and `sockstep render`: every line of
/// several runs validates against the committed schema; a recording renders as the live run
/// showed it (strace text, the explained view, "what happened", the page, the JSON itself).
@Suite("JSON Lines schema 2 and sockstep render", .serialized)
struct RecordingTests {
    static let schema = Harness.packageRoot.appendingPathComponent("docs/sockstep-events.schema.json").path
    static let hello = Harness.packageRoot.appendingPathComponent("examples/tcp_hello.py").path

    /// Validates JSON Lines files with python3-jsonschema (Draft 2020-12); prints one line per
    /// invalid object and `N lines, M invalid`.
    static let validator = """
    import json, sys, jsonschema
    schema = json.load(open(sys.argv[1]))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    lines = invalid = 0
    for path in sys.argv[2:]:
        for number, line in enumerate(open(path, encoding="utf-8"), 1):
            if not line.strip():
                continue
            lines += 1
            errors = list(validator.iter_errors(json.loads(line)))
            if errors:
                invalid += 1
                print(f"{path}:{number}: {errors[0].message[:200]}")
    print(f"{lines} lines, {invalid} invalid")
    sys.exit(1 if invalid else 0)
    """

    func validate(_ files: [String]) throws -> ProcessResult {
        try Harness.run("/usr/bin/python3", ["-c", Self.validator, Self.schema] + files, timeout: 120)
    }

    func read(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }

    @Test("every JSON line of several runs validates against the schema; a wrong line does not")
    func everyLineValidates() throws {
        let dir = try Harness.makeTemporaryDirectory("schema")
        var files: [String] = []
        func record(_ name: String, _ arguments: [String], stdin: Data? = nil, stdout: Bool = true) throws {
            let result = try Harness.sockstep(arguments, stdin: stdin, timeout: 60)
            let text = stdout ? result.stdout : result.stderr
            #expect(!text.isEmpty, "\(name): \(result)")
            let path = dir + "/" + name + ".jsonl"
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            files.append(path)
        }
        try record("blocked", ["run", "tcp", "--format", "json", "--port", String(try Harness.freePort()), "--block", "client:recvfrom=ECONNRESET"])
        try record("ended", ["run", Harness.callsOnly("tcp"), "--format", "json", "--port", String(try Harness.freePort()), "--block", "connect", "--keep-going"])
        try record("udp", ["run", "udp", "--format", "json", "--port", String(try Harness.freePort())])
        try record("unix", ["run", "unix", "--format", "json"])
        try record("step", ["step", "tcp", "--format", "json", "--port", String(try Harness.freePort())], stdin: Data("\ns\n\n\n".utf8))
        try record("trace", ["trace", "-f", "-yy", "--format", "json", "--", "/usr/bin/python3", Self.hello, String(try Harness.freePort())], stdout: false)
        let tcp4 = try Harness.compileC("tcp4")
        try record("explain", ["trace", "--explain", "--format", "json", "--", tcp4, String(try Harness.freePort())], stdout: false)
        let signals = try Harness.compileC("signals")
        try record("signals", ["trace", "-f", "--format", "json", "--", signals, "sigchld"], stdout: false)
        let all = files.map(read).joined()
        for type in ["start", "entry", "call", "blocked", "ended", "snapshot", "held", "signal", "exit", "killed", "attached", "finished", "output"] {
            #expect(all.contains("\"type\":\"\(type)\""), "the runs have a \(type) object")
        }
        #expect(all.contains("\"moment\":\"on_request\"") && all.contains("\"kind\":\"socket_address\"") && all.contains("\"description\":{"))
        let result = try validate(files)
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stdout.hasSuffix(" 0 invalid\n"), "\(result)")
        // The schema is strict: a value of an unknown kind, a missing field, a string for a number.
        let wrong = dir + "/wrong.jsonl"
        let line = read(files[0]).split(separator: "\n").first { $0.contains("\"type\":\"call\"") }.map(String.init) ?? ""
        let broken = [line.replacingOccurrences(of: "\"kind\":\"fd\"", with: "\"kind\":\"descriptor\""),
                      line.replacingOccurrences(of: "\"raw_return\":", with: "\"raw_returned\":"),
                      line.replacingOccurrences(of: "\"number\":", with: "\"number\":\"41\",\"x\":")]
        try broken.joined(separator: "\n").write(toFile: wrong, atomically: true, encoding: .utf8)
        let refused = try validate([wrong])
        #expect(refused.exitCode == 1 && refused.stdout.hasSuffix("3 lines, 3 invalid\n"), "\(refused)")
    }

    @Test("render of a lesson's recording: the same strace lines, stderr, page and JSON as the live run", arguments: [
        ["tcp", "--plain"], ["tcp", "--plain", "--block", "listen"], ["unix", "--plain", "--lang", "python", "--block", "connect"],
        [Harness.callsOnly("tcp"), "--plain", "--block", "connect", "--keep-going"],
    ])
    func renderEqualsLiveRun(_ arguments: [String]) throws {
        let dir = try Harness.makeTemporaryDirectory("render")
        let port = String(try Harness.freePort())
        let options = Array(arguments.dropFirst())
        let live = try Harness.sockstep(["run", arguments[0], "--port", port, "--html", dir + "/live.html", "--record", dir + "/run.jsonl"] + options, timeout: 60)
        #expect(live.exitCode == (options.count == 1 ? 0 : 1), "\(live)")
        let again = try Harness.sockstep(["render", dir + "/run.jsonl", "--plain", "--html", dir + "/again.html"])
        #expect(again.exitCode == 0, "\(again)")
        #expect(again.stdout == live.stdout, "the strace lines")
        #expect(again.stderr == live.stderr, "what sockstep said on stderr (ended roles, what happened)")
        #expect(!live.stdout.isEmpty && (options.count == 1 || live.stderr.contains(options.count >= 4 ? "sockstep ends" : "What happened:")), "\(live)")
        #expect(read(dir + "/again.html") == read(dir + "/live.html") && read(dir + "/live.html").contains("<svg"), "the page")
        let json = try Harness.sockstep(["render", dir + "/run.jsonl", "--format", "json"])
        #expect(json.exitCode == 0 && json.stdout == read(dir + "/run.jsonl"), "the JSON, byte for byte")
    }

    @Test("render on a terminal shows the explained view as the live run did")
    func renderTheView() throws {
        let dir = try Harness.makeTemporaryDirectory("render-view")
        let binary = Harness.shellQuote(try Harness.sockstepBinary())
        let port = try Harness.freePort()
        let live = try Harness.run("/usr/bin/script", ["-qec", "stty cols 100 rows 50; \(binary) run \(Harness.shellQuote(Harness.callsOnly("tcp"))) --block connect --keep-going --port \(port) --record \(dir)/view.jsonl", "/dev/null"],
                                   environment: Harness.traceEnvironment, timeout: 60)
        let again = try Harness.run("/usr/bin/script", ["-qec", "stty cols 100 rows 50; \(binary) render \(dir)/view.jsonl", "/dev/null"],
                                    environment: Harness.traceEnvironment, timeout: 60)
        #expect(live.stdout.contains("⏹ server waits in accept4 (step 5)"), "\(live)")
        #expect(again.stdout == live.stdout, "\(again)")
        #expect(again.exitCode == 0, "\(again)")
        // Stepping with the sockets' state: render shows the kernel's side from the snapshots.
        let step = try Harness.run("/usr/bin/script", ["-qec", "stty cols 100 rows 50; printf '\\n\\n\\n\\n' | NO_COLOR=1 \(binary) step tcp --port \(try Harness.freePort()) --record \(dir)/step.jsonl", "/dev/null"],
                                   environment: Harness.traceEnvironment, timeout: 60)
        #expect(step.exitCode == 0, "\(step)")
        let rendered = try Harness.run("/usr/bin/script", ["-qec", "stty cols 100 rows 50; NO_COLOR=1 \(binary) render \(dir)/step.jsonl", "/dev/null"],
                                       environment: Harness.traceEnvironment, timeout: 60)
        for line in ["kernel: fd 3  TCP  127.0.0.1:", "LISTEN  accept queue 0/128", "→ server's fd 4: 6 bytes wait in its receive queue"]
        where step.stdout.contains(line) {
            #expect(rendered.stdout.contains(line), "\(line): \(rendered)")
        }
        #expect(rendered.stdout.contains("kernel: fd 3  TCP"), "\(rendered)")
    }

    @Test("render of a lesson's programs: the view with the programs' code and the runtime's calls, as the live run; no other --lang")
    func renderPrograms() throws {
        let dir = try Harness.makeTemporaryDirectory("render-programs")
        let binary = Harness.shellQuote(try Harness.sockstepBinary())
        let port = try Harness.freePort()
        let live = try Harness.run("/usr/bin/script", ["-qec", "stty cols 100 rows 50; NO_COLOR=1 \(binary) run tcp --lang python --port \(port) --record \(dir)/py.jsonl", "/dev/null"],
                                   environment: Harness.traceEnvironment, timeout: 60)
        let again = try Harness.run("/usr/bin/script", ["-qec", "stty cols 100 rows 50; NO_COLOR=1 \(binary) render \(dir)/py.jsonl", "/dev/null"],
                                    environment: Harness.traceEnvironment, timeout: 60)
        #expect(live.exitCode == 0, "\(live)")
        #expect(live.stdout.contains("python │ listener.listen(128)") && live.stdout.contains("⚙ made by the Python runtime"), "\(live)")
        #expect(again.stdout == live.stdout, "\(again)")
        let other = try Harness.sockstep(["render", dir + "/py.jsonl", "--lang", "c"])
        #expect(other.exitCode == 2 && other.stderr.contains("ran lesson tcp's python programs"), "\(other)")
    }

    @Test("render of a trace: the lines -o wrote (-f -tt -T), the messages on stderr")
    func renderEqualsLiveTrace() throws {
        let dir = try Harness.makeTemporaryDirectory("render-trace")
        let live = try Harness.sockstep(["trace", "-f", "-tt", "-T", "-o", dir + "/live.txt", "--record", dir + "/trace.jsonl", "--",
                                         "/usr/bin/python3", Self.hello, String(try Harness.freePort())], timeout: 60)
        #expect(live.exitCode == 0, "\(live)")
        let again = try Harness.sockstep(["render", dir + "/trace.jsonl"])
        #expect(again.exitCode == 0, "\(again)")
        #expect(again.stdout == read(dir + "/live.txt") && again.stdout.contains("accept4("), "\(again)")
        let attached = try Harness.sockstep(["trace", "-f", "-r", "--record", dir + "/f.jsonl", "--", "/usr/bin/python3", Self.hello, String(try Harness.freePort())], timeout: 60)
        let rendered = try Harness.sockstep(["render", dir + "/f.jsonl"])
        #expect(rendered.stdout + rendered.stderr == attached.stderr.replacingOccurrences(of: "hello!\n", with: ""), "lines and messages")
    }

    @Test("a binary payload (all 256 byte values) round-trips through the recording")
    func binaryPayload() throws {
        let dir = try Harness.makeTemporaryDirectory("render-bytes")
        let live = try Harness.sockstep(["trace", "-s", "300", "-e", "trace=write", "-o", dir + "/live.txt", "--record", dir + "/bytes.jsonl", "--",
                                         "/usr/bin/python3", "-c", "import os; os.write(1, bytes(range(256)))"])
        #expect(live.exitCode == 0 && live.stdoutData == Data((0 ... 255).map { UInt8($0) }), "\(live)")
        let lines = read(dir + "/bytes.jsonl").split(separator: "\n")
        let call = try #require(lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            .first { $0["type"] as? String == "call" && $0["name"] as? String == "write" })
        let buffer = try #require((call["args"] as? [[String: Any]])?[1])
        #expect(Data(base64Encoded: buffer["base64"] as? String ?? "") == Data((0 ... 255).map { UInt8($0) }), "every byte, as bytes")
        #expect((buffer["text"] as? String)?.hasPrefix("\"\\0\\1\\2\\3") == true, "strace's text beside them")
        let again = try Harness.sockstep(["render", dir + "/bytes.jsonl"])
        #expect(again.stdout == read(dir + "/live.txt"), "\(again)")
    }

    @Test("render: bad input is one line with file:line, exit 2; --help fits 80 columns")
    func badInput() throws {
        let dir = try Harness.makeTemporaryDirectory("render-bad")
        let missing = try Harness.sockstep(["render", dir + "/none.jsonl"])
        #expect(missing.exitCode == 2 && missing.stderr == "sockstep: cannot read the recording '\(dir)/none.jsonl': No such file or directory\n", "\(missing)")
        let port = String(try Harness.freePort())
        let run = try Harness.sockstep(["run", "tcp", "--format", "json", "--port", port])
        var lines = run.stdout.split(separator: "\n").map(String.init)
        lines[2] = lines[2].replacingOccurrences(of: "\"kind\":\"fd\"", with: "\"kind\":\"file\"")
        try (lines.joined(separator: "\n") + "\n").write(toFile: dir + "/bad.jsonl", atomically: true, encoding: .utf8)
        let bad = try Harness.sockstep(["render", dir + "/bad.jsonl"])
        #expect(bad.exitCode == 2 && bad.stderr.hasPrefix("sockstep: \(dir)/bad.jsonl:3: unknown value kind 'file'"), "\(bad)")
        #expect(bad.stderr.split(separator: "\n").count == 1 && bad.stdout.isEmpty, "\(bad)")
        let help = try Harness.run(try Harness.sockstepBinary(), ["render", "--help"], environment: Harness.traceEnvironment.merging(["COLUMNS": "80"]) { $1 })
        #expect(help.exitCode == 0 && help.stdout.contains("Exit status: "), "\(help)")
        #expect(help.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 }, "\(help)")
    }
}
