// Issue 9: the exit code of every command in each case (0 as asked, 1 runtime failure, 2 bad
// input, in one line), number options with ranges, output that cannot be written, option checks
// before anything runs, and --help that works and fits 80 columns.
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

@Suite("Exit codes: 0 as asked, 1 when it did not run so, 2 for bad input", .serialized)
struct ExitCodeTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var arguments: [String]
        var code: Int32
        /// Standard input, for step (nil: /dev/null).
        var input: String?
        /// What stderr says (exact line for 1, part of the line for 2).
        var says: String?
        var testDescription: String { arguments.joined(separator: " ") + " → \(code)" }
    }

    /// `PORT` becomes a free port.
    static let cases: [Case] = [
        Case(arguments: ["lessons"], code: 0),
        Case(arguments: ["show", "tcp"], code: 0),
        Case(arguments: ["show", "tpc"], code: 2, says: "no lesson 'tpc'"),
        Case(arguments: ["run", "tcp", "--plain", "--port", "PORT"], code: 0),
        Case(arguments: ["run", "tcp", "--plain", "--block", "listen", "--port", "PORT"], code: 1),
        Case(arguments: ["run", Harness.callsOnly("tcp"), "--plain", "--block", "server:accept4", "--keep-going", "--port", "PORT"], code: 1),
        // LOG lets the call run: the lesson runs as written.
        Case(arguments: ["run", "tcp", "--plain", "--block", "listen=log", "--port", "PORT"], code: 0),
        Case(arguments: ["run", "tcp", "--format", "json", "--block", "sendto", "--port", "PORT"], code: 1),
        Case(arguments: ["run", "tcp", "--port", "0"], code: 2, says: "--port must be from 1 to 65535 (got 0)"),
        Case(arguments: ["run", "tcp", "--port", "9223372036854775807"], code: 2, says: "--port must be from 1 to 65535"),
        Case(arguments: ["run", "tcp", "--pace", "nan"], code: 2, says: "--pace must be from 0"),
        Case(arguments: ["run", "tcp", "--pace=-1"], code: 2, says: "--pace must be from 0"),
        Case(arguments: ["run", "tpc"], code: 2, says: "no lesson 'tpc'"),
        Case(arguments: ["step", "tcp", "--port", "PORT"], code: 0, input: ""),
        Case(arguments: ["step", "tcp", "--port", "PORT"], code: 0, input: "\nq\n"),
        Case(arguments: ["step", "tcp", "--block", "listen", "--port", "PORT"], code: 1, input: ""),
        Case(arguments: ["step", "tcp", "--port", "70000"], code: 2, says: "--port must be from 1 to 65535 (got 70000)"),
        Case(arguments: ["whatif", "udp", "--port", "PORT"], code: 0),
        Case(arguments: ["whatif", "tcp", "--port", "0"], code: 2, says: "--port must be from 1 to 65535 (got 0)"),
        Case(arguments: ["whatif", "tcp", "--port", "70000"], code: 2, says: "--port must be from 1 to 65535 (got 70000)"),
        Case(arguments: ["compare", "udp", "--port", "PORT"], code: 0),
        Case(arguments: ["compare", "tcp", "--port", "0"], code: 2, says: "--port must be from 1 to 65535 (got 0)"),
        Case(arguments: ["compare", "--", "/nonexistent"], code: 1, says: "sockstep: Can't stat '/nonexistent': No such file or directory"),
        Case(arguments: ["compare", "--", "sockstep-no-such-command"], code: 1, says: "sockstep: Can't stat 'sockstep-no-such-command': No such file or directory"),
        Case(arguments: ["compare", "--", "/tmp"], code: 1, says: "sockstep: exec: Permission denied"),
        Case(arguments: ["compare", "--block", "listen", "--", "/bin/true"], code: 2, says: "--block works with a lesson only"),
        Case(arguments: ["compare", "--port", "8000", "--", "/bin/true"], code: 2, says: "--keep-going and --port are for a lesson"),
        Case(arguments: ["compare", "-e", "trace=bind", "tcp"], code: 2, says: "-e is for a command"),
        Case(arguments: ["trace", "-o", "/dev/full", "--", "/bin/true"], code: 1, says: "sockstep: /dev/full: No space left on device"),
        Case(arguments: ["trace", "-o", "/dev/full", "--", "/bin/sh", "-c", "exit 3"], code: 1, says: "sockstep: /dev/full: No space left on device"),
        Case(arguments: ["trace", "-s", "9223372036854775807", "--", "/bin/true"], code: 2, says: "-s must be from 0 to 1073741823"),
        Case(arguments: ["trace", "-s", "1073741824", "--", "/bin/true"], code: 2, says: "-s must be from 0 to 1073741823 (got 1073741824)"),
        Case(arguments: ["trace", "-s", "1073741823", "-e", "trace=execve", "--", "/bin/true"], code: 0),
        Case(arguments: ["trace", "-p", "0"], code: 2, says: "-p must be from 1 to 4194304 (got 0)"),
        Case(arguments: ["trace", "-p", "-5"], code: 2),
        Case(arguments: ["trace", "-p", "99999999999"], code: 2),
    ]

    @Test("each command, each case", arguments: cases)
    func exitCode(_ c: Case) throws {
        let port = try Harness.freePort()
        let arguments = c.arguments.map { $0 == "PORT" ? String(port) : $0 }
        let result = try Harness.sockstep(arguments, stdin: c.input.map { Data($0.utf8) }, timeout: 120)
        #expect(result.termination == .exited(c.code), "\(result)")
        #expect(result.leftovers.isEmpty, "\(result)")
        let lines = result.stderr.split(separator: "\n")
        if c.code == 2 {
            #expect(lines.count == 1, "bad input is one line: \(result)")
            #expect(result.stderr.hasPrefix("sockstep: "), "\(result)")
            #expect(result.stdout.isEmpty, "nothing ran: \(result)")
        }
        if let says = c.says {
            if c.code == 1 {
                #expect(lines.contains { $0 == says }, "\(result)")
            } else {
                #expect(result.stderr.contains(says), "\(result)")
            }
        }
    }

    @Test("a failed write of the output: reported once, exit 1 (run > /dev/full)")
    func stdoutFull() throws {
        let port = try Harness.freePort()
        let command = "exec \(Harness.shellQuote(try Harness.sockstepBinary())) run tcp --plain --port \(port) > /dev/full"
        let result = try Harness.run("/bin/sh", ["-c", command], environment: Harness.traceEnvironment, timeout: 60)
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stderr.split(separator: "\n").filter { $0.contains("No space left on device") } == ["sockstep: standard output: No space left on device"], "\(result)")
        #expect(result.leftovers.isEmpty, "\(result)")
    }

    @Test("commands that print (lessons, show, show --source): > /dev/full is exit 1 with one line", arguments: [
        ["lessons"], ["show", "tcp"], ["show", "tcp", "--lang", "c", "--source", "server"],
    ])
    func printedOutputFull(_ arguments: [String]) throws {
        let command = "exec " + ([try Harness.sockstepBinary()] + arguments).map(Harness.shellQuote).joined(separator: " ") + " > /dev/full"
        let result = try Harness.run("/bin/sh", ["-c", command], environment: Harness.traceEnvironment, timeout: 60)
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stderr == "sockstep: standard output: No space left on device\n", "\(result)")
    }

    @Test("an --html path that cannot be written fails before anything runs: exit 1, nothing run, nothing left")
    func htmlCheckedFirst() throws {
        let port = try Harness.freePort()
        let dir = try Harness.makeTemporaryDirectory("html")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let missing = dir + "/no/such/folder/page.html"
        let run = try Harness.sockstep(["run", "tcp", "--plain", "--html", missing, "--port", String(port)])
        #expect(run.exitCode == 1, "\(run)")
        #expect(run.stderr == "sockstep: cannot write '\(missing)': No such file or directory\n", "\(run)")
        #expect(run.stdout.isEmpty, "the lesson did not run: \(run)")
        let marker = dir + "/ran"
        let trace = try Harness.sockstep(["trace", "--html", dir, "--", "/bin/sh", "-c", "touch \(marker)"])
        #expect(trace.exitCode == 1, "\(trace)")
        #expect(trace.stderr == "sockstep: cannot write '\(dir)': Is a directory\n", "\(trace)")
        #expect(!FileManager.default.fileExists(atPath: marker), "the command did not run: \(trace)")
        let step = try Harness.sockstep(["step", "tcp", "--html", missing, "--port", String(port)], stdin: Data())
        #expect(step.exitCode == 1 && step.stdout.isEmpty, "\(step)")
    }

    @Test("--html to an existing file: replaced when the run writes it; a command that cannot start leaves no new file")
    func htmlWritten() throws {
        let port = try Harness.freePort()
        let dir = try Harness.makeTemporaryDirectory("html")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let page = dir + "/page.html"
        try String(repeating: "old content that is longer than nothing\n", count: 5000).write(toFile: page, atomically: false, encoding: .utf8)
        let run = try Harness.sockstep(["run", "tcp", "--plain", "--html", page, "--port", String(port)])
        #expect(run.exitCode == 0, "\(run)")
        let text = (try? String(contentsOfFile: page, encoding: .utf8)) ?? ""
        #expect(text.hasPrefix("<!DOCTYPE html>") || text.hasPrefix("<!doctype html>"), "\(text.prefix(200))")
        #expect(!text.contains("old content"), "the old content is gone (truncated)")
        let fresh = dir + "/fresh.html"
        let failed = try Harness.sockstep(["trace", "--html", fresh, "--", dir + "/no-such-command"])
        #expect(failed.exitCode == 1, "\(failed)")
        #expect(!FileManager.default.fileExists(atPath: fresh), "a page for a run that never started is not left behind")
    }
}

