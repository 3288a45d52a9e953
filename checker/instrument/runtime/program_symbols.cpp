#include "checker/instrument/runtime/program_symbols.hpp"

#include <elf.h>
#include <link.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <iterator>

namespace braid::instrument {
namespace {

// The main program's load bias: glibc lists it first.
int first_bias(dl_phdr_info* info, std::size_t, void* data) {
  *static_cast<std::uintptr_t*>(data) = info->dlpi_addr;
  return 1;
}

template <class T>
bool read_at(const std::string& file, std::uint64_t offset, T& out) {
  if (offset > file.size() || file.size() - offset < sizeof(T)) return false;
  std::memcpy(&out, file.data() + offset, sizeof(T));
  return true;
}

}  // namespace

ProgramSymbols::ProgramSymbols(unsigned char type) {
  std::ifstream in("/proc/self/exe", std::ios::binary);
  const std::string file((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Elf64_Ehdr eh{};
  if (!read_at(file, 0, eh) || std::memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 || eh.e_ident[EI_CLASS] != ELFCLASS64) {
    return;
  }
  std::uintptr_t bias = 0;
  if (eh.e_type == ET_DYN) dl_iterate_phdr(first_bias, &bias);
  for (unsigned i = 0; i < eh.e_shnum; ++i) {
    Elf64_Shdr sh{};
    if (!read_at(file, eh.e_shoff + std::uint64_t{i} * eh.e_shentsize, sh) || sh.sh_type != SHT_SYMTAB) continue;
    Elf64_Shdr strings{};
    if (!read_at(file, eh.e_shoff + std::uint64_t{sh.sh_link} * eh.e_shentsize, strings)) continue;
    for (std::uint64_t off = sh.sh_offset; off + sizeof(Elf64_Sym) <= sh.sh_offset + sh.sh_size;
         off += sizeof(Elf64_Sym)) {
      Elf64_Sym sym{};
      if (!read_at(file, off, sym) || ELF64_ST_TYPE(sym.st_info) != type || sym.st_size == 0) continue;
      if (sym.st_name >= strings.sh_size || strings.sh_offset + sym.st_name >= file.size()) continue;
      const char* name = file.data() + strings.sh_offset + sym.st_name;
      symbols_.push_back(Symbol{bias + sym.st_value, sym.st_size, name});
    }
  }
  std::sort(symbols_.begin(), symbols_.end(), [](const Symbol& a, const Symbol& b) { return a.start < b.start; });
}

const ProgramSymbols::Symbol* ProgramSymbols::at(std::uintptr_t addr) const {
  auto it = std::upper_bound(symbols_.begin(), symbols_.end(), addr,
                             [](std::uintptr_t x, const Symbol& s) { return x < s.start; });
  if (it == symbols_.begin()) return nullptr;
  --it;
  return addr < it->start + it->size ? &*it : nullptr;
}

}  // namespace braid::instrument
