// Tasks on a thread_pool count words into one shared map, and so does the thread that submits
// them, with its own share of the words, while the pool works. Without a lock the map is read and
// written by two threads at once; with a braid::mutex around each update they take turns.
#include <braid/braid.hpp>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace {

using Counts = std::map<std::string, int>;

struct WordCount {
  braid::var<Counts> counts{Counts{}, "counts"};
  braid::mutex m{"m"};
  bool locked = false;

  void add(const std::string& word) {
    std::unique_lock<braid::mutex> lock(m, std::defer_lock);
    if (locked) lock.lock();
    Counts c = counts.get();
    ++c[word];
    counts.set(std::move(c));
  }
};

void count_words(bool locked) {
  WordCount wc;
  wc.locked = locked;
  braid::thread_pool pool(2, "pool");
  std::vector<braid::future<void>> done;
  for (const char* word : {"red", "blue"}) done.push_back(pool.submit([&wc, word] { wc.add(word); }));
  wc.add("green");  // the caller's own share, while the pool works
  for (braid::future<void>& f : done) f.get();
  BRAID_ASSERT(wc.counts.get().size() == 3);
}

}  // namespace

BRAID_TEST(pool_shared_map, unlocked) { count_words(false); }

BRAID_TEST(pool_shared_map, locked) { count_words(true); }
