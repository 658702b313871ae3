// The tcp lesson's server: binds 127.0.0.1:PORT, accepts one client, writes "hello!" to it.
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
let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
guard listener >= 0 else { fail("socket") }
// end: socket

// step: reuseaddr
var one: Int32 = 1
let oneLen = socklen_t(MemoryLayout<Int32>.size)
let reused = setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, oneLen)
guard reused == 0 else { fail("setsockopt") }
// end: reuseaddr

// step: bind
var addr = sockaddr_in()
addr.sin_family = sa_family_t(AF_INET)
addr.sin_port = port.bigEndian
addr.sin_addr.s_addr = inet_addr("127.0.0.1")
let bound = withUnsafePointer(to: &addr) {
    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
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
var peer = sockaddr_storage()
var peerLen = socklen_t(MemoryLayout<sockaddr_storage>.size)
let stream = withUnsafeMutablePointer(to: &peer) {
    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        accept4(listener, $0, &peerLen, Int32(SOCK_CLOEXEC.rawValue))
    }
}
guard stream >= 0 else { fail("accept4") }
// end: accept

// step: send
guard send(stream, "hello!", 6, Int32(MSG_NOSIGNAL)) >= 0 else { fail("send") }
// end: send

close(stream)
close(listener)
