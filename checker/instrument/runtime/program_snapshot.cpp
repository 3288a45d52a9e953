#include "checker/instrument/runtime/program_snapshot.hpp"

#include <dirent.h>
#include <link.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <span>

#include "checker/instrument/runtime/program_heap.hpp"

namespace braid::instrument {
namespace {

struct Segment {
  std::uintptr_t begin;
  std::uintptr_t end;
};

// The executable's writable segments, its read-only-after-relocation range and its TLS block.
struct Image {
  std::vector<Segment> writable;
  Segment relro{0, 0};
  std::byte* tls = nullptr;
  std::size_t tls_size = 0;
};

int read_executable(dl_phdr_info* info, std::size_t /*size*/, void* out) {
  auto& image = *static_cast<Image*>(out);
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr)& ph = info->dlpi_phdr[i];
    const std::uintptr_t begin = info->dlpi_addr + ph.p_vaddr;
    if (ph.p_type == PT_LOAD && (ph.p_flags & PF_W) != 0) image.writable.push_back({begin, begin + ph.p_memsz});
    if (ph.p_type == PT_GNU_RELRO) image.relro = {begin, begin + ph.p_memsz};
    if (ph.p_type == PT_TLS) image.tls_size = ph.p_memsz;
  }
  image.tls = static_cast<std::byte*>(info->dlpi_tls_data);
  return 1;  // why: the first object reported is the executable; the libraries are not the program's
}

// [s.begin, s.end) without the pages RELRO protects (the loader protects whole pages, rounding
// the range's end down).
std::vector<Segment> minus_relro(const Segment& s, const Segment& relro) {
  const auto page = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
  const std::uintptr_t lo = relro.begin & ~(page - 1);
  const std::uintptr_t hi = relro.end & ~(page - 1);
  if (hi <= lo || hi <= s.begin || lo >= s.end) return {s};
  std::vector<Segment> out;
  if (s.begin < lo) out.push_back({s.begin, lo});
  if (hi < s.end) out.push_back({hi, s.end});
  return out;
}

// The highest file descriptor open now (-1: none could be read).
int highest_open_fd() {
  int highest = -1;
  if (DIR* d = opendir("/proc/self/fd")) {
    while (dirent* e = readdir(d)) {
      const int fd = std::atoi(e->d_name);
      if (e->d_name[0] != '.' && fd != dirfd(d)) highest = std::max(highest, fd);
    }
    closedir(d);
  }
  return highest;
}

}  // namespace

void ProgramSnapshot::keep(std::byte* at, std::size_t n) {
  if (at == nullptr || n == 0) return;
  ranges_.push_back(Range{at, std::vector<std::byte>(at, at + n)});
}

bool ProgramSnapshot::take() {
  ranges_.clear();
  if (!program_heap::enabled()) return false;
  highest_fd_ = highest_open_fd();
  Image image;
  dl_iterate_phdr(read_executable, &image);
  for (const Segment& s : image.writable) {
    for (const Segment& part : minus_relro(s, image.relro)) {
      keep(reinterpret_cast<std::byte*>(part.begin), part.end - part.begin);
    }
  }
  keep(image.tls, image.tls_size);
  std::span<std::byte> state = program_heap::state_bytes();
  keep(state.data(), state.size());
  std::span<std::byte> used = program_heap::used_bytes();
  keep(used.data(), used.size());
  return true;
}

void ProgramSnapshot::restore() const {
  for (const Range& r : ranges_) std::memcpy(r.at, r.saved.data(), r.saved.size());
  // Files the execution opened and left open (their FILEs, if any, are unreachable now).
  if (highest_fd_ >= 0) close_range(static_cast<unsigned>(highest_fd_) + 1, ~0U, 0);
}

std::size_t ProgramSnapshot::bytes() const {
  std::size_t n = 0;
  for (const Range& r : ranges_) n += r.saved.size();
  return n;
}

}  // namespace braid::instrument
