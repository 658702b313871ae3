import Decoding
import Testing

@Suite struct ValueRenderingTests {
    @Test func quotesBytesAsStraceDoes() {
        #expect(quoteCString(Array("hello!".utf8)) == "\"hello!\"")
        #expect(quoteCString([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 3, 0, 0]) == "\"\\177ELF\\2\\1\\1\\3\\0\\0\"")
        #expect(quoteCString([0, 0x31]) == "\"\\0001\"")
        #expect(quoteCString(Array("a\"b\\c\n\t".utf8)) == "\"a\\\"b\\\\c\\n\\t\"")
        #expect(quoteCString([0x10, 0x74]) == "\"\\20t\"")
    }

    @Test func flagsAndUnknownValues() {
        #expect(Tables.socketType(0x80001).render() == "SOCK_STREAM|SOCK_CLOEXEC")
        #expect(Tables.socketType(0x41).render() == "SOCK_STREAM|0x40 /* SOCK_??? */")
        #expect(Tables.addressFamilies.symbol(0x2e).render() == "0x2e /* AF_??? */")
        #expect(Tables.messageFlags.flags(0x4000).render() == "MSG_NOSIGNAL")
        #expect(Tables.messageFlags.flags(0).render() == "0")
    }
}
