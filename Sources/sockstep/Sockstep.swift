import ArgumentParser
import CSeccomp
import Glibc
import Synchronization

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

    static let version = "0.1.0"

    /// sockstep's version and the libseccomp it is linked with.
    static var versionText: String {
        var text = "sockstep \(version)"
        if let v = seccomp_version() {
            text += " (libseccomp \(v.pointee.major).\(v.pointee.minor).\(v.pointee.micro))"
        }
        return text
    }
}

/// A failure at run time: one line on stderr, exit 1.
struct RuntimeFailure: Error {
    let message: String
    func report() {
        FileHandleLite.standardError.write("sockstep: " + message + "\n")
    }
}

/// Unbuffered writes to a descriptor.
struct FileHandleLite {
    let fd: Int32
    static let standardError = FileHandleLite(fd: 2)
    static let standardOutput = FileHandleLite(fd: 1)

    /// The errno of the first write to standard output that failed (0: none): sockstep ends
    /// with exit 1 and says so (main.swift).
    static let outputFailure = Atomic<Int32>(0)

    func write(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n <= 0 {
                if errno == EINTR { continue }
                if fd == 1 { _ = Self.outputFailure.compareExchange(expected: 0, desired: n == 0 ? EIO : errno, ordering: .relaxed) }
                return
            }
            offset += n
        }
        bytes.removeAll()
    }
}
