#include <dlfcn.h>
#include <errno.h>
#include <histedit.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

// libedit (the BSD line editor) is loaded on the first interactive chat, as libcurl is loaded on
// first use: no other command pays for it, and a machine without it still chats, line by line.
// Its variadic el_set and history calls are wrapped here, one function per use, because Swift
// cannot call a C variadic function through a pointer.

typedef struct {
  int state; // 0 not tried, 1 loaded, -1 unavailable
  EditLine *(*el_init)(const char *, FILE *, FILE *, FILE *);
  void (*el_end)(EditLine *);
  void (*el_reset)(EditLine *);
  const char *(*el_gets)(EditLine *, int *);
  int (*el_set)(EditLine *, int, ...);
  History *(*history_init)(void);
  void (*history_end)(History *);
  int (*history)(History *, HistEvent *, int, ...);
} kaito_edit_api;

static inline kaito_edit_api *kaito_edit(void) {
  static kaito_edit_api api;
  if (api.state != 0) return &api;
  void *lib = dlopen("libedit.so.2", RTLD_NOW | RTLD_LOCAL);
  if (!lib) lib = dlopen("libedit.so", RTLD_NOW | RTLD_LOCAL);
#ifdef __APPLE__
  if (!lib) lib = dlopen("libedit.3.dylib", RTLD_NOW | RTLD_LOCAL);
#endif
  if (!lib) { api.state = -1; return &api; }
#define KAITO_LOAD(field, name) *(void **)(&api.field) = dlsym(lib, name); if (!api.field) { api.state = -1; return &api; }
  KAITO_LOAD(el_init, "el_init")
  KAITO_LOAD(el_end, "el_end")
  KAITO_LOAD(el_reset, "el_reset")
  KAITO_LOAD(el_gets, "el_gets")
  KAITO_LOAD(el_set, "el_set")
  KAITO_LOAD(history_init, "history_init")
  KAITO_LOAD(history_end, "history_end")
  KAITO_LOAD(history, "history")
#undef KAITO_LOAD
  api.state = 1;
  return &api;
}

// What the reader saw while el_gets ran: a Ctrl-C (the caller's check said stop), and the
// terminal's bracketed-paste marks, which are taken out of the input so libedit never sees them.
typedef struct {
  int (*should_stop)(void);
  int interrupted;
  int paste_began;
  int paste_ended;
  unsigned char pending[8];
  int pending_count;
  char prompt[64];
} kaito_edit_state;

static inline kaito_edit_state *kaito_edit_shared(void) {
  static kaito_edit_state state;
  return &state;
}

// One byte from the terminal, waiting in short polls so that a Ctrl-C (caught by the process's
// handler, which sets the flag `should_stop` reads) ends the wait. -1: stopped or failed; 0: end.
static inline int kaito_edit_byte(unsigned char *byte, int timeout_ms) {
  kaito_edit_state *s = kaito_edit_shared();
  if (s->pending_count > 0) {
    *byte = s->pending[0];
    memmove(s->pending, s->pending + 1, (size_t)--s->pending_count);
    return 1;
  }
  for (int waited = 0;;) {
    if (s->should_stop && s->should_stop()) { s->interrupted = 1; return -1; }
    struct pollfd fd = {0, POLLIN, 0};
    int ready = poll(&fd, 1, 100);
    if (ready < 0 && errno != EINTR) return -1;
    if (ready > 0) {
      ssize_t n = read(0, byte, 1);
      if (n < 0 && errno == EINTR) continue;
      return n < 0 ? -1 : (int)n;
    }
    waited += 100;
    if (timeout_ms >= 0 && waited >= timeout_ms) return -2;
  }
}

