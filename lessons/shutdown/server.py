"""The shutdown lesson's server: accepts one client on 127.0.0.1:PORT, reads its request until
end of file (the client has shut down its writing side), then still sends its reply. It greets
the client first: the client sends its request once it has read "ready". The with
blocks close the sockets at the end, and if a call fails.

    python3 server.py 8888
"""
import socket
import sys


def main(port):
    # step: socket
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        # end: socket

        # step: reuseaddr
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # end: reuseaddr

        # step: bind
        listener.bind(("127.0.0.1", port))
        # end: bind

        # step: listen
        listener.listen(128)
        # end: listen

        # step: accept
        conn, peer = listener.accept()
        # end: accept

        with conn:
            # step: greet
            conn.sendall(b"ready")
            # end: greet

            # step: read
            total = 0
            while data := conn.recv(4096):  # until end of file: recv returns b""
                total += len(data)
            # end: read

            # step: reply
            conn.sendall(f"got {total} bytes".encode())
            # end: reply


if __name__ == "__main__":
    if len(sys.argv) != 2 or not sys.argv[1].isdigit() or not 0 < int(sys.argv[1]) < 65536:
        print("usage: server.py PORT", file=sys.stderr)
        sys.exit(2)
    try:
        main(int(sys.argv[1]))
    except OSError as error:
        sys.exit(f"server: {error}")
