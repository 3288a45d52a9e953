// Two threads transfer between two accounts, each taking the two account locks. When they take
// them in opposite orders, each can hold one lock and wait for the other: a deadlock. Taking the
// locks in one global order (here: by account) removes it.
#include <braid/braid.hpp>
#include <mutex>

namespace {

struct Account {
  braid::mutex lock;
  braid::var<int> balance;
  Account(const char* name, int initial) : lock(name), balance(initial, name) {}
};

void transfer(Account& from, Account& to, int amount) {
  std::lock_guard<braid::mutex> hold_from(from.lock);
  std::lock_guard<braid::mutex> hold_to(to.lock);
  from.balance = from.balance - amount;
  to.balance = to.balance + amount;
}

void ordered_transfer(Account& from, Account& to, int amount, bool from_first) {
  Account& first = from_first ? from : to;
  Account& second = from_first ? to : from;
  std::lock_guard<braid::mutex> hold_first(first.lock);
  std::lock_guard<braid::mutex> hold_second(second.lock);
  from.balance = from.balance - amount;
  to.balance = to.balance + amount;
}

}  // namespace

BRAID_TEST(lock_order, inverted) {
  Account checking("checking", 100);
  Account savings("savings", 100);
  braid::thread pay([&] { transfer(checking, savings, 10); });
  braid::thread refund([&] { transfer(savings, checking, 10); });
  pay.join();
  refund.join();
  BRAID_ASSERT(checking.balance + savings.balance == 200);
}

BRAID_TEST(lock_order, ordered) {
  Account checking("checking", 100);
  Account savings("savings", 100);
  // Both threads lock checking before savings, whichever way the money goes.
  braid::thread pay([&] { ordered_transfer(checking, savings, 10, true); });
  braid::thread refund([&] { ordered_transfer(savings, checking, 10, false); });
  pay.join();
  refund.join();
  BRAID_ASSERT(checking.balance + savings.balance == 200);
}
