"""The close lesson's client: connects to 127.0.0.1:PORT, reads the server's "hello!" and closes
the connection first (the active close: its socket is the one left in TIME_WAIT). The with
block closes the socket if a call fails; after the explicit close() it does nothing more.

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

        # step: recv
        data = stream.recv(4096)
        # end: recv

        # step: close
        stream.close()  # the active close: this end sends the first FIN
        # end: close

    print("received:", data.decode())


if __name__ == "__main__":
    if len(sys.argv) != 2 or not sys.argv[1].isdigit() or not 0 < int(sys.argv[1]) < 65536:
        print("usage: client.py PORT", file=sys.stderr)
        sys.exit(2)
    try:
        main(int(sys.argv[1]))
    except OSError as error:
        sys.exit(f"client: {error}")
