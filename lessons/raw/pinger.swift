// The raw lesson's pinger: sends an ICMP echo request to 127.0.0.1 on a raw socket and reads
// the first two packets that come back (its own request, seen on loopback, then the reply).
// Needs CAP_NET_RAW (run it as root); without it socket() fails with EPERM. Arguments are
// ignored: ICMP has no ports.
//
//     swiftc -O pinger.swift -o pinger && sudo ./pinger
import Glibc

/// Prints which call failed and why (errno), and exits with status 1.
func fail(_ call: String) -> Never {
    perror(call)
    exit(1)
}

// step: socket
let rawType = Int32(SOCK_RAW.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
let sock = socket(AF_INET, rawType, Int32(IPPROTO_ICMP))
guard sock >= 0 else { fail("socket") }  // EPERM without CAP_NET_RAW
// end: socket

// step: sendto
// An ICMP echo request: type 8, code 0, checksum, identifier, sequence number, payload.
// ping puts its process id in the identifier; a fixed one keeps every run's bytes equal.
var packet: [UInt8] = [8, 0, 0, 0, 0x53, 0x53, 0, 1] + Array("sockstep".utf8)
var sum: UInt32 = 0
for i in stride(from: 0, to: packet.count, by: 2) {
    sum += UInt32(packet[i]) << 8 | UInt32(packet[i + 1])
}
while sum > 0xffff {
    sum = (sum & 0xffff) + (sum >> 16)
}
let check = ~UInt16(sum)
packet[2] = UInt8(check >> 8)
packet[3] = UInt8(check & 0xff)
var to = sockaddr_in()
to.sin_family = sa_family_t(AF_INET)
to.sin_addr.s_addr = inet_addr("127.0.0.1")
let sent = withUnsafePointer(to: &to) {
    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        sendto(sock, packet, packet.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
    }
}
guard sent >= 0 else { fail("sendto") }
// end: sendto

// step: recvfrom-request
var buf = [UInt8](repeating: 0, count: 4096)
var from = sockaddr_in()
var fromLen = socklen_t(MemoryLayout<sockaddr_in>.size)
var n = withUnsafeMutablePointer(to: &from) {
    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        recvfrom(sock, &buf, buf.count, 0, $0, &fromLen)
    }
}
guard n >= 0 else { fail("recvfrom") }
// end: recvfrom-request

var headerLen = Int(buf[0] & 0x0f) * 4  // 20: the IPv4 header comes first
print("received: \(n) bytes, ICMP type \(buf[headerLen])")  // 8: an echo request

// step: recvfrom-reply
fromLen = socklen_t(MemoryLayout<sockaddr_in>.size)
n = withUnsafeMutablePointer(to: &from) {
    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        recvfrom(sock, &buf, buf.count, 0, $0, &fromLen)
    }
}
guard n >= 0 else { fail("recvfrom") }
// end: recvfrom-reply

headerLen = Int(buf[0] & 0x0f) * 4
print("received: \(n) bytes, ICMP type \(buf[headerLen])")  // 0: an echo reply

close(sock)
