#include "checker/runtime/interrupt.hpp"

#include <signal.h>

#include <atomic>

namespace braid::rt {
namespace {

// why: a signal handler can only reach them through globals. Lock-free atomics are
// async-signal-safe.
std::atomic<int> g_stop{0};
std::atomic<pid_t> g_forward{0};
static_assert(std::atomic<int>::is_always_lock_free && std::atomic<pid_t>::is_always_lock_free);

void on_stop_signal(int sig) {
  int expected = 0;
  g_stop.compare_exchange_strong(expected, sig);
  if (pid_t pid = g_forward.load(); pid > 0) kill(pid, sig);
}

}  // namespace

void install_stop_handlers() {
  static bool installed = false;
  if (installed) return;
  installed = true;
  struct sigaction sa{};
  sa.sa_handler = on_stop_signal;
  sa.sa_flags = SA_RESTART;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

int stop_signal() { return g_stop.load(); }

void forward_stop_to(pid_t pid) {
  g_forward.store(pid);
  // why: a signal that came between fork() and here reached only this process.
  if (int sig = g_stop.load(); pid > 0 && sig != 0) kill(pid, sig);
}

void set_stop_signal(int sig) { g_stop.store(sig); }

}  // namespace braid::rt
