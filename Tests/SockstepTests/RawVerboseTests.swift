// -X raw, -X verbose, -v (and -e abbrev=/-e verbose=) and -e raw= on the whole-program decoders,
// line by line against real strace (issue 12).
//
// Programs/verbose.c fills in struct stat, struct statx, struct utsname, the three termios
// shapes and getdents64's/getdents's records itself (the calls made to return 0 without
// running; getdents64's and getdents's results injected by the tracer with
// -e inject=SET:retval=N), so that -v shows every field with a value that tests its
// formatting, the same in every run. It is built -static: no dynamic loader stats a library
// whose times -v would print.
//
// Programs/bpf.c loads classic BPF programs (seccomp, prctl, SO_ATTACH_FILTER), which -v
// prints instruction by instruction.
//
// The decoder-family programs of WholeProgramScenarios.swift run again under -X raw and
// -X verbose (every value of the families: mmap flags `0x22`, modes `0100644`, limits
// `8388608`, devices `0x103`, signal sets `[2 37]`, termios words, statx flags, ...), and
// under -v where what they print does not change from run to run (built -static).
//
// Programs/restart.c makes a read, a clock_nanosleep and a wait4 end with a restart code
// (a signal with a handler arrives while each one sleeps); under -e raw= strace prints
// `-1 ERESTARTSYS (Unknown error 512)` where the decoded call says `? ERESTARTSYS (...)`.
//
// Each scenario runs twice under strace (the normalization suffices) and once under each
// tracer (the lines are equal); pids, pointers and timings are normalized as in
// StraceEqualityTests, and with -e raw= the hexadecimal pids of wait4 too.

import Foundation
import Testing

extension Scenario {
    /// verbose.c's getdents64 and getdents results (four records, the last one cut short by
    /// 24 bytes; three records).
    static let verboseCommon = ["-e", "inject=getdents64:retval=120", "-e", "inject=getdents:retval=96"]
    static let verboseProgram = Program.c("verbose", flags: ["-static"])
    static let noArguments: @Sendable (RunContext) -> [String] = { _ in [] }
    static let bpfCalls = ["-e", "trace=seccomp,prctl,setsockopt"]

