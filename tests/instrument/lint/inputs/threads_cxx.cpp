// C++ threads: std::thread started in a loop on a function that formats the time with
// std::localtime (one static struct tm for the process), a std::jthread on a lambda that returns
// a static buffer's address, a counter always under a std::lock_guard (clean), a cache read under a
// std::unique_lock but cleared without it, and two mutexes that report and reset take in
// opposite orders.
#include <ctime>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

std::mutex counter_mutex;
long counter = 0;

std::mutex cache_mutex;
std::vector<std::string> cache;

std::mutex first, second;

std::string stamp() {
  std::time_t now = std::time(nullptr);
  std::tm* parts = std::localtime(&now);  // expect: nonreentrant "calls localtime" "reachable from thread entries" "report (x2)"
  char text[32];
  std::strftime(text, sizeof text, "%H:%M:%S", parts);
  return text;
}

char* scratch() {
  static char buffer[16];
  return buffer;  // expect: nonreentrant "returns a pointer to static buffer" "lambda at"
}

void report() {
  {
    std::lock_guard<std::mutex> guard(counter_mutex);
    ++counter;
  }
  std::unique_lock<std::mutex> hold(cache_mutex);
  cache.push_back(stamp());
  hold.unlock();
  std::lock_guard<std::mutex> outer(first);
  std::lock_guard<std::mutex> inner(second);  // expect: lock-order "lock order cycle" "report takes"
}

void reset() {
  cache.clear();  // expect: mixed-locking "cache is written here in" "reset with no lock held"
  std::lock_guard<std::mutex> outer(second);
  std::lock_guard<std::mutex> inner(first);
}

}  // namespace

int main() {
  std::vector<std::thread> pool;
  for (int i = 0; i < 4; ++i) pool.emplace_back(report);
  std::thread cleaner(reset);
  std::jthread a([] { scratch()[0] = 'a'; });
  std::jthread b([] { scratch()[0] = 'b'; });
  for (auto& t : pool) t.join();
  cleaner.join();
  return static_cast<int>(counter);
}
