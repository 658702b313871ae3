"""The backlog lesson's server: listens on 127.0.0.1:PORT, but is busy for a second before it
calls accept. A client that connects meanwhile is not refused: the kernel finishes its
handshake and queues the connection, and accept takes it off the queue at once.

    python3 server.py 8888
"""
import socket
import sys
import time


def main(port):
    # step: socket
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
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

    # step: wait
    time.sleep(1)  # busy elsewhere: a client that connects now waits in the accept queue
    # end: wait

    # step: accept
    conn, peer = listener.accept()
    # end: accept

    # step: send
    conn.sendall(b"hello!")
    # end: send

    conn.close()
    listener.close()


if __name__ == "__main__":
    if len(sys.argv) != 2 or not sys.argv[1].isdigit() or not 0 < int(sys.argv[1]) < 65536:
        print("usage: server.py PORT", file=sys.stderr)
        sys.exit(2)
    try:
        main(int(sys.argv[1]))
    except OSError as error:
        sys.exit(f"server: {error}")
