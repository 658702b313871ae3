import Foundation
import Testing

/// `sockstep trace --explain`: under each call's strace line one line in plain words, the strace
/// lines themselves as without --explain, the explanations true for the calls as they happened,
/// and the same explanations in JSON.
@Suite("trace --explain")
struct TraceExplainTests {
    static let marker = "  ↳ "

    /// Whether a line of the trace is a call's exit (complete, or `<... resumed>`): it carries
    /// the result after ` = `.
    static func isCallExit(_ line: Substring) -> Bool {
        !line.hasPrefix("+++ ") && !line.hasPrefix("--- ") && !line.hasSuffix("<unfinished ...>") && line.contains(" = ")
    }

    /// Checks that each call's exit line is followed by exactly one explanation line, and no
    /// other line is; gives the explanations in order, with the line each explains.
    static func pairs(_ trace: String, sourceLocation: SourceLocation = #_sourceLocation) -> [(call: String, explanation: String)] {
        let lines = trace.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        var result: [(String, String)] = []
        for (i, line) in lines.enumerated() {
            if line.hasPrefix(marker) {
                let before = i > 0 ? lines[lines.index(lines.startIndex, offsetBy: i - 1)] : ""
                #expect(isCallExit(before), "an explanation not under a call's line: \(line) after \(before)", sourceLocation: sourceLocation)
                result.append((String(before), String(line.dropFirst(marker.count))))
            } else if isCallExit(line) {
                let next = i + 1 < lines.count ? lines[lines.index(lines.startIndex, offsetBy: i + 1)] : ""
                #expect(next.hasPrefix(marker), "a call line without its explanation: \(line)", sourceLocation: sourceLocation)
            }
        }
        return result
    }

