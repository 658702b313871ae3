import ArgumentParser
import Decoding
import TraceRun

/// `sockstep trace`: any program, traced and printed as strace prints it. The options are read
/// as strace reads them (StraceCommandLine: strace's getopt, its table and its checks) and run
/// by TraceRunner, so ArgumentParser only hands over the words and writes the help. The
/// `sockstep` binary runs a good trace command line itself and sends the rest here.
struct TraceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Trace a command (or a running process) and print its syscalls as strace does.",
        usage: """
        sockstep trace [OPTIONS] [--] COMMAND [ARGS...]
          sockstep trace [OPTIONS] -p PID
        """,
        discussion: TraceHelp.discussion
    )

    @Argument(parsing: .captureForPassthrough, help: ArgumentHelp("strace's options, then the command and its arguments.", valueName: "options and command"))
    var arguments: [String] = []

    /// What the words say, or the bad input in strace's words (exit 2).
    func commandLine() throws -> StraceCommandLine {
        do {
            return try StraceCommandLine.parse(arguments)
        } catch {
            var message = error.message
            if error.tryHelp { message += "\nTry 'sockstep trace -h' for more information." }
            throw TraceUsageError(description: message)
        }
    }

    mutating func validate() throws { _ = try options() }

    /// The options, read and checked once (main.swift runs them with `run(_:)`).
    func options() throws -> StraceOptions {
        switch try commandLine() {
        case .help: throw CleanExit.helpRequest(self)
        case .version: throw CleanExit.message(Sockstep.versionText)
        case .trace(let options):
            try check(options)
            return options
        }
    }

    /// sockstep's own checks, after strace's: TraceRunner's, as ArgumentParser's usage errors.
    func check(_ options: StraceOptions) throws {
        do { try TraceRunner.check(options) } catch { throw ValidationError(error.description) }
    }

    func run() throws { try TraceRunner.run(options()) }
}

/// A bad `sockstep trace` command line in strace's words, printed as is after `sockstep: `
/// (with strace's `Try ...` line when strace prints one): exit 2.
struct TraceUsageError: Error, CustomStringConvertible {
    let description: String
}
