"""The epipe lesson's client: connects to 127.0.0.1:PORT, waits until the server's "hello!" has
arrived (it peeks: the bytes stay in its receive queue) and closes without reading them, so that
its kernel ends the connection with a reset. The with block closes the socket if a call fails.

    python3 client.py 8888
"""
import socket
import sys


def main(port):
    # step: socket
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as stream:
        # end: socket

        # step: connect
        stream.connect(("127.0.0.1", port))
        # end: connect

        # step: peek
        data = stream.recv(4096, socket.MSG_PEEK)  # the bytes stay in the queue
        stream.close()  # with 6 bytes unread: the kernel sends a reset, not a FIN
        # end: peek

    print(f"closed with {len(data)} bytes unread")


if __name__ == "__main__":
    if len(sys.argv) != 2 or not sys.argv[1].isdigit() or not 0 < int(sys.argv[1]) < 65536:
        print("usage: client.py PORT", file=sys.stderr)
        sys.exit(2)
    try:
        main(int(sys.argv[1]))
    except OSError as error:
        sys.exit(f"client: {error}")
