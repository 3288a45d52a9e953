// expect: pass
// C11 <threads.h> hand-off: a producer fills a one-slot box under mtx_t and signals cnd_t; the
// consumer waits in a predicate loop. call_once initialises the pair.
#include <assert.h>
#include <stddef.h>
#include <threads.h>

static mtx_t box_lock;
static cnd_t box_changed;
static once_flag box_once = ONCE_FLAG_INIT;
static int box;
static int full;

static void box_init(void) {
  mtx_init(&box_lock, mtx_plain);
  cnd_init(&box_changed);
}

static int producer(void* arg) {
  (void)arg;
  call_once(&box_once, box_init);
  mtx_lock(&box_lock);
  box = 5;
  full = 1;
  cnd_signal(&box_changed);
  mtx_unlock(&box_lock);
  return 0;
}

int main(void) {
  thrd_t t;
  call_once(&box_once, box_init);
  thrd_create(&t, producer, NULL);
  mtx_lock(&box_lock);
  while (!full) cnd_wait(&box_changed, &box_lock);
  assert(box == 5);
  mtx_unlock(&box_lock);
  thrd_join(t, NULL);
  cnd_destroy(&box_changed);
  mtx_destroy(&box_lock);
  return 0;
}
