// The udp lesson's server: binds 127.0.0.1:PORT, waits for one datagram and answers its
// sender with "hello back!".
//
//     swiftc -O server.swift -o server && ./server 8888
import Glibc

/// Prints which call failed and why (errno), and exits with status 1.
func fail(_ call: String) -> Never {
    perror(call)
    exit(1)
}

let arguments = CommandLine.arguments
guard arguments.count == 2, let port = UInt16(arguments[1]), port != 0 else {
    fputs("usage: server PORT\n", stderr)
    exit(2)
}

// step: socket
let sock = socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
guard sock >= 0 else { fail("socket") }
// end: socket

// step: bind
var addr = sockaddr_in()
addr.sin_family = sa_family_t(AF_INET)
addr.sin_port = port.bigEndian
addr.sin_addr.s_addr = inet_addr("127.0.0.1")
let bound = withUnsafePointer(to: &addr) {
    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(sock, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
    }
}
guard bound >= 0 else { fail("bind") }
// end: bind

// step: recvfrom
var buf = [UInt8](repeating: 0, count: 4096)
var peer = sockaddr_storage()
var peerLen = socklen_t(MemoryLayout<sockaddr_storage>.size)
let n = withUnsafeMutablePointer(to: &peer) {
    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        recvfrom(sock, &buf, buf.count, 0, $0, &peerLen)
    }
}
guard n >= 0 else { fail("recvfrom") }
// end: recvfrom

// step: sendto
let sent = withUnsafePointer(to: &peer) {
    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        sendto(sock, "hello back!", 11, 0, $0, peerLen)
    }
}
guard sent >= 0 else { fail("sendto") }
// end: sendto

close(sock)
