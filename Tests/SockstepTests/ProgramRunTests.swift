import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Issue 11: the lessons run real programs. For every lesson and language, sockstep's `--plain`
/// lines against real strace of the same programs, built and started by this test with the
/// documented commands (not through sockstep); the code shown at each step is the program's;
/// a missing toolchain and a program that does not compile are one clear line; a lesson folder
/// given by its path runs only with --trust; show --source; the cache.
@Suite("lessons run real programs", .serialized)
struct ProgramRunTests {
    static let lessons = ["tcp", "tcp6", "udp", "unix", "raw", "backlog", "close", "shutdown", "epipe", "stream", "reuseaddr", "acceptqueue", "nonblocking", "forking"]
    static let languages = ["rust", "c", "python", "swift"]
    static let cases: [(String, String)] = lessons.flatMap { lesson in languages(of: lesson).map { (lesson, $0) } }

    /// A top-level line of a lesson's lesson.yaml, after `key: `.
    static func setting(_ key: String, of lesson: String) -> Substring? {
        let path = Harness.packageRoot.appendingPathComponent("lessons/\(lesson)/lesson.yaml").path
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").first { $0.hasPrefix(key + ": ") }?.dropFirst(key.count + 2)
    }

    /// The languages a lesson offers: its `languages:` line.
    static func languages(of lesson: String) -> [String] {
        guard let list = setting("languages", of: lesson), list.hasPrefix("[") else { return [] }
        return list.dropFirst().prefix { $0 != "]" }.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// The calls a lesson shows: its `trace:` set, strace's -e trace= syntax (%network when absent).
    static func traceSet(of lesson: String) -> String {
        setting("trace", of: lesson).map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) } ?? "%network"
    }

    static func roles(_ lesson: String) -> [String] { lesson == "raw" ? ["pinger"] : ["server", "client"] }

    /// The fixed environment sockstep gives a lesson's programs.
    static let programEnvironment = ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": "/root"]

    /// Programs built by this test with the documented commands, once per test run.
    nonisolated(unsafe) static var built: [String: [String]] = [:]
    static let buildLock = NSLock()
    static let buildFolder: String = (try? Harness.makeTemporaryDirectory("lesson-programs")) ?? "/tmp"

    /// The argv (without the argument) of a lesson's program, built as the lesson's programs
    /// say: `cc -O2 -Wall`, `rustc --edition 2021 -O`, `swiftc -O`, or /usr/bin/python3.
    static func program(_ lesson: String, _ role: String, _ language: String) throws -> [String] {
        buildLock.lock()
        defer { buildLock.unlock() }
        let key = "\(lesson)/\(role).\(language)"
        if let argv = built[key] { return argv }
        let ext = ["rust": "rs", "c": "c", "python": "py", "swift": "swift"][language]!
        let source = Harness.packageRoot.appendingPathComponent("lessons/\(lesson)/\(role).\(ext)").path
        let output = buildFolder + "/\(lesson)-\(role)-\(language)"
        var argv: [String]
        switch language {
        case "python":
            argv = ["/usr/bin/python3", source]
        default:
            let compile: [String]
            switch language {
            case "c": compile = ["cc", "-O2", "-Wall", "-o", output, source]
            case "rust": compile = ["rustc", "--edition", "2021", "-O", "-o", output, source]
            default: compile = ["swiftc", "-O", "-module-cache-path", buildFolder + "/module-cache", source, "-o", output]
            }
            let result = try Harness.run("/usr/bin/env", compile, environment: Harness.traceEnvironment, timeout: 300)
            guard result.exitCode == 0 else { throw HarnessError("cannot build \(key): \(result)") }
            argv = [output]
        }
        built[key] = argv
        return argv
    }

    /// A process of this test's: a program under `strace -f -e trace=SET -o FILE` (the lesson's set, %network in most).
    final class Traced {
        let pid: pid_t
        let output: String
        init(_ argv: [String], output: String, directory: String, trace: String = "%network") throws {
            self.output = output
            var environment = ProgramRunTests.programEnvironment.map { "\($0.key)=\($0.value)" }
            environment.sort()
            let strace = try Harness.straceBinary()
            let full = ["/usr/bin/env", "-i", "-C", directory] + environment + [strace, "-f", "-e", "trace=" + trace, "-o", output] + argv
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, output + ".out", O_WRONLY | O_CREAT, 0o600)
            posix_spawn_file_actions_addopen(&actions, 2, output + ".err", O_WRONLY | O_CREAT, 0o600)
            var cArgs: [UnsafeMutablePointer<CChar>?] = full.map { strdup($0) } + [nil]
            defer { for p in cArgs { free(p) } }
            var pid: pid_t = 0
            let rc = posix_spawn(&pid, full[0], &actions, nil, &cArgs, environ)
            posix_spawn_file_actions_destroy(&actions)
            guard rc == 0 else { throw HarnessError("cannot start strace: \(rc)") }
            self.pid = pid
        }

        /// strace's child (the program), once started.
        var program: pid_t? {
            let text = (try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8)) ?? ""
            return text.split(separator: " ").compactMap { pid_t($0) }.first
        }

        /// Whether the program sleeps in the kernel (it waits for the other role).
        var sleeping: Bool {
            guard let program, let stat = try? String(contentsOfFile: "/proc/\(program)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return false }
            return stat[stat.index(after: close)...].drop { $0 == " " }.first == "S"
        }

        private(set) var ended = false

        /// Whether strace has ended (it is reaped then).
        func poll() -> Bool {
            guard !ended else { return true }
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid { ended = true }
            return ended
        }

        func wait(seconds: Double) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if poll() { return true }
                usleep(10_000)
            }
            if let program { kill(program, SIGKILL) }
            kill(pid, SIGKILL)
            var status: Int32 = 0
            _ = waitpid(pid, &status, 0)
            ended = true
            return false
        }

        /// Each process's lines in turn (in the order the processes first appear), without
        /// strace's `PID  ` prefix, each `<unfinished ...>` joined with its `<... resumed>`.
        var lines: [String] {
            var order: [Substring] = []
            var byPID: [Substring: [String]] = [:]
            for line in ((try? String(contentsOfFile: output, encoding: .utf8)) ?? "").split(separator: "\n") {
                let pid = line.prefix { $0.isNumber }
                if byPID[pid] == nil { order.append(pid) }
                byPID[pid, default: []].append(String(line.dropFirst(pid.count).drop { $0 == " " }))
            }
            return order.flatMap { StraceJoin.join(byPID[$0]!) }
        }
    }

    /// `/tmp/sockstep-unix-123-AbCdEf` → a fresh folder whose path has the same length, so that
    /// a socket path in it has the same length too (Rust and Python pass only the bytes in use).
    static func folder(likeLength length: Int) throws -> String {
        let prefix = "/tmp/"
        let template = prefix + String(repeating: "p", count: max(1, length - prefix.count - 6)) + "XXXXXX"
        var bytes = Array(template.utf8CString)
        guard let made = bytes.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else { throw HarnessError("mkdtemp") }
        return String(cString: made)
    }

    /// Real strace running the lesson's programs as a reader would: each role under its own
    /// strace, the next started once the ones before sleep in the kernel (or have ended).
    static func underStrace(_ lesson: String, _ language: String, argument: String, directory: String) throws -> [String: [String]] {
        var traced: [(String, Traced)] = []
        for role in roles(lesson) {
            let deadline = Date().addingTimeInterval(10)
            while Date() < deadline, !traced.allSatisfy({ $0.1.sleeping || $0.1.poll() }) {
                usleep(10_000)
            }
            usleep(30_000)
            let output = directory + "/\(role).trace"
            traced.append((role, try Traced(try program(lesson, role, language) + [argument], output: output, directory: directory,
                                            trace: traceSet(of: lesson))))
        }
        var out: [String: [String]] = [:]
        for (role, process) in traced {
            #expect(process.wait(seconds: 30), "\(lesson) \(language): \(role) under strace did not end")
            out[role] = process.lines
        }
        return out
    }

    @Test("--plain: each role's lines are real strace's for the same program, in every lesson and language", arguments: cases)
    func plainEqualsStrace(_ lesson: String, _ language: String) throws {
        let port = try Harness.freePort()
        let ours = try Harness.sockstep(["run", lesson, "--lang", language, "--plain", "--port", String(port)], timeout: 120)
        #expect(ours.exitCode == Self.status(lesson, language), "\(ours)")
        #expect(ours.leftovers.isEmpty, "\(ours)")
        var argument = String(port)
        let directory: String
        if lesson == "unix" {
            // The run's folder, from the server's bind line: the same length for strace's run.
            let line = ours.stdout.split(separator: "\n").first { $0.contains("sun_path=\"") } ?? ""
            let path = String(line.split(separator: "\"")[1])
            let folder = String(path.dropLast("/server.sock".count))
            directory = try Self.folder(likeLength: folder.count)
            argument = directory + "/server.sock"
        } else {
            directory = try Harness.makeTemporaryDirectory("strace-\(lesson)-\(language)")
        }
        defer { if lesson == "unix" { try? FileManager.default.removeItem(atPath: directory) } }
        let theirs = try Self.underStrace(lesson, language, argument: argument, directory: directory)
        let mine = LessonRunTests.linesByRole(ours.stdout, roles: Self.roles(lesson), port: port)
        for role in Self.roles(lesson) {
            let a = (theirs[role] ?? []).map { Self.normalize(LessonRunTests.normalize($0, port: port), folder: directory) }
            let b = (mine[role] ?? []).map { Self.normalize($0, folder: nil) }
            #expect(!a.isEmpty, "strace printed nothing for \(role)")
            #expect(a == b, "\(lesson) in \(language), \(role): strace vs sockstep\n--- strace\n\(a.joined(separator: "\n"))\n+++ sockstep\n\(b.joined(separator: "\n"))")
        }
    }

    /// sockstep's exit code for a lesson that runs as written: 1 where a step's call fails on
    /// purpose (epipe: ECONNRESET and EPIPE; reuseaddr: two binds), 0 elsewhere.
    /// The exit status of a run as the lesson is written: 0, but 1 for epipe in C, where SIGPIPE
    /// kills the server (a role that does not exit with 0).
    static func status(_ lesson: String, _ language: String) -> Int32 { lesson == "epipe" && language == "c" ? 1 : 0 }

    /// The unix lesson's folder (sockstep's run folder or the test's) as DIR; a signal's
    /// sender (si_pid), and the child's pid that fork (clone) and wait4 return, as PID.
    static func normalize(_ line: String, folder: String?) -> String {
        var s = line
        if let folder { s = s.replacingOccurrences(of: folder, with: "DIR") }
        return s.replacingOccurrences(of: #"/tmp/sockstep-[A-Za-z0-9_-]+-[0-9]+-[A-Za-z0-9]{6}"#, with: "DIR", options: .regularExpression)
            .replacingOccurrences(of: "sockstep-DIR", with: "DIR").replacingOccurrences(of: "/tmp/DIR", with: "DIR")
            .replacingOccurrences(of: #"si_pid=[0-9]+"#, with: "si_pid=PID", options: .regularExpression)
            .replacingOccurrences(of: #"^((clone|wait4)\(.*\)) = [0-9]+$"#, with: "$1 = PID", options: .regularExpression)
    }

    @Test("the code shown at each step is the program's, in every lesson and language (the recorded lesson and the view)", arguments: cases)
    func codeIsTheProgram(_ lesson: String, _ language: String) throws {
        let port = try Harness.freePort()
        let json = try Harness.sockstep(["run", lesson, "--lang", language, "--format", "json", "--port", String(port)], timeout: 120)
        #expect(json.exitCode == Self.status(lesson, language), "\(json)")
        let start = try #require(try json.stdout.split(separator: "\n").first.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] } ?? nil)
        let model = try #require(start["lesson_model"] as? [String: Any])
        let programs = try #require(model["programs"] as? [String: Any])
        #expect(programs["language"] as? String == language)
        let ext = ["rust": "rs", "c": "c", "python": "py", "swift": "swift"][language]!
        for step in try #require(model["steps"] as? [[String: Any]]) {
            let role = try #require(step["role"] as? String)
            let source = try String(contentsOfFile: Harness.packageRoot.appendingPathComponent("lessons/\(lesson)/\(role).\(ext)").path, encoding: .utf8)
            let code = try #require((step["code"] as? [String: String])?[language], "step \(step["index"] ?? "?") has no \(language) code")
            for piece in code.components(separatedBy: "\n\n") where !piece.isEmpty {
                #expect(source.contains(piece) || code.components(separatedBy: "\n").allSatisfy { $0.isEmpty || source.contains($0) },
                        "\(lesson) \(language): step \(step["index"] ?? "?")'s code is not the program's:\n\(code)")
            }
            #expect((step["code"] as? [String: String])?.count == 1, "only the language that ran")
        }
        // The view: each line of code it shows is a line of the program (its indentation taken off).
        let port2 = try Harness.freePort()
        let command = "stty cols 200 rows 50; NO_COLOR=1 \(Harness.shellQuote(try Harness.sockstepBinary())) run \(lesson) --lang \(language) --port \(port2)"
        let view = try Harness.run("/usr/bin/script", ["-qec", command, "/dev/null"], environment: Harness.traceEnvironment, timeout: 120)
        #expect(view.exitCode == Self.status(lesson, language), "\(view)")
        let sources = try Self.roles(lesson).map { try String(contentsOfFile: Harness.packageRoot.appendingPathComponent("lessons/\(lesson)/\($0).\(ext)").path, encoding: .utf8) }
        var shown = 0
        for line in view.stdout.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n") {
            // "│ " starts a line of the program, "┆ " continues one the view broke to fit its width.
            guard let bar = line.range(of: "│ ") ?? line.range(of: "┆ "), line.hasPrefix("  ") else { continue }
            var code = String(line[bar.upperBound...]).trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
            if line[bar.lowerBound] == "┆" { code = code.trimmingCharacters(in: .whitespaces) }
            shown += 1
            #expect(code.isEmpty || sources.contains { $0.contains(code) }, "\(lesson) \(language): the view shows a line no program has: \(code)")
        }
        #expect(shown > 0, "\(view)")
        #expect(view.stdout.contains("Played by real programs"), "\(view)")
    }

    @Test("a missing toolchain (PATH without rustc) is one line naming the Debian package and the languages that work now, exit 1")
    func missingToolchain() throws {
        var environment = Harness.traceEnvironment
        environment["PATH"] = "/usr/bin:/bin"
        let rustcOnPath = FileManager.default.isExecutableFile(atPath: "/usr/bin/rustc")
        let result = try Harness.run(try Harness.sockstepBinary(), ["run", "tcp", "--plain", "--port", String(try Harness.freePort())],
                                     environment: rustcOnPath ? ["PATH": "/bin/nonexistent", "HOME": "/root"] : environment, timeout: 60)
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stdout.isEmpty, "nothing ran: \(result)")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(result)")
        #expect(result.stderr.contains("lesson tcp in rust needs rustc to build its programs, and rustc is not on PATH (install the Debian package rustc)"), "\(result)")
        if !rustcOnPath {
            #expect(result.stderr.contains("the languages that work now: c, python (--lang c)"), "\(result)")
        }
    }

    /// A copy of a lesson folder, with one program replaced.
    static func copyLesson(_ lesson: String, replacing file: String, with text: String) throws -> String {
        let dir = try Harness.makeTemporaryDirectory("lesson-copy") + "/\(lesson)"
        try FileManager.default.copyItem(atPath: Harness.packageRoot.appendingPathComponent("lessons/\(lesson)").path, toPath: dir)
        try text.write(toFile: dir + "/" + file, atomically: true, encoding: .utf8)
        return dir
    }

    @Test("a lesson program that does not compile: the compiler's errors with the program's file:line, exit 1")
    func compileError() throws {
        let source = try String(contentsOfFile: Harness.packageRoot.appendingPathComponent("lessons/tcp/server.c").path, encoding: .utf8)
        let broken = source.replacingOccurrences(of: "    if (listen(listener, 128) < 0) {", with: "    if (listen(listener, 128) < 0 {")
        let line = broken.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("listen(listener, 128) < 0 {") }! + 1
        let dir = try Self.copyLesson("tcp", replacing: "server.c", with: broken)
        let result = try Harness.sockstep(["run", dir, "--trust", "--lang", "c", "--plain", "--port", String(try Harness.freePort())], timeout: 120)
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stdout.isEmpty, "nothing ran: \(result)")
        #expect(result.stderr.contains(dir + "/server.c:\(line):"), "the error names the program's line \(line): \(result)")
        #expect(result.stderr.contains("error"), "\(result)")
        #expect(result.stderr.split(separator: "\n").last?.contains("\(dir)/server.c does not compile") == true, "\(result)")
        // Rust's errors too (rustc prints them as file:line:column).
        let rust = try String(contentsOfFile: Harness.packageRoot.appendingPathComponent("lessons/tcp/client.rs").path, encoding: .utf8)
        let rustDir = try Self.copyLesson("tcp", replacing: "client.rs", with: rust.replacingOccurrences(of: "stream.read(&mut temp)?", with: "stream.reed(&mut temp)?"))
        let rustResult = try Harness.sockstep(["run", rustDir, "--trust", "--plain", "--port", String(try Harness.freePort())], timeout: 120)
        #expect(rustResult.exitCode == 1, "\(rustResult)")
        #expect(rustResult.stderr.contains(rustDir + "/client.rs:"), "\(rustResult)")
    }

    @Test("a lesson folder given by its path runs its programs only with --trust; show needs none")
    func trust() throws {
        let dir = try Self.copyLesson("udp", replacing: "README", with: "a copy\n")
        let refused = try Harness.sockstep(["run", dir, "--lang", "python", "--plain", "--port", String(try Harness.freePort())])
        #expect(refused.exitCode == 2, "\(refused)")
        #expect(refused.stderr.contains("this lesson has programs (server.py, client.py)") && refused.stderr.contains("--trust"), "\(refused)")
        #expect(refused.stdout.isEmpty, "\(refused)")
        let trusted = try Harness.sockstep(["run", dir, "--trust", "--lang", "python", "--plain", "--port", String(try Harness.freePort())], timeout: 60)
        #expect(trusted.exitCode == 0, "\(trusted)")
        let show = try Harness.sockstep(["show", dir])
        #expect(show.exitCode == 0, "\(show)")
        // An installed lesson by its path is the installed lesson: no --trust needed.
        let installed = try Harness.sockstep(["run", Harness.packageRoot.appendingPathComponent("lessons/udp").path, "--lang", "python", "--plain",
                                              "--port", String(try Harness.freePort())], timeout: 60)
        #expect(installed.exitCode == 0, "\(installed)")
    }

    @Test("show --source ROLE prints the whole program with the commands that build and run it")
    func showSource() throws {
        let rust = try Harness.sockstep(["show", "tcp", "--source", "server"])
        #expect(rust.exitCode == 0, "\(rust)")
        let source = try String(contentsOfFile: Harness.packageRoot.appendingPathComponent("lessons/tcp/server.rs").path, encoding: .utf8)
        #expect(rust.stdout.hasSuffix(source), "\(rust)")
        #expect(rust.stdout.contains("# build: rustc --edition 2021 -O -o server server.rs"), "\(rust)")
        #expect(rust.stdout.contains("# run:   ./server 8888"), "\(rust)")
        let python = try Harness.sockstep(["show", "unix", "--lang", "python", "--source", "client"])
        #expect(python.stdout.contains("# run:   /usr/bin/python3 client.py $DIR/server.sock"), "\(python)")
        let wrong = try Harness.sockstep(["show", "tcp", "--source", "waiter"])
        #expect(wrong.exitCode == 2 && wrong.stderr.contains("no role 'waiter'"), "\(wrong)")
    }

    @Test("the cache: a second run compiles nothing; a cached program not the user's own is not run")
    func cache() throws {
        let cache = try Harness.makeTemporaryDirectory("cache")
        var environment = Harness.traceEnvironment
        environment["XDG_CACHE_HOME"] = cache
        let port = String(try Harness.freePort())
        let first = try Harness.run(try Harness.sockstepBinary(), ["run", "udp", "--lang", "c", "--plain", "--port", port], environment: environment, timeout: 120)
        #expect(first.exitCode == 0, "\(first)")
        var st = stat()
        #expect(stat(cache + "/sockstep", &st) == 0 && st.st_mode & 0o777 == 0o700, "the cache folder is 0700")
        let entries = try FileManager.default.contentsOfDirectory(atPath: cache + "/sockstep/programs").filter { !$0.hasPrefix("tmp-") }
        #expect(entries.count == 2, "one entry per program: \(entries)")
        let again = try Harness.run(try Harness.sockstepBinary(), ["run", "udp", "--lang", "c", "--plain", "--port", port], environment: environment, timeout: 120)
        #expect(again.exitCode == 0, "\(again)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache + "/sockstep/programs").filter { !$0.hasPrefix("tmp-") }.count == 2)
        // Another user's entry (as root: chown to nobody) is refused, not run.
        guard getuid() == 0, let entry = entries.first else { return }
        let server = cache + "/sockstep/programs/" + entry
        chown(server, 65534, 65534)
        let refused = try Harness.run(try Harness.sockstepBinary(), ["run", "udp", "--lang", "c", "--plain", "--port", port], environment: environment, timeout: 60)
        #expect(refused.exitCode == 1, "\(refused)")
        #expect(refused.stderr.contains("is not a folder of yours that only you can write"), "\(refused)")
    }

    @Test("with --port the lesson's texts name that port, not the lesson's own (titles, explanations, roles)", arguments: ["tcp", "reuseaddr"])
    func textsNameTheRunsPort(_ lesson: String) throws {
        let port = try Harness.freePort()
        let run = try Harness.sockstep(["run", lesson, "--lang", "c", "--port", String(port), "--format", "json"], timeout: 60)
        let header = (run.stderr + run.stdout).split(separator: "\n").lazy.compactMap { line in
            try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        }.first { $0["lesson_model"] != nil }
        let model = try #require(header?["lesson_model"] as? [String: Any], "\(run)")
        var texts = [model["title"] as? String ?? "", model["summary"] as? String ?? ""]
        texts += (model["roles"] as? [[String: Any]] ?? []).compactMap { $0["about"] as? String }
        for step in model["steps"] as? [[String: Any]] ?? [] {
            texts += [step["title"] as? String ?? "", step["explain"] as? String ?? ""]
        }
        let all = texts.joined(separator: "\n")
        #expect(!all.contains("8888"), "a text names the lesson's own port:\n\(all)")
        #expect(all.contains("127.0.0.1:\(port)"), "the texts name the run's port:\n\(all)")
        // Without --port the texts are the lesson file's.
        let show = try Harness.sockstep(["show", lesson, "--lang", "c"])
        #expect(show.stdout.contains("127.0.0.1:8888"), "\(show)")
    }

    @Test("the compiler is asked its --version once, and again when it changes")
    func compilerVersionRemembered() throws {
        // A `cc` of our own first on PATH: it writes a line to a log for each --version, then
        // is the real compiler.
        let folder = try Harness.makeTemporaryDirectory("fake-cc")
        let log = folder + "/versions.log"
        guard let real = ["/usr/bin/cc", "/usr/bin/gcc"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            Issue.record("no C compiler at /usr/bin/cc")
            return
        }
        func writeCompiler(_ banner: String) throws {
            let script = """
            #!/bin/sh
            if [ "$1" = --version ]; then echo asked >> '\(log)'; echo '\(banner)'; exit 0; fi
            exec \(real) "$@"

            """
            try? FileManager.default.removeItem(atPath: folder + "/cc")
            try script.write(toFile: folder + "/cc", atomically: false, encoding: .utf8)
            chmod(folder + "/cc", 0o755)
        }
        try writeCompiler("cc (a test compiler) 1.0")
        var environment = Harness.traceEnvironment
        environment["XDG_CACHE_HOME"] = try Harness.makeTemporaryDirectory("cache")
        environment["PATH"] = folder + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        func run() throws -> ProcessResult {
            try Harness.run(try Harness.sockstepBinary(), ["run", "udp", "--lang", "c", "--plain", "--port", String(try Harness.freePort())],
                            environment: environment, timeout: 120)
        }
        func asked() -> Int { ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").count }
        let first = try run()
        #expect(first.exitCode == 0, "\(first)")
        #expect(asked() == 1, "the first run asks")
        let second = try run()
        #expect(second.exitCode == 0, "\(second)")
        #expect(asked() == 1, "the second run remembers the answer")
        // Another compiler (a new file in its place, another banner): asked again, and its
        // programs are compiled anew (the version is part of the cache's key).
        try writeCompiler("cc (a test compiler) 2.0")
        let programs = environment["XDG_CACHE_HOME"]! + "/sockstep/programs"
        let before = try FileManager.default.contentsOfDirectory(atPath: programs).count
        let third = try run()
        #expect(third.exitCode == 0, "\(third)")
        #expect(asked() == 2, "a changed compiler is asked again")
        #expect(try FileManager.default.contentsOfDirectory(atPath: programs).count == before + 2, "its programs are compiled anew")
    }

    @Test("a step's call outside the lesson's strace set is in the view, not in --plain (the unix lesson's write and read in C)")
    func traceSet() throws {
        let port = try Harness.freePort()
        let plain = try Harness.sockstep(["run", "unix", "--lang", "c", "--plain", "--port", String(port)], timeout: 60)
        #expect(plain.exitCode == 0, "\(plain)")
        #expect(!plain.stdout.contains("write(") && !plain.stdout.contains("read("), "strace -e trace=%network has no read or write: \(plain)")
        let command = "stty cols 200 rows 50; NO_COLOR=1 \(Harness.shellQuote(try Harness.sockstepBinary())) run unix --lang c --port \(port)"
        let view = try Harness.run("/usr/bin/script", ["-qec", command, "/dev/null"], environment: Harness.traceEnvironment, timeout: 60)
        #expect(view.stdout.contains("write(4, \"hello!\", 6)") && view.stdout.contains("read(3, \"hello!\", 4096)"), "\(view)")
        #expect(view.stdout.contains("(write is not in this lesson's strace set, trace=%network"), "\(view)")
        #expect(view.stdout.contains("client printed: received: hello!"), "\(view)")
    }

    @Test("Python's runtime calls are shown in the step they happen in, marked as the runtime's")
    func runtimeCalls() throws {
        let command = "stty cols 200 rows 50; NO_COLOR=1 \(Harness.shellQuote(try Harness.sockstepBinary())) run tcp --lang python --port \(try Harness.freePort())"
        let view = try Harness.run("/usr/bin/script", ["-qec", command, "/dev/null"], environment: Harness.traceEnvironment, timeout: 60)
        #expect(view.exitCode == 0, "\(view)")
        let text = view.stdout
        let accept = try #require(text.range(of: "server · step 5/6 · Accept a connection"))
        let send = try #require(text.range(of: "server · step 6/6 · Write to the connection"))
        let getsockname = try #require(text.range(of: "getsockname(4, {sa_family=AF_INET"))
        #expect(accept.upperBound < getsockname.lowerBound && getsockname.upperBound < send.lowerBound, "inside the accept step: \(text)")
        #expect(text.contains("⚙ made by the Python runtime, not by a line of this program"), "\(text)")
    }
}

/// strace's `<unfinished ...>` and `<... NAME resumed>` joined, as the lines of one process.
enum StraceJoin {
    static func join(_ lines: [String]) -> [String] {
        var out: [String] = []
        var pending: Int?
        for line in lines {
            if line.hasSuffix(" <unfinished ...>") {
                pending = out.count
                out.append(String(line.dropLast(" <unfinished ...>".count)))
            } else if line.hasPrefix("<... "), let end = line.range(of: " resumed>"), let index = pending {
                out[index] += line[end.upperBound...]
                pending = nil
            } else {
                out.append(line)
            }
        }
        return out
    }
}
