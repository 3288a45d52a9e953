// A shared bank balance updated by two threads. The racy version reads and writes the balance
// with no lock: a data race, and (explored further) a lost update. The locked version holds a
// mutex around each update.
#include <braid/braid.hpp>
#include <mutex>

namespace {

void deposit_then_withdraw(braid::var<int>& balance, int amount) {
  balance = balance + amount;
  balance = balance - amount;
}

void locked_deposit_then_withdraw(braid::mutex& m, braid::var<int>& balance, int amount) {
  {
    std::lock_guard<braid::mutex> guard(m);
    balance = balance + amount;
  }
  std::lock_guard<braid::mutex> guard(m);
  balance = balance - amount;
}

}  // namespace

BRAID_TEST(bank_account, racy) {
  braid::var<int> balance{100, "balance"};
  braid::thread alice([&] { deposit_then_withdraw(balance, 10); });
  braid::thread bob([&] { deposit_then_withdraw(balance, 20); });
  alice.join();
  bob.join();
  BRAID_ASSERT(balance == 100);
}

BRAID_TEST(bank_account, locked) {
  braid::mutex m{"balance_mutex"};
  braid::var<int> balance{100, "balance"};
  braid::thread alice([&] { locked_deposit_then_withdraw(m, balance, 10); });
  braid::thread bob([&] { locked_deposit_then_withdraw(m, balance, 20); });
  alice.join();
  bob.join();
  BRAID_ASSERT(balance == 100);
}
