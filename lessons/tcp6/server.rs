//! The tcp6 lesson's server: binds [::1]:PORT for IPv6 only, accepts one client and writes
//! "hello!" to it.
//!
//!     rustc --edition 2021 -O server.rs && ./server 8888
//!
//! std's TcpListener::bind makes socket, setsockopt(SO_REUSEADDR), bind and listen in one
//! call and never sets IPV6_V6ONLY, which must come before bind. So this server makes those
//! calls itself, through the C library's functions declared below, and then hands the
//! listening socket to std for accept and write_all.

use std::io::{self, Write};
use std::mem::size_of_val;
use std::net::{Ipv6Addr, TcpListener};
use std::os::raw::c_int;
use std::os::unix::io::FromRawFd;

/// struct sockaddr_in6 from <netinet/in.h>: 28 bytes.
#[repr(C)]
struct SockaddrIn6 {
    sin6_family: u16,
    sin6_port: u16, // in network byte order
    sin6_flowinfo: u32,
    sin6_addr: [u8; 16],
    sin6_scope_id: u32,
}

const AF_INET6: c_int = 10;
const SOCK_STREAM: c_int = 1;
const SOCK_CLOEXEC: c_int = 0o2000000;
const SOL_SOCKET: c_int = 1;
const SO_REUSEADDR: c_int = 2;
const IPPROTO_IPV6: c_int = 41;
const IPV6_V6ONLY: c_int = 26;

extern "C" {
    fn socket(domain: c_int, kind: c_int, protocol: c_int) -> c_int;
    fn setsockopt(fd: c_int, level: c_int, name: c_int, value: *const c_int, len: u32) -> c_int;
    fn bind(fd: c_int, addr: *const SockaddrIn6, len: u32) -> c_int;
    fn listen(fd: c_int, backlog: c_int) -> c_int;
}

/// A C call's result, or the error in errno when it returned -1.
fn check(result: c_int) -> io::Result<c_int> {
    if result < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(result)
    }
}

fn main() -> io::Result<()> {
    let port = port_argument();

    // step: socket
    let listener = check(unsafe { socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0) })?;
    // end: socket

    // step: reuseaddr
    let one: c_int = 1;
    let one_len = size_of_val(&one) as u32;
    check(unsafe { setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, one_len) })?;
    // end: reuseaddr

    // step: v6only
    check(unsafe { setsockopt(listener, IPPROTO_IPV6, IPV6_V6ONLY, &one, one_len) })?;
    // end: v6only

    // step: bind
    let addr = SockaddrIn6 {
        sin6_family: AF_INET6 as u16,
        sin6_port: port.to_be(),
        sin6_flowinfo: 0,
        sin6_addr: Ipv6Addr::LOCALHOST.octets(),
        sin6_scope_id: 0,
    };
    check(unsafe { bind(listener, &addr, size_of_val(&addr) as u32) })?;
    // end: bind

    // step: listen
    check(unsafe { listen(listener, 128) })?;
    // end: listen

    // step: accept
    let listener = unsafe { TcpListener::from_raw_fd(listener) }; // std owns the socket from here
    let (mut stream, _peer) = listener.accept()?;
    // end: accept

    // step: send
    stream.write_all("hello!".as_bytes())?;
    // end: send

    Ok(())
}

/// The port to listen on: the first argument.
fn port_argument() -> u16 {
    match std::env::args().nth(1).map(|arg| arg.parse()) {
        Some(Ok(port)) if port != 0 => port,
        _ => {
            eprintln!("usage: server PORT");
            std::process::exit(2);
        }
    }
}
