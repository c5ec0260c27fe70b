#include <curl/curl.h>
#include <dlfcn.h>
#include <stddef.h>
#include <string.h>

// libcurl is loaded on first use, not at start: most commands (presets, deploy --dry-run=client)
// never touch the network, and loading libcurl with its TLS, LDAP and SSH dependencies would
// double their start-up time. Each kaito_curl_* function calls the libcurl function of that name.

typedef struct {
  int state; // 0 not tried, 1 loaded, -1 unavailable
  CURLcode (*global_init)(long);
  CURL *(*easy_init)(void);
  void (*easy_cleanup)(CURL *);
  void (*easy_reset)(CURL *);
  CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
  CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
  CURLcode (*easy_perform)(CURL *);
  CURLcode (*easy_send)(CURL *, const void *, size_t, size_t *);
  CURLcode (*easy_recv)(CURL *, void *, size_t, size_t *);
  const char *(*easy_strerror)(CURLcode);
  struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
  void (*slist_free_all)(struct curl_slist *);
  char *(*version)(void);
} kaito_curl_api;

static inline kaito_curl_api *kaito_curl(void) {
  static kaito_curl_api api;
  if (api.state != 0) return &api;
  void *lib = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
  if (!lib) lib = dlopen("libcurl.so", RTLD_NOW | RTLD_LOCAL);
#ifdef __APPLE__
  if (!lib) lib = dlopen("libcurl.4.dylib", RTLD_NOW | RTLD_LOCAL);
#endif
  if (!lib) { api.state = -1; return &api; }
#define KAITO_LOAD(field, name) *(void **)(&api.field) = dlsym(lib, name); if (!api.field) { api.state = -1; return &api; }
  KAITO_LOAD(global_init, "curl_global_init")
  KAITO_LOAD(easy_init, "curl_easy_init")
  KAITO_LOAD(easy_cleanup, "curl_easy_cleanup")
  KAITO_LOAD(easy_reset, "curl_easy_reset")
  KAITO_LOAD(easy_setopt, "curl_easy_setopt")
  KAITO_LOAD(easy_getinfo, "curl_easy_getinfo")
  KAITO_LOAD(easy_perform, "curl_easy_perform")
  KAITO_LOAD(easy_send, "curl_easy_send")
  KAITO_LOAD(easy_recv, "curl_easy_recv")
  KAITO_LOAD(easy_strerror, "curl_easy_strerror")
  KAITO_LOAD(slist_append, "curl_slist_append")
  KAITO_LOAD(slist_free_all, "curl_slist_free_all")
  KAITO_LOAD(version, "curl_version")
#undef KAITO_LOAD
  api.state = 1;
  return &api;
}

/// Whether libcurl could be loaded; when not, `kaito_curl_error` says why.
static inline int kaito_curl_available(void) { return kaito_curl()->state == 1; }
static inline const char *kaito_curl_error(void) { const char *e = dlerror(); return e ? e : "libcurl.so.4 not found"; }

static inline CURLcode kaito_curl_global_init(long flags) { return kaito_curl()->global_init(flags); }
static inline CURL *kaito_curl_easy_init(void) { return kaito_curl()->easy_init(); }
static inline void kaito_curl_easy_cleanup(CURL *c) { kaito_curl()->easy_cleanup(c); }
static inline void kaito_curl_easy_reset(CURL *c) { kaito_curl()->easy_reset(c); }
static inline CURLcode kaito_curl_easy_perform(CURL *c) { return kaito_curl()->easy_perform(c); }
static inline CURLcode kaito_curl_easy_send(CURL *c, const void *b, size_t n, size_t *sent) { return kaito_curl()->easy_send(c, b, n, sent); }
static inline CURLcode kaito_curl_easy_recv(CURL *c, void *b, size_t n, size_t *got) { return kaito_curl()->easy_recv(c, b, n, got); }
static inline const char *kaito_curl_easy_strerror(CURLcode code) { return kaito_curl()->easy_strerror(code); }
static inline struct curl_slist *kaito_curl_slist_append(struct curl_slist *l, const char *s) { return kaito_curl()->slist_append(l, s); }
static inline void kaito_curl_slist_free_all(struct curl_slist *l) { kaito_curl()->slist_free_all(l); }
static inline const char *kaito_curl_version(void) { return kaito_curl()->version(); }

// curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call: one typed wrapper per argument kind.
static inline CURLcode kaito_curl_setopt_long(CURL *curl, CURLoption option, long value) {
  return kaito_curl()->easy_setopt(curl, option, value);
}
static inline CURLcode kaito_curl_setopt_pointer(CURL *curl, CURLoption option, const void *value) {
  return kaito_curl()->easy_setopt(curl, option, value);
}
static inline CURLcode kaito_curl_setopt_string(CURL *curl, CURLoption option, const char *value) {
  return kaito_curl()->easy_setopt(curl, option, value);
}
static inline CURLcode kaito_curl_setopt_off(CURL *curl, CURLoption option, curl_off_t value) {
  return kaito_curl()->easy_setopt(curl, option, value);
}
static inline CURLcode kaito_curl_getinfo_off(CURL *curl, CURLINFO info, curl_off_t *value) {
  return kaito_curl()->easy_getinfo(curl, info, value);
}
static inline CURLcode kaito_curl_getinfo_long(CURL *curl, CURLINFO info, long *value) {
  return kaito_curl()->easy_getinfo(curl, info, value);
}
static inline CURLcode kaito_curl_getinfo_socket(CURL *curl, CURLINFO info, long *value) {
  curl_socket_t socket = CURL_SOCKET_BAD;
  CURLcode code = kaito_curl()->easy_getinfo(curl, info, &socket);
  *value = (long)socket;
  return code;
}

// A port-forward is one long stream of TLS records. Without OpenSSL's read-ahead each 16 KiB
// record costs two recv calls (its header, then its body); with it, one call fills a 64 KiB
// buffer. Only for libcurl built on OpenSSL, whose SSL_CTX the callback is given.
static CURLcode kaito_ssl_read_ahead(CURL *curl, void *ssl_ctx, void *user) {
  (void)curl;
  (void)user;
  void *ssl = dlopen("libssl.so.3", RTLD_NOW | RTLD_NOLOAD);
  if (!ssl) return CURLE_OK;
  long (*ctrl)(void *, int, long, void *) = (long (*)(void *, int, long, void *))dlsym(ssl, "SSL_CTX_ctrl");
  void (*length)(void *, size_t) = (void (*)(void *, size_t))dlsym(ssl, "SSL_CTX_set_default_read_buffer_len");
  if (ctrl && length) {
    ctrl(ssl_ctx, 41 /* SSL_CTRL_SET_READ_AHEAD */, 1, NULL);
    length(ssl_ctx, 64 * 1024);
  }
  dlclose(ssl);
  return CURLE_OK;
}
static inline void kaito_curl_read_ahead(CURL *curl) {
  const char *version = kaito_curl()->version();
  if (version && strstr(version, "OpenSSL/3")) kaito_curl()->easy_setopt(curl, CURLOPT_SSL_CTX_FUNCTION, kaito_ssl_read_ahead);
}
