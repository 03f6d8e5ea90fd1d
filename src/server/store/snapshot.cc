#include "server/store/snapshot.h"

#include <algorithm>
#include <tuple>

#include "server/store/registry.h"

namespace xfx::store {
namespace {

// Sorts by key and drops later duplicates. Rows from the store arrive sorted already (primary
// key order, memcmp collation = std::string order), so the common case is one linear check.
template <class T, class Key>
void sort_unique(std::vector<T>& items, Key key) {
  auto less = [&](const T& a, const T& b) { return key(a) < key(b); };
  if (!std::is_sorted(items.begin(), items.end(), less)) {
    std::stable_sort(items.begin(), items.end(), less);
  }
  auto equal = [&](const T& a, const T& b) { return key(a) == key(b); };
  items.erase(std::unique(items.begin(), items.end(), equal), items.end());
}

using GrantKey = std::tuple<std::string_view, std::string_view>;
GrantKey grant_key(const Grant& g) {
  return {g.client_id, g.audience};
}

}  // namespace

std::shared_ptr<const RegistrySnapshot> RegistrySnapshot::build(std::uint64_t revision,
                                                                std::vector<Api> apis,
                                                                std::vector<Client> clients,
                                                                std::vector<Grant> grants) {
  std::shared_ptr<RegistrySnapshot> snapshot(new RegistrySnapshot());
  snapshot->revision_ = revision;
  sort_unique(apis, [](const Api& a) -> std::string_view { return a.identifier; });
  sort_unique(clients, [](const Client& c) -> std::string_view { return c.client_id; });
  sort_unique(grants, grant_key);
  // No shrink_to_fit: it would copy a million elements to trim what unique() rarely removes;
  // the store reserves exact row counts.
  snapshot->apis_ = std::move(apis);
  snapshot->clients_ = std::move(clients);
  snapshot->grants_ = std::move(grants);
  return snapshot;
}

const Client* RegistrySnapshot::find_client(std::string_view client_id) const {
  auto it = std::lower_bound(
      clients_.begin(), clients_.end(), client_id,
      [](const Client& c, std::string_view id) { return std::string_view(c.client_id) < id; });
  return it != clients_.end() && it->client_id == client_id ? &*it : nullptr;
}

const Api* RegistrySnapshot::find_api(std::string_view audience) const {
  auto it = std::lower_bound(
      apis_.begin(), apis_.end(), audience,
      [](const Api& a, std::string_view id) { return std::string_view(a.identifier) < id; });
  return it != apis_.end() && it->identifier == audience ? &*it : nullptr;
}

const Grant* RegistrySnapshot::find_grant(std::string_view client_id,
                                          std::string_view audience) const {
  const GrantKey wanted{client_id, audience};
  auto it = std::lower_bound(grants_.begin(), grants_.end(), wanted,
                             [](const Grant& g, const GrantKey& k) { return grant_key(g) < k; });
  return it != grants_.end() && grant_key(*it) == wanted ? &*it : nullptr;
}

std::span<const Grant> RegistrySnapshot::grants_of(std::string_view client_id) const {
  auto first = std::lower_bound(
      grants_.begin(), grants_.end(), client_id,
      [](const Grant& g, std::string_view id) { return std::string_view(g.client_id) < id; });
  auto last = std::upper_bound(
      first, grants_.end(), client_id,
      [](std::string_view id, const Grant& g) { return id < std::string_view(g.client_id); });
  return {first, last};
}

SnapshotFollower::SnapshotFollower(Registry& registry) : registry_(registry) {}

StoreResult<void> SnapshotFollower::init() {
  std::lock_guard lock(poll_mutex_);
  auto loaded = registry_.load_snapshot();
  if (!loaded) return xfx::unexpected(loaded.error());
  current_.store(std::move(*loaded));
  return {};
}

std::shared_ptr<const RegistrySnapshot> SnapshotFollower::current() const {
  return current_.load();
}

StoreResult<bool> SnapshotFollower::poll() {
  std::lock_guard lock(poll_mutex_);
  const auto current = current_.load();
  if (current) {
    auto revision = registry_.revision();
    if (!revision) return xfx::unexpected(revision.error());
    if (*revision == current->revision()) return false;
  }
  // Built aside while readers keep using the old snapshot; swapped in with one atomic store.
  auto loaded = registry_.load_snapshot();
  if (!loaded) return xfx::unexpected(loaded.error());
  current_.store(std::move(*loaded));
  return true;
}

}  // namespace xfx::store
