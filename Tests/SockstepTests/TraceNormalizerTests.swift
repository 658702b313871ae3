// The normalization and the diff that StraceEqualityTests rely on, on fixed text (no processes).

import Foundation
import Testing

@Suite("trace normalization (test harness)")
struct TraceNormalizerTests {

    let n = TraceNormalizer(chosenPorts: [8888], roles: [Role(marker: "close(1000)", label: "P1"),
                                                           Role(marker: "close(1001)", label: "P2")])

    @Test("ports, pointers, timings and inodes are normalized; nothing else")
    func placeholders() {
        let text = """
            accept4(3, {sa_family=AF_INET, sin_port=htons(42694), sin_addr=inet_addr("127.0.0.1")}, [128 => 16], SOCK_CLOEXEC) = 4
            connect(3, {sa_family=AF_INET, sin_port=htons(8888), sin_addr=inet_addr("127.0.0.1")}, 16) = 0
            bind(3, {sa_family=AF_INET6, sin6_port=htons(0), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "::", &sin6_addr), sin6_scope_id=0}, 28) = 0
            read(99, 0x7ffd9e0028e0, 64)            = -1 EBADF (Bad file descriptor)
            close(4<TCP:[127.0.0.1:8888->127.0.0.1:42694]>) = 0 <0.000012>
            close(5<UNIX-STREAM:[21371->21370,"/tmp/s"]>) = 0
            close(6<UNIX:[21370]>)                  = 0
            write(1, "0x7ffd9e0028e0 htons(1)", 23) = 23

            """
        #expect(n.normalizedText(text) == [
            #"accept4(3, {sa_family=AF_INET, sin_port=htons(<PORT>), sin_addr=inet_addr("127.0.0.1")}, [128 => 16], SOCK_CLOEXEC) = 4"#,
            #"connect(3, {sa_family=AF_INET, sin_port=htons(8888), sin_addr=inet_addr("127.0.0.1")}, 16) = 0"#,
            #"bind(3, {sa_family=AF_INET6, sin6_port=htons(0), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "::", &sin6_addr), sin6_scope_id=0}, 28) = 0"#,
            #"read(99, 0x<PTR>, 64)                   = -1 EBADF (Bad file descriptor)"#,
            #"close(4<TCP:[127.0.0.1:8888->127.0.0.1:<PORT>]>) = 0 <#.######>"#,
            #"close(5<UNIX-STREAM:[I1->I2,"/tmp/s"]>) = 0"#,
            #"close(6<UNIX:[I2]>)                     = 0"#,
            #"write(1, "0x<PTR> htons(<PORT>)", 23)   = 23"#,
        ])
    }

    @Test("an unfinished call and its resumption become the one line strace prints otherwise")
    func mergesUnfinished() {
        let text = """
            socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3
            [pid  1200] close(1000)                 = -1 EBADF (Bad file descriptor)
            [pid  1200] accept4(3, /usr/bin/strace: Process 1201 attached
             <unfinished ...>
            [pid  1201] close(1001)                 = -1 EBADF (Bad file descriptor)
            [pid  1201] write(3, "hi", 2 <unfinished ...>
            [pid  1200] <... accept4 resumed>{sa_family=AF_INET, sin_port=htons(40000), sin_addr=inet_addr("127.0.0.1")}, [16], SOCK_CLOEXEC) = 4
            [pid  1201] <... write resumed>)        = 2
            [pid  1201] +++ exited with 0 +++
            --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=1201, si_uid=0, si_status=0, si_utime=1 /* 0.01 s */, si_stime=0} ---
            +++ exited with 0 +++
            """
        #expect(n.normalizedText(text) == [
            "### process P1",
            "[pid    P1] socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3",
            "[pid    P1] close(1000)                 = -1 EBADF (Bad file descriptor)",
            #"[pid    P1] accept4(3, {sa_family=AF_INET, sin_port=htons(<PORT>), sin_addr=inet_addr("127.0.0.1")}, [16], SOCK_CLOEXEC) = 4"#,
            "[pid    P1] --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=P2, si_uid=0, si_status=0, si_utime=#, si_stime=#} ---",
            "[pid    P1] +++ exited with 0 +++",
            "### process P2",
            "TRACER: Process P2 attached",
            "[pid    P2] close(1001)                 = -1 EBADF (Bad file descriptor)",
            #"[pid    P2] write(3, "hi", 2)           = 2"#,
            "[pid    P2] +++ exited with 0 +++",
        ])
    }

    @Test("-o FILE -f: the %-5u pid column, with -r stamps")
    func pidColumn() {
        let column = TraceNormalizer(chosenPorts: [], columnPrefix: true, roles: [Role(marker: "close(1001)", label: "P2")])
        let text = """
            31866      0.000000 execve("/bin/x", ["/bin/x"], 0x7ffe5c1be628 /* 3 vars */) = 0
            31866      0.000100 read(4,  <unfinished ...>
            31867      0.000200 close(1001)       = -1 EBADF (Bad file descriptor)
            31866      0.000300 <... read resumed>"x", 1) = 1
            """
        #expect(column.normalizedText(text) == [
            "### process P1",
            #"P1         #.###### execve("/bin/x", ["/bin/x"], 0x<PTR> /* 3 vars */) = 0"#,
            #"P1         #.###### read(4, "x", 1)     = 1"#,
            "### process P2",
            "P2         #.###### close(1001)       = -1 EBADF (Bad file descriptor)",
        ])
    }

    @Test("-c: header, then calls and errors per syscall sorted by name, then the total")
    func summary() {
        let text = """
            % time     seconds  usecs/call     calls    errors syscall
            ------ ----------- ----------- --------- --------- ----------------
             60.00    0.000060          20         3         1 read
             40.00    0.000040          20         2           close
            ------ ----------- ----------- --------- --------- ----------------
            100.00    0.000100          20         5         1 total
            """
        #expect(n.normalizeSummary(text) == [
            "% time     seconds  usecs/call     calls    errors syscall",
            "------ ----------- ----------- --------- --------- ----------------",
            "------ ----------- ----------- --------- --------- ----------------",
            "close calls=2 errors=0",
            "read calls=3 errors=1",
            "total calls=5 errors=1",
        ])
    }

    @Test("a child's SIGCHLD before its parent's wait4 goes just after it; after the last wait4 it stays")
    func childSignal() {
        let signal = "[pid    P1] --- SIGCHLD {si_signo=17, si_code=0x1, si_pid=P2} ---"
        let wait = "[pid    P1] wait4(P2, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = P2"
        let close = "[pid    P1] close(3)                    = 0"
        let read = "[pid    P1] read(3, \"\", 50000)          = 0"
        let expected = [close, read, wait, signal, close]
        #expect(VaryingData.childSignalAfterWait([close, signal, read, wait, close]) == expected)
        #expect(VaryingData.childSignalAfterWait([close, read, signal, wait, close]) == expected)
        #expect(VaryingData.childSignalAfterWait([signal, close, read, wait, close]) == [close, read, wait, signal, close])
        #expect(VaryingData.childSignalAfterWait([close, read, wait, signal, close]) == expected)
        #expect(VaryingData.childSignalAfterWait([close, wait, close, signal]) == [close, wait, close, signal])
        // Two children: each signal goes after the first wait4 that follows it, no further.
        let signal2 = "[pid    P1] --- SIGCHLD {si_signo=17, si_code=0x1, si_pid=P3} ---"
        #expect(VaryingData.childSignalAfterWait([signal, close, wait, signal2, read, wait])
                == [close, wait, signal, read, wait, signal2])
    }

    @Test("unified diff")
    func diff() {
        let a = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
        let b = ["a", "b", "c", "d", "E", "f", "g", "h", "i", "j"]
        #expect(LineDiff.unified(a, a, aName: "x", bName: "y") == "")
        #expect(LineDiff.unified(a, b, aName: "strace", bName: "sockstep") == """
            --- strace
            +++ sockstep
            @@ -2,8 +2,9 @@
             b
             c
             d
            -e
            +E
             f
             g
             h
             i
            +j
            """)
    }
}

@Suite("process harness")
struct HarnessSelfTests {
    @Test("stdin in, stdout and stderr out, exit status")
    func roundTrip() throws {
        let r = try Harness.run("/bin/sh", ["-c", "cat; echo err >&2; exit 7"], stdin: Data("hello".utf8), timeout: 10)
        #expect(r.stdout == "hello")
        #expect(r.stderr == "err\n")
        #expect(r.termination == .exited(7))
        #expect(r.leftovers.isEmpty)
    }

    @Test("a hung process group is killed at the timeout")
    func timeout() throws {
        let r = try Harness.run("/bin/sh", ["-c", "sleep 30 & sleep 30; echo never"], timeout: 0.5)
        #expect(r.termination == .timedOut)
        #expect(r.duration < 5)
        #expect(r.stdout.isEmpty)
    }

    @Test("only 0, 1 and 2 are open in the child; signals at their defaults")
    func cleanChild() throws {
        let r = try Harness.run("/bin/sh", ["-c", "ls /proc/self/fd; grep -E '^Sig(Blk|Ign)' /proc/self/status"], timeout: 10)
        // ls itself opens one descriptor for the directory it lists.
        #expect(r.stdout.split(separator: "\n").filter { Int($0) != nil }.count <= 4, "\(r)")
        // Signals 1-31 (glibc keeps its internal 32 and 33 as they are, whatever posix_spawn asks).
        func mask(_ name: String) -> UInt64? {
            r.stdout.split(separator: "\n").first { $0.hasPrefix(name + ":") }
                .flatMap { UInt64($0.split(separator: "\t").last ?? "", radix: 16) }
        }
        #expect(mask("SigBlk").map { $0 & 0x7fff_ffff } == 0, "\(r)")
        #expect(mask("SigIgn").map { $0 & 0x7fff_ffff } == 0, "\(r)")
    }

    @Test("free ports are distinct and bindable")
    func ports() throws {
        let a = try Harness.freePort(), b = try Harness.freePort()
        #expect(a != b)
        #expect(a > 0 && b > 0)
    }
}