    static func withoutExplanations(_ trace: String) -> String {
        trace.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix(marker) }.joined(separator: "\n")
    }

    @Test("one explanation per call line; the strace lines as without --explain", .timeLimit(.minutes(2)), arguments: [
        "errors", "tcp4", "files", "socketpair", "fork_tcp",
    ])
    func oneLinePerCall(_ program: String) throws {
        let binary = try Harness.compileC(program)
        let port = try Harness.freePort()
        let closed = try Harness.freePort()
        let arguments: [String]
        let follow = program == "fork_tcp" ? ["-f"] : []
        switch program {
        case "errors": arguments = [String(port), String(closed)]
        case "files", "socketpair": arguments = [try Harness.makeTemporaryDirectory("explain-" + program)]
        default: arguments = [String(port)]
        }
        let explained = try Harness.sockstep(["trace", "--explain"] + follow + ["--", binary] + arguments)
        #expect(explained.termination == .exited(0), "\(explained)")
        if program == "files" || program == "socketpair" { // a fresh folder again, as the first run had
            _ = try Harness.run("/bin/sh", ["-c", "rm -rf \"$0\"/* \"$0\"/.[!.]*", arguments[0]])
        }
        let plain = try Harness.sockstep(["trace"] + follow + ["--", binary] + arguments)
        #expect(plain.termination == .exited(0), "\(plain)")
        let pairs = Self.pairs(explained.stderr)
        #expect(pairs.count >= 20, "\(explained)")
        let normalizer = TraceNormalizer(chosenPorts: [Int(port), Int(closed)], pidNumbers: true)
        expectSameLines(normalizer.normalizedText(plain.stderr), normalizer.normalizedText(Self.withoutExplanations(explained.stderr)),
                        expectedName: "trace", actualName: "trace --explain without its explanations", what: program)

        // The same explanations in JSON, in the call objects, in order.
        let json = try Harness.sockstep(["trace", "--explain", "--format", "json"] + follow + ["--", binary] + arguments)
        let calls = json.stderr.split(separator: "\n").compactMap { line -> [String: Any]? in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], object["type"] as? String == "call" else { return nil }
            return object
        }
        #expect(calls.count == pairs.count, "\(json)")
        #expect(calls.allSatisfy { ($0["explanation"] as? String)?.isEmpty == false }, "every call object has its explanation")
        let withoutJSON = try Harness.sockstep(["trace", "--format", "json", "--", binary] + arguments)
        #expect(!withoutJSON.stderr.contains("\"explanation\""), "no explanation without --explain")
    }

    @Test("the explanations are true: a refused connect, a missing file, a new connection's fd", .timeLimit(.minutes(2)))
    func truth() throws {
        let port = try Harness.freePort()
        let closed = try Harness.freePort()
        let errors = Self.pairs(try Harness.sockstep(["trace", "--explain", "--", try Harness.compileC("errors"), String(port), String(closed)]).stderr)
        let refused = errors.first { $0.call.hasPrefix("connect(") && $0.call.contains("ECONNREFUSED") }
        #expect(refused?.explanation == "-1 ECONNREFUSED: nothing listens on 127.0.0.1:\(closed)", "\(errors)")
        let inUse = errors.first { $0.call.hasPrefix("bind(") && $0.call.contains("EADDRINUSE") }
        #expect(inUse?.explanation.hasPrefix("-1 EADDRINUSE: another socket already uses 127.0.0.1:\(port)") == true, "\(errors)")
        let badFD = errors.first { $0.call.hasPrefix("close(99)") }
        #expect(badFD?.explanation.hasPrefix("-1 EBADF: fd 99 is not an open descriptor") == true, "\(errors)")

        let tcp = Self.pairs(try Harness.sockstep(["trace", "--explain", "--", try Harness.compileC("tcp4"), String(port)]).stderr)
        let accepted = tcp.first { $0.call.hasPrefix("accept4(3, ") }
        let client = try #require(accepted?.call.firstMatch(of: /htons\((\d+)\)/)?.1, "\(tcp)")
        #expect(accepted?.explanation.hasPrefix("fd 5 is the connection from 127.0.0.1:\(client); fd 3 goes on listening") == true, "\(tcp)")
        let socket = tcp.first { $0.call.hasPrefix("socket(AF_INET, SOCK_STREAM") }
        #expect(socket?.explanation == "fd 3 is a new TCP socket (IPv4); it has no address yet", "\(tcp)")

        // A file that is not there: creat in the files program, openat in cat.
        let dir = try Harness.makeTemporaryDirectory("explain-files")
        let files = Self.pairs(try Harness.sockstep(["trace", "--explain", "--", try Harness.compileC("files"), dir]).stderr)
        let missing = files.first { $0.call.hasPrefix("creat(\"/nonexistent/b\"") }
        #expect(missing?.explanation == "-1 ENOENT: there is no file \"/nonexistent/b\" (or a folder on its way is missing)", "\(files)")
        let created = files.first { $0.call.hasPrefix("openat(AT_FDCWD, \"a.txt\", O_WRONLY|O_CREAT|O_TRUNC") }
        #expect(created?.explanation == "fd 3 now refers to the file \"a.txt\" (O_CREAT: made if it did not exist)", "\(files)")
        let notFD = files.first { $0.call.hasPrefix("symlinkat(\"a.txt\", 99,") }
        #expect(notFD?.explanation == "-1 EBADF: a descriptor it was given is not open (or not open for this)", "\(files)")
        let cat = try Harness.sockstep(["trace", "--explain", "--", "/bin/cat", dir + "/not-here"])
        let open = Self.pairs(cat.stderr).first { $0.call.contains("not-here") }
        #expect(open?.explanation == "-1 ENOENT: there is no file \"\(dir)/not-here\" (or a folder on its way is missing)", "\(cat)")
        let exit = Self.pairs(cat.stderr).last
        #expect(exit?.call.hasPrefix("exit_group(1)") == true && exit?.explanation == "the process ends with exit status 1: every thread, every descriptor closed", "\(cat)")
    }
}
