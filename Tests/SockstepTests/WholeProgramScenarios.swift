// The scenarios of issue 12: every call a program makes, decoded as strace decodes it.
//
// Decoder families: one C program per family (Programs/memory.c, files.c, stat.c, process.c,
// sigaction.c, futex.c, terminal.c), in the style of strace's own tests: each call with good
// and bad arguments (NULL, an unreadable page, bad descriptors, negative lengths, unknown
// flags), then the structs the kernel fills in, filled in by the program itself (the calls
// made to return 0 without running, see Programs/decoders.h) with the values that show every
// field's formatting. Traced whole (no -e), the dynamic loader's calls included.
//
// Whole programs: real programs traced with -f and no -e, line by line against strace -f:
// a C program (Programs/everyday.c), a Rust program with a thread (Programs/threads.rs),
// python3, ls -l, cat, git --version and curl of a loopback URL the test serves itself.
// Besides pids, pointers and timings, only what a real program reads or gets that changes
// from run to run is normalized (VaryingData in Support/TraceComparison.swift): getrandom's
// bytes, sysinfo's load and free memory, curl's poll timeouts, addresses in /proc/self/maps
// text, and how glibc trims a thread's malloc arena.
//
// These scenarios are part of Scenario.all: StraceEqualityTests runs each twice under strace
// (the normalization suffices) and once under each tracer (the lines are equal).

import Foundation
import Testing

extension Scenario {
    static let inDirectory: @Sendable (RunContext) -> [String] = { [$0.directory] }

