// The dpor search state as a checkpoint record (--checkpoint): the stack of nodes with their
// enabled sets, sleep sets, wakeup trees, chosen events and data choices, which is everything
// the next execution and the backtracking after it read. The events of the last execution are
// not saved: the next one rebuilds them while it replays the prefix.
//
// Encoding (compact: a frontier holds one node per event of the deepest execution): a Sig is
// [thread, op, global, count, key, slot, mode, ...] with one (key, slot, mode) per access; a
// wakeup tree is a flat array of its nodes, each a Sig followed by its first, last and next links.
#include <nlohmann/json.hpp>

#include "checker/strategy/dpor.hpp"

namespace braid::strategy::dpor {
namespace {

using json = nlohmann::json;

constexpr std::uint32_t kMaxThreads = 64;  // one bit each in Node::enabled

json sig_json(const Sig& s) {
  json j = json::array({s.thread, static_cast<unsigned>(s.op), s.global ? 1 : 0, s.count});
  for (std::uint8_t i = 0; i < s.count; ++i) {
    j.push_back(s.access[i].key);
    j.push_back(s.access[i].slot);
    j.push_back(static_cast<unsigned>(s.access[i].mode));
  }
  return j;
}

bool sig_from(const json& j, Sig& s) {
  if (!j.is_array() || j.size() < 4) return false;
  s.thread = j[0].get<rt::ThreadId>();
  s.op = static_cast<rt::Op>(j[1].get<std::uint8_t>());
  s.global = j[2].get<int>() != 0;
  s.count = j[3].get<std::uint8_t>();
  if ((s.thread >= kMaxThreads && s.thread != rt::kNoThread) || s.count > 3 || j.size() != 4U + 3U * s.count)
    return false;
  for (std::uint8_t i = 0; i < s.count; ++i) {
    const std::size_t at = 4U + 3U * i;
    const auto mode = j[at + 2].get<unsigned>();
    if (mode > 1) return false;
    s.access[i] = Access{j[at].get<std::uint64_t>(), j[at + 1].get<std::uint32_t>(), static_cast<Mode>(mode)};
  }
  return true;
}

}  // namespace

void WakeupTree::save(json& out) const {
  out = json::array();
  for (const Node& n : nodes_) {
    json node = sig_json(n.sig);
    node.push_back(n.first);
    node.push_back(n.last);
    node.push_back(n.next);
    out.push_back(std::move(node));
  }
}

bool WakeupTree::load(const json& in) {
  if (!in.is_array() || in.empty()) return false;
  nodes_.clear();
  const auto size = static_cast<std::uint32_t>(in.size());
  auto link_ok = [size](std::uint32_t l) { return l == kNone || l < size; };
  for (const json& node : in) {
    if (!node.is_array() || node.size() < 7) return false;
    json sig(node.begin(), node.end() - 3);
    Node n;
    if (!sig_from(sig, n.sig)) return false;
    n.first = node[node.size() - 3].get<std::uint32_t>();
    n.last = node[node.size() - 2].get<std::uint32_t>();
    n.next = node[node.size() - 1].get<std::uint32_t>();
    if (!link_ok(n.first) || !link_ok(n.last) || !link_ok(n.next)) return false;
    nodes_.push_back(n);
  }
  return true;
}

bool Search::save(json& out) const {
  json nodes = json::array();
  for (const Node& n : nodes_) {
    json sleep = json::array();
    for (const Sig& s : n.sleep) sleep.push_back(sig_json(s));
    json wut;
    n.wut.save(wut);
    json data = json::array();
    for (const DataChoice& d : n.data) {
      data.push_back(d.index);
      data.push_back(d.count);
    }
    nodes.push_back(
        {{"enabled", n.enabled}, {"sleep", sleep}, {"wut", wut}, {"chosen", sig_json(n.chosen)}, {"data", data}});
  }
  out = {
      {"nodes", nodes}, {"diverged_at", diverged_at_}, {"done", done_}, {"cut_short", cut_short_}, {"expand_all", expand_all_}, {"pruned", pruned_}};
  return true;
}

bool Search::load(const json& in) {
  nodes_.clear();
  for (const json& j : in.at("nodes")) {
    Node& n = nodes_.emplace_back();
    n.enabled = j.at("enabled").get<std::uint64_t>();
    for (const json& s : j.at("sleep")) {
      if (!sig_from(s, n.sleep.emplace_back())) return false;
    }
    if (!n.wut.load(j.at("wut")) || !sig_from(j.at("chosen"), n.chosen)) return false;
    auto data = j.at("data").get<std::vector<std::uint32_t>>();
    if (data.size() % 2 != 0) return false;
    for (std::size_t i = 0; i < data.size(); i += 2) {
      if (data[i] >= data[i + 1]) return false;
      n.data.push_back(DataChoice{data[i], data[i + 1]});
    }
  }
  diverged_at_ = in.at("diverged_at").get<std::size_t>();
  done_ = in.at("done").get<bool>();
  cut_short_ = in.at("cut_short").get<bool>();
  expand_all_ = in.at("expand_all").get<bool>();
  pruned_ = in.at("pruned").get<bool>();
  pos_ = 0;
  return done_ || diverged_at_ < nodes_.size();
}

}  // namespace braid::strategy::dpor
