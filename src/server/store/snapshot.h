// An immutable, in-memory copy of everything the token endpoint reads, so no request touches
// the database; and the follower that swaps in a fresh copy when the store's revision moves.
//
// Layout: three vectors sorted by key, searched with std::lower_bound. At 1,000,000 clients a
// sorted vector costs exactly sizeof(Client) per entry, where an unordered_map adds a heap node
// (next pointer + cached hash + allocator overhead, ~32 bytes) per entry plus a bucket array
// (~8 bytes per bucket): roughly 40 MB more, and worse cache behaviour on build. A lookup is
// ~20 string comparisons, which costs far less than the signature that follows it.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string_view>
#include <vector>

#include "server/store/error.h"
#include "server/store/model.h"

namespace xfx::store {

class Registry;

class RegistrySnapshot {
 public:
  // Sorts its inputs; duplicate keys keep the first occurrence.
  static std::shared_ptr<const RegistrySnapshot> build(std::uint64_t revision,
                                                       std::vector<Api> apis,
                                                       std::vector<Client> clients,
                                                       std::vector<Grant> grants);

  // nullptr when absent. No allocation.
  const Client* find_client(std::string_view client_id) const;
  const Api* find_api(std::string_view audience) const;
  const Grant* find_grant(std::string_view client_id, std::string_view audience) const;
  // Every grant of one client, sorted by audience (empty when none).
  std::span<const Grant> grants_of(std::string_view client_id) const;

  std::uint64_t revision() const { return revision_; }
  std::size_t api_count() const { return apis_.size(); }
  std::size_t client_count() const { return clients_.size(); }
  std::size_t grant_count() const { return grants_.size(); }
  std::span<const Api> apis() const { return apis_; }

 private:
  RegistrySnapshot() = default;

  std::uint64_t revision_ = 0;
  std::vector<Api> apis_;        // sorted by identifier
  std::vector<Client> clients_;  // sorted by client_id
  std::vector<Grant> grants_;    // sorted by (client_id, audience)
};

// Holds the current snapshot for many reader threads. Readers never block on a reload: they
// atomically copy a shared_ptr; poll() builds the next snapshot aside and swaps it in.
// No threads inside: the server calls poll() from a timer.
class SnapshotFollower {
 public:
  explicit SnapshotFollower(Registry& registry);

  // Loads the first snapshot.
  StoreResult<void> init();
  // The latest snapshot; nullptr before a successful init().
  std::shared_ptr<const RegistrySnapshot> current() const;
  // Reads revision(); reloads when it differs from current()'s. Returns whether it reloaded.
  // On failure the old snapshot stays and the error is returned.
  StoreResult<bool> poll();

 private:
  Registry& registry_;
  std::mutex poll_mutex_;  // serializes init()/poll(); readers never take it
  std::atomic<std::shared_ptr<const RegistrySnapshot>> current_;
};

}  // namespace xfx::store