// libedit's character reader (EL_GETCFN): UTF-8 decoded, paste marks taken out.
static inline int kaito_edit_getc(EditLine *el, wchar_t *out) {
  (void)el;
  kaito_edit_state *s = kaito_edit_shared();
  for (;;) {
    unsigned char c;
    int n = kaito_edit_byte(&c, -1);
    if (n <= 0) return n;
    if (c == 0x1B) {
      // ESC [ 2 0 0 ~ opens a paste, ESC [ 2 0 1 ~ closes it; anything else goes on as typed.
      unsigned char seq[5];
      int got = 0;
      while (got < 5 && kaito_edit_byte(&seq[got], 50) == 1) {
        got++;
        if (memcmp(seq, "[200~", (size_t)got) != 0 && memcmp(seq, "[201~", (size_t)got) != 0) break;
      }
      if (got == 5 && memcmp(seq, "[200~", 5) == 0) { s->paste_began = 1; continue; }
      if (got == 5 && memcmp(seq, "[201~", 5) == 0) { s->paste_ended = 1; continue; }
      memcpy(s->pending + s->pending_count, seq, (size_t)got);
      s->pending_count += got;
      *out = 0x1B;
      return 1;
    }
    int more = c < 0x80 ? 0 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
    wchar_t value = more == 0 ? c : more == 1 ? (c & 0x1F) : more == 2 ? (c & 0x0F) : (c & 0x07);
    for (int i = 0; i < more; i++) {
      unsigned char next;
      if (kaito_edit_byte(&next, 1000) != 1) break;
      value = (value << 6) | (next & 0x3F);
    }
    *out = value;
    return 1;
  }
}

static inline char *kaito_edit_prompt(EditLine *el) { (void)el; return kaito_edit_shared()->prompt; }

/// Whether libedit could be loaded.
static inline int kaito_edit_available(void) { return kaito_edit()->state == 1; }

/// An editor on the terminal (stdin; prompts and echo on stderr) with emacs keys, Ctrl-R search
/// and `size` lines of history.
static inline EditLine *kaito_edit_open(const char *program, History **history, int size, int (*should_stop)(void)) {
  kaito_edit_api *api = kaito_edit();
  kaito_edit_shared()->should_stop = should_stop;
  EditLine *el = api->el_init(program, stdin, stderr, stderr);
  if (!el) return NULL;
  *history = api->history_init();
  HistEvent event;
  api->history(*history, &event, H_SETSIZE, size);
  api->history(*history, &event, H_SETUNIQUE, 1);
  api->el_set(el, EL_EDITOR, "emacs");
  api->el_set(el, EL_PROMPT, kaito_edit_prompt);
  api->el_set(el, EL_HIST, api->history, *history);
  api->el_set(el, EL_GETCFN, kaito_edit_getc);
  api->el_set(el, EL_BIND, "^R", "em-inc-search-prev", NULL);
  api->el_set(el, EL_BIND, "^W", "ed-delete-prev-word", NULL);
  return el;
}

/// One line (with its newline), or NULL at the end of input or on a Ctrl-C (`interrupted`).
static inline const char *kaito_edit_line(EditLine *el, const char *prompt) {
  kaito_edit_state *s = kaito_edit_shared();
  strncpy(s->prompt, prompt, sizeof s->prompt - 1);
  s->interrupted = 0;
  s->paste_began = 0;
  s->paste_ended = 0;
  int count = 0;
  const char *line = kaito_edit()->el_gets(el, &count);
  if (s->interrupted) kaito_edit()->el_reset(el);
  return count > 0 ? line : NULL;
}

static inline int kaito_edit_interrupted(void) { return kaito_edit_shared()->interrupted; }
static inline int kaito_edit_paste_began(void) { return kaito_edit_shared()->paste_began; }
static inline int kaito_edit_paste_ended(void) { return kaito_edit_shared()->paste_ended; }

static inline void kaito_edit_remember(History *history, const char *line) {
  HistEvent event;
  kaito_edit()->history(history, &event, H_ENTER, line);
}
static inline int kaito_edit_load(History *history, const char *file) {
  HistEvent event;
  return kaito_edit()->history(history, &event, H_LOAD, file);
}
static inline int kaito_edit_save(History *history, const char *file) {
  HistEvent event;
  return kaito_edit()->history(history, &event, H_SAVE, file);
}
static inline void kaito_edit_close(EditLine *el, History *history) {
  kaito_edit()->el_end(el);
  kaito_edit()->history_end(history);
}
