import ArgumentParser
import Glibc
import Lessons
import TraceRun

/// Parse and run, with sockstep's exit codes: 2 for usage and input errors, 1 for runtime
/// failures, 0 for help.
do {
    if CommandLine.arguments.dropFirst().first == "trace" {
        // trace reads its words as strace does (StraceCommandLine): ArgumentParser would stop at
        // a command's own `---` or `-=`. They are read once, checked, then run.
        var trace = TraceCommand()
        trace.arguments = Array(CommandLine.arguments.dropFirst(2))
        try TraceRunner.run(trace.options())
    } else {
        var command = try Sockstep.parseAsRoot()
        try command.run()
    }
    // A write to standard output that failed (`> /dev/full`) is a failure, reported as run's
    // is: what print() wrote is in stdio's buffer until this fflush (of every stream; stdio
    // keeps what it could not write, so a failure earlier in the run fails here again), what
    // FileHandleLite wrote failed at once and was noted.
    let failure = fflush(nil) != 0 ? errno : FileHandleLite.outputFailure.load(ordering: .relaxed)
    if failure != 0 {
        FileHandleLite.standardError.write("sockstep: standard output: \(String(cString: strerror(failure)))\n")
        exit(1)
    }
} catch let failure as RuntimeFailure {
    failure.report()
    exit(1)
} catch let failure as ProgramBuildFailure {
    // A missing toolchain (one line), or a program's compiler errors (file:line each).
    for line in failure.lines { FileHandleLite.standardError.write(line + "\n") }
    exit(1)
} catch let input as InputFailure {
    FileHandleLite.standardError.write("sockstep: " + input.message + "\n")
    exit(2)
} catch let refused as LessonRefused {
    for problem in refused.problems.problems {
        FileHandleLite.standardError.write(problem.description + "\n")
    }
    exit(2)
} catch {
    let code = Sockstep.exitCode(for: error)
    if code == .success {
        Sockstep.exit(withError: error)
    }
    FileHandleLite.standardError.write("sockstep: " + usageLine(for: error) + "\n")
    exit(2)
}

/// Bad input as one line: what is wrong, and where the usage is
/// (`unknown option '-9' (usage: sockstep trace --help)`).
func usageLine(for error: Error) -> String {
    let full = Sockstep.fullMessage(for: error, columns: Int.max)
    var message = Sockstep.message(for: error)
    if message.isEmpty {
        message = String(full.split(separator: "\n").first ?? "bad input")
        if message.hasPrefix("Error: ") { message.removeFirst("Error: ".count) }
    }
    // ArgumentParser's last line: `  See 'sockstep trace --help' for more information.`
    if let see = full.firstRange(of: "See '"), let end = full[see.upperBound...].firstIndex(of: "'") {
        return message + " (usage: " + full[see.upperBound ..< end] + ")"
    }
    return message
}
