// Input checks shared by every back end, so SQLite and PostgreSQL accept exactly the same data.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "server/store/error.h"
#include "server/store/model.h"

namespace xfx::store {

// RFC 6749 §3.3 scope-token: 1*( %x21 / %x23-5B / %x5D-7E ), i.e. printable ASCII without
// space, '"' or '\'. Grant types follow the same grammar.
bool is_scope_token(std::string_view token);
bool is_supported_signing_alg(std::string_view alg);

StoreResult<void> validate(const Api& api);
StoreResult<void> validate(const Client& client);
StoreResult<void> validate(const Grant& grant);  // shape only; the store checks references
StoreResult<void> validate(const SigningKeyRecord& key);

// Scopes and grant types are stored as one space-separated text column.
std::string join_tokens(const std::vector<std::string>& tokens);
std::vector<std::string> split_tokens(std::string_view text);

}  // namespace xfx::store
