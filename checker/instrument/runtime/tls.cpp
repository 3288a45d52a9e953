// `__thread` / `thread_local` and errno per modelled thread (see tls.hpp). The program's static
// TLS block lives at one address on the OS thread, and the code reaches it through that address
// (%fs-relative), so each modelled thread keeps a copy of the block's contents and a fiber switch
// swaps them: the leaving thread's contents are saved, the arriving thread's restored. A thread
// starts with the segment's image (.tdata, then zeros for .tbss), as a new pthread does; main
// (thread 0) starts with the OS thread's own contents, as the program's main thread would.
//
// invariant: when an execution ends (or stops on a bug), the OS thread's block and errno hold
// exactly what they held when it started: the runner's contents are saved at the execution's
// first switch and restored at its last (the hook sees both: rt::SwitchHook).
//
// Only the executable's block is per modelled thread: shared libraries' TLS (libstdc++'s,
// another instrumented library's) stays shared. Executions of a program run on one OS thread at
// a time (`braid check` refuses --jobs for programs), so this state is the process's.
#include "checker/instrument/runtime/tls.hpp"

#include <errno.h>
#include <link.h>

#include <array>
#include <cstring>
#include <utility>
#include <vector>

#include "checker/instrument/runtime/real.hpp"
#include "checker/instrument/runtime/state.hpp"

extern "C" int __cxa_thread_atexit_impl(void (*dtor)(void*), void* obj, void* dso_symbol);

namespace braid::instrument {

ThreadStorage g_thread_storage;

namespace {

constexpr std::size_t kSlots = rt::kRunnerSlot + 1;  // the modelled threads and the runner

// The executable's PT_TLS segment and this OS thread's instance of it.
struct TlsSegment {
  const std::byte* image = nullptr;  // p_filesz bytes of .tdata; the rest up to p_memsz is zeros
  std::size_t filesz = 0;
  std::size_t memsz = 0;
  std::byte* block = nullptr;  // dlpi_tls_data: the calling thread's instance
};

int find_segment(dl_phdr_info* info, std::size_t /*size*/, void* data) {
  auto* seg = static_cast<TlsSegment*>(data);
  for (ElfW(Half) i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr)& ph = info->dlpi_phdr[i];
    if (ph.p_type != PT_TLS) continue;
    seg->image = reinterpret_cast<const std::byte*>(info->dlpi_addr + ph.p_vaddr);
    seg->filesz = ph.p_filesz;
    seg->memsz = ph.p_memsz;
    seg->block = static_cast<std::byte*>(info->dlpi_tls_data);
  }
  return 1;  // why stop at once: dl_iterate_phdr reports the executable first
}

using Destructor = std::pair<void (*)(void*), void*>;

class Switcher {
 public:
  // The execution's first switch (from the runner): find the block, save the runner's contents.
  void begin_execution() {
    if (!located_) locate();
    for (std::vector<Destructor>& d : destructors_) d.clear();  // main's from the last execution
  }

  void save(const rt::Execution& ex, rt::ThreadId from) {
    errno_[from] = errno;
    if (segment_.memsz == 0 || (from != rt::kRunnerSlot && ex.thread(from).finished)) return;
    std::memcpy(copy(from), segment_.block, segment_.memsz);
  }

  void load(const rt::Execution& ex, rt::ThreadId to) {
    if (to == rt::kRunnerSlot || ex.thread(to).started) {
      if (segment_.memsz != 0) std::memcpy(segment_.block, copy(to), segment_.memsz);
      errno = errno_[to];
    } else if (to != 0) {  // a new thread; main starts with the OS thread's contents, in place
      if (segment_.memsz != 0) {
        std::memcpy(segment_.block, segment_.image, segment_.filesz);
        std::memset(segment_.block + segment_.filesz, 0, segment_.memsz - segment_.filesz);
      }
      errno = 0;
    }
  }

  std::vector<Destructor>& destructors(rt::ThreadId t) { return destructors_[t]; }

 private:
  void locate() {
    located_ = true;
    dl_iterate_phdr(find_segment, &segment_);
    if (segment_.block == nullptr) segment_.memsz = 0;  // no TLS segment (or none allocated)
    stride_ = (segment_.memsz + 15) & ~std::size_t{15};
    copies_.resize(stride_ * kSlots);
    auto begin = reinterpret_cast<std::uintptr_t>(segment_.block);
    g_thread_storage = ThreadStorage{begin, begin + segment_.memsz, &errno};
  }

  std::byte* copy(rt::ThreadId t) { return copies_.data() + stride_ * t; }

  bool located_ = false;
  TlsSegment segment_;
  std::size_t stride_ = 0;
  std::vector<std::byte> copies_;  // one block's contents per slot, stride_ apart
  std::array<int, kSlots> errno_{};
  std::array<std::vector<Destructor>, rt::kMaxThreads> destructors_;
};

Switcher& switcher() {
  static Switcher s;
  return s;
}

void on_switch(void* /*context*/, const rt::Execution& ex, rt::ThreadId from, rt::ThreadId to) {
  Switcher& s = switcher();
  if (from == rt::kRunnerSlot) s.begin_execution();
  s.save(ex, from);
  s.load(ex, to);
}

// why a constructor: the hook must be in place before the first execution starts, and costs
// nothing while none runs (a program run without `braid check` never switches fibers).
[[gnu::constructor]] void install_switch_hook() { rt::Execution::set_switch_hook(on_switch, nullptr); }

}  // namespace

void run_thread_local_destructors(rt::Execution& ex) {
  std::vector<Destructor>& list = switcher().destructors(ex.current_thread());
  // A destructor may construct (and register) another thread_local: take them one at a time.
  while (!list.empty()) {
    Destructor d = list.back();
    list.pop_back();
    d.first(d.second);
  }
}

}  // namespace braid::instrument

// libstdc++'s __cxa_thread_atexit (called for every thread_local with a destructor) registers it
// here. Inside an execution the destructor belongs to the modelled thread that constructed the
// object; threads.cpp runs them at its end. main's are dropped with its execution (a forked child
// or a reused process never runs them on the OS thread, whose block no longer holds the object).
extern "C" int __cxa_thread_atexit_impl(void (*dtor)(void*), void* obj, void* dso_symbol) {
  namespace bi = braid::instrument;
  braid::rt::Execution* ex = bi::active();
  if (ex == nullptr) return BRAID_REAL(__cxa_thread_atexit_impl)(dtor, obj, dso_symbol);
  bi::switcher().destructors(ex->current_thread()).emplace_back(dtor, obj);
  return 0;
}
