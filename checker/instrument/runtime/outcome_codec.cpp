#include "checker/instrument/runtime/outcome_codec.hpp"

#include <cstring>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace braid::instrument {
namespace {

using json = nlohmann::json;

static_assert(sizeof(std::source_location) == sizeof(std::uintptr_t), "a source_location is one pointer");

std::uintptr_t bits_of(const std::source_location& loc) {
  std::uintptr_t v = 0;
  std::memcpy(&v, &loc, sizeof v);
  return v;
}

std::source_location loc_of(std::uintptr_t v) {
  // why: std::source_location is a pointer to data in the program image, the same in the child
  // (a fork) as here; it has no public constructor from one, so its bytes are copied back.
  std::source_location loc;
  std::memcpy(static_cast<void*>(&loc), &v, sizeof v);
  return loc;
}

}  // namespace

std::string encode_outcome(const rt::Outcome& o) {
  json bugs = json::array();
  for (const detect::BugDraft& b : o.bugs) {
    json sites = json::array();
    for (const rt::Site& s : b.sites) sites.push_back({bits_of(s.loc), reinterpret_cast<std::uintptr_t>(s.pc)});
    bugs.push_back({{"kind", static_cast<int>(b.kind)}, {"message", b.message}, {"sites", sites}});
  }
  json j = {{"status", static_cast<int>(o.status)}, {"steps", o.steps}, {"error", o.error}, {"bugs", bugs}};
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

rt::Outcome decode_outcome(const std::string& text) {
  rt::Outcome o;
  try {
    json j = json::parse(text);
    o.status = static_cast<rt::ExecutionStatus>(j.at("status").get<int>());
    o.steps = j.at("steps").get<std::uint64_t>();
    o.error = j.at("error").get<std::string>();
    for (const json& b : j.at("bugs")) {
      detect::BugDraft d;
      d.kind = static_cast<BugKind>(b.at("kind").get<int>());
      d.message = b.at("message").get<std::string>();
      for (const json& s : b.at("sites")) {
        d.sites.push_back(rt::Site{loc_of(s.at(0).get<std::uintptr_t>()),
                                   reinterpret_cast<const void*>(s.at(1).get<std::uintptr_t>())});
      }
      o.bugs.push_back(std::move(d));
    }
  } catch (const json::exception& e) {
    throw std::runtime_error(std::string("the outcome an execution's process sent is damaged: ") + e.what());
  }
  return o;
}

rt::Outcome too_large(const rt::Outcome& o) {
  rt::Outcome small;
  small.status = rt::ExecutionStatus::error;
  small.steps = o.steps;
  small.error = "the execution's bugs did not fit in the block shared with its process";
  return small;
}

}  // namespace braid::instrument
