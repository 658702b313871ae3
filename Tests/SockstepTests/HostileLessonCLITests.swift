// Lesson files are untrusted input (issue 9), through the built binary: hostile lesson files are
// refused with one line `file:line: ...` on stderr, nothing on stdout and exit 2 before anything
// runs; a --port that pushes a `$PORT+N` beyond 65535 likewise; names resolve to the installed
// lessons (or $SOCKSTEP_LESSONS), never to ./lessons; the view names the file it runs. The
// timeouts are hang guards only.
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

@Suite("hostile lesson files, through the binary")
struct HostileLessonCLITests {
    static let hostile = Harness.packageRoot.appendingPathComponent("Tests/LessonTests/Hostile")
    static let installed = Harness.packageRoot.appendingPathComponent("lessons").path

    /// Refused: exit 2, stdout empty, one line on stderr starting with `path:line: ` and
    /// containing `phrase`.
    static func expectRefused(_ result: ProcessResult, path: String, line: Int, phrase: String,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.exitCode == 2, "\(result)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, "\(result)", sourceLocation: sourceLocation)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(result)", sourceLocation: sourceLocation)
        #expect(lines.first?.hasPrefix("\(path):\(line): ") == true, "\(result)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains(phrase), "\(result)", sourceLocation: sourceLocation)
        #expect(result.leftovers.isEmpty, "\(result)", sourceLocation: sourceLocation)
    }

    @Test("a hostile file is refused by show, run, step, whatif and compare", arguments: [
        ("addr-double-dot.yaml", 12, "'127..0.0.1' is not an IPv4 address"),
        ("addr-trailing-name.yaml", 12, "'127.0.0.1.evil' is not an IPv4 address"),
        ("unix-parent.yaml", 12, "'../../x.sock' is not a socket file name"),
        ("name-path.yaml", 2, "the lesson's name '../../home/victim'"),
        ("port-offset-max.yaml", 12, "'$PORT+9223372036854775807' is not a port"),
        ("size-max.yaml", 12, "9223372036854775807 is out of range"),
        ("constant-empty-pieces.yaml", 12, "has an empty part"),
        ("socket-netlink.yaml", 8, "socket domain AF_NETLINK is not one a lesson may use"),
        ("yaml-anchor.yaml", 2, "an anchor (&t)"),
    ])
    func hostileFile(file: String, line: Int, phrase: String) throws {
        let path = Self.hostile.appendingPathComponent(file).path
        for arguments in [["show", path], ["run", path, "--plain"], ["step", path], ["whatif", path], ["compare", path]] {
            Self.expectRefused(try Harness.sockstep(arguments, timeout: 20), path: path, line: line, phrase: phrase)
        }
    }

    @Test("generated hostile input (alias bomb, deep nesting, 10k steps, garbage, 2 MiB) is refused at once", arguments: [
        "bomb", "nesting", "steps", "garbage", "huge",
    ])
    func generated(kind: String) throws {
        let dir = try Harness.makeTemporaryDirectory("hostile-lesson")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/\(kind).yaml"
        var text = ""
        let expected: (line: Int, phrase: String)
        switch kind {
        case "bomb":
            text = "a0: &a0 [lol,lol,lol,lol,lol,lol,lol,lol,lol,lol]\n"
            for level in 1 ... 9 { text += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ",") + "]\n" }
            text += "steps: *a9\n"
            expected = (1, "an anchor (&a0)")
        case "nesting":
            text = "title: t\nx: [\n" + String(repeating: "[\n", count: 100_000)
            expected = (7, "nest deeper than 6 levels")
        case "steps":
            text = "title: t\nroles:\n  - name: server\nsteps:\n"
                + String(repeating: "  - role: server\n    call: socket(AF_INET, SOCK_STREAM, IPPROTO_IP)\n", count: 10_000)
            expected = (1005, "the lesson has more than 500 steps")
        case "garbage":
            var state: UInt64 = 42
            let bytes = (0 ..< 100_000).map { _ -> UInt8 in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return UInt8(truncatingIfNeeded: state >> 56)
            }
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            expected = (1, "not UTF-8 text")
        default:
            text = String(repeating: "# " + String(repeating: "x", count: 1000) + "\n", count: 2100)
            expected = (1, "a lesson file has at most 1048576 (1 MiB)")
        }
        if !text.isEmpty { try text.write(toFile: path, atomically: true, encoding: .utf8) }
        Self.expectRefused(try Harness.sockstep(["show", path], timeout: 20), path: path, line: expected.line, phrase: expected.phrase)
    }

    @Test("--port that makes $PORT+N more than 65535 is refused before anything runs")
    func portBeyondTheLastPort() throws {
        let dir = try Harness.makeTemporaryDirectory("hostile-port")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/offset.yaml"
        try """
            title: t
            roles:
              - name: server
            steps:
              - role: server
                call: socket(AF_INET, SOCK_STREAM, IPPROTO_IP)
                result: s
              - role: server
                call: bind($s, 127.0.0.1:$PORT+10)

            """.write(toFile: path, atomically: true, encoding: .utf8)
        for arguments in [["run", path, "--plain", "--port", "65530"], ["step", path, "--port", "65530"],
                          ["whatif", path, "--port", "65530"], ["compare", path, "--port", "65530"]] {
            Self.expectRefused(try Harness.sockstep(arguments, timeout: 20), path: path, line: 9,
                               phrase: "$PORT+10 is port 65540 when $PORT is 65530")
        }
    }

    /// A folder with `lessons/tcp.yaml`, a lesson that is not the installed one.
    static func impostor() throws -> String {
        let dir = try Harness.makeTemporaryDirectory("impostor")
        try FileManager.default.createDirectory(atPath: dir + "/lessons", withIntermediateDirectories: true)
        try """
            title: "IMPOSTOR"
            roles:
              - name: server
            steps:
              - role: server
                call: socket(AF_INET, SOCK_STREAM, IPPROTO_IP)

            """.write(toFile: dir + "/lessons/tcp.yaml", atomically: true, encoding: .utf8)
        return dir
    }

    @Test("./lessons in the current directory does not stand in for the installed lessons")
    func currentDirectoryIsNotSearched() throws {
        let dir = try Self.impostor()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let binary = try Harness.sockstepBinary()
        let byName = try Harness.run(binary, ["show", "tcp"], environment: Harness.traceEnvironment, workingDirectory: dir, timeout: 20)
        #expect(byName.exitCode == 0, "\(byName)")
        #expect(!byName.stdout.contains("IMPOSTOR"), "\(byName)")
        #expect(byName.stdout.contains("lesson file: \(Self.installed)/tcp/lesson.yaml\n"), "\(byName)")
        // By its path, the other lesson runs, and the view says which file it is.
        let byPath = try Harness.run(binary, ["show", "lessons/tcp.yaml"], environment: Harness.traceEnvironment, workingDirectory: dir, timeout: 20)
        #expect(byPath.exitCode == 0, "\(byPath)")
        #expect(byPath.stdout.contains("IMPOSTOR") && byPath.stdout.contains("lesson file: \(dir)/lessons/tcp.yaml\n"), "\(byPath)")
        let list = try Harness.run(binary, ["lessons"], environment: Harness.traceEnvironment, workingDirectory: dir, timeout: 20)
        #expect(list.stdout.hasPrefix("Lessons in \(Self.installed) (installed):\n"), "\(list)")
        #expect(!list.stdout.contains(dir), "\(list)")
    }

    @Test("$SOCKSTEP_LESSONS is an explicit choice: it comes before the installed lessons")
    func environmentFolderComesFirst() throws {
        let dir = try Self.impostor()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var environment = Harness.traceEnvironment
        environment["SOCKSTEP_LESSONS"] = dir + "/lessons"
        let binary = try Harness.sockstepBinary()
        let show = try Harness.run(binary, ["show", "tcp"], environment: environment, timeout: 20)
        #expect(show.exitCode == 0 && show.stdout.contains("IMPOSTOR"), "\(show)")
        #expect(show.stdout.contains("lesson file: \(dir)/lessons/tcp.yaml\n"), "\(show)")
        let udp = try Harness.run(binary, ["show", "udp"], environment: environment, timeout: 20)
        #expect(udp.stdout.contains("lesson file: \(Self.installed)/udp/lesson.yaml\n"), "\(udp)")
        let list = try Harness.run(binary, ["lessons"], environment: environment, timeout: 20)
        #expect(list.stdout.hasPrefix("Lessons in \(dir)/lessons ($SOCKSTEP_LESSONS):\n"), "\(list)")
        #expect(list.stdout.contains("Lessons in \(Self.installed) (installed):\n"), "\(list)")
        #expect(list.stdout.contains("hidden: \(Self.installed)/tcp/lesson.yaml: a lesson 'tcp' comes first, from $SOCKSTEP_LESSONS"), "\(list)")
        environment["SOCKSTEP_LESSONS"] = dir + "/no-such-folder"
        let missing = try Harness.run(binary, ["run", "nosuchlesson"], environment: environment, timeout: 20)
        #expect(missing.exitCode == 2, "\(missing)")
        #expect(missing.stderr.contains("no lesson 'nosuchlesson'") && missing.stderr.contains("$SOCKSTEP_LESSONS=\(dir)/no-such-folder is not a folder"), "\(missing)")
    }

    @Test("the explained view names the lesson file; --plain prints only strace lines")
    func theViewNamesItsFile() throws {
        let port = try Harness.freePort()
        let binary = try Harness.sockstepBinary()
        let command = "stty cols 120 rows 50; NO_COLOR=1 \(binary) run tcp --port \(port)"
        let view = try Harness.run("/usr/bin/script", ["-qec", command, "/dev/null"], environment: Harness.traceEnvironment, timeout: 60)
        #expect(view.exitCode == 0, "\(view)")
        // Through a terminal lines end in \r\n.
        let lines = view.stdout.replacingOccurrences(of: "\r", with: "").split(separator: "\n").map(String.init)
        #expect(lines.contains("lesson file: \(Self.installed)/tcp/lesson.yaml"), "\(view)")
        let plainPort = try Harness.freePort()
        let plain = try Harness.sockstep(["run", "tcp", "--plain", "--port", String(plainPort)], timeout: 60)
        #expect(plain.exitCode == 0, "\(plain)")
        #expect(!plain.stdout.contains("lesson file"), "\(plain)")
        #expect(plain.stdout.split(separator: "\n").allSatisfy { $0.hasPrefix("[pid ") || $0.hasPrefix("+++ ") || $0.contains("(") }, "\(plain)")
    }
}
