// A producer feeds jobs to two consumers through a blocking_queue and then tells them to stop
// with poison pills: a consumer that takes a pill ends. One pill for two consumers leaves one of
// them waiting forever for a job that never comes.
#include <braid/braid.hpp>

namespace {

constexpr int kPill = 0;  // jobs are positive numbers

void consume(braid::blocking_queue<int>& jobs, braid::atomic<int>& total) {
  for (int job = jobs.get(); job != kPill; job = jobs.get()) total.fetch_add(job);
}

void produce_and_stop(int pills) {
  braid::blocking_queue<int> jobs(0, "jobs");
  braid::atomic<int> total{0, "total"};
  jobs.put(5);  // the day's work, queued before the consumers start
  braid::thread c1([&] { consume(jobs, total); });
  braid::thread c2([&] { consume(jobs, total); });
  for (int i = 0; i < pills; ++i) jobs.put(kPill);
  c1.join();
  c2.join();
  BRAID_ASSERT(total.load() == 5);
}

}  // namespace

BRAID_TEST(poison_pills, one_pill) {
  produce_and_stop(1);  // wrong: two consumers need two pills
}

BRAID_TEST(poison_pills, pill_per_consumer) { produce_and_stop(2); }
