#include "checker/strategy/wakeup_tree.hpp"

namespace braid::strategy::dpor {

void WakeupTree::clear() {
  nodes_.clear();
  nodes_.push_back(Node{});
}

std::uint32_t WakeupTree::add_child(std::uint32_t parent, const Sig& s) {
  auto id = static_cast<std::uint32_t>(nodes_.size());
  nodes_.push_back(Node{s});
  Node& p = nodes_[parent];
  if (p.first == kNone) {
    p.first = id;
  } else {
    nodes_[p.last].next = id;
  }
  p.last = id;
  return id;
}

void WakeupTree::drop_first() {
  Node& root = nodes_[0];
  if (root.first == kNone) return;
  root.first = nodes_[root.first].next;
  if (root.first == kNone) {
    clear();  // nothing left: reclaim the dropped nodes
  }
}

bool WakeupTree::has_first(rt::ThreadId thread) const {
  for (std::uint32_t c = nodes_[0].first; c != kNone; c = nodes_[c].next) {
    if (nodes_[c].sig.thread == thread) return true;
  }
  return false;
}

void WakeupTree::set_single(const Sig& s) {
  clear();
  add_child(0, s);
}

void WakeupTree::copy_under(const WakeupTree& from, std::uint32_t from_node, std::uint32_t to_parent) {
  for (std::uint32_t c = from.nodes_[from_node].first; c != kNone; c = from.nodes_[c].next) {
    std::uint32_t copy = add_child(to_parent, from.nodes_[c].sig);
    copy_under(from, c, copy);
  }
}

void WakeupTree::first_subtree(WakeupTree& out) const {
  out.clear();
  if (empty()) return;
  out.copy_under(*this, nodes_[0].first, 0);
}

}  // namespace braid::strategy::dpor
