// std::thread and std::mutex: a bank account whose deposits hold the lock (passes), and an
// audit that reads the balance without it (a data race).
#include <cassert>
#include <cstring>
#include <mutex>
#include <thread>

struct Account {
  std::mutex m;
  long balance = 100;
  void deposit(long n) {
    std::lock_guard<std::mutex> g(m);
    balance += n;
  }
  long unlocked_read() const { return balance; }
};

int main(int argc, char** argv) {
  const bool racy = argc > 1 && std::strcmp(argv[1], "racy") == 0;
  Account acc;
  long seen = 0;
  std::thread a([&] { acc.deposit(10); });
  std::thread b([&] {
    if (racy) {
      seen = acc.unlocked_read();
    } else {
      acc.deposit(20);
    }
  });
  a.join();
  b.join();
  assert(racy || acc.balance == 130);
  return seen < 0 ? 1 : 0;
}
