"""The stream lesson's client: connects to 127.0.0.1:PORT, is busy for a second (the server's
three writes arrive meanwhile), then reads 5 bytes at a time until end of file. The with block
closes the socket.

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


if __name__ == "__main__":
    if len(sys.argv) != 2 or not sys.argv[1].isdigit() or not 0 < int(sys.argv[1]) < 65536:
        print("usage: client.py PORT", file=sys.stderr)
        sys.exit(2)
    try:
        main(int(sys.argv[1]))
    except OSError as error:
        sys.exit(f"client: {error}")
