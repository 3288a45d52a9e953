// The allocator interposed on the program under `braid check` (see program_heap.hpp): a
// size-class arena in one reserved mapping, used from this library's first initialiser to main.
#include "checker/instrument/runtime/program_heap.hpp"

#include "checker/instrument/runtime/state.hpp"

#include <dlfcn.h>
#include <sys/mman.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define BRAID_PROGRAM_HEAP 0  // why: the sanitizer's runtime interposes malloc itself
#else
#define BRAID_PROGRAM_HEAP 1
#endif

extern "C" {
void* __libc_malloc(std::size_t n);
void* __libc_calloc(std::size_t n, std::size_t m);
void* __libc_realloc(void* p, std::size_t n);
void* __libc_memalign(std::size_t align, std::size_t n);
void __libc_free(void* p);
}

namespace braid::instrument::program_heap {
namespace {

constexpr std::size_t kReserve = std::size_t{1} << 36;  // address space only: NORESERVE, touched on use
constexpr std::size_t kHeader = 16;                     // keeps blocks 16-byte aligned
constexpr unsigned kClasses = 48;                       // class c: blocks of 16 << c bytes
constexpr std::uint64_t kUnpooled = ~std::uint64_t{0};  // an over-aligned block: never reused

struct Header {
  std::uint64_t size;  // usable bytes
  std::uint64_t cls;   // its size class, or kUnpooled
};

struct FreeBlock {
  FreeBlock* next;
};

// invariant: every block handed out lies in [base, top) right after its Header; a free block of
// class c is on bins[c]. The whole struct and [base, top) are the heap's state: restoring both
// restores the heap.
struct Arena {
  std::byte* base;
  std::byte* top;
  std::byte* limit;
  FreeBlock* bins[kClasses];
};

Arena g_arena{};
bool g_armed = false;   // under `braid check`: set by the initialiser below
bool g_sealed = false;  // main was reached
// why: a program's static constructors may start real threads before main.
std::atomic_flag g_lock = ATOMIC_FLAG_INIT;

class Locked {
 public:
  Locked() {
    while (g_lock.test_and_set(std::memory_order_acquire)) {
    }
  }
  ~Locked() { g_lock.clear(std::memory_order_release); }
  Locked(const Locked&) = delete;
  Locked& operator=(const Locked&) = delete;
};

bool serving() { return g_armed && !g_sealed; }

bool owns(const void* p) {
  const auto* b = static_cast<const std::byte*>(p);
  return g_arena.base != nullptr && b >= g_arena.base && b < g_arena.top;
}

Header* header_of(void* p) { return reinterpret_cast<Header*>(static_cast<std::byte*>(p) - kHeader); }

unsigned class_of(std::size_t n) {
  unsigned c = 0;
  while (c + 1 < kClasses && (std::size_t{16} << c) < n) ++c;
  return c;
}

bool reserve() {
  if (g_arena.base != nullptr) return true;
  void* m = mmap(nullptr, kReserve, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (m == MAP_FAILED) return false;
  g_arena.base = static_cast<std::byte*>(m);
  g_arena.top = g_arena.base;
  g_arena.limit = g_arena.base + kReserve;
  return true;
}

// A block of n bytes aligned to `align` (a power of two), or nullptr (the caller asks libc).
void* arena_alloc(std::size_t n, std::size_t align) {
  Locked lock;
  if (!reserve() || n > kReserve / 2) return nullptr;
  if (align <= kHeader) {
    const unsigned c = class_of(n);
    if (FreeBlock* f = g_arena.bins[c]) {
      g_arena.bins[c] = f->next;
      return f;
    }
    const std::size_t size = std::size_t{16} << c;
    if (g_arena.top + kHeader + size > g_arena.limit) return nullptr;
    auto* h = reinterpret_cast<Header*>(g_arena.top);
    *h = Header{size, c};
    g_arena.top += kHeader + size;
    return reinterpret_cast<std::byte*>(h) + kHeader;
  }
  auto at = reinterpret_cast<std::uintptr_t>(g_arena.top) + kHeader;
  at = (at + align - 1) & ~(std::uintptr_t{align} - 1);
  auto* block = reinterpret_cast<std::byte*>(at);
  const std::size_t size = (n + 15) & ~std::size_t{15};
  if (block + size > g_arena.limit) return nullptr;
  *header_of(block) = Header{size, kUnpooled};
  g_arena.top = block + size;
  return block;
}

void arena_free(void* p) {
  Locked lock;
  Header* h = header_of(p);
  if (h->cls == kUnpooled) return;
  auto* f = static_cast<FreeBlock*>(p);
  f->next = g_arena.bins[h->cls];
  g_arena.bins[h->cls] = f;
}

void* allocate(std::size_t n, std::size_t align) {
  if (serving()) {
    if (void* p = arena_alloc(n, align)) return p;
  }
  return align <= kHeader ? __libc_malloc(n) : __libc_memalign(align, n);
}

bool valid_alignment(std::size_t align) { return align != 0 && (align & (align - 1)) == 0; }

}  // namespace

void arm() {
  if (g_armed || g_sealed || BRAID_PROGRAM_HEAP == 0) return;
  const char* on = std::getenv("BRAID_CHECK");
  g_armed = on != nullptr && std::strcmp(on, "1") == 0;
}

bool enabled() { return BRAID_PROGRAM_HEAP != 0 && g_armed; }

void seal() { g_sealed = true; }

std::span<std::byte> state_bytes() {
  if (!enabled()) return {};
  return {reinterpret_cast<std::byte*>(&g_arena), sizeof g_arena};
}

std::span<std::byte> used_bytes() {
  if (!enabled() || g_arena.base == nullptr) return {};
  return {g_arena.base, static_cast<std::size_t>(g_arena.top - g_arena.base)};
}

}  // namespace braid::instrument::program_heap

#if BRAID_PROGRAM_HEAP
namespace heap = braid::instrument::program_heap;

// glibc's "replacing malloc" contract: malloc, free, calloc and realloc, and the aligned and
// size-query entry points, all replaced together; libc's own calls (strdup, fopen, ...) use them.
extern "C" {

std::size_t malloc_usable_size(void* p) noexcept;

void* malloc(std::size_t n) noexcept { return heap::allocate(n, 16); }

void free(void* p) noexcept {
  if (p == nullptr) return;
  if (braid::instrument::active() != nullptr) braid::instrument::released(p, malloc_usable_size(p));
  if (heap::owns(p)) {
    heap::arena_free(p);
  } else {
    __libc_free(p);
  }
}

void* calloc(std::size_t n, std::size_t m) noexcept {
  std::size_t bytes = 0;
  if (__builtin_mul_overflow(n, m, &bytes)) {
    errno = ENOMEM;
    return nullptr;
  }
  if (!heap::serving()) return __libc_calloc(n, m);
  void* p = heap::allocate(bytes, 16);
  if (p != nullptr) std::memset(p, 0, bytes);
  return p;
}

void* realloc(void* p, std::size_t n) noexcept {
  if (p == nullptr) return heap::allocate(n, 16);
  if (!heap::owns(p)) {
    const std::size_t old = braid::instrument::active() != nullptr ? malloc_usable_size(p) : 0;
    void* q = __libc_realloc(p, n);
    if (q != p) braid::instrument::released(p, old);  // moved: the old block is free
    return q;
  }
  if (n == 0) {
    free(p);
    return nullptr;
  }
  const heap::Header* h = heap::header_of(p);
  if (n <= h->size && h->cls != heap::kUnpooled) return p;
  void* q = heap::allocate(n, 16);
  if (q == nullptr) return nullptr;
  std::memcpy(q, p, n < h->size ? n : h->size);
  braid::instrument::released(p, h->size);
  heap::arena_free(p);
  return q;
}

void* reallocarray(void* p, std::size_t n, std::size_t m) noexcept {
  std::size_t bytes = 0;
  if (__builtin_mul_overflow(n, m, &bytes)) {
    errno = ENOMEM;
    return nullptr;
  }
  return realloc(p, bytes);
}

void* memalign(std::size_t align, std::size_t n) noexcept {
  return heap::allocate(n, heap::valid_alignment(align) ? align : 16);
}

void* aligned_alloc(std::size_t align, std::size_t n) noexcept { return memalign(align, n); }

int posix_memalign(void** out, std::size_t align, std::size_t n) noexcept {
  if (!heap::valid_alignment(align) || align % sizeof(void*) != 0) return EINVAL;
  void* p = heap::allocate(n, align);
  if (p == nullptr) return ENOMEM;
  *out = p;
  return 0;
}

void* valloc(std::size_t n) noexcept { return heap::allocate(n, 4096); }

void* pvalloc(std::size_t n) noexcept { return heap::allocate((n + 4095) & ~std::size_t{4095}, 4096); }

std::size_t malloc_usable_size(void* p) noexcept {
  if (p == nullptr) return 0;
  if (heap::owns(p)) return heap::header_of(p)->size;
  using Fn = std::size_t (*)(void*);
  static auto real = reinterpret_cast<Fn>(dlsym(RTLD_NEXT, "malloc_usable_size"));
  return real != nullptr ? real(p) : 0;
}

}  // extern "C"
#endif
