// The unix lesson's server: binds the socket path PATH, accepts one client, writes "hello!"
// to it, and removes the socket file.
//
//     swiftc -O server.swift -o server && ./server /tmp/server.sock
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
    fputs("usage: server PATH (at most 107 bytes)\n", stderr)
    exit(2)
}
let path = arguments[1]

// step: socket
let listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
guard listener >= 0 else { fail("socket") }
// end: socket

// step: bind
var addr = sockaddr_un()
addr.sun_family = sa_family_t(AF_UNIX)
withUnsafeMutableBytes(of: &addr.sun_path) { $0.copyBytes(from: path.utf8) }  // the rest stays 0
let bound = withUnsafePointer(to: &addr) {
    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
    }
}
guard bound >= 0 else { fail("bind") }
// end: bind

// step: listen
guard listen(listener, 128) == 0 else { fail("listen") }
// end: listen

// step: accept
// Glibc's Swift module leaves out GNU extensions such as accept4: look it up in the C library.
typealias Accept4 =
    @convention(c) (
        Int32, UnsafeMutablePointer<sockaddr>?, UnsafeMutablePointer<socklen_t>?, Int32
    ) -> Int32
let accept4 = unsafeBitCast(dlsym(nil, "accept4"), to: Accept4.self)
var peer = sockaddr_un()
var peerLen = socklen_t(MemoryLayout<sockaddr_un>.size)
let stream = withUnsafeMutablePointer(to: &peer) {
    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        accept4(listener, $0, &peerLen, Int32(SOCK_CLOEXEC.rawValue))
    }
}
guard stream >= 0 else { fail("accept4") }
// end: accept

// step: write
guard write(stream, "hello!", 6) >= 0 else { fail("write") }
// end: write

close(stream)
close(listener)
unlink(path)
