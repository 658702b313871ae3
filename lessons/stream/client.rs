//! The stream lesson's client: connects to 127.0.0.1:PORT, is busy for a second (the server's
//! three writes arrive meanwhile), then reads 5 bytes at a time until end of file.
//!
//! Then a second connection, with a small receive buffer (SO_RCVBUF, set before connect):
//! busy for a second again while the server writes 64 KiB, then one read that waits for all
//! 65536 bytes (MSG_WAITALL).
//!
//!     rustc --edition 2021 -O client.rs && ./client 8888
//!
//! std's TcpStream::connect makes socket and connect in one call, with no way to set
//! SO_RCVBUF between them, and its reads take no flags. So the second connection is made with
//! socket, setsockopt, connect and recv declared from the C library (extern "C"); std takes the
//! socket over, to close it.

use std::io::{self, Read};
use std::mem::size_of_val;
use std::net::{SocketAddr, TcpStream};
use std::os::raw::c_int;
use std::os::unix::io::FromRawFd;
use std::thread;
use std::time::Duration;

/// struct sockaddr_in from <netinet/in.h>: 16 bytes.
#[repr(C)]
struct SockaddrIn {
    sin_family: u16,
    sin_port: u16, // in network byte order
    sin_addr: [u8; 4],
    sin_zero: [u8; 8],
}

const AF_INET: c_int = 2;
const SOCK_STREAM: c_int = 1;
const SOCK_CLOEXEC: c_int = 0o2000000;
const SOL_SOCKET: c_int = 1;
const SO_RCVBUF: c_int = 8;
const MSG_WAITALL: c_int = 0x100;

extern "C" {
    fn socket(domain: c_int, kind: c_int, protocol: c_int) -> c_int;
    fn setsockopt(fd: c_int, level: c_int, name: c_int, value: *const c_int, len: u32) -> c_int;
    fn connect(fd: c_int, addr: *const SockaddrIn, len: u32) -> c_int;
    fn recv(fd: c_int, buf: *mut u8, len: usize, flags: c_int) -> isize;
}

/// A C call's result, or the error in errno when it returned -1.
fn check(result: isize) -> io::Result<usize> {
    if result < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(result as usize)
    }
}

fn main() -> io::Result<()> {
    let port = port_argument();

    {
        // step: connect
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let mut stream = TcpStream::connect(addr)?;
        // end: connect

        // step: wait
        // busy elsewhere: the server's writes wait in the receive queue
        thread::sleep(Duration::from_secs(1));
        // end: wait

        // step: recv
        let mut buf = [0; 5];
        loop {
            let n = stream.read(&mut buf)?; // until end of file
            if n == 0 {
                break;
            }
            println!("read {n} bytes: {}", String::from_utf8_lossy(&buf[..n]));
        }
        // end: recv
    } // stream is dropped, so closed

    // step: socket-big
    let fd = check(unsafe { socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0) } as isize)? as c_int;
    let big = unsafe { TcpStream::from_raw_fd(fd) }; // std closes it at the end
    // end: socket-big

    // step: rcvbuf
    // before connect: the handshake announces the window it allows
    let size: c_int = 4096;
    check(unsafe { setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, size_of_val(&size) as u32) } as isize)?;
    // end: rcvbuf

    // step: connect-big
    let addr = SockaddrIn {
        sin_family: AF_INET as u16,
        sin_port: port.to_be(),
        sin_addr: [127, 0, 0, 1],
        sin_zero: [0; 8],
    };
    check(unsafe { connect(fd, &addr, size_of_val(&addr) as u32) } as isize)?;
    // end: connect-big

    // step: recv-all
    thread::sleep(Duration::from_secs(1)); // busy elsewhere: the server's writes fill the buffers meanwhile
    let mut all = vec![0u8; 65536];
    // wait for all of them
    let got = check(unsafe { recv(fd, all.as_mut_ptr(), all.len(), MSG_WAITALL) })?;
    println!("read {got} bytes in one call");
    // end: recv-all

    drop(big);
    Ok(())
}

/// The server's port: the first argument.
fn port_argument() -> u16 {
    match std::env::args().nth(1).map(|arg| arg.parse()) {
        Some(Ok(port)) if port != 0 => port,
        _ => {
            eprintln!("usage: client PORT");
            std::process::exit(2);
        }
    }
}
