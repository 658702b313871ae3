"""The stream lesson's client: connects to 127.0.0.1:PORT, is busy for a second (the server's
three writes arrive meanwhile), then reads 5 bytes at a time until end of file. The with blocks
close the sockets.

Then a second connection, with a small receive buffer (SO_RCVBUF, set before connect): busy for
a second again while the server writes 64 KiB, then one read that waits for all 65536 bytes
(MSG_WAITALL).

    python3 client.py 8888
"""
import socket
import sys
import time


def main(port):
    # step: socket
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as stream:
        # end: socket

        # step: connect
        stream.connect(("127.0.0.1", port))
        # end: connect

        # step: wait
        time.sleep(1)  # busy elsewhere: the server's writes wait in the receive queue
        # end: wait

        # step: recv
        while data := stream.recv(5):  # until end of file
            print(f"read {len(data)} bytes: {data.decode()}")
        # end: recv

    # step: socket-big
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as big:
        # end: socket-big

        # step: rcvbuf
        # before connect: the handshake announces the window it allows
        big.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        # end: rcvbuf

        # step: connect-big
        big.connect(("127.0.0.1", port))
        # end: connect-big

        # step: recv-all
        time.sleep(1)  # busy elsewhere: the server's writes fill the buffers meanwhile
        data = big.recv(65536, socket.MSG_WAITALL)  # wait for all of them
        print(f"read {len(data)} bytes in one call")
        # end: recv-all


if __name__ == "__main__":
    if len(sys.argv) != 2 or not sys.argv[1].isdigit() or not 0 < int(sys.argv[1]) < 65536:
        print("usage: client.py PORT", file=sys.stderr)
        sys.exit(2)
    try:
        main(int(sys.argv[1]))
    except OSError as error:
        sys.exit(f"client: {error}")
