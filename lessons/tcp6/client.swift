// The tcp6 lesson's client: connects to [::1]:PORT and prints what the server writes.
//
//     swiftc -O client.swift -o client && ./client 8888
import Glibc

/// Prints which call failed and why (errno), and exits with status 1.
func fail(_ call: String) -> Never {
    perror(call)
    exit(1)
}

let arguments = CommandLine.arguments
guard arguments.count == 2, let port = UInt16(arguments[1]), port != 0 else {
    fputs("usage: client PORT\n", stderr)
    exit(2)
}

// step: socket
let stream = socket(AF_INET6, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
guard stream >= 0 else { fail("socket") }
// end: socket

// step: connect
var server = sockaddr_in6()
server.sin6_family = sa_family_t(AF_INET6)
server.sin6_port = port.bigEndian
server.sin6_addr = in6addr_loopback
let connected = withUnsafePointer(to: &server) {
    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(stream, $0, socklen_t(MemoryLayout<sockaddr_in6>.size))
    }
}
guard connected >= 0 else { fail("connect") }
// end: connect

// step: recv
var temp = [UInt8](repeating: 0, count: 4096)
let n = recv(stream, &temp, temp.count, 0)
guard n >= 0 else { fail("recv") }
// end: recv

print("received:", String(decoding: temp[..<n], as: UTF8.self))
close(stream)
