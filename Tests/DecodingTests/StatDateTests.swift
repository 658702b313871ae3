import Decoding
import Glibc
import Testing

/// `-v` prints each time of a struct stat with its date in a comment, which sockstep writes
/// itself for the common case (a four-digit year, a whole-minute offset) instead of calling
/// strftime as strace does. Checked here against strftime on the same times, in this
/// process's zone, over many times: the years before 1000 and after 9999 take strftime's path.
@Suite struct StatDateTests {
    /// fstat(3, buf) at exit with -v, st_atime and st_atime_nsec set; the comment after st_atime.
    func atimeComment(seconds: Int64, nanoseconds: UInt64) -> String? {
        var stat = [UInt8](repeating: 0, count: 144)
        withUnsafeBytes(of: seconds.littleEndian) { stat.replaceSubrange(72 ..< 80, with: $0) }
        withUnsafeBytes(of: nanoseconds.littleEndian) { stat.replaceSubrange(80 ..< 88, with: $0) }
        var options = DecodeOptions()
        options.abbreviated = SyscallSet()
        let decoder = Decoder(options: options)
        let memory = RecordedMemory([(0x5000, stat)])
        let nr = UInt64(SyscallTable.number("fstat")!)
        let call = decoder.exit(decoder.enter(pid: 1, number: nr, args: [3, 0x5000], memory: memory),
                                returnValue: 0, isError: false, memory: memory)
        let text = call.arguments[1].render()
        guard let start = text.firstRange(of: "st_atime=\(seconds) /* ") else { return nil }
        let rest = text[start.upperBound...]
        guard let end = rest.firstRange(of: " */") else { return nil }
        return String(rest[..<end.lowerBound])
    }

    /// What strace writes: strftime of `%Y-%m-%dT%H:%M:%S`, the nanoseconds, strftime of `%z`.
    func strftimeDate(seconds: Int64, nanoseconds: UInt64) -> String? {
        var t = time_t(seconds)
        var parts = tm()
        guard localtime_r(&t, &parts) != nil else { return nil }
        func format(_ pattern: String) -> String {
            var buffer = [CChar](repeating: 0, count: 64)
            let n = strftime(&buffer, buffer.count, pattern, &parts)
            return String(decoding: buffer.prefix(n).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        var text = format("%Y-%m-%dT%H:%M:%S")
        if nanoseconds != 0 {
            let fraction = String(nanoseconds)
            text += "." + String(repeating: "0", count: 9 - fraction.count) + fraction
        }
        return text + format("%z")
    }

    @Test func datesEqualStrftime() {
        var rng = SplitMix(seed: 0xda7e)
        var times: [(Int64, UInt64)] = [(1, 0), (0, 4), (951_782_400, 1), (-1, 999_999_999), (253_402_300_799, 0),
                                        (253_402_300_800, 5), (-30_610_224_001, 0), (-30_610_224_000, 7), (1_700_000_000, 120)]
        for _ in 0 ..< 2_000 {
            // Seconds from about year -2000 to 12000, and nanoseconds of every length.
            let seconds = Int64(bitPattern: rng.next() % 440_000_000_000) - 125_000_000_000
            let nanoseconds = rng.next() % 1_000_000_000 / UInt64([1, 10, 1000, 100_000_000][Int(rng.next() % 4)])
            times.append((seconds, nanoseconds))
        }
        for (seconds, nanoseconds) in times {
            let expected = strftimeDate(seconds: seconds, nanoseconds: nanoseconds)
            #expect(atimeComment(seconds: seconds, nanoseconds: nanoseconds) == expected, "st_atime=\(seconds), nsec \(nanoseconds)")
        }
    }
}