@Suite("--help and -h of every command: exit 0, at most 80 columns, no sentence broken by hand")
struct HelpTests {
    static let commands: [[String]] = [[], ["lessons"], ["show"], ["run"], ["step"], ["whatif"], ["compare"], ["trace"], ["check"]]

    func help(_ arguments: [String], columns: Int) throws -> ProcessResult {
        try Harness.run(try Harness.sockstepBinary(), arguments, environment: Harness.traceEnvironment.merging(["COLUMNS": String(columns)]) { $1 })
    }

    @Test("each --help and -h exits 0 and no line is over 80 columns", arguments: commands)
    func fits(_ command: [String]) throws {
        for flag in ["--help", "-h"] {
            let result = try help(command + [flag], columns: 80)
            #expect(result.exitCode == 0, "\(result)")
            #expect(result.stdout.contains("USAGE: sockstep"), "\(result)")
            #expect(result.stderr.isEmpty, "\(result)")
            let long = result.stdout.split(separator: "\n").filter { $0.count > 80 }
            #expect(long.isEmpty, "lines over 80 columns in `sockstep \((command + [flag]).joined(separator: " "))`:\n\(long.joined(separator: "\n"))")
        }
        if let name = command.first {
            let viaHelp = try help(["help", name], columns: 80)
            let direct = try help(command + ["--help"], columns: 80)
            #expect(viaHelp.exitCode == 0 && viaHelp.stdout == direct.stdout, "\(viaHelp)")
        }
    }

