import ArgumentParser
import Glibc

/// Parse and run, with sockstep's exit codes: 2 for usage and input errors, 1 for runtime
/// failures, 0 for help.
do {
    var command = try Sockstep.parseAsRoot()
    try command.run()
} catch let failure as RuntimeFailure {
    failure.report()
    exit(1)
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
    let message = Sockstep.fullMessage(for: error)
    FileHandleLite.standardError.write("sockstep: " + message + "\n")
    exit(2)
}
