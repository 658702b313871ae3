//! The stream lesson's client: connects to 127.0.0.1:PORT, is busy for a second (the server's
//! three writes arrive meanwhile), then reads 5 bytes at a time until end of file.
//!
//!     rustc --edition 2021 -O client.rs && ./client 8888

use std::io::{self, Read};
use std::net::{SocketAddr, TcpStream};
use std::thread;
use std::time::Duration;

fn main() -> io::Result<()> {
    let port = port_argument();

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