    static let decoderFamilies: [Scenario] = [
        Scenario(name: "decoders: memory (brk, mmap, mprotect, mremap, madvise, ...)", options: [],
                 program: .c("memory"), arguments: { _ in [] }, pidNumbers: true),
        Scenario(name: "decoders: files and directories", options: [], program: .c("files"),
                 arguments: inDirectory, pidNumbers: true),
        Scenario(name: "decoders: files and directories, -s 5", options: ["-s", "5"], program: .c("files"),
                 arguments: inDirectory, pidNumbers: true),
        Scenario(name: "decoders: stat, statx, statfs", options: [], program: .c("stat"),
                 arguments: inDirectory, pidNumbers: true),
        Scenario(name: "decoders: fcntl (flags, locks, owners, signals, leases, notify, pipes, seals)", options: [],
                 program: .c("fcntl"), arguments: inDirectory, pidNumbers: true),
        Scenario(name: "decoders: fcntl, -X raw", options: ["-X", "raw"], program: .c("fcntl"), arguments: inDirectory,
                 pidNumbers: true),
        Scenario(name: "decoders: fcntl, -X verbose", options: ["-X", "verbose"], program: .c("fcntl"), arguments: inDirectory,
                 pidNumbers: true),
        Scenario(name: "decoders: processes (prlimit64, uname, sysinfo, clone, clone3, wait4, ...), -f",
                 options: ["-f"], program: .c("process"), arguments: { _ in [] }, pidNumbers: true),
        Scenario(name: "decoders: signals (rt_sigaction, rt_sigprocmask, sigaltstack, rt_sigreturn)", options: [],
                 program: .c("sigaction"), arguments: { _ in [] }, pidNumbers: true),
        Scenario(name: "decoders: futex and sleeps", options: [], program: .c("futex"),
                 arguments: { _ in [] }, pidNumbers: true),
        Scenario(name: "decoders: terminal ioctls", options: [], program: .c("terminal"),
                 arguments: { _ in [] }, pidNumbers: true),
        Scenario(name: "decoders: vectored I/O, signal waits and queues, timers", options: [],
                 program: .c("iov_signals_timers"), arguments: { _ in [] }, pidNumbers: true),
        Scenario(name: "decoders: vectored I/O, signal waits and queues, timers, -X raw", options: ["-X", "raw"],
                 program: .c("iov_signals_timers"), arguments: { _ in [] }, pidNumbers: true),
        Scenario(name: "decoders: vectored I/O, signal waits and queues, timers, -X verbose", options: ["-X", "verbose"],
                 program: .c("iov_signals_timers"), arguments: { _ in [] }, pidNumbers: true),
        Scenario(name: "decoders: identities, rusage, inotify, splice, membarrier, mincore, scheduling, ioprio, capabilities",
                 options: [], program: .c("ids_sched"), arguments: { _ in [] }, pidNumbers: true),
        Scenario(name: "decoders: identities, rusage, scheduling, ..., -v", options: ["-v"], program: .c("ids_sched"),
                 arguments: { _ in [] }, pidNumbers: true),
        Scenario(name: "decoders: identities, rusage, scheduling, ..., -X raw", options: ["-X", "raw"],
                 program: .c("ids_sched"), arguments: { _ in [] }, pidNumbers: true),
        Scenario(name: "decoders: identities, rusage, scheduling, ..., -X verbose", options: ["-X", "verbose"],
                 program: .c("ids_sched"), arguments: { _ in [] }, pidNumbers: true),
        Scenario(name: "decoders: execveat, openat2, utime calls, readahead, mlockall, get_robust_list, kcmp, process_vm_*, time calls",
                 options: [], program: .c("files_time_process"), arguments: { _ in [] }, pidNumbers: true),
        Scenario(name: "decoders: execveat, openat2, utimes, ..., -X raw", options: ["-X", "raw"],
                 program: .c("files_time_process"), arguments: { _ in [] }, pidNumbers: true),
        Scenario(name: "decoders: execveat, openat2, utimes, ..., -X verbose", options: ["-X", "verbose"],
                 program: .c("files_time_process"), arguments: { _ in [] }, pidNumbers: true),
        // -e verbose=none (trace's options): every structure these decoders read is an address.
        Scenario(name: "decoders: files and directories, -e verbose=none", options: ["-e", "verbose=none"],
                 program: .c("files"), arguments: inDirectory, pidNumbers: true),
        Scenario(name: "decoders: stat, statx, statfs, -e verbose=none", options: ["-e", "verbose=none"],
                 program: .c("stat"), arguments: inDirectory, pidNumbers: true),
        Scenario(name: "decoders: fcntl, -e verbose=none", options: ["-e", "verbose=none"],
                 program: .c("fcntl"), arguments: inDirectory, pidNumbers: true),
        Scenario(name: "decoders: processes, -f -e verbose=none", options: ["-f", "-e", "verbose=none"],
                 program: .c("process"), arguments: { _ in [] }, pidNumbers: true),
        Scenario(name: "decoders: signals, -e verbose=none", options: ["-e", "verbose=none"],
                 program: .c("sigaction"), arguments: { _ in [] }, pidNumbers: true),
        Scenario(name: "decoders: futex and sleeps, -e verbose=none", options: ["-e", "verbose=none"],
                 program: .c("futex"), arguments: { _ in [] }, pidNumbers: true),
        Scenario(name: "decoders: vectored I/O, signal waits and queues, timers, -e verbose=none",
                 options: ["-e", "verbose=none"], program: .c("iov_signals_timers"), arguments: { _ in [] }, pidNumbers: true),
        Scenario(name: "decoders: identities, rusage, scheduling, ..., -e verbose=none", options: ["-e", "verbose=none"],
                 program: .c("ids_sched"), arguments: { _ in [] }, pidNumbers: true),
        Scenario(name: "decoders: execveat, openat2, utimes, ..., -e verbose=none", options: ["-e", "verbose=none"],
                 program: .c("files_time_process"), arguments: { _ in [] }, pidNumbers: true),
        // System V IPC and POSIX message queues, in an IPC namespace of the program's own (its
        // objects' ids are then the same at every run); -v prints semop's array of 40 whole.
        Scenario(name: "decoders: System V IPC (shm*, sem*, msg*) and POSIX message queues (mq_*)", options: [],
                 program: .c("ipc"), arguments: { _ in [] }, pidNumbers: true),
        Scenario(name: "decoders: System V IPC and POSIX message queues, -X raw", options: ["-X", "raw"],
                 program: .c("ipc"), arguments: { _ in [] }, pidNumbers: true),
        Scenario(name: "decoders: System V IPC and POSIX message queues, -X verbose", options: ["-X", "verbose"],
                 program: .c("ipc"), arguments: { _ in [] }, pidNumbers: true),
        Scenario(name: "decoders: System V IPC and POSIX message queues, -v", options: ["-v"],
                 program: .c("ipc"), arguments: { _ in [] }, pidNumbers: true),
        Scenario(name: "decoders: System V IPC and POSIX message queues, -e verbose=none", options: ["-e", "verbose=none"],
                 program: .c("ipc"), arguments: { _ in [] }, pidNumbers: true),
        // The mount family (never run: made to return 0), protection keys, landlock.
        Scenario(name: "decoders: mount family, pkeys, landlock", options: [],
                 program: .c("kernel_ifaces"), arguments: { _ in [] }, pidNumbers: true),
        Scenario(name: "decoders: mount family, pkeys, landlock, -X raw", options: ["-X", "raw"],
                 program: .c("kernel_ifaces"), arguments: { _ in [] }, pidNumbers: true),
        Scenario(name: "decoders: mount family, pkeys, landlock, -X verbose", options: ["-X", "verbose"],
                 program: .c("kernel_ifaces"), arguments: { _ in [] }, pidNumbers: true),
        Scenario(name: "decoders: mount family, pkeys, landlock, -e verbose=none", options: ["-e", "verbose=none"],
                 program: .c("kernel_ifaces"), arguments: { _ in [] }, pidNumbers: true),
        Scenario(name: "decoders: mount family, pkeys, landlock, -y", options: ["-y"],
                 program: .c("kernel_ifaces"), arguments: { _ in [] }, pidNumbers: true),
        // add_key, request_key, keyctl on the program's own process keyring.
        Scenario(name: "decoders: add_key, request_key, keyctl", options: [],
                 program: .c("keys"), arguments: { _ in [] }, pidNumbers: true, varying: [.keySerials]),
        Scenario(name: "decoders: add_key, request_key, keyctl, -X raw", options: ["-X", "raw"],
                 program: .c("keys"), arguments: { _ in [] }, pidNumbers: true, varying: [.keySerials]),
        Scenario(name: "decoders: add_key, request_key, keyctl, -X verbose", options: ["-X", "verbose"],
                 program: .c("keys"), arguments: { _ in [] }, pidNumbers: true, varying: [.keySerials]),
        Scenario(name: "decoders: add_key, request_key, keyctl, -e verbose=none", options: ["-e", "verbose=none"],
                 program: .c("keys"), arguments: { _ in [] }, pidNumbers: true, varying: [.keySerials]),
        Scenario(name: "decoders: add_key, request_key, keyctl, -x -s 4", options: ["-x", "-s", "4"],
                 program: .c("keys"), arguments: { _ in [] }, pidNumbers: true, varying: [.keySerials]),
        // fanotify_init, fanotify_mark (a real group, marks refused), futex_waitv (EAGAIN at once).
        Scenario(name: "decoders: fanotify, futex_waitv", options: [],
                 program: .c("fanotify_waitv"), arguments: { _ in [] }, pidNumbers: true),
        Scenario(name: "decoders: fanotify, futex_waitv, -X raw", options: ["-X", "raw"],
                 program: .c("fanotify_waitv"), arguments: { _ in [] }, pidNumbers: true),
        Scenario(name: "decoders: fanotify, futex_waitv, -X verbose", options: ["-X", "verbose"],
                 program: .c("fanotify_waitv"), arguments: { _ in [] }, pidNumbers: true),
        Scenario(name: "decoders: fanotify, futex_waitv, -e verbose=none", options: ["-e", "verbose=none"],
                 program: .c("fanotify_waitv"), arguments: { _ in [] }, pidNumbers: true),
        Scenario(name: "decoders: fanotify, futex_waitv, -y -s 4", options: ["-y", "-s", "4"],
                 program: .c("fanotify_waitv"), arguments: { _ in [] }, pidNumbers: true),
        // memfd_secret, process_madvise, process_mrelease, name_to_handle_at, open_by_handle_at.
        Scenario(name: "decoders: memfd_secret, process_madvise/mrelease, file handles", options: [],
                 program: .c("handles_secret"), arguments: { _ in [] }, pidNumbers: true),
        Scenario(name: "decoders: memfd_secret, process_madvise/mrelease, file handles, -X raw", options: ["-X", "raw"],
                 program: .c("handles_secret"), arguments: { _ in [] }, pidNumbers: true),
        Scenario(name: "decoders: memfd_secret, process_madvise/mrelease, file handles, -X verbose", options: ["-X", "verbose"],
                 program: .c("handles_secret"), arguments: { _ in [] }, pidNumbers: true),
        Scenario(name: "decoders: memfd_secret, process_madvise/mrelease, file handles, -e verbose=none",
                 options: ["-e", "verbose=none"], program: .c("handles_secret"), arguments: { _ in [] }, pidNumbers: true),
        Scenario(name: "decoders: memfd_secret, process_madvise/mrelease, file handles, -y -s 4", options: ["-y", "-s", "4"],
                 program: .c("handles_secret"), arguments: { _ in [] }, pidNumbers: true),
    ]

