/*
 * A fast stand-in for the API server and kubelet, so that bench/run measures the port-forward's
 * own throughput and not the Python test cluster's.
 *
 *   portforward_peer CERT KEY ANSWERS TLS_PORT DIRECT_PORT [BACKEND_PORT]
 *
 * On TLS_PORT (HTTPS, HTTP/1.1 keep-alive, one process per connection):
 *   - GET PATH answers the file ANSWERS/<PATH with '/' and '?' as '_'> with 200, else a 404 Status.
 *     bench/run fills ANSWERS with the test cluster's own answers for the paths the tool asks.
 *   - GET /bytes/N answers N bytes over TLS: a direct connection that pays for TLS as the tunnel does.
 *   - GET .../pods/NAME/portforward?ports=P with a WebSocket upgrade: the kubelet's protocol
 *     (v4.channel.k8s.io), both streams opened with the port, then channel 0 carries HTTP: each
 *     `GET /bytes/N` is answered with N bytes, as the model server's test endpoint does; with
 *     BACKEND_PORT, channel 0 is relayed to and from 127.0.0.1:BACKEND_PORT instead (a model
 *     server), as a kubelet relays to the pod.
 * On DIRECT_PORT (plain HTTP): the same `GET /bytes/N`, for the direct figure.
 *
 * Built by bench/run with `cc -O2 bench/portforward_peer.c -lssl -lcrypto`; not part of the tool.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define CHUNK (256 * 1024)
static char payload[CHUNK + 16];
static const char *answers;
static int backend_port;

/* One connection, TLS or not. */
typedef struct {
  int fd;
  SSL *ssl;
  char buf[65536];
  size_t len;
} conn;

static ssize_t raw_read(conn *c, void *p, size_t n) {
  return c->ssl ? SSL_read(c->ssl, p, (int)n) : read(c->fd, p, n);
}

static int write_all(conn *c, const void *p, size_t n) {
  const char *b = p;
  while (n > 0) {
    ssize_t w = c->ssl ? SSL_write(c->ssl, b, (int)n) : write(c->fd, b, n);
    if (w <= 0) return -1;
    b += w;
    n -= (size_t)w;
  }
  return 0;
}

/* Reads until the buffer holds "\r\n\r\n"; returns the header's length, or -1. */
static ssize_t read_header(conn *c) {
  for (;;) {
    char *end = memmem(c->buf, c->len, "\r\n\r\n", 4);
    if (end) return end - c->buf + 4;
    if (c->len == sizeof c->buf) return -1;
    ssize_t n = raw_read(c, c->buf + c->len, sizeof c->buf - c->len);
    if (n <= 0) return -1;
    c->len += (size_t)n;
  }
}

static void consume(conn *c, size_t n) {
  memmove(c->buf, c->buf + n, c->len - n);
  c->len -= n;
}

static const char *header(const char *head, const char *name, char *out, size_t size) {
  const char *p = strcasestr(head, name);
  if (!p) return NULL;
  p += strlen(name);
  while (*p == ' ') p++;
  size_t n = strcspn(p, "\r\n");
  if (n >= size) n = size - 1;
  memcpy(out, p, n);
  out[n] = 0;
  return out;
}

/* Sends N bytes of an HTTP answer to `GET /bytes/N`, through `send` (plain or WebSocket). */
static int send_bytes(conn *c, long total, int framed) {
  char head[128];
  int n = snprintf(head, sizeof head, "HTTP/1.1 200 OK\r\nContent-Length: %ld\r\n\r\n", total);
  long left = total + n;
  int first = 1;
  while (left > 0) {
    size_t body = left > CHUNK ? CHUNK : (size_t)left;
    char *data = payload + 16;
    if (first) memcpy(data, head, (size_t)n), first = 0;
    else memset(data, 'x', (size_t)n);
    if (framed) {
      /* A binary frame: FIN, 64-bit length, unmasked; the channel byte 0 first. */
      size_t length = body + 1;
      unsigned char *f = (unsigned char *)payload + 16 - 11;
      f[0] = 0x82, f[1] = 127;
      for (int i = 0; i < 8; i++) f[2 + i] = (unsigned char)(length >> (56 - 8 * i));
      f[10] = 0;
      if (write_all(c, f, body + 11) < 0) return -1;
    } else if (write_all(c, data, body) < 0) {
      return -1;
    }
    left -= (long)body;
  }
  return 0;
}

/* Takes one whole frame from the buffer: its channel-0 payload to `backend`. 1 when a frame was
 * taken, 0 when it is not all there yet, -1 at a close frame or an error. */
