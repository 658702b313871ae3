import Presentation
import Testing

/// What compare normalizes, and nothing else.
@Suite struct ComparisonTests {
    @Test func normalizesOnlyWhatVaries() {
        let line = #"[pid  4242] accept4(3, {sa_family=AF_INET, sin_port=htons(42694), sin_addr=inet_addr("127.0.0.1")}, [128 => 16], SOCK_CLOEXEC) = 4"#
        #expect(Comparison.normalize(line, ports: [8888]) ==
                #"accept4(3, {sa_family=AF_INET, sin_port=htons(EPHEMERAL), sin_addr=inet_addr("127.0.0.1")}, [128 => 16], SOCK_CLOEXEC) = 4"#)
        #expect(Comparison.normalize(#"bind(3, {sa_family=AF_INET, sin_port=htons(8888), sin_addr=inet_addr("127.0.0.1")}, 16) = 0"#, ports: [8888])
                .contains("htons(PORT)"))
        #expect(Comparison.normalize("read(3, 0x7ffd12345678, 10) = -1 EBADF (Bad file descriptor)", ports: []) ==
                "read(3, 0xPTR, 10) = -1 EBADF (Bad file descriptor)")
        #expect(Comparison.normalize("listen(3, 128)                          = 0", ports: []) == "listen(3, 128) = 0")
        #expect(Comparison.normalize("listen(3, 0x10)", ports: []) == "listen(3, 0x10)", "short hex is a value, not a pointer")
        #expect(Comparison.normalize("gettid() = 4242", ports: []) == "gettid() = PID")
    }

    @Test func aRawReplyKeepsAllButItsIPIdentificationAndChecksum() {
        let a = #"recvfrom(3, "E\0\0$\373\36@\0@\1A\270\177\0\0\1\177\0\0\1\10\0\364\353SS\0\1sock"..., 4096, 0, NULL, NULL) = 36"#
        let b = #"recvfrom(3, "E\0\0$\4\1@\0@\1\32\323\177\0\0\1\177\0\0\1\10\0\364\353SS\0\1sock"..., 4096, 0, NULL, NULL) = 36"#
        #expect(Comparison.normalize(a, ports: []) == Comparison.normalize(b, ports: []))
        let reply = #"recvfrom(3, "E\0\0$\373\36@\0@\1A\270\177\0\0\1\177\0\0\1\0\0\364\353SS\0\1sock"..., 4096, 0, NULL, NULL) = 36"#
        #expect(Comparison.normalize(a, ports: []) != Comparison.normalize(reply, ports: []), "the ICMP type still counts")
    }
}
