"""pods/portforward as the kubelet serves it over WebSocket (v4.channel.k8s.io): channel 0 carries
the data, channel 1 the errors, and each stream starts with the port, little-endian."""
import base64, hashlib, select, socket, ssl, time

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


def ws_frame(payload, opcode=0x2):
    header = bytes([0x80 | opcode])
    n = len(payload)
    if n < 126:
        header += bytes([n])
    elif n < 65536:
        header += bytes([126]) + n.to_bytes(2, "big")
    else:
        header += bytes([127]) + n.to_bytes(8, "big")
    return header + payload


class FrameReader:
    def __init__(self, sock):
        self.sock, self.buf = sock, b""

    def frames(self):
        """Complete frames in the buffer: (opcode, payload), unmasked."""
        out = []
        while len(self.buf) >= 2:
            b0, b1 = self.buf[0], self.buf[1]
            n, off = b1 & 0x7F, 2
            if n == 126:
                if len(self.buf) < 4: break
                n, off = int.from_bytes(self.buf[2:4], "big"), 4
            elif n == 127:
                if len(self.buf) < 10: break
                n, off = int.from_bytes(self.buf[2:10], "big"), 10
            masked = b1 & 0x80
            mask = self.buf[off:off + 4] if masked else b"\0\0\0\0"
            if masked: off += 4
            if len(self.buf) < off + n: break
            payload = bytes(c ^ mask[i % 4] for i, c in enumerate(self.buf[off:off + n]))
            self.buf = self.buf[off + n:]
            out.append((b0 & 0x0F, payload))
        return out


def forward(handler, user, namespace, pod, query):
    """pods/portforward as the kubelet serves it over WebSocket (v4.channel.k8s.io)."""
    if user != "admin":
        return handler.fail(403, "Forbidden", 'pods "%s" is forbidden: User "%s" cannot create resource "pods/portforward" in API group "" in the namespace "%s"' % (pod, user, namespace))
    obj = handler.cluster.store.get("pods", namespace, pod)
    if obj is None:
        return handler.fail(404, "NotFound", 'pods "%s" not found' % pod, {"name": pod, "kind": "pods"})
    if handler.headers.get("Upgrade", "").lower() != "websocket":
        return handler.fail(400, "BadRequest", "Upgrade request required")
    if "v4.channel.k8s.io" not in handler.headers.get("Sec-WebSocket-Protocol", ""):
        return handler.fail(400, "BadRequest", "unsupported port-forward protocol")
    port = int(query.get("ports", "0"))
    accept = base64.b64encode(hashlib.sha1((handler.headers["Sec-WebSocket-Key"] + GUID).encode()).digest()).decode()
    handler.send_response(101, "Switching Protocols")
    handler.send_header("Upgrade", "websocket")
    handler.send_header("Connection", "Upgrade")
    handler.send_header("Sec-WebSocket-Accept", accept)
    handler.send_header("Sec-WebSocket-Protocol", "v4.channel.k8s.io")
    handler.end_headers()
    handler.wfile.flush()
    conn = handler.connection
    prefix = port.to_bytes(2, "little")
    conn.sendall(ws_frame(b"\x00" + prefix) + ws_frame(b"\x01" + prefix))
    if handler.fault.get("kind") == "frame":
        # A binary frame whose 64-bit length has its top bit set, then some bytes.
        conn.sendall(bytes([0x82, 127]) + (2**63 + 5).to_bytes(8, "big") + b"\x00abcde")
        time.sleep(0.5)
        handler.close_connection = True
        return
    workspace = pod[:-2] if pod.endswith("-0") else pod
    backend = handler.cluster.models.backends.get((namespace, workspace))
    upstream = None
    try:
        if backend is None or port != 5000:
            raise ConnectionRefusedError()
        upstream = socket.create_connection(("127.0.0.1", backend[0]))
    except OSError:
        message = "error forwarding port %d to pod %s, uid : failed to execute portforward in network namespace: dial tcp4 127.0.0.1:%d: connect: connection refused" % (port, pod, port)
        conn.sendall(ws_frame(b"\x01" + message.encode()))
        conn.sendall(ws_frame((1000).to_bytes(2, "big"), 0x8))
        handler.close_connection = True
        return
    reader = FrameReader(conn)
    try:
        while True:
            readable = [conn] if conn.pending() else select.select([conn, upstream], [], [], 1.0)[0]
            if conn in readable:
                data = conn.recv(65536)
                if not data:
                    break
                reader.buf += data
                for opcode, payload in reader.frames():
                    if opcode == 0x8:
                        raise EOFError()
                    if opcode in (0x0, 0x2) and payload[:1] == b"\x00":
                        upstream.sendall(payload[1:])
            if upstream in readable:
                data = upstream.recv(65536)
                if not data:
                    conn.sendall(ws_frame((1000).to_bytes(2, "big"), 0x8))
                    break
                conn.sendall(ws_frame(b"\x00" + data))
    except (EOFError, OSError, ssl.SSLError):
        pass
    finally:
        upstream.close()
        handler.close_connection = True
