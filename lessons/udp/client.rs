//! The udp lesson's client: sends "hello!" to 127.0.0.1:PORT and prints the answer.
//!
//!     rustc --edition 2021 -O client.rs && ./client 8888

use std::io;
use std::net::{SocketAddr, UdpSocket};

fn main() -> io::Result<()> {
    let port = port_argument();

    // step: bind
    // std makes a UdpSocket only by binding it: port 0 asks the kernel for any free port.
    let sock = UdpSocket::bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
    // end: bind

    // step: sendto
    let server = SocketAddr::from(([127, 0, 0, 1], port));
    sock.send_to(b"hello!", server)?;
    // end: sendto

    // step: recvfrom
    let mut buf = [0; 4096];
    let (n, _peer) = sock.recv_from(&mut buf)?;
    // end: recvfrom

    println!("received: {}", String::from_utf8_lossy(&buf[..n]));
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
