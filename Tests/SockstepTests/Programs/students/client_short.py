"""A student's TCP client in Python with a typical mistake: one recv of 3 bytes."""
import socket
import sys

port = int(sys.argv[1])
stream = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
stream.connect(("127.0.0.1", port))
print(stream.recv(3).decode())
stream.close()
