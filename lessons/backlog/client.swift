// The backlog lesson's client: connects to 127.0.0.1:PORT (connect returns as soon as the
// kernel has queued the connection, before the server accepts it) and prints what the server
// writes.
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
let stream = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
guard stream >= 0 else { fail("socket") }
// end: socket

// step: connect
var addr = sockaddr_in()
addr.sin_family = sa_family_t(AF_INET)
addr.sin_port = port.bigEndian
addr.sin_addr.s_addr = inet_addr("127.0.0.1")
let connected = withUnsafePointer(to: &addr) {
    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(stream, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
    }
}
guard connected >= 0 else { fail("connect") }
// end: connect

// step: recv
var buf = [UInt8](repeating: 0, count: 4096)
let n = recv(stream, &buf, buf.count, 0)
guard n >= 0 else { fail("recv") }
// end: recv

print("received:", String(decoding: buf[..<n], as: UTF8.self))
close(stream)
