// Thread-local storage per modelled thread. Modelled threads are fibers on one OS thread, so they
// share that thread's `__thread` / `thread_local` variables and errno; tls.cpp gives each its own
// copy of the program's static TLS block (the executable's PT_TLS segment) and of errno, swapped
// in and out on every fiber switch (rt::SwitchHook), and runs each thread's C++ thread_local
// destructors at its end.
#pragma once

#include <cstddef>
#include <cstdint>

#include "checker/runtime/execution.hpp"

namespace braid::instrument {

// The program's static TLS block on the OS thread that runs executions: [begin, end).
struct TlsRange {
  std::uintptr_t begin = 0;
  std::uintptr_t end = 0;
};
extern TlsRange g_static_tls;

// Whether `addr` is in the program's static TLS block: a modelled thread's own variable, which
// no other thread can see (its copy is swapped out while others run), so not a shared object.
inline bool in_static_tls(const void* addr) {
  auto a = reinterpret_cast<std::uintptr_t>(addr);
  return a - g_static_tls.begin < g_static_tls.end - g_static_tls.begin;
}

// Runs the destructors of the calling modelled thread's C++ thread_local objects (registered
// with __cxa_thread_atexit), last constructed first, on that thread at the end of its body.
void run_thread_local_destructors(rt::Execution& ex);

}  // namespace braid::instrument
