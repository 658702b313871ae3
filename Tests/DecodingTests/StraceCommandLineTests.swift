import Decoding
import Testing

/// strace 6.1's command line read as strace reads it: glibc's getopt_long (bundles, attached
/// values, long names and their unambiguous starts, `--`, the first operand ending the options),
/// strace's own checks, and the messages of both. The expected texts were taken from
/// /usr/bin/strace 6.1 (StraceOptionTests compares them with the real strace on every run).
@Suite struct StraceCommandLineTests {
    func options(_ words: [String]) throws -> StraceOptions {
        guard case .trace(let options) = try StraceCommandLine.parse(words) else {
            Issue.record("not a trace: \(words)")
            return StraceOptions()
        }
        return options
    }

    func failure(_ words: [String]) -> StraceCommandLine.Failure? {
        do {
            _ = try StraceCommandLine.parse(words)
            return nil
        } catch {
            return error
        }
    }

    // MARK: getopt

    @Test func bundledFlagsAndAttachedValues() throws {
        let o = try options(["-fTyy", "-s2", "-etrace=connect", "-oout.txt", "-a", "30", "ls"])
        #expect(o.followForks && o.durations == .micro && o.decodeFDs == Set(FDDetail.allCases))
        #expect(o.stringLimit == 2 && o.column == 30 && o.outputFile == "out.txt")
        #expect(o.trace.x86_64 == [SyscallTable.number("connect")!])
        #expect(o.command == ["ls"])
    }

    @Test func aValueCanBeTheRestOfABundle() throws {
        let o = try options(["-fs", "64", "-fe", "trace=bind", "true"])
        #expect(o.stringLimit == 64 && o.trace.x86_64 == [SyscallTable.number("bind")!])
    }

    @Test func optionsAfterTheCommandAreTheCommands() throws {
        let o = try options(["-f", "ls", "-l", "-s", "3"])
        #expect(o.command == ["ls", "-l", "-s", "3"] && o.stringLimit == 32)
        #expect(try options(["--", "-weird-name", "-x"]).command == ["-weird-name", "-x"])
        #expect(try options(["-f", "--", "ls", "--", "x"]).command == ["ls", "--", "x"])
        // A lone `-` is an operand.
        #expect(try options(["-", "x"]).command == ["-", "x"])
    }

    @Test func longOptionsTakeTheirValueAfterEqualsOrAsTheNextWord() throws {
        let o = try options(["--string-limit=7", "--output", "f.txt", "--trace=%net", "--follow-forks", "--seccomp-bpf", "true"])
        #expect(o.stringLimit == 7 && o.outputFile == "f.txt" && o.followForks && o.seccompBPF)
        #expect(o.trace.x86_64.contains(SyscallTable.number("socket")!) && !o.trace.x86_64.contains(SyscallTable.number("read")!))
    }

    @Test func aLongNameMayBeShortenedWhileItIsUnambiguous() throws {
        #expect(try options(["--follow", "--string-l=9", "--col=50", "true"]).stringLimit == 9)
        #expect(try options(["--fail", "true"]).statuses == NumberSet(listed: [CallStatus.failed.rawValue]))
        // --sil is --silent and --silence: the same option, no ambiguity.
        #expect(try options(["--sil=exit", "true"]).isQuiet(.exit))
    }

    @Test("glibc's messages", arguments: [
        (["-Q"], "invalid option -- 'Q'"),
        (["-s"], "option requires an argument -- 's'"),
        (["--output"], "option '--output' requires an argument"),
        (["--follow-forks=1", "true"], "option '--follow-forks' doesn't allow an argument"),
        (["--foo=bar", "true"], "unrecognized option '--foo=bar'"),
        (["---x"], "unrecognized option '---x'"),
        (["-:"], "invalid option -- ':'"),
        (["-+"], "invalid option -- '+'"),
        (["--out=x", "true"], "option '--out=x' is ambiguous; possibilities: '--output-append-mode' '--output-separately' '--output'"),
        (["--trac=x", "true"], "option '--trac=x' is ambiguous; possibilities: '--trace-path' '--trace'"),
        (["--c=1", "true"], "option '--c=1' is ambiguous; possibilities: '--columns' '--const-print-style'"),
        (["--d", "true"], "option '--d' is ambiguous; possibilities: '--detach-on' '--debug' '--daemonize' '--daemonised' '--daemonized' '--decode-fds' '--decode-pids'"),
    ])
    func getoptMessages(_ words: [String], _ message: String) {
        #expect(failure(words) == StraceCommandLine.Failure(message, tryHelp: true))
    }

