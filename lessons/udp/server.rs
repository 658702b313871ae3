//! The udp lesson's server: binds 127.0.0.1:PORT, waits for one datagram and answers its
//! sender with "hello back!".
//!
//!     rustc --edition 2021 -O server.rs && ./server 8888

use std::io;
use std::net::{SocketAddr, UdpSocket};

fn main() -> io::Result<()> {
    let port = port_argument();

    // step: bind
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let sock = UdpSocket::bind(addr)?;
    // end: bind

    // step: recvfrom
    let mut buf = [0; 4096];
    let (_n, peer) = sock.recv_from(&mut buf)?;
    // end: recvfrom

    // step: sendto
    sock.send_to(b"hello back!", peer)?;
    // end: sendto

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
