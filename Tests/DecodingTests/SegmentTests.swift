import Decoding
import Testing

/// The wire's decoder: real loopback packets (captured by `run tcp --wire`, checked line for
/// line against tcpdump by WireTests), and bytes that are no packet: never a trap.
@Suite struct SegmentTests {
    static func bytes(_ base64: String) -> [UInt8] {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for c in base64.utf8 where c != UInt8(ascii: "=") {
            buffer = buffer << 6 | UInt32(alphabet.firstIndex(of: c)!)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8((buffer >> UInt32(bits)) & 0xff))
            }
        }
        return out
    }

    /// A SYN and a data segment over IPv4, a SYN over IPv6, a UDP datagram (IP packets).
    static let syn = bytes("RQAAPJVRQABABqdofwAAAX8AAAHRwCLtWPK6LwAAAACgAv/X/jAAAAIE/9cEAggK8oUW1QAAAAABAwMK")
    static let data = bytes("RQAAOvDAQABABkv7fwAAAX8AAAEi7dHAEW0WhVjyujCAGABA/i4AAAEBCArblr808oUW1WhlbGxvIQ==")
    static let syn6 = bytes("YAn9+gAoBkAAAAAAAAAAAAAAAAAAAAABAAAAAAAAAAAAAAAAAAAAAbU4Iu1KtsxoAAAAAKAC/8QAMAAAAgT/xAQCCAorDc38AAAAAAEDAwo=")
    static let udp = bytes("RQAAIpV7QABAEadNfwAAAX8AAAGMsSLlAA7+IWhlbGxvIQ==")

    @Test func realPacketsInTcpdumpsWords() throws {
        #expect(try #require(Segment.decode(ipPacket: Self.syn)).tcpdumpText ==
                "IP 127.0.0.1.53696 > 127.0.0.1.8941: Flags [S], seq 1492302383, win 65495, options [mss 65495,sackOK,TS val 4068808405 ecr 0,nop,wscale 10], length 0")
        #expect(try #require(Segment.decode(ipPacket: Self.data)).tcpdumpText ==
                "IP 127.0.0.1.8941 > 127.0.0.1.53696: Flags [P.], seq 292361861:292361867, ack 1492302384, win 64, options [nop,nop,TS val 3684089652 ecr 4068808405], length 6")
        #expect(try #require(Segment.decode(ipPacket: Self.syn6)).tcpdumpText ==
                "IP6 ::1.46392 > ::1.8941: Flags [S], seq 1253493864, win 65476, options [mss 65476,sackOK,TS val 722324988 ecr 0,nop,wscale 10], length 0")
        let datagram = try #require(Segment.decode(ipPacket: Self.udp))
        #expect(datagram.tcpdumpText == "IP 127.0.0.1.36017 > 127.0.0.1.8933: UDP, length 6")
        #expect(datagram.payloadLength == 6 && !datagram.isTCP && datagram.bytes == Self.udp)
        let frame = [UInt8](repeating: 0, count: 12) + [0x08, 0x00] + Self.syn
        #expect(Segment.decode(ethernetFrame: frame) == Segment.decode(ipPacket: Self.syn))
        #expect(Segment.decode(ethernetFrame: [UInt8](repeating: 0, count: 12) + [0x86, 0xdd] + Self.syn) == nil, "an IPv4 packet in an IPv6 frame")
    }

    @Test func typedFields() throws {
        let s = try #require(Segment.decode(ipPacket: Self.syn))
        guard case .tcp(let h) = s.transport else { Issue.record("not TCP"); return }
        #expect(h.flags == Segment.flagSYN && h.sequence == 1_492_302_383 && h.window == 65495 && h.headerLength == 40)
        #expect(h.options == [.maximumSegmentSize(65495), .sackPermitted, .timestamp(value: 4_068_808_405, echoReply: 0), .noOperation, .windowScale(10)])
        #expect(s.family == .ipv4 && s.sourcePort == 53696 && s.destinationPort == 8941)
    }

    @Test func everyTruncationIsNilNeverATrap() {
        for packet in [Self.syn, Self.data, Self.syn6, Self.udp] {
            for n in 0 ..< packet.count {
                #expect(Segment.decode(ipPacket: Array(packet.prefix(n))) == nil, "\(n) of \(packet.count) bytes")
                _ = Segment.decode(ethernetFrame: Array(packet.prefix(n)))
            }
        }
    }

    @Test func randomAndMangledBytesNeverTrap() {
        var random = SystemRandomNumberGenerator()
        var decoded = 0
        for round in 0 ..< 20000 {
            var bytes: [UInt8]
            if round % 2 == 0 {
                bytes = (0 ..< Int.random(in: 0 ... 120, using: &random)).map { _ in UInt8.random(in: 0 ... 255, using: &random) }
                if round % 4 == 0, !bytes.isEmpty { bytes[0] = round % 8 == 0 ? 0x45 : 0x60 }
            } else {
                bytes = [Self.syn, Self.data, Self.syn6, Self.udp][round % 4]
                for _ in 0 ..< Int.random(in: 1 ... 4, using: &random) {
                    bytes[Int.random(in: 0 ..< bytes.count, using: &random)] = UInt8.random(in: 0 ... 255, using: &random)
                }
            }
            if let s = Segment.decode(ipPacket: bytes) {
                decoded += 1
                _ = s.tcpdumpText
            }
            _ = Segment.decode(ethernetFrame: [UInt8](repeating: 0, count: 12) + [0x08, 0x00] + bytes)?.tcpdumpText
        }
        #expect(decoded > 100, "mangled packets still decode, and are rendered")
    }

    @Test func filterRejectsWhatIsNotTheLessons() throws {
        let program = try #require(SegmentFilter.program(ports: [8941]))
        let frame = [UInt8](repeating: 0, count: 12) + [0x08, 0x00] + Self.syn
        #expect(SegmentFilter.run(program, on: frame) == SegmentFilter.snapshotLength)
        let other = try #require(SegmentFilter.program(ports: [8942, 9000]))
        #expect(SegmentFilter.run(other, on: frame) == 0)
        #expect(SegmentFilter.program(ports: []) == nil)
        #expect(SegmentFilter.bytes(program).count == program.count * 8)
    }
}
