import ArgumentParser
import CSeccomp
import Glibc
import Synchronization
import TraceRun

struct Sockstep: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sockstep",
        abstract: "See how a program talks to the kernel: socket calls traced and printed as strace prints them.",
        discussion: """
        Exit status: 0 when the work ran as asked; 1 when it did not (a lesson that did not run \
        as written, a command that cannot be started, output that cannot be written); 2 for bad \
        input. trace exits with the traced command's own status. Each command's --help says more.
        """,
        version: Sockstep.versionText,
        subcommands: [LessonsCommand.self, ShowCommand.self, RunCommand.self, CheckCommand.self, StepCommand.self, WhatIfCommand.self, CompareCommand.self, QuizCommand.self, TraceCommand.self, RenderCommand.self, ActorCommand.self, StraceLessonCommand.self, ExecFilteredCommand.self]
    )

    static let version = SockstepVersion.number

    /// sockstep's version and the libseccomp it is linked with.
    static var versionText: String {
        var text = "sockstep \(version)"
        if let v = seccomp_version() {
            text += " (libseccomp \(v.pointee.major).\(v.pointee.minor).\(v.pointee.micro))"
        }
        return text
    }
}