static int take_frame(conn *c, int backend) {
  unsigned char *b = (unsigned char *)c->buf;
  if (c->len < 2) return 0;
  size_t length = b[1] & 0x7f, at = 2;
  if (length == 126) {
    if (c->len < 4) return 0;
    length = (size_t)b[2] << 8 | b[3], at = 4;
  } else if (length == 127) {
    if (c->len < 10) return 0;
    length = 0;
    for (int i = 0; i < 8; i++) length = length << 8 | b[2 + i];
    at = 10;
  }
  if (at + 4 + length > sizeof c->buf) return -1;
  if (c->len < at + 4 + length) return 0;
  unsigned char *mask = b + at;
  at += 4;
  for (size_t i = 0; i < length; i++) b[at + i] ^= mask[i % 4];
  if ((b[0] & 0x0f) == 8) return -1;
  if (length > 1 && b[at] == 0) {
    const unsigned char *p = b + at + 1;
    size_t n = length - 1;
    while (n > 0) {
      ssize_t w = write(backend, p, n);
      if (w <= 0) return -1;
      p += w, n -= (size_t)w;
    }
  }
  consume(c, at + length);
  return 1;
}

/* The kubelet's relay: channel 0 to and from the backend until either side ends. */
static void relay(conn *c, int backend) {
  for (;;) {
    struct pollfd p[2] = {{.fd = c->fd, .events = POLLIN}, {.fd = backend, .events = POLLIN}};
    if (c->ssl && SSL_pending(c->ssl) > 0) p[0].revents = POLLIN;
    else if (poll(p, 2, -1) < 0) return;
    if (p[1].revents) {
      ssize_t n = read(backend, payload + 16, CHUNK);
      if (n <= 0) return;
      unsigned char *f = (unsigned char *)payload + 16 - 11;
      size_t length = (size_t)n + 1;
      f[0] = 0x82, f[1] = 127;
      for (int i = 0; i < 8; i++) f[2 + i] = (unsigned char)(length >> (56 - 8 * i));
      f[10] = 0;
      if (write_all(c, f, (size_t)n + 11) < 0) return;
    }
    if (p[0].revents) {
      ssize_t n = raw_read(c, c->buf + c->len, sizeof c->buf - c->len);
      if (n <= 0) return;
      c->len += (size_t)n;
      int taken;
      while ((taken = take_frame(c, backend)) == 1) {}
      if (taken < 0) return;
    }
  }
}

/* The port-forward: frames from the tool (masked), HTTP requests on channel 0. */
static void portforward(conn *c, int port) {
  unsigned char prefix[2][5];
  for (int ch = 0; ch < 2; ch++) {
    prefix[ch][0] = 0x82, prefix[ch][1] = 3, prefix[ch][2] = (unsigned char)ch;
    prefix[ch][3] = (unsigned char)(port & 0xff), prefix[ch][4] = (unsigned char)(port >> 8);
    if (write_all(c, prefix[ch], 5) < 0) return;
  }
  if (backend_port) {
    int backend = socket(AF_INET, SOCK_STREAM, 0), yes = 1;
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)backend_port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(backend, (struct sockaddr *)&a, sizeof a) < 0) return;
    setsockopt(backend, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
    relay(c, backend);
    close(backend);
    return;
  }
  char request[8192];
  size_t have = 0;
  for (;;) {
    while (c->len < 2 || c->len < 2 + ((c->buf[1] & 0x7f) == 126 ? 2 : (c->buf[1] & 0x7f) == 127 ? 8 : 0) + 4) {
      ssize_t n = raw_read(c, c->buf + c->len, sizeof c->buf - c->len);
      if (n <= 0) return;
      c->len += (size_t)n;
    }
    unsigned char *b = (unsigned char *)c->buf;
    int opcode = b[0] & 0x0f;
    size_t length = b[1] & 0x7f, at = 2;
    if (length == 126) length = (size_t)b[2] << 8 | b[3], at = 4;
    else if (length == 127) {
      length = 0;
      for (int i = 0; i < 8; i++) length = length << 8 | b[2 + i];
      at = 10;
    }
    unsigned char mask[4];
    memcpy(mask, b + at, 4);
    at += 4;
    if (at + length > sizeof c->buf) return;
    while (c->len < at + length) {
      ssize_t n = raw_read(c, c->buf + c->len, sizeof c->buf - c->len);
      if (n <= 0) return;
      c->len += (size_t)n;
    }
    b = (unsigned char *)c->buf;
    for (size_t i = 0; i < length; i++) b[at + i] ^= mask[i % 4];
    if (opcode == 8) return;
    if ((opcode == 2 || opcode == 0) && length > 1 && b[at] == 0 && have + length - 1 < sizeof request) {
      memcpy(request + have, b + at + 1, length - 1);
      have += length - 1;
    }
    consume(c, at + length);
    char *end;
    while ((end = memmem(request, have, "\r\n\r\n", 4))) {
      long total = 0;
      if (sscanf(request, "GET /bytes/%ld", &total) == 1 && send_bytes(c, total, 1) < 0) return;
      size_t used = (size_t)(end - request) + 4;
      memmove(request, request + used, have - used);
      have -= used;
    }
  }
}