    @Test func sockstepsOwnLongOptionsAreNeverAbbreviations() {
        // `--bl` is not --block: only strace's names may be shortened.
        #expect(failure(["--bl", "x", "true"]) == StraceCommandLine.Failure("unrecognized option '--bl'", tryHelp: true))
        // ...and they do not join strace's ambiguity lists.
        #expect(failure(["--f", "true"])?.message == "option '--f' is ambiguous; possibilities: '--follow-forks' '--failed-only' '--failing-only' '--fault'")
    }

    @Test func pinCPUAndNoPinCPUAreAskedFor() throws {
        // Neither by default (the tracer decides by -f); --pin-cpu asks for one CPU, --no-pin-cpu for every CPU.
        let plain = try options(["true"])
        #expect(!plain.pinCPU && !plain.noPin)
        let pinned = try options(["--pin-cpu", "true"])
        #expect(pinned.pinCPU && !pinned.noPin)
        #expect(try options(["--no-pin-cpu", "true"]).noPin)
        // Whole names only: `--pin` is no start of --pin-cpu.
        #expect(failure(["--pin", "true"]) == StraceCommandLine.Failure("unrecognized option '--pin'", tryHelp: true))
    }

    @Test("an option strace has and sockstep lacks: glibc's message for an unknown option", arguments: [
        (["-k", "true"], "invalid option -- 'k'"),
        (["-D", "true"], "invalid option -- 'D'"),
        (["-w", "-c", "true"], "invalid option -- 'w'"),
        (["--stack", "true"], "unrecognized option '--stack'"),
        (["--kvm=vcpu", "true"], "unrecognized option '--kvm=vcpu'"),
        (["--tips", "true"], "unrecognized option '--tips'"),
    ])
    func missingOptions(_ words: [String], _ message: String) {
        #expect(failure(words) == StraceCommandLine.Failure(message, tryHelp: true))
    }