    static let wholePrograms: [Scenario] = [
        Scenario(name: "whole program: C (stdio, a directory, posix_spawn, nanosleep), -f", options: ["-f"],
                 program: .c("everyday"), arguments: inDirectory, pidNumbers: true, varying: [.randomBytes, .childSignal], printsToStdout: true),
        Scenario(name: "whole program: Rust with a thread, -f", options: ["-f"], program: .rust("threads"),
                 arguments: { _ in [] }, pidNumbers: true, varying: [.randomBytes, .mapsText, .arenaTrim], printsToStdout: true),
        Scenario(name: "whole program: python3 -c (CPU count, sched_getaffinity), -f", options: ["-f"],
                 program: .installed("/usr/bin/python3"),
                 arguments: { _ in ["-c", "import os; print(os.cpu_count(), len(os.sched_getaffinity(0)))"] },
                 pidNumbers: true, varying: [.randomBytes, .systemLoad], printsToStdout: true),
        Scenario(name: "whole program: python3 -c subprocess.run, -f", options: ["-f"],
                 program: .installed("/usr/bin/python3"),
                 arguments: { _ in ["-c", "import subprocess; subprocess.run(['/bin/true'])"] },
                 pidNumbers: true, varying: [.randomBytes, .systemLoad, .childSignal], printsToStdout: true),
        Scenario(name: "whole program: ls -l, -f", options: ["-f"], program: .installed("/usr/bin/ls"),
                 arguments: { ["-l", $0.directory] }, pidNumbers: true, varying: [.randomBytes], printsToStdout: true,
                 prepare: { context in try Scenario.fillDirectory(context.directory) }),
        Scenario(name: "whole program: cat FILE, -f", options: ["-f"], program: .installed("/usr/bin/cat"),
                 arguments: { [$0.directory + "/a.txt"] }, pidNumbers: true, varying: [.randomBytes], printsToStdout: true,
                 prepare: { context in try Scenario.fillDirectory(context.directory) }),
        Scenario(name: "whole program: cp FILE COPY, -f -y (FICLONE's descriptor a plain number)", options: ["-f", "-y"],
                 program: .installed("/usr/bin/cp"), arguments: { [$0.directory + "/a.txt", $0.directory + "/copy.txt"] },
                 pidNumbers: true, varying: [.randomBytes], printsToStdout: true,
                 prepare: { context in
                     // The copy exists, as a.txt, before each run: strace and sockstep see the same.
                     try Scenario.fillDirectory(context.directory)
                     try "hello\n".write(toFile: context.directory + "/copy.txt", atomically: false, encoding: .utf8)
                 }),
        Scenario(name: "whole program: ls -l, -f -yy (every descriptor and AT_FDCWD described)", options: ["-f", "-yy"],
                 program: .installed("/usr/bin/ls"), arguments: { ["-l", $0.directory] }, pidNumbers: true,
                 varying: [.randomBytes], printsToStdout: true, prepare: { context in try Scenario.fillDirectory(context.directory) }),
        Scenario(name: "whole program: git --version, -f", options: ["-f"], program: .installed("/usr/bin/git"),
                 arguments: { _ in ["--version"] }, pidNumbers: true, varying: [.randomBytes], printsToStdout: true),
        Scenario(name: "whole program: curl of a loopback URL, -f", options: ["-f"], program: .installed("/usr/bin/curl"),
                 arguments: { ["-s", "http://127.0.0.1:\($0.port)/hello.txt"] }, pidNumbers: true,
                 varying: [.randomBytes, .systemLoad, .pollTimeout], printsToStdout: true,
                 prepare: { context in try LoopbackHTTPServer.start(port: context.port) }),
    ]

