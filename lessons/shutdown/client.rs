//! The shutdown lesson's client: connects to 127.0.0.1:PORT, sends its request, shuts down its
//! writing side (the server reads end of file: the request is complete) and reads the reply
//! until the server closes. It sends once the server has greeted it with "ready".
//!
//!     rustc --edition 2021 -O client.rs && ./client 8888

use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};

fn main() -> io::Result<()> {
    let port = port_argument();

    // step: connect
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let mut stream = TcpStream::connect(addr)?;
    // end: connect

    // step: greeting
    let mut buf = [0; 4096];
    stream.read(&mut buf)?; // "ready": the server is there
    // end: greeting

    // step: send
    stream.write_all(b"hello, server")?;
    // end: send

    // step: shutdown
    stream.shutdown(Shutdown::Write)?; // no more to send; reading goes on
    // end: shutdown

    // step: recv
    loop {
        let n = stream.read(&mut buf)?; // until the server closes
        if n == 0 {
            break;
        }
        println!("received: {}", String::from_utf8_lossy(&buf[..n]));
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
