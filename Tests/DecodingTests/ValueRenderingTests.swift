import Decoding
import Testing

@Suite struct ValueRenderingTests {
    /// si_utime and si_stime as strace 6.1's print_clock_t writes them (util.c: the ticks, and
    /// for ticks > 0 `%llu.%0*llu s` of ticks / rate and ticks % rate, the width the rate's
    /// log10; nothing more with -X raw). Its own test helper (tests/clock_t_str.c) expects
    /// `1 /* 0.01 s */` at 100 ticks a second.
    @Test func clockTicksAsStracePrintsThem() {
        #expect(Value.clockTicks(0, perSecond: 100).render() == "0")
        #expect(Value.clockTicks(1, perSecond: 100).render() == "1 /* 0.01 s */")
        #expect(Value.clockTicks(150, perSecond: 100).render() == "150 /* 1.50 s */")
        #expect(Value.clockTicks(12345, perSecond: 100).render() == "12345 /* 123.45 s */")
        #expect(Value.clockTicks(7, perSecond: 1000).render() == "7 /* 0.007 s */")
        #expect(Value.clockTicks(3, perSecond: 5).render() == "3 /* 0.3 s */")
        #expect(Value.clockTicks(3, perSecond: 0).render() == "3")
        #expect(Value.clockTicks(150, perSecond: 100).render(style: RenderStyle(constants: .raw)) == "150")
        #expect(Value.clockTicks(150, perSecond: 100).render(style: RenderStyle(constants: .verbose)) == "150 /* 1.50 s */")
    }

    @Test func quotesBytesAsStraceDoes() {
        #expect(quoteCString(Array("hello!".utf8)) == "\"hello!\"")
        #expect(quoteCString([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 3, 0, 0]) == "\"\\177ELF\\2\\1\\1\\3\\0\\0\"")
        #expect(quoteCString([0, 0x31]) == "\"\\0001\"")
        #expect(quoteCString(Array("a\"b\\c\n\t".utf8)) == "\"a\\\"b\\\\c\\n\\t\"")
        #expect(quoteCString([0x10, 0x74]) == "\"\\20t\"")
    }

    /// The renderer's append of a quoted string (plain bytes appended as they are) says what
    /// quoteCString says, in every -x mode, for plain strings and ones with every escape.
    @Test func appendedQuotesAreQuoteCString() {
        let samples: [[UInt8]] = [[], Array("hello world, plain ~ text!".utf8), Array("a\"b".utf8), Array("a\\b".utf8),
                                  [0x7f], [0x1f, 0x20], [0x20, 0x7e], [0, 0x31], Array("tab\tnl\n".utf8), [0xc3, 0xa9], [0x80, 0xff]]
        for bytes in samples {
            for hex in [HexStrings.none, .nonASCII, .all, .nonASCIIChars] {
                var text = "x="
                appendQuotedCString(bytes, hex: hex, to: &text)
                #expect(text == "x=" + quoteCString(bytes, hex: hex), "\(bytes) \(hex)")
            }
        }
    }

    /// The renderer's own digits are the standard library's, at the ends of the ranges too.
    @Test func appendedDigitsAreStringOfTheNumber() {
        let values: [Int64] = [0, 1, -1, 7, 8, 9, 10, 15, 16, 99, 100, -100, 4096, 65535, Int64(Int32.max), Int64(Int32.min),
                               .max, .min, .max - 1, .min + 1]
        for v in values {
            for radix in [2, 8, 10, 16] {
                var text = "x"
                appendDigits(v.magnitude, radix: UInt64(radix), negative: v < 0, to: &text)
                #expect(text == "x" + String(v, radix: radix), "\(v) radix \(radix)")
                var unsigned = ""
                appendDigits(UInt64(bitPattern: v), radix: UInt64(radix), to: &unsigned)
                #expect(unsigned == String(UInt64(bitPattern: v), radix: radix))
            }
            #expect(formatNumber(v, .decimal) == String(v))
            #expect(formatNumber(v, .unsigned) == String(UInt64(bitPattern: v)))
            #expect(formatNumber(v, .hex) == (v == 0 ? "0" : "0x" + String(UInt64(bitPattern: v), radix: 16)))
            #expect(formatNumber(v, .octal) == (v == 0 ? "0" : "0" + String(UInt64(bitPattern: v), radix: 8)))
        }
    }

    @Test func flagsAndUnknownValues() {
        #expect(Tables.socketType(0x80001).render() == "SOCK_STREAM|SOCK_CLOEXEC")
        #expect(Tables.socketType(0x41).render() == "SOCK_STREAM|0x40 /* SOCK_??? */")
        #expect(Tables.addressFamilies.symbol(0x2e).render() == "0x2e /* AF_??? */")
        #expect(Tables.messageFlags.flags(0x4000).render() == "MSG_NOSIGNAL")
        #expect(Tables.messageFlags.flags(0).render() == "0")
    }
}