    /// Files with fixed names, sizes and times, for ls -l and cat.
    static func fillDirectory(_ directory: String) throws {
        let files = [("a.txt", "hello\n"), ("b.bin", String(repeating: "x", count: 5000)), ("empty", "")]
        for (name, text) in files {
            let path = directory + "/" + name
            try text.write(toFile: path, atomically: false, encoding: .utf8)
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_700_000_000),
                                                   .posixPermissions: 0o644], ofItemAtPath: path)
        }
        try FileManager.default.createDirectory(atPath: directory + "/sub", withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_700_000_000)],
                                              ofItemAtPath: directory + "/sub")
    }
}

/// A tiny HTTP server on 127.0.0.1 for the curl scenario: every connection gets the same
/// response (one write, no date, `Connection: close`), for as long as the test process runs.
/// It answers 100 ms after the request, so that curl's first look (a poll with timeout 0)
/// never finds the answer there yet and its next poll (a 200 ms step) always does: the same
/// calls in every run.
enum LoopbackHTTPServer {
    static let response = Array(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 6\r\n"
                                 + "Connection: close\r\n\r\nhello\n").utf8)

    static func start(port: UInt16) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw HarnessError("socket: \(String(cString: strerror(errno)))") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 8) == 0 else {
            close(fd)
            throw HarnessError("cannot listen on 127.0.0.1:\(port): \(String(cString: strerror(errno)))")
        }
        let thread = Thread {
            while true {
                let client = accept(fd, nil, nil)
                if client < 0 {
                    if errno == EINTR { continue }
                    return
                }
                serve(client)
            }
        }
        thread.start()
    }

    /// Reads the request up to its blank line (or 2 s of silence), answers, closes.
    private static func serve(_ client: Int32) {
        defer { close(client) }
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var request: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !request.ends(with: [13, 10, 13, 10]) && request.count < 65536 {
            let n = read(client, &buffer, buffer.count)
            if n <= 0 { return }
            request += buffer[0 ..< n]
        }
        usleep(100_000)
        _ = response.withUnsafeBytes { write(client, $0.baseAddress, $0.count) }
    }
}

extension Array where Element == UInt8 {
    func ends(with suffix: [UInt8]) -> Bool { count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix }
}
