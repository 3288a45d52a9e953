// clang's ThreadSanitizer callbacks for plain memory accesses (compiled with `braid cc`). Inside
// an execution each access is a scheduling point on the object named by its address and is
// race-checked like braid::var; outside one (before main, in the parent, with one thread only)
// it does nothing: the instrumented code performs the access itself, after the callback.
#include <cstddef>
#include <cstring>

#include "checker/instrument/runtime/nonreentrant.hpp"
#include "checker/instrument/runtime/program_heap.hpp"
#include "checker/instrument/runtime/state.hpp"
#include "checker/instrument/runtime/tls.hpp"

namespace braid::instrument {
namespace {

// why: while the execution has one thread, nothing can race with it, and everything it does
// happens before the threads it starts: skipping these points keeps single-threaded start-up
// code (often most of a program's accesses) from costing a scheduling point each.
void access(const void* addr, bool write, const void* pc) {
  rt::Execution* ex = active();
  // A `__thread` variable (or errno) is the running thread's own (tls.cpp): nothing to race with.
  if (ex == nullptr || ex->thread_count() < 2 || in_thread_storage(addr)) return;
  Object& o = current_state()->object(addr, detail::ObjectKind::var);
  ex->var_access(o.handle, o.decl, write, site_at(pc));
}

}  // namespace
}  // namespace braid::instrument

using braid::instrument::access;

#define BRAID_PC __builtin_return_address(0)

extern "C" {

void __tsan_init() { braid::instrument::program_heap::arm(); }
void __tsan_func_entry(void* caller_pc) { braid::instrument::enter_function(BRAID_PC, caller_pc); }
void __tsan_func_exit() { braid::instrument::exit_function(); }
void __tsan_ignore_thread_begin() {}
void __tsan_ignore_thread_end() {}

void __tsan_read1(void* a) { access(a, false, BRAID_PC); }
void __tsan_read2(void* a) { access(a, false, BRAID_PC); }
void __tsan_read4(void* a) { access(a, false, BRAID_PC); }
void __tsan_read8(void* a) { access(a, false, BRAID_PC); }
void __tsan_read16(void* a) { access(a, false, BRAID_PC); }
void __tsan_write1(void* a) { access(a, true, BRAID_PC); }
void __tsan_write2(void* a) { access(a, true, BRAID_PC); }
void __tsan_write4(void* a) { access(a, true, BRAID_PC); }
void __tsan_write8(void* a) { access(a, true, BRAID_PC); }
void __tsan_write16(void* a) { access(a, true, BRAID_PC); }
void __tsan_unaligned_read2(const void* a) { access(a, false, BRAID_PC); }
void __tsan_unaligned_read4(const void* a) { access(a, false, BRAID_PC); }
void __tsan_unaligned_read8(const void* a) { access(a, false, BRAID_PC); }
void __tsan_unaligned_read16(const void* a) { access(a, false, BRAID_PC); }
void __tsan_unaligned_write2(void* a) { access(a, true, BRAID_PC); }
void __tsan_unaligned_write4(void* a) { access(a, true, BRAID_PC); }
void __tsan_unaligned_write8(void* a) { access(a, true, BRAID_PC); }
void __tsan_unaligned_write16(void* a) { access(a, true, BRAID_PC); }
// Ranges are checked at their first byte only (docs/how-to/unmodified-programs.md).
void __tsan_read_range(void* a, unsigned long size) {
  if (size != 0) access(a, false, BRAID_PC);
}
void __tsan_write_range(void* a, unsigned long size) {
  if (size != 0) access(a, true, BRAID_PC);
}
void __tsan_vptr_read(void** p) { access(p, false, BRAID_PC); }
void __tsan_vptr_update(void** p, void* v) {
  if (*p != v) access(p, true, BRAID_PC);
}

// memcpy / memmove / memset intrinsics: the pass turns them into these calls, which must do the
// work as well.
void* __tsan_memcpy(void* dst, const void* src, std::size_t n) {
  if (n != 0) {
    access(src, false, BRAID_PC);
    access(dst, true, BRAID_PC);
  }
  return std::memcpy(dst, src, n);
}
void* __tsan_memmove(void* dst, const void* src, std::size_t n) {
  if (n != 0) {
    access(src, false, BRAID_PC);
    access(dst, true, BRAID_PC);
  }
  return std::memmove(dst, src, n);
}
void* __tsan_memset(void* dst, int c, std::size_t n) {
  if (n != 0) access(dst, true, BRAID_PC);
  return std::memset(dst, c, n);
}

}  // extern "C"