    @Test("strace's own messages", arguments: [
        ([String](), "must have PROG [ARGS] or -p PID", true),
        (["-f"], "must have PROG [ARGS] or -p PID", true),
        (["-a", "x", "true"], "invalid -a argument: 'x'", true),
        (["--columns=-1", "true"], "invalid --columns argument: '-1'", true),
        (["-sx", "true"], "invalid -s argument: 'x'", true),
        (["-X", "foo", "true"], "invalid -X argument: 'foo'", true),
        (["--relative-timestamps=x", "true"], "invalid --relative-timestamps argument: 'x'", true),
        (["--syscall-times=", "true"], "invalid --syscall-times argument: ''", true),
        (["-c", "-C", "true"], "-c/--summary-only and -C/--summary are mutually exclusive", true),
        (["-ff", "-c", "true"], "(-c/--summary-only or -C/--summary) and -ff/--output-separately are mutually exclusive", true),
        (["-e", "trace=nosuch", "true"], "invalid system call 'nosuch'", false),
        (["-e", "foo=bar", "true"], "invalid system call 'foo=bar'", false),
        (["-e", "trace=", "true"], "invalid system call ''", false),
        (["-e", "trace=%foo", "true"], "invalid system call '%foo'", false),
        (["-e", "trace=/[", "true"], "regcomp: [: Invalid regular expression", false),
        (["-e", "trace=read@16", "true"], "incorrect personality designator '16' in qualification 'read@16'", true),
        (["-e", "signal=FOO", "true"], "invalid signal 'FOO'", false),
        (["-e", "signal=256", "true"], "invalid signal '256'", false),
        (["-e", "signal=", "true"], "invalid signal ''", false),
        (["-e", "status=foo", "true"], "invalid status 'foo'", false),
        (["-e", "read=1,x", "true"], "invalid descriptor 'x'", false),
        (["-e", "quiet=x", "true"], "invalid quiet 'x'", false),
        (["--decode-fds=x", "true"], "invalid decode-fds 'x'", false),
        (["-e", "inject=open", "true"], "invalid inject argument 'open'", false),
        (["-e", "inject=open:error=FOO", "true"], "invalid inject argument 'open:error=FOO'", false),
        (["-e", "inject=nosuch:error=EPERM", "true"], "invalid system call 'nosuch'", false),
        (["-e", "inject=:error=EPERM", "true"], "invalid system call ''", false),
        (["-e", "fault=open:retval=1", "true"], "invalid fault argument 'open:retval=1'", false),
        (["-e", "inject=open:error=EPERM:when=0", "true"], "invalid inject argument 'open:error=EPERM:when=0'", false),
        (["-e", "inject=open:error=EPERM:when=3..2", "true"], "invalid inject argument 'open:error=EPERM:when=3..2'", false),
        (["-p", "x"], "Invalid process id: 'x'", false),
        (["-t", "--absolute-timestamps", "true"], "-t and --absolute-timestamps cannot be provided simultaneously", false),
        (["-x", "--strings-in-hex", "true"], "-x and --strings-in-hex cannot be provided simultaneously", false),
        (["-y", "--decode-fds", "true"], "-y and --decode-fds cannot be provided simultaneously", false),
        (["-f", "--follow-forks", "true"], "-f and --follow-forks cannot be provided simultaneously", false),
        (["-q", "--quiet=exit", "true"], "-q and -e quiet/--quiet cannot be provided simultaneously", false),
    ])
    func straceMessages(_ words: [String], _ message: String, _ tryHelp: Bool) {
        #expect(failure(words) == StraceCommandLine.Failure(message, tryHelp: tryHelp))
    }

    @Test func theFirstBadOptionIsTheOneReported() throws {
        #expect(failure(["-e", "trace=nosuch", "-Q", "true"])?.message == "invalid system call 'nosuch'")
        #expect(failure(["-Q", "-e", "trace=nosuch", "true"])?.message == "invalid option -- 'Q'")
        // -V waits for the end of the options; -h does not.
        #expect(failure(["-V", "-Q"])?.message == "invalid option -- 'Q'")
        #expect(try StraceCommandLine.parse(["-h", "-Q"]) == .help)
        #expect(try StraceCommandLine.parse(["-V"]) == .version)
    }

    // MARK: What the options set

    @Test func repeatedShortOptionsCount() throws {
        #expect(try options(["-t", "true"]).absoluteTimestamps == AbsoluteTimestamps(format: .time, precision: .seconds))
        #expect(try options(["-tt", "true"]).absoluteTimestamps == AbsoluteTimestamps(format: .time, precision: .micro))
        #expect(try options(["-tttt", "true"]).absoluteTimestamps == AbsoluteTimestamps(format: .unix, precision: .micro))
        #expect(try options(["-x", "true"]).style.hexStrings == .nonASCII)
        #expect(try options(["-xxx", "true"]).style.hexStrings == .all)
        #expect(try options(["--strings-in-hex=non-ascii-chars", "true"]).style.hexStrings == .nonASCIIChars)
        #expect(try options(["-y", "true"]).decodeFDs == [.path])
        #expect(try options(["-yyy", "true"]).decodeFDs == Set(FDDetail.allCases))
        #expect(try options(["--decode-fds=socket,dev", "true"]).decodeFDs == [.socket, .dev])
        #expect(try options(["-q", "true"]).quiet == NumberSet(listed: [QuietMessage.attach.rawValue, QuietMessage.personality.rawValue]))
        #expect(try options(["-qq", "true"]).isQuiet(.exit))
        #expect(try options(["-qqq", "true"]).isQuiet(.threadExecve))
    }

