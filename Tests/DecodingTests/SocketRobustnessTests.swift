import Decoding
import Testing

/// The socket decoders return whatever the registers and memory hold. Random bytes alone
/// rarely get past the first length check, so here memory is random but plausible: small
/// numbers where lengths, families, levels and types go, pointers back into the same memory
/// (so msghdr, iovec and mmsghdr chains are followed), netlink headers and control message
/// headers whose lengths land inside the buffer, and random bytes in between. Arguments are the same mix, and every
/// descriptor is given a netlink protocol so the netlink payload decoders run too.
@Suite struct SocketRobustnessTests {
    static let names = ["socket", "socketpair", "bind", "connect", "listen", "accept", "accept4",
                        "getsockname", "getpeername", "getsockopt", "setsockopt", "sendto", "recvfrom",
                        "sendmsg", "recvmsg", "sendmmsg", "recvmmsg", "shutdown", "poll", "ppoll",
                        "select", "pselect6", "epoll_create1", "epoll_ctl", "epoll_wait", "epoll_pwait",
                        "epoll_pwait2", "sendfile"]
    static let base: UInt64 = 0x10000
    static let size = 0x4000

    /// Small numbers that mean something somewhere: families, levels, option names, lengths.
    static let meaningful: [UInt64] = [0, 1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 17, 20, 24, 28, 32, 41, 58,
                                       110, 255, 263, 270, 274, 279, 0x10, 0x14, 0x18, 0x1c, 0x38, 0x40]

    /// Random memory with structures in it, and where they start.
    struct Arena {
        var bytes = [UInt8](repeating: 0, count: SocketRobustnessTests.size)
        var anchors: [Int] = []
        var pointers: [Int] = []

        mutating func put(_ value: UInt64, at offset: Int, width: Int) {
            for k in 0 ..< width where offset + k < bytes.count { bytes[offset + k] = UInt8(truncatingIfNeeded: value >> (8 * k)) }
        }

        /// Fills the arena; returns how many bytes the piece took.
        mutating func piece(at: Int, _ rng: inout SplitMix) -> Int {
            let pick = at + 64 <= bytes.count ? rng.next() % 10 : 9
            switch pick {
            case 0, 1:
                let width = [1, 2, 4][Int(rng.next() % 3)]
                put(meaningful[Int(rng.next() % UInt64(meaningful.count))], at: at, width: width)
                return width
            case 2: pointers.append(at); return 8                                            // a pointer, set below
            case 3: put(rng.next() % 200, at: at, width: 4); return 4                        // a length
            case 4:                                                                            // a netlink header
                anchors.append(at)
                put(16 + rng.next() % 120, at: at, width: 4)
                put(UInt64([2, 3, 16, 18, 20, 22, 0x77][Int(rng.next() % 7)]), at: at + 4, width: 2)
                put(rng.next() % 0x400, at: at + 6, width: 2)
                return 16
            case 5: put(rng.next(), at: at, width: 8); return 8
            case 6:                                                                            // a cmsghdr
                anchors.append(at)
                put(12 + rng.next() % 48, at: at, width: 8)
                put(UInt64([0, 1, 41, 6, 17, 263][Int(rng.next() % 6)]), at: at + 8, width: 4)
                put(rng.next() % 70, at: at + 12, width: 4)
                return 16
            case 7:                                                                            // a msghdr
                anchors.append(at)
                pointers += [at, at + 16, at + 32]                                             // name, iov, control
                put(rng.next() % 130, at: at + 8, width: 4)
                put(rng.next() % 4, at: at + 24, width: 8)
                put(rng.next() % 100, at: at + 40, width: 8)
                put(rng.next() % 0x100, at: at + 48, width: 4)
                return 56
            case 8:                                                                            // a sockaddr
                anchors.append(at)
                put(meaningful[Int(rng.next() % UInt64(meaningful.count))] % 46, at: at, width: 2)
                return 2
            default:
                put(rng.next() & 0xff, at: at, width: 1)
                return 1
            }
        }
    }

    static func memory(_ rng: inout SplitMix) -> (RecordedMemory, [UInt64]) {
        var arena = Arena()
        var at = 0
        while at < size { at += arena.piece(at: at, &rng) }
        // half the pointers to where a structure starts, the others anywhere inside
        for slot in arena.pointers {
            let target = rng.next() % 2 == 0 && !arena.anchors.isEmpty
                ? arena.anchors[Int(rng.next() % UInt64(arena.anchors.count))] : Int(rng.next() % UInt64(size))
            arena.put(base + UInt64(target), at: slot, width: 8)
        }
        return (RecordedMemory([(base, arena.bytes)]), arena.anchors.map { base + UInt64($0) })
    }

    static func argument(_ rng: inout SplitMix, anchors: [UInt64]) -> UInt64 {
        switch rng.next() % 8 {
        case 0: return base + rng.next() % UInt64(size)                                      // into memory
        case 1: return anchors.isEmpty ? base : anchors[Int(rng.next() % UInt64(anchors.count))]  // at a structure
        case 2: return base + UInt64(size) - rng.next() % 64                                 // near its end
        case 3: return meaningful[Int(rng.next() % UInt64(meaningful.count))]
        case 4: return rng.next()
        case 5: return UInt64(bitPattern: -Int64(rng.next() % 3))                            // -1, -2, 0
        default: return rng.next() % 64
        }
    }

    @Test func socketDecodersNeverCrash() {
        var options = DecodeOptions()
        options.netlinkProtocol = { _, fd in Int(fd % 23) }
        let decoder = Decoder(options: options)
        var rng = SplitMix(seed: 0x50c4)
        for _ in 0 ..< 80 {
            let (memory, anchors) = Self.memory(&rng)
            for name in Self.names {
                let nr = UInt64(SyscallTable.number(name)!)
                for _ in 0 ..< 12 {
                    let args = (0 ..< 6).map { _ in Self.argument(&rng, anchors: anchors) }
                    let pending = decoder.enter(pid: 1, number: nr, args: args, memory: memory)
                    let ret: Int64 = switch rng.next() % 4 {
                    case 0: -Int64(rng.next() % 140)
                    case 1: Int64(rng.next() % 300)
                    case 2: Int64(rng.next() % 8)
                    default: Int64(bitPattern: rng.next())
                    }
                    let call = decoder.exit(pending, returnValue: ret, isError: ret < 0 && ret > -4096, memory: memory)
                    _ = call.arguments.map { $0.render() }
                    _ = decoder.vanished(pending)
                }
            }
        }
    }
}