    @Test("at a wide terminal each paragraph is one line: the texts are not broken by hand", arguments: commands)
    func paragraphs(_ command: [String]) throws {
        let result = try help(command + ["--help"], columns: 1000)
        #expect(result.exitCode == 0, "\(result)")
        // Before USAGE: the overview and the discussion. A line of text followed by another
        // line of text (not a blank line, not an indented example) is a paragraph broken by hand.
        let head = result.stdout.components(separatedBy: "\nUSAGE:").first ?? ""
        let lines = head.split(separator: "\n", omittingEmptySubsequences: false)
        for (line, next) in zip(lines, lines.dropFirst()) where !line.isEmpty && !line.hasPrefix(" ") && !next.isEmpty && !next.hasPrefix(" ") {
            Issue.record("a sentence broken by hand in `sockstep \(command.joined(separator: " ")) --help`: \"\(line)\" / \"\(next)\"")
        }
    }

    @Test("every option's default is said once (trace -s)")
    func defaultsOnce() throws {
        let result = try help(["trace", "--help"], columns: 80)
        let text = result.stdout.replacingOccurrences(of: "\n", with: " ")
        #expect(text.components(separatedBy: "default: 32").count == 2, "\(result)")
        #expect(!text.contains("(default 32)"), "\(result)")
    }

    @Test("run, step, whatif, compare and trace document their exit codes", arguments: ["run", "step", "whatif", "compare", "trace", "check"])
    func exitCodesDocumented(_ command: String) throws {
        let result = try help([command, "--help"], columns: 1000)
        #expect(result.stdout.contains("Exit status: "), "\(result)")
        #expect(result.stdout.contains("2 for bad input"), "\(result)")
    }
}