    static let rawVerbose: [Scenario] = [
        // verbose.c: every field of the structs -v prints whole.
        Scenario(name: "-v: stat, statx, uname, termios, getdents64 whole", options: ["-v"] + verboseCommon,
                 program: verboseProgram, arguments: noArguments, pidNumbers: true, varying: [.randomBytes]),
        Scenario(name: "-X raw: stat, statx, uname, termios, getdents64", options: ["-X", "raw"] + verboseCommon,
                 program: verboseProgram, arguments: noArguments, pidNumbers: true, varying: [.randomBytes]),
        Scenario(name: "-X verbose: stat, statx, uname, termios, getdents64", options: ["-X", "verbose"] + verboseCommon,
                 program: verboseProgram, arguments: noArguments, pidNumbers: true, varying: [.randomBytes]),
        Scenario(name: "-v -X raw: stat, statx, uname, termios, getdents64", options: ["-v", "-X", "raw"] + verboseCommon,
                 program: verboseProgram, arguments: noArguments, pidNumbers: true, varying: [.randomBytes]),
        Scenario(name: "-v -X verbose: stat, statx, uname, termios, getdents64", options: ["-v", "-Xverbose"] + verboseCommon,
                 program: verboseProgram, arguments: noArguments, pidNumbers: true, varying: [.randomBytes]),
        Scenario(name: "-v -e verbose=none: addresses, not structs", options: ["-v", "-e", "verbose=none"] + verboseCommon,
                 program: verboseProgram, arguments: noArguments, pidNumbers: true, varying: [.randomBytes]),
        Scenario(name: "-e abbrev=fstat,getdents64: only these abbreviated", options: ["-e", "abbrev=fstat,getdents64"] + verboseCommon,
                 program: verboseProgram, arguments: noArguments, pidNumbers: true, varying: [.randomBytes]),

        // The decoder families under -X raw and -X verbose.
        Scenario(name: "-X raw: memory (mmap flags, protections)", options: ["-X", "raw"], program: .c("memory"),
                 arguments: noArguments, pidNumbers: true),
        Scenario(name: "-X verbose: memory (mmap flags, protections)", options: ["-X", "verbose"], program: .c("memory"),
                 arguments: noArguments, pidNumbers: true),
        Scenario(name: "-X raw: files (modes, devices, utimensat)", options: ["-X", "raw"], program: .c("files"),
                 arguments: inDirectory, pidNumbers: true),
        Scenario(name: "-X verbose: files (modes, devices, utimensat)", options: ["--const-print-style=verbose"], program: .c("files"),
                 arguments: inDirectory, pidNumbers: true),
        Scenario(name: "-X raw: stat, statx, statfs", options: ["-X", "raw"], program: .c("stat"),
                 arguments: inDirectory, pidNumbers: true),
        Scenario(name: "-X verbose: stat, statx, statfs", options: ["-X", "verbose"], program: .c("stat"),
                 arguments: inDirectory, pidNumbers: true),
        Scenario(name: "-X raw: processes (rlimits, clone flags), -f", options: ["-f", "-X", "raw"], program: .c("process"),
                 arguments: noArguments, pidNumbers: true),
        Scenario(name: "-X verbose: processes (rlimits, clone flags), -f", options: ["-f", "-X", "verbose"], program: .c("process"),
                 arguments: noArguments, pidNumbers: true),
        Scenario(name: "-X raw: signals (sets, SIG_* constants, handlers)", options: ["-X", "raw"], program: .c("sigaction"),
                 arguments: noArguments, pidNumbers: true),
        Scenario(name: "-X verbose: signals (sets, SIG_* constants, handlers)", options: ["-X", "verbose"], program: .c("sigaction"),
                 arguments: noArguments, pidNumbers: true),
        Scenario(name: "-X raw: futex (FUTEX_WAKE_OP's operation: 0<<28 /* FUTEX_OP_??? */)", options: ["-X", "raw"],
                 program: .c("futex"), arguments: noArguments, pidNumbers: true),
        Scenario(name: "-X verbose: futex (FUTEX_WAKE_OP's operation)", options: ["-X", "verbose"], program: .c("futex"),
                 arguments: noArguments, pidNumbers: true),
        Scenario(name: "-X raw: terminal ioctls (termios words, unknown requests)", options: ["-X", "raw"], program: .c("terminal"),
                 arguments: noArguments, pidNumbers: true),
        Scenario(name: "-X verbose: terminal ioctls (termios words, unknown requests)", options: ["-X", "verbose"],
                 program: .c("terminal"), arguments: noArguments, pidNumbers: true),

        // Real programs.
        Scenario(name: "-X raw: ls -l, -f", options: ["-f", "-X", "raw"], program: .installed("/usr/bin/ls"),
                 arguments: { ["-l", $0.directory] }, pidNumbers: true, varying: [.randomBytes], printsToStdout: true,
                 prepare: { context in try Scenario.fillDirectory(context.directory) }),
        Scenario(name: "-X verbose: cat FILE, -f", options: ["-f", "-X", "verbose"], program: .installed("/usr/bin/cat"),
                 arguments: { [$0.directory + "/a.txt"] }, pidNumbers: true, varying: [.randomBytes], printsToStdout: true,
                 prepare: { context in try Scenario.fillDirectory(context.directory) }),
        Scenario(name: "-X raw: python3 -c subprocess.run, -f", options: ["-f", "-X", "raw"], program: .installed("/usr/bin/python3"),
                 arguments: { _ in ["-c", "import subprocess; subprocess.run(['/bin/true'])"] },
                 pidNumbers: true, varying: [.randomBytes, .systemLoad, .childSignal], printsToStdout: true),

        // The decoder families under -v, built -static.
        Scenario(name: "-v: memory", options: ["-v"], program: .c("memory", flags: ["-static"]),
                 arguments: noArguments, pidNumbers: true, varying: [.randomBytes]),
        Scenario(name: "-v: processes, -f", options: ["-f", "-v"], program: .c("process", flags: ["-static"]),
                 arguments: noArguments, pidNumbers: true, varying: [.randomBytes]),
        Scenario(name: "-v: signals", options: ["-v"], program: .c("sigaction", flags: ["-static"]),
                 arguments: noArguments, pidNumbers: true, varying: [.randomBytes]),
        Scenario(name: "-v: terminal ioctls (c_line, c_cc, termios2 speeds)", options: ["-v"],
                 program: .c("terminal", flags: ["-static"]), arguments: noArguments, pidNumbers: true, varying: [.randomBytes]),

        // Classic BPF programs.
        Scenario(name: "-v: BPF programs of seccomp, prctl and SO_ATTACH_FILTER", options: ["-v"] + bpfCalls,
                 program: .c("bpf"), arguments: noArguments),
        Scenario(name: "-v -X raw: BPF programs", options: ["-v", "-X", "raw"] + bpfCalls, program: .c("bpf"),
                 arguments: noArguments),
        Scenario(name: "-v -X verbose: BPF programs", options: ["-v", "-X", "verbose"] + bpfCalls, program: .c("bpf"),
                 arguments: noArguments),
        Scenario(name: "BPF programs, abbreviated: addresses", options: bpfCalls, program: .c("bpf"), arguments: noArguments),

        // Restart codes.
        Scenario(name: "restart codes, decoded: ? ERESTARTSYS (To be restarted if SA_RESTART is set)", options: [],
                 program: .c("restart"), arguments: noArguments, pidNumbers: true, varying: [.randomBytes]),
        Scenario(name: "restart codes under -e raw=: -1 ERESTARTSYS (Unknown error 512)",
                 options: ["-e", "raw=read,wait4,clock_nanosleep,restart_syscall"], program: .c("restart"),
                 arguments: noArguments, pidNumbers: true, varying: [.randomBytes]),
    ]

