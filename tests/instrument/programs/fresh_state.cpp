// Every execution starts from the program's state at main: its globals, the heap objects its
// static constructors made, main's thread-locals. Each execution changes all of them; an
// execution that saw another's changes would fail the first assertions. why not static: the
// optimiser may turn an internal global only main uses into main's local, and an internal
// pointer set once by malloc into a global of its own, and the test would then prove nothing.
#include <pthread.h>

#include <cassert>
#include <cstdlib>
#include <string>
#include <vector>

int runs;                                 // .bss
int seeded = 7;                           // .data
std::vector<int> made_before_main(3, 0);  // a heap block from a static constructor
std::string text = "made before main, long enough to live on the heap";
int* boxed = [] {
  auto* p = static_cast<int*>(std::malloc(sizeof(int)));
  *p = 0;
  return p;
}();
thread_local int mine;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void* worker(void*) {
  pthread_mutex_lock(&lock);
  made_before_main.push_back(1);  // grows the vector: a new block, the old one freed
  made_before_main[0]++;
  ++*boxed;
  text += "!";
  pthread_mutex_unlock(&lock);
  return nullptr;
}

int main() {
  assert(runs == 0 && seeded == 7 && mine == 0);
  assert(made_before_main.size() == 3 && made_before_main[0] == 0);
  assert(*boxed == 0 && text.back() == 'p');
  runs++;
  seeded++;
  mine++;
  pthread_t a, b;
  pthread_create(&a, nullptr, worker, nullptr);
  pthread_create(&b, nullptr, worker, nullptr);
  pthread_join(a, nullptr);
  pthread_join(b, nullptr);
  assert(made_before_main.size() == 5 && made_before_main[0] == 2 && *boxed == 2);
  return 0;
}
