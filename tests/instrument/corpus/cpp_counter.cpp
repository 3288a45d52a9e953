// expect: data_race
// std::thread: two threads add to a plain int through `total += n`, a lost update.
#include <cassert>
#include <thread>

namespace {
int total = 0;
void add(int n) { total += n; }
}  // namespace

int main() {
  std::thread a(add, 3);
  std::thread b(add, 4);
  a.join();
  b.join();
  assert(total == 7);
  return 0;
}