    @Test func outputToAFileWithACommandIsQuietAboutAttaching() throws {
        #expect(try options(["-o", "f", "true"]).isQuiet(.attach))
        #expect(!(try options(["-o", "f", "-p", "1"]).isQuiet(.attach)))
        #expect(!(try options(["-o", "f", "--quiet=exit", "true"]).isQuiet(.attach)))
    }

    @Test func ffIsFollowForksAndOneFilePerProcessOnlyWithOutput() throws {
        let separate = try options(["-ff", "-o", "log", "true"])
        #expect(separate.followForks && separate.outputSeparately)
        let noFile = try options(["-ff", "true"])
        #expect(noFile.followForks && !noFile.outputSeparately)
    }

    @Test func warningsStraceWritesAndGoesOn() throws {
        #expect(try options(["--seccomp-bpf", "true"]).warnings == ["--seccomp-bpf cannot be used without -f/--follow-forks, disabling"])
        #expect(try options(["-z", "-Z", "true"]).warnings == ["Only the last of -z/--successful-only/-Z/--failed-only options will take effect. See status qualifier for more complex filters."])
        #expect(try options(["-c", "-T", "true"]).warnings == ["-T/--syscall-times has no effect with -c/--summary-only"])
        #expect(try options(["-A", "true"]).warnings == ["-A/--output-append-mode has no effect without -o/--output"])
    }

    @Test func attachList() throws {
        #expect(try options(["-p", "12,13 14", "-p15"]).attach == [12, 13, 14, 15])
        #expect(failure(["-p", "1,,2"])?.message == "Invalid process id: ''")
    }

    @Test func environmentChangesInOrder() throws {
        #expect(try options(["-E", "A=1", "--env=B", "-EC=3", "true"]).environment == ["A=1", "B", "C=3"])
    }

    // MARK: Sets

    @Test func syscallSets() throws {
        let socket = SyscallTable.number("socket")!
        let read = SyscallTable.number("read")!
        #expect(try SyscallSet.parse("all").isAll)
        #expect(try SyscallSet.parse("!none").isAll)
        #expect(try SyscallSet.parse("none").isEmpty)
        #expect(try SyscallSet.parse("!!none").isEmpty)
        let notRead = try SyscallSet.parse("!read")
        #expect(!notRead.x86_64.contains(read) && notRead.x86_64.contains(socket))
        #expect(try SyscallSet.parse("41").x86_64 == [socket])
        #expect(try SyscallSet.parse("?nosuch,socket").x86_64 == [socket])
        #expect(try SyscallSet.parse("socket@64") == SyscallSet(x86_64: [socket]))
        let both = try SyscallSet.parse("/^(socket|read)$")
        #expect(both.x86_64 == [socket, read] && both.i386.contains(3))
        #expect(try SyscallSet.parse("%net") == (try SyscallSet.parse("%network")))
        #expect(try SyscallSet.parse("network") == (try SyscallSet.parse("%network")))
        #expect(try SyscallSet.parse(",socket,,").x86_64 == [socket]) // empty tokens are skipped
    }

    /// A 32-bit or x32 call is in a class when the x86_64 call of its name is (strace's tables;
    /// SyscallSet reads it from generated per-table class bits, checked here against the names).
    @Test func classesReachThe32BitAndX32CallsOfTheirNames() throws {
        for className in SyscallClasses.classNames {
            let names = try #require(SyscallClasses.members(className))
            let set = try SyscallSet.parse("%" + className)
            #expect(set.x86_64 == Set(names.compactMap { SyscallTable.number($0) }), "%\(className)@64")
            let i386 = (0 ..< 1024).filter { n in I386SyscallTable.name(UInt64(n)).map(names.contains) ?? false }
            #expect(set.i386 == Set(i386), "%\(className)@32")
            let x32 = (0 ..< 1024).filter { n in
                let name = SyscallTable.displayName(UInt64(n) | 0x4000_0000)
                guard !name.hasPrefix("syscall_0x") else { return false }
                return names.contains(name.hasSuffix("#64") ? String(name.dropLast(3)) : name)
            }
            #expect(set.x32 == Set(x32), "%\(className)@x32")
            #expect(!set.x86_64.isEmpty)
        }
        for personality in [Personality.x86_64, .i386, .x32] {
            #expect(SyscallClasses.mask(-1, personality) == 0 && SyscallClasses.mask(4096, personality) == 0)
        }
    }

