"""The model server behind each workspace: answers as vLLM's OpenAI server does (and, for the
`legacy` scenario, as KAITO <= v0.8's transformers API), with /metrics while weights download."""
import json, socket, threading, time, uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from catalog import MODELS

def served_name(preset):
    """The name vLLM serves under: the lowercased last part of the HF id (legacy aliases map to it)."""
    model = MODELS.get(preset.lower())
    hf = model["hf"] if model else preset
    return hf.split("/")[-1].lower()


class ModelServers:
    """One HTTP server per serving workspace, on loopback."""

    def __init__(self, cluster):
        self.cluster = cluster
        self.backends = {}     # (namespace, name) -> (port, served model name)
        self.chat_modes = {}   # (namespace, name) -> modes for the next requests: "ok", "429", "break", "error", "slow", "no-template"
        self.rates = {}        # (namespace, name) -> output tokens per second of each stream (a known rate for bench)

    def start(self, namespace, name, preset, downloading=False, legacy=False, served_as=None):
        """A model server that answers as vLLM does (shapes from vLLM's OpenAI server). While the
        weights download, KAITO's wrapper answers only /metrics, with the download's progress."""
        servers = self
        # An InferenceSet's children serve under the InferenceSet's name (KAITO >= v0.11).
        served = served_as or served_name(preset)
        # A base model's tokenizer has no chat template: vLLM refuses chat and only completes text.
        base = (MODELS.get(preset.lower()) or {}).get("base", False)

        def adapter_names():
            """vLLM registers each adapter of the workspace under its source name."""
            ws = servers.cluster.store.get("workspaces", namespace, name) or {}
            return [a["source"]["name"] for a in ((ws.get("inference") or {}).get("adapters") or [])]

        class Backend(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def reply(self, code, body, headers=()):
                data = json.dumps(body).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for k, v in headers:
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                if self.path == "/metrics":
                    text = ("# HELP kaito_model_download_speed_bytes_per_second Model download speed\n"
                            "# TYPE kaito_model_download_speed_bytes_per_second gauge\n"
                            "kaito_model_download_speed_bytes_per_second %d\n"
                            "# TYPE kaito_model_download_remaining_seconds gauge\n"
                            "kaito_model_download_remaining_seconds %d\n") % ((52428800, 60) if downloading else (0, 0))
                    data = text.encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "text/plain; version=0.0.4")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    return self.wfile.write(data)
                if downloading:
                    return self.reply(404, {"detail": "Not Found"})
                if legacy:
                    # KAITO <= v0.8's transformers API: /, /health, /chat.
                    return self.reply(200, {"message": "Server is running"}) if self.path in ("/", "/health") else self.reply(404, {"detail": "Not Found"})
                if self.path.startswith("/v1/models"):
                    return self.reply(200, {"object": "list", "data": [{"id": m, "object": "model", "created": 1, "owned_by": "vllm",
                                                                         "root": served if m == served else "/mnt/adapter/" + m,
                                                                         "parent": None if m == served else served, "max_model_len": 4096}
                                                                        for m in [served] + adapter_names()]})
                if self.path == "/health":
                    return self.reply(200, {})
                if self.path.startswith("/bytes/"):
                    # For throughput measurements: N bytes of filler.
                    n = int(self.path.split("/")[-1])
                    self.send_response(200)
                    self.send_header("Content-Type", "application/octet-stream")
                    self.send_header("Content-Length", str(n))
                    self.end_headers()
                    block = b"x" * 65536
                    while n > 0:
                        self.wfile.write(block[:min(n, 65536)])
                        n -= 65536
                    return
                self.reply(404, {"detail": "Not Found"})

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
                if legacy and self.path == "/chat":
                    messages = body.get("messages", [])
                    return self.reply(200, {"Result": "You said: %s (%d messages)" % (messages[-1]["content"] if messages else body.get("prompt", ""), len(messages))})
                completion = self.path == "/v1/completions"
                modes = servers.chat_modes.get((namespace, name), [])
                mode = modes.pop(0) if modes else "ok"
                if legacy or self.path not in ("/v1/chat/completions", "/v1/completions"):
                    return self.reply(404, {"detail": "Not Found"})
                if (base or mode == "no-template") and not completion:
                    return self.reply(400, {"object": "error", "message": "As of transformers v4.44, default chat template is no longer allowed, so you must provide a chat template if the tokenizer does not define one.",
                                            "type": "BadRequestError", "param": None, "code": 400})
                if mode == "429":
                    return self.reply(429, {"object": "error", "message": "The server is busy: too many requests waiting", "type": "TooManyRequests", "param": None, "code": 429},
                                      [("Retry-After", "1")])
                if mode == "error":
                    return self.reply(400, {"error": {"message": "max_tokens must be at least 1, got -1.", "type": "BadRequestError", "param": None, "code": 400}})
                if body.get("model") not in [served] + adapter_names():
                    return self.reply(404, {"object": "error", "message": "The model `%s` does not exist." % body.get("model"), "type": "NotFoundError", "param": None, "code": 404})
                messages = body.get("messages", [])
                if completion:
                    # A continuation of the prompt's last line, so that a test sees what was sent.
                    prompt = body.get("prompt", "")
                    words = ("and then, after \"%s\" (%d lines)" % (prompt.split("\n")[-1].strip(), prompt.count("\n") + 1)).split(" ")
                    words[0] = " " + words[0]
                else:
                    last = messages[-1]["content"] if messages else ""
                    words = ("You said: %s (%d messages)%s" % (last.strip(), len(messages),
                             "" if body.get("model") == served else " [adapter %s]" % body.get("model"))).split(" ")
                # ignore_eos (vLLM's and llama.cpp's extension) generates exactly max_tokens.
                if body.get("ignore_eos") and isinstance(body.get("max_tokens"), int):
                    words = ["token%d" % i for i in range(body["max_tokens"])]
                # max_tokens cuts the answer there, as vLLM does, with finish_reason "length".
                finish = "stop"
                if isinstance(body.get("max_tokens"), int) and body["max_tokens"] < len(words):
                    words, finish = words[:body["max_tokens"]], "length"
                usage = {"prompt_tokens": 7 * max(1, len(messages)), "completion_tokens": len(words), "total_tokens": 7 * max(1, len(messages)) + len(words)}
                created, rid = int(time.time()), ("cmpl-%s" if completion else "chatcmpl-%s") % uuid.uuid4().hex[:12]
                if not body.get("stream"):
                    choice = {"index": 0, "finish_reason": finish}
                    if completion:
                        choice["text"] = " ".join(words)
                    else:
                        choice["message"] = {"role": "assistant", "content": " ".join(words)}
                    return self.reply(200, {"id": rid, "object": "text_completion" if completion else "chat.completion", "created": created,
                                            "model": served, "choices": [choice], "usage": usage})
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream; charset=utf-8")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                def event(obj):
                    data = ("data: %s\n\n" % (obj if isinstance(obj, str) else json.dumps(obj))).encode()
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
                    self.wfile.flush()
                def chunk(delta, finish=None):
                    if completion:
                        return {"id": rid, "object": "text_completion", "created": created, "model": served,
                                "choices": [{"index": 0, "text": delta.get("content", ""), "logprobs": None, "finish_reason": finish}]}
                    return {"id": rid, "object": "chat.completion.chunk", "created": created, "model": served,
                            "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}]}
                if not completion:
                    event(chunk({"role": "assistant", "content": ""}))
                rate = servers.rates.get((namespace, name))
                for i, word in enumerate(words):
                    if rate and i:
                        time.sleep(1.0 / rate)
                    event(chunk({"content": (" " if i else "") + word}))
                    if mode == "slow":
                        time.sleep(1.0)
                    if mode == "break" and i == 2:
                        self.wfile.flush()
                        self.connection.shutdown(socket.SHUT_RDWR)
                        self.close_connection = True
                        return
                event(chunk({}, finish))
                if (body.get("stream_options") or {}).get("include_usage"):
                    event({"id": rid, "object": "chat.completion.chunk", "created": created, "model": served, "choices": [], "usage": usage})
                event("[DONE]")
                self.wfile.write(b"0\r\n\r\n")

        class Server(ThreadingHTTPServer):
            # A real server's backlog (vLLM's uvicorn: 2048): 64 clients connecting at once must
            # not wait for SYN retries.
            request_queue_size = 128

            def get_request(self):
                sock, address = super().get_request()
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                return sock, address
        server = Server(("127.0.0.1", 0), Backend)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.backends[(namespace, name)] = (server.server_address[1], served)
