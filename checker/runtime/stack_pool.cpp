#include "checker/runtime/stack_pool.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <new>

namespace braid::rt {

StackPool::StackPool(std::size_t stack_size) : page_(static_cast<std::size_t>(sysconf(_SC_PAGESIZE))) {
  size_ = (stack_size + page_ - 1) / page_ * page_;
}

StackPool::~StackPool() {
  for (const Mapping& m : maps_) munmap(m.base, m.bytes);
}

boost::context::stack_context StackPool::get(std::size_t i) {
  while (maps_.size() <= i) {
    std::size_t bytes = size_ + page_;
    void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (p == MAP_FAILED) throw std::bad_alloc();
    mprotect(p, page_, PROT_NONE);
    maps_.push_back(Mapping{static_cast<char*>(p), bytes});
  }
  boost::context::stack_context sc;
  sc.size = size_;
  sc.sp = maps_[i].base + maps_[i].bytes;  // stacks grow down from the top
  return sc;
}

bool StackPool::in_guard_page(const void* addr) const {
  const char* a = static_cast<const char*>(addr);
  for (const Mapping& m : maps_) {
    if (a >= m.base && a < m.base + page_) return true;
  }
  return false;
}

}  // namespace braid::rt