    @Test func namesAreFoundInEveryTable() throws {
        let ioctl = try SyscallSet.parse("ioctl")
        #expect(ioctl.x86_64 == [16] && ioctl.i386 == [54] && ioctl.x32 == [514])
        let ioctl64 = try SyscallSet.parse("ioctl#64")
        #expect(ioctl64.x86_64.isEmpty && ioctl64.i386.isEmpty && ioctl64.x32 == [16])
        #expect(try SyscallSet.parse("read").x32 == [0])
        #expect(try SyscallSet.parse("socketcall") == SyscallSet(i386: [102]))
        #expect(throws: QualifierError.self) { try SyscallSet.parse("nosuch") }
        #expect(throws: QualifierError.self) { try SyscallSet.parse("%nosuch") }
    }

    /// A lesson's `trace:` key (TraceSelection): classes with and without `%`, `stat` the call.
    @Test func lessonTraceSelections() throws {
        let network = try #require(try TraceSelection.parse("%network"))
        let calls = ["socket", "connect", "accept4", "sendto", "recvfrom", "socketpair"].compactMap(SyscallTable.number)
        #expect(calls.count == 6 && Set(calls).isSubset(of: network) && !network.contains(SyscallTable.number("read")!))
        #expect(try TraceSelection.parse("network") == network)
        #expect(try TraceSelection.parse("creds,socket") == Set(try #require(SyscallClasses.members("creds")).compactMap(SyscallTable.number))
            .union([SyscallTable.number("socket")!]))
        #expect(try TraceSelection.parse("stat") == [SyscallTable.number("stat")!])
        #expect(try TraceSelection.parse("!%network") == Set(0 ..< SyscallTable.names.count).subtracting(network))
        #expect(throws: TraceSelection.Invalid.self) { try TraceSelection.parse("%nosuch") }
    }

    @Test func signalSets() throws {
        #expect(try options(["-e", "signal=none", "true"]).signals.isEmpty)
        let s = try options(["-e", "signal=chld,SIGusr1,9", "true"]).signals
        #expect(s.contains(17) && s.contains(10) && s.contains(9) && !s.contains(2))
        let inverted = try options(["--signals=!SIGCHLD", "true"]).signals
        #expect(!inverted.contains(17) && inverted.contains(2))
        #expect(try options(["-e", "signal=rtmin,rt_3", "true"]).signals.listed == [32, 35])
    }

    @Test func injections() throws {
        let o = try options(["-e", "inject=connect,bind:error=econnrefused:when=2..4+2", "-e", "fault=close", "-e", "inject=read:retval=0x10:when=3+", "true"])
        #expect(o.injections.count == 3)
        #expect(o.injections[0].action == .error(111) && o.injections[0].first == 2 && o.injections[0].last == 4 && o.injections[0].step == 2)
        #expect(o.injections[1].action == .error(38) && o.injections[1].first == 1 && o.injections[1].last == nil && o.injections[1].step == 1)
        #expect(o.injections[2].action == .value(16) && o.injections[2].first == 3 && o.injections[2].step == 1)
        let once = try options(["-e", "inject=close:error=9:when=5", "true"]).injections[0]
        #expect(once.first == 5 && once.last == nil && once.step == 0)
    }
}

extension StraceCommandLine: Equatable {
    public static func == (a: StraceCommandLine, b: StraceCommandLine) -> Bool {
        switch (a, b) {
        case (.help, .help), (.version, .version): return true
        default: return false
        }
    }
}
