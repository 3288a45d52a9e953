// clang's ThreadSanitizer callbacks for atomic operations. They perform the operation (the
// instrumented code does not, and always with seq_cst: the model, not the hardware, decides what
// is ordered) and, inside an execution, make it a scheduling point on the object named by its
// address. It synchronises as its memory order says: a seq_cst one as braid::atomic does, a
// release store / acquire load as such, and a relaxed one only through its thread's fences
// (see detect/race_detector.hpp), so a flag published with memory_order_relaxed orders nothing.
#include <cstdint>

#include "checker/instrument/runtime/state.hpp"
#include "checker/instrument/runtime/tls.hpp"

namespace braid::instrument {
namespace {

// tsan's memory orders (__tsan_memory_order): 0 relaxed, 1 consume, 2 acquire, 3 release,
// 4 acq_rel, 5 seq_cst; as the event's value (rt::kNoAcquire, rt::kNoRelease).
std::int64_t order_of(int mo) {
  if (mo == 5) return 0;
  std::int64_t order = 0;
  if (mo != 1 && mo != 2 && mo != 4) order |= rt::kNoAcquire;
  if (mo != 3 && mo != 4) order |= rt::kNoRelease;
  return order;
}

void point(const volatile void* addr, detail::Access a, int mo, const void* pc) {
  rt::Execution* ex = active();
  // An atomic `__thread` variable is the running thread's own (tls.cpp): no other thread sees it.
  if (ex == nullptr || ex->thread_count() < 2 || in_thread_storage(const_cast<const void*>(addr))) return;
  Object& o = current_state()->object(const_cast<const void*>(addr), detail::ObjectKind::atomic);
  ex->atomic_access(o.handle, o.decl, a, site_at(pc), order_of(mo));
}

void fence(int mo, const void* pc) {
  rt::Execution* ex = active();
  if (ex == nullptr || ex->thread_count() < 2 || mo == 0) return;  // a relaxed fence orders nothing
  ex->fence(order_of(mo), site_at(pc));
}

constexpr int kSeq = __ATOMIC_SEQ_CST;

}  // namespace
}  // namespace braid::instrument

using braid::detail::Access;
using braid::instrument::fence;
using braid::instrument::kSeq;
using braid::instrument::point;

#define BRAID_PC __builtin_return_address(0)

// One family per width: T is the value type the pass uses (a8 .. a128).
#define BRAID_ATOMICS(N, T)                                                               \
  T __tsan_atomic##N##_load(const volatile T* a, int mo) {                                \
    point(a, Access::load, mo, BRAID_PC);                                                 \
    return __atomic_load_n(a, kSeq);                                                      \
  }                                                                                       \
  void __tsan_atomic##N##_store(volatile T* a, T v, int mo) {                             \
    point(a, Access::store, mo, BRAID_PC);                                                \
    __atomic_store_n(a, v, kSeq);                                                         \
  }                                                                                       \
  T __tsan_atomic##N##_exchange(volatile T* a, T v, int mo) {                             \
    point(a, Access::rmw, mo, BRAID_PC);                                                  \
    return __atomic_exchange_n(a, v, kSeq);                                               \
  }                                                                                       \
  T __tsan_atomic##N##_fetch_add(volatile T* a, T v, int mo) {                            \
    point(a, Access::rmw, mo, BRAID_PC);                                                  \
    return __atomic_fetch_add(a, v, kSeq);                                                \
  }                                                                                       \
  T __tsan_atomic##N##_fetch_sub(volatile T* a, T v, int mo) {                            \
    point(a, Access::rmw, mo, BRAID_PC);                                                  \
    return __atomic_fetch_sub(a, v, kSeq);                                                \
  }                                                                                       \
  T __tsan_atomic##N##_fetch_and(volatile T* a, T v, int mo) {                            \
    point(a, Access::rmw, mo, BRAID_PC);                                                  \
    return __atomic_fetch_and(a, v, kSeq);                                                \
  }                                                                                       \
  T __tsan_atomic##N##_fetch_or(volatile T* a, T v, int mo) {                             \
    point(a, Access::rmw, mo, BRAID_PC);                                                  \
    return __atomic_fetch_or(a, v, kSeq);                                                 \
  }                                                                                       \
  T __tsan_atomic##N##_fetch_xor(volatile T* a, T v, int mo) {                            \
    point(a, Access::rmw, mo, BRAID_PC);                                                  \
    return __atomic_fetch_xor(a, v, kSeq);                                                \
  }                                                                                       \
  T __tsan_atomic##N##_fetch_nand(volatile T* a, T v, int mo) {                           \
    point(a, Access::rmw, mo, BRAID_PC);                                                  \
    return __atomic_fetch_nand(a, v, kSeq);                                               \
  }                                                                                       \
  int __tsan_atomic##N##_compare_exchange_strong(volatile T* a, T* c, T v, int mo, int) { \
    point(a, Access::rmw, mo, BRAID_PC);                                                  \
    return __atomic_compare_exchange_n(a, c, v, false, kSeq, kSeq) ? 1 : 0;               \
  }                                                                                       \
  int __tsan_atomic##N##_compare_exchange_weak(volatile T* a, T* c, T v, int mo, int) {   \
    point(a, Access::rmw, mo, BRAID_PC);                                                  \
    return __atomic_compare_exchange_n(a, c, v, false, kSeq, kSeq) ? 1 : 0;               \
  }                                                                                       \
  T __tsan_atomic##N##_compare_exchange_val(volatile T* a, T c, T v, int mo, int) {       \
    point(a, Access::rmw, mo, BRAID_PC);                                                  \
    __atomic_compare_exchange_n(a, &c, v, false, kSeq, kSeq);                             \
    return c;                                                                             \
  }

extern "C" {

BRAID_ATOMICS(8, std::uint8_t)
BRAID_ATOMICS(16, std::uint16_t)
BRAID_ATOMICS(32, std::uint32_t)
BRAID_ATOMICS(64, std::uint64_t)
BRAID_ATOMICS(128, unsigned __int128)

// A fence orders what its thread's relaxed accesses read and write (see fence()).
void __tsan_atomic_thread_fence(int mo) {
  fence(mo, BRAID_PC);
  __atomic_thread_fence(kSeq);
}
void __tsan_atomic_signal_fence(int) { __atomic_signal_fence(kSeq); }

}  // extern "C"
