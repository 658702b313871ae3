//! The stream lesson's server: accepts one client on 127.0.0.1:PORT and writes three pieces,
//! "one,", "two," and "three", with three calls. TCP keeps the bytes and their order, not the
//! pieces: the client reads them with other boundaries.
//!
//! Then a second client, which offers a small receive buffer and reads nothing for a second:
//! the server makes its own send buffer small too and writes 64 KiB without waiting
//! (MSG_DONTWAIT). The kernel takes only what fits, a short write, and then nothing (EAGAIN);
//! a blocking send of the rest waits until the client reads.
//!
//!     rustc --edition 2021 -O server.rs && ./server 8888
//!
//! std has no call for SO_SNDBUF and no send with flags, so this server declares setsockopt,
//! getsockopt and send from the C library (extern "C") and uses them on the connection's
//! descriptor.

use std::io::{self, Write};
use std::mem::size_of;
use std::net::{SocketAddr, TcpListener};
use std::os::raw::c_int;
use std::os::unix::io::AsRawFd;
use std::thread;
use std::time::Duration;

const SOL_SOCKET: c_int = 1;
const SO_SNDBUF: c_int = 7;
const MSG_DONTWAIT: c_int = 0x40;
const MSG_NOSIGNAL: c_int = 0x4000;

extern "C" {
    fn setsockopt(fd: c_int, level: c_int, name: c_int, value: *const c_int, len: u32) -> c_int;
    fn getsockopt(fd: c_int, level: c_int, name: c_int, value: *mut c_int, len: *mut u32) -> c_int;
    fn send(fd: c_int, buf: *const u8, len: usize, flags: c_int) -> isize;
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

    // step: bind
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let listener = TcpListener::bind(addr)?;
    // end: bind

    {
        // step: accept
        let (mut conn, _peer) = listener.accept()?;
        // end: accept

        // step: send
        for piece in [&b"one,"[..], b"two,", b"three"] {
            conn.write_all(piece)?;
        }
        // end: send
    } // conn is dropped, so closed: the client reads end of file

    // step: accept-big
    let (mut conn, _peer) = listener.accept()?;
    // end: accept-big

    // step: sndbuf
    let fd = conn.as_raw_fd();
    let mut size: c_int = 4096;
    let mut size_len = size_of::<c_int>() as u32;
    check(unsafe { setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, size_len) } as isize)?;
    check(unsafe { getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &mut size, &mut size_len) } as isize)?;
    println!("send buffer: {size} bytes"); // the kernel doubles what it is given
    // end: sndbuf

    // step: send-nowait
    let block = vec![b'x'; 65536];
    let mut sent = 0;
    while sent < block.len() {
        // without waiting: the kernel takes what fits now
        let rest = &block[sent..];
        let flags = MSG_DONTWAIT | MSG_NOSIGNAL;
        let n = match check(unsafe { send(fd, rest.as_ptr(), rest.len(), flags) }) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => break, // EAGAIN: nothing fits now
            Err(e) => return Err(e),
        };
        println!("send took {n} of {} bytes", rest.len());
        sent += n;
        // a quarter of a second: the client's delayed ACK arrives meanwhile
        thread::sleep(Duration::from_millis(250));
    }
    // end: send-nowait

    // step: send-wait
    conn.write_all(&block[sent..])?; // blocking: the kernel waits for room
    println!("the blocking send took the other {} bytes", block.len() - sent);
    // end: send-wait

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
