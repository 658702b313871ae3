//! The tcp lesson's client, the course slides' code: connects to 127.0.0.1:PORT and prints
//! what the server writes.
//!
//!     rustc -O client.rs && ./client 8888

use std::io::{self, Read};
use std::net::{SocketAddr, TcpStream};

fn main() -> io::Result<()> {
    let port = port_argument();

    // step: connect
    let socket = SocketAddr::from(([127, 0, 0, 1], port));
    let mut stream = TcpStream::connect(socket)?;
    // end: connect

    // step: recv
    let mut temp = [0; 4096];
    let n = stream.read(&mut temp)?;
    // end: recv

    println!("received: {}", String::from_utf8_lossy(&temp[..n]));
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
