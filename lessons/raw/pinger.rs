//! The raw lesson's pinger: sends an ICMP echo request to 127.0.0.1 on a raw socket and reads
//! the first two packets that come back (its own request, seen on loopback, then the reply).
//! Needs CAP_NET_RAW (run it as root); without it socket() fails with EPERM. Arguments are
//! ignored: ICMP has no ports.
//!
//!     rustc --edition 2021 -O pinger.rs && sudo ./pinger
//!
//! std has no raw sockets: the pinger calls the C library's functions, declared below.

use std::io;
use std::mem::{size_of_val, zeroed};
use std::net::Ipv4Addr;
use std::os::raw::c_int;

/// struct sockaddr_in from <netinet/in.h>: 16 bytes.
#[repr(C)]
struct SockaddrIn {
    sin_family: u16,
    sin_port: u16, // in network byte order
    sin_addr: u32, // in network byte order
    sin_zero: [u8; 8],
}

const AF_INET: c_int = 2;
const SOCK_RAW: c_int = 3;
const SOCK_CLOEXEC: c_int = 0o2000000;
const IPPROTO_ICMP: c_int = 1;

extern "C" {
    fn socket(domain: c_int, kind: c_int, protocol: c_int) -> c_int;
    fn sendto(
        fd: c_int,
        buf: *const u8,
        len: usize,
        flags: c_int,
        addr: *const SockaddrIn,
        addr_len: u32,
    ) -> isize;
    fn recvfrom(
        fd: c_int,
        buf: *mut u8,
        len: usize,
        flags: c_int,
        addr: *mut SockaddrIn,
        addr_len: *mut u32,
    ) -> isize;
}

/// A C call's result, or the error in errno when it returned -1.
fn check<T: PartialOrd + Default>(result: T) -> io::Result<T> {
    if result < T::default() {
        Err(io::Error::last_os_error())
    } else {
        Ok(result)
    }
}

/// The Internet checksum: the ones' complement of the ones' complement sum of 16-bit words.
fn checksum(bytes: &[u8]) -> u16 {
    let mut sum: u32 = 0;
    for word in bytes.chunks(2) {
        sum += u32::from(word[0]) << 8 | u32::from(word[1]);
    }
    while sum > 0xffff {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    !(sum as u16)
}

fn main() -> io::Result<()> {
    // step: socket
    // EPERM without CAP_NET_RAW
    let sock = check(unsafe { socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMP) })?;
    // end: socket

    // step: sendto
    // An ICMP echo request: type 8, code 0, checksum, identifier, sequence number, payload.
    // ping puts its process id in the identifier; a fixed one keeps every run's bytes equal.
    let mut packet = vec![8, 0, 0, 0, 0x53, 0x53, 0, 1];
    packet.extend_from_slice(b"sockstep");
    let sum = checksum(&packet);
    packet[2..4].copy_from_slice(&sum.to_be_bytes());
    let mut to: SockaddrIn = unsafe { zeroed() };
    to.sin_family = AF_INET as u16;
    to.sin_addr = u32::from(Ipv4Addr::LOCALHOST).to_be();
    let to_len = size_of_val(&to) as u32;
    check(unsafe { sendto(sock, packet.as_ptr(), packet.len(), 0, &to, to_len) })?;
    // end: sendto

    // step: recvfrom-request
    let mut buf = [0u8; 4096];
    let mut from: SockaddrIn = unsafe { zeroed() };
    let mut len = size_of_val(&from) as u32;
    let n = unsafe { recvfrom(sock, buf.as_mut_ptr(), buf.len(), 0, &mut from, &mut len) };
    let n = check(n)?;
    // end: recvfrom-request

    // the IPv4 header (20 bytes) comes first; ICMP type 8 is an echo request
    let header_len = usize::from(buf[0] & 0x0f) * 4;
    println!("received: {n} bytes, ICMP type {}", buf[header_len]);

    // step: recvfrom-reply
    len = size_of_val(&from) as u32;
    let n = unsafe { recvfrom(sock, buf.as_mut_ptr(), buf.len(), 0, &mut from, &mut len) };
    let n = check(n)?;
    // end: recvfrom-reply

    // ICMP type 0 is an echo reply
    let header_len = usize::from(buf[0] & 0x0f) * 4;
    println!("received: {n} bytes, ICMP type {}", buf[header_len]);

    Ok(())
}
