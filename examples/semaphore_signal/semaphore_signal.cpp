// A producer hands a value to a consumer and signals it with a semaphore that starts at 0: the
// consumer's acquire waits for the producer's release. Signalling before writing lets the
// consumer read the value while the producer is still writing it.
#include <braid/braid.hpp>

namespace {

struct Handoff {
  braid::binary_semaphore ready{0, "ready"};
  braid::var<int> data{0, "data"};
};

int consume(Handoff& h) {
  h.ready.acquire();
  return h.data;
}

}  // namespace

BRAID_TEST(semaphore_signal, signal_before_write) {
  Handoff h;
  int got = 0;
  braid::thread consumer([&] { got = consume(h); });
  braid::thread producer([&] {
    h.ready.release();  // wrong: signals before the data is there
    h.data = 42;
  });
  producer.join();
  consumer.join();
  BRAID_ASSERT(got == 42);
}

BRAID_TEST(semaphore_signal, write_then_signal) {
  Handoff h;
  int got = 0;
  braid::thread consumer([&] { got = consume(h); });
  braid::thread producer([&] {
    h.data = 42;
    h.ready.release();
  });
  producer.join();
  consumer.join();
  BRAID_ASSERT(got == 42);
}