    /// Lines normalized as in StraceEqualityTests, and wait4's pid, which -e raw= prints in
    /// hexadecimal (`wait4(0x5445, ...) = 0x5445`), as `<PID>`.
    func rawVerboseNormalized(_ run: TraceRun, _ context: RunContext, dumpAs tag: String) -> [String] {
        normalized(run, context, dumpAs: tag).map { line in
            guard line.hasPrefix("wait4(0x") else { return line }
            return line.replacing(#/^wait4\(0x[0-9a-f]+,(.*\)) +(= (?:0x[0-9a-f]+|-1 .*))$/#) { m in
                let result = m.2.hasPrefix("= 0x") ? "= <PID>" : String(m.2)
                return "wait4(<PID>," + m.1 + " " + result
            }
        }
    }
}

@Suite("-X raw, -X verbose, -v and -e raw= on whole programs: what strace prints", .serialized)
struct RawVerboseTests {
    @Test("strace is deterministic on this program after normalization", .timeLimit(.minutes(1)),
          arguments: Scenario.rawVerbose)
    func straceIsDeterministic(_ scenario: Scenario) throws {
        let context = try scenario.makeContext()
        let first = try scenario.run(.strace, context)
        let second = try scenario.run(.strace, context)
        #expect(first.process.termination == scenario.expected, "strace run 1:\n\(first.process)")
        #expect(second.process.termination == scenario.expected, "strace run 2:\n\(second.process)")
        if scenario.printsToStdout {
            #expect(first.process.stdout == second.process.stdout, "stdout differs between runs")
        } else {
            #expect(first.process.stdout.isEmpty, "the program wrote to stdout:\n\(first.process)")
        }
        expectSameLines(scenario.rawVerboseNormalized(first, context, dumpAs: "strace1"),
                        scenario.rawVerboseNormalized(second, context, dumpAs: "strace2"),
                        expectedName: "strace run 1", actualName: "strace run 2", what: scenario.name)
        #expect(first.trace.contains(" = "), "no trace lines:\n\(first.process)")
    }

    @Test("sockstep prints what strace prints", .timeLimit(.minutes(1)), arguments: Scenario.rawVerbose)
    func sockstepMatchesStrace(_ scenario: Scenario) throws {
        _ = try Harness.sockstepBinary()
        let context = try scenario.makeContext()
        let reference = try scenario.run(.strace, context)
        try #require(reference.process.termination == scenario.expected, "strace run:\n\(reference.process)")
        let ours = try scenario.run(.sockstep, context)
        expectSameLines(scenario.rawVerboseNormalized(reference, context, dumpAs: "strace"),
                        scenario.rawVerboseNormalized(ours, context, dumpAs: "sockstep"),
                        expectedName: "strace", actualName: "sockstep", what: scenario.name)
        #expect(ours.process.termination == reference.process.termination,
                "sockstep should end as strace does (\(reference.process.termination)):\n\(ours.process)")
        #expect(ours.process.stdout == reference.process.stdout, "stdout differs:\n\(ours.process)")
        #expect(ours.process.leftovers.isEmpty, "sockstep left processes behind: \(ours.process.leftovers)")
    }

    /// The lines this suite is about are there, so that a program that stopped early cannot
    /// pass by printing nothing of interest on both sides.
    @Test("the traces hold the lines the scenarios are for", .timeLimit(.minutes(1)), arguments: [
        ("-v: stat, statx, uname, termios, getdents64 whole",
         ["st_atime=1700000000 /* 2023-11-14T22:13:20.123456789+", "stx_btime={tv_sec=1500000000, tv_nsec=0}",
          "domainname=\"\"", "c_line=N_TTY, c_cc=[[VINTR]=0, [VQUIT]=0xd", "c_ispeed=115200, c_ospeed=9600",
          "d_reclen=64 /* 24 bytes overflow */", "d_name=\"fifo-with-a-long-nam\"..."]),
        ("-X raw: memory (mmap flags, protections)", ["0x3, 0x22, -1, 0)"]),
        ("-v: BPF programs of seccomp, prctl and SO_ATTACH_FILTER",
         ["BPF_JUMP(BPF_JMP|BPF_K|BPF_JEQ, 0x6e, 0, 0x1)", "SECCOMP_RET_ERRNO|0x1)", "BPF_STMT(BPF_RET|BPF_K, 0xffff)",
          "SECCOMP_RET_TRACE|0x7), ... /* 0x"]),
        ("-X verbose: stat, statx, statfs", ["st_mode=0100640 /* S_IFREG|0640 */", "0 /* AT_STATX_SYNC_AS_STAT */|0x900 /* "]),
        ("restart codes under -e raw=: -1 ERESTARTSYS (Unknown error 512)",
         ["= -1 ERESTARTSYS (Unknown error 512)", "= -1 ERESTART_RESTARTBLOCK (Unknown error 516)"]),
    ])
    func linesArePresent(_ name: String, _ fragments: [String]) throws {
        let scenario = try #require(Scenario.rawVerbose.first { $0.name == name })
        let context = try scenario.makeContext()
        let run = try scenario.run(.sockstep, context)
        for fragment in fragments {
            #expect(run.trace.contains(fragment), "no `\(fragment)` in sockstep's trace:\n\(Harness.clip(run.trace))")
        }
    }
}
