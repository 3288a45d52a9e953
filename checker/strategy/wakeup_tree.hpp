// The wakeup tree of one node of the dpor search (Abdulla et al., "Source Sets: A Foundation for
// Optimal Dynamic Partial Order Reduction", JACM 2017): an ordered tree of event sequences still
// to explore from that node. Children are kept in the order they were inserted; the leftmost is
// explored first. invariant: inserting never changes the leftmost path of any subtree.
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <vector>

#include "checker/strategy/dpor_events.hpp"

namespace braid::strategy::dpor {

class WakeupTree {
 public:
  static constexpr std::uint32_t kNone = 0xffffffffU;

  WakeupTree() { clear(); }
  void clear();
  bool empty() const { return nodes_[0].first == kNone; }
  // The first event of the leftmost sequence.
  const Sig& first() const { return nodes_[nodes_[0].first].sig; }
  // Removes the leftmost child and its subtree.
  void drop_first();
  // The subtree under the leftmost child, as a tree of its own.
  void first_subtree(WakeupTree& out) const;
  // A tree holding one sequence of one event.
  void set_single(const Sig& s);
  // Whether the root has a child for `thread`; adds a one-event branch for it when not.
  bool has_first(rt::ThreadId thread) const;
  void add_first(const Sig& s) { add_child(0, s); }
  // For checkpoints (dpor_checkpoint.cpp): the nodes as they are; load() returns false on a
  // record that is not a well-formed tree.
  void save(nlohmann::json& out) const;
  bool load(const nlohmann::json& in);

  // Inserts the sequence v (events of the analysed execution, in order; `hb` tells whether one
  // happens before another) unless a sequence already in the tree covers it: the walk follows,
  // from the root, the first child whose event is a weak initial of what is left of v.
  template <class HappensBefore>
  void insert(std::vector<const Sig*> v, const std::vector<std::uint32_t>& index, HappensBefore hb);

 private:
  struct Node {
    Sig sig;
    std::uint32_t first = kNone;
    std::uint32_t last = kNone;
    std::uint32_t next = kNone;
  };
  std::uint32_t add_child(std::uint32_t parent, const Sig& s);
  void copy_under(const WakeupTree& from, std::uint32_t from_node, std::uint32_t to_parent);

  std::vector<Node> nodes_;  // nodes_[0] is the root (no event)
};

// Whether thread `s.thread`, whose next event is `s`, is a weak initial of the sequence w: its
// first event in w has no predecessor in w, or it has none in w and is independent of all of w.
// Returns the position of its event in w, w.size() when it has none, or -1 when it is not one.
template <class HappensBefore>
long weak_initial(const Sig& s, const std::vector<const Sig*>& w, const std::vector<std::uint32_t>& index,
                  HappensBefore hb) {
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (w[i]->thread != s.thread) continue;
    for (std::size_t j = 0; j < i; ++j) {
      if (hb(index[j], index[i])) return -1;
    }
    return static_cast<long>(i);
  }
  for (const Sig* e : w) {
    if (dependent(s, *e)) return -1;
  }
  return static_cast<long>(w.size());
}

template <class HappensBefore>
void WakeupTree::insert(std::vector<const Sig*> v, const std::vector<std::uint32_t>& index, HappensBefore hb) {
  std::vector<std::uint32_t> idx = index;
  std::uint32_t at = 0;
  while (true) {
    std::uint32_t next = kNone;
    for (std::uint32_t c = nodes_[at].first; c != kNone; c = nodes_[c].next) {
      long pos = weak_initial(nodes_[c].sig, v, idx, hb);
      if (pos < 0) continue;
      if (static_cast<std::size_t>(pos) < v.size()) {
        v.erase(v.begin() + pos);
        idx.erase(idx.begin() + pos);
      }
      next = c;
      break;
    }
    if (next == kNone) break;
    at = next;
    // A leaf reached: its sequence is a weak prefix of v, which exploring it covers. v used
    // up: every sequence below extends it.
    if (nodes_[at].first == kNone || v.empty()) return;
  }
  for (const Sig* e : v) at = add_child(at, *e);
}

}  // namespace braid::strategy::dpor
