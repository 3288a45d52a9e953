#include "checker/instrument/runtime/shadow_stacks.hpp"

#include "checker/runtime/site_format.hpp"

namespace braid::instrument {
namespace {

// why a bound: a deep recursion would make the message unreadable; its innermost frames matter.
constexpr std::size_t kMaxFrames = 8;

}  // namespace

std::string describe_stack(std::span<const Frame> frames, const void* pc, CodeNames& names) {
  if (frames.empty()) return "at " + rt::pc_placeholder(pc);
  std::string out;
  for (std::size_t shown = 0; shown < frames.size(); ++shown) {
    if (shown == kMaxFrames) {
      out += ", ...";
      break;
    }
    const std::size_t i = frames.size() - 1 - shown;
    // invariant: frame i+1's call site is a return address inside frame i's function.
    const void* site = shown == 0 ? pc : frames[i + 1].call_site;
    out += shown == 0 ? "" : ", called from ";
    out += names.function(frames[i].function) + " at " + rt::pc_placeholder(site);
  }
  return out;
}

}  // namespace braid::instrument
