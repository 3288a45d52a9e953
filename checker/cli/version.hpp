// The tool version: stamped on reports and replay tokens, printed by --version.
#pragma once

namespace braid {

inline constexpr const char* kVersion = "0.1.0";

}  // namespace braid