static void answer(conn *c, const char *head) {
  char method[8], path[2048];
  if (sscanf(head, "%7s %2047s", method, path) != 2) return;
  char key[128], file[4096];
  if (header(head, "Sec-WebSocket-Key:", key, sizeof key)) {
    int port = 0;
    char *ports = strstr(path, "ports=");
    if (ports) port = atoi(ports + 6);
    char joined[256];
    unsigned char digest[SHA_DIGEST_LENGTH];
    unsigned char accept[64];
    snprintf(joined, sizeof joined, "%s258EAFA5-E914-47DA-95CA-C5AB0DC85B11", key);
    SHA1((unsigned char *)joined, strlen(joined), digest);
    EVP_EncodeBlock(accept, digest, SHA_DIGEST_LENGTH);
    char reply[512];
    int n = snprintf(reply, sizeof reply,
                     "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                     "Sec-WebSocket-Accept: %s\r\nSec-WebSocket-Protocol: v4.channel.k8s.io\r\n\r\n",
                     accept);
    if (write_all(c, reply, (size_t)n) == 0) portforward(c, port);
    c->len = 0;
    return;
  }
  long total = 0;
  if (sscanf(path, "/bytes/%ld", &total) == 1) {
    send_bytes(c, total, 0);
    return;
  }
  char name[2048];
  size_t i = 0;
  for (const char *p = path + 1; *p && i < sizeof name - 1; p++) name[i++] = (*p == '/' || *p == '?') ? '_' : *p;
  name[i] = 0;
  snprintf(file, sizeof file, "%s/%s", answers, name);
  static char body[1 << 20];
  size_t size = 0;
  FILE *f = fopen(file, "rb");
  if (f) size = fread(body, 1, sizeof body, f), fclose(f);
  else size = (size_t)snprintf(body, sizeof body,
                               "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"NotFound\","
                               "\"message\":\"%s not found\",\"code\":404}", path);
  char reply[256];
  int n = snprintf(reply, sizeof reply, "HTTP/1.1 %s\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n\r\n",
                   f ? "200 OK" : "404 Not Found", size);
  if (write_all(c, reply, (size_t)n) == 0) write_all(c, body, size);
}

static void serve(int fd, SSL_CTX *tls) {
  conn c = {.fd = fd};
  int yes = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
  if (tls) {
    c.ssl = SSL_new(tls);
    SSL_set_fd(c.ssl, fd);
    if (SSL_accept(c.ssl) <= 0) return;
  }
  for (;;) {
    ssize_t n = read_header(&c);
    if (n < 0) return;
    char head[65536 + 1];
    memcpy(head, c.buf, (size_t)n);
    head[n] = 0;
    consume(&c, (size_t)n);
    if (tls) {
      answer(&c, head);
    } else {
      long total = 0;
      if (sscanf(head, "GET /bytes/%ld", &total) != 1 || send_bytes(&c, total, 0) < 0) return;
    }
  }
}

static int listen_on(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0), yes = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, (struct sockaddr *)&a, sizeof a) < 0 || listen(fd, 64) < 0) {
    perror("portforward_peer: listen");
    exit(1);
  }
  return fd;
}

int main(int argc, char **argv) {
  if (argc != 6 && argc != 7) {
    fprintf(stderr, "usage: portforward_peer CERT KEY ANSWERS TLS_PORT DIRECT_PORT [BACKEND_PORT]\n");
    return 64;
  }
  answers = argv[3];
  if (argc == 7) backend_port = atoi(argv[6]);
  signal(SIGCHLD, SIG_IGN);
  signal(SIGPIPE, SIG_IGN);
  SSL_CTX *tls = SSL_CTX_new(TLS_server_method());
  if (SSL_CTX_use_certificate_chain_file(tls, argv[1]) != 1 || SSL_CTX_use_PrivateKey_file(tls, argv[2], SSL_FILETYPE_PEM) != 1) {
    fprintf(stderr, "portforward_peer: cannot load %s and %s\n", argv[1], argv[2]);
    return 1;
  }
  int secure = listen_on(atoi(argv[4])), direct = listen_on(atoi(argv[5]));
  if (fork() == 0) {
    for (;;) {
      int fd = accept(direct, NULL, NULL);
      if (fd >= 0 && fork() == 0) serve(fd, NULL), _exit(0);
      if (fd >= 0) close(fd);
    }
  }
  for (;;) {
    int fd = accept(secure, NULL, NULL);
    if (fd >= 0 && fork() == 0) serve(fd, tls), _exit(0);
    if (fd >= 0) close(fd);
  }
}
