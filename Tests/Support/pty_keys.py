"""Runs a command on a pseudo-terminal and types at it, byte by byte, as a person would: each
argument after `--` is one burst of keystrokes (Python escapes: \\x1b[D is Left, \\x03 is Ctrl-C),
sent once the program has had time to answer the one before. Prints everything the terminal
showed. Usage: pty_keys.py COMMAND... -- KEYS..."""
import os
import pty
import select
import sys
import time

split = sys.argv.index("--")
command, bursts = sys.argv[1:split], sys.argv[split + 1:]
pid, fd = pty.fork()
if pid == 0:
    os.execvp(command[0], command)

shown = b""


def read_for(seconds):
    global shown
    end = time.time() + seconds
    while time.time() < end:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                shown += os.read(fd, 65536)
            except OSError:
                return


read_for(2.0)
for burst in bursts:
    for byte in burst.encode().decode("unicode_escape").encode("latin-1"):
        os.write(fd, bytes([byte]))
        time.sleep(0.005)
    read_for(0.8)
read_for(0.5)
try:
    os.kill(pid, 9)
except ProcessLookupError:
    pass
sys.stdout.write(shown.decode("utf-8", "replace"))
