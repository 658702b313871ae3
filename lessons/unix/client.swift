// The unix lesson's client: connects to the socket path PATH and prints what the server
// writes.
//
//     swiftc -O client.swift -o client && ./client /tmp/server.sock
import Glibc

/// Prints which call failed and why (errno), and exits with status 1.
func fail(_ call: String) -> Never {
    perror(call)
    exit(1)
}

let arguments = CommandLine.arguments
// sun_path holds 108 bytes: the path and its final 0
let pathCapacity = MemoryLayout.size(ofValue: sockaddr_un().sun_path)
guard arguments.count == 2, arguments[1].utf8.count < pathCapacity else {
    fputs("usage: client PATH (at most 107 bytes)\n", stderr)
    exit(2)
}
let path = arguments[1]

// step: socket
let stream = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
guard stream >= 0 else { fail("socket") }
// end: socket

// step: connect
var server = sockaddr_un()
server.sun_family = sa_family_t(AF_UNIX)
withUnsafeMutableBytes(of: &server.sun_path) { $0.copyBytes(from: path.utf8) }  // the rest stays 0
let connected = withUnsafePointer(to: &server) {
    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(stream, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
    }
}
guard connected >= 0 else { fail("connect") }
// end: connect

// step: read
var temp = [UInt8](repeating: 0, count: 4096)
let n = read(stream, &temp, temp.count)
guard n >= 0 else { fail("read") }
// end: read

print("received:", String(decoding: temp[..<n], as: UTF8.self))
close(stream)
