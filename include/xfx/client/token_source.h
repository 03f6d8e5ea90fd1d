// Where an ApiClient gets its bearer tokens: an AuthClient, or anything a test or tool supplies.
#pragma once

#include "xfx/client/access_token.h"
#include "xfx/client/auth_error.h"
#include "xfx/expected.h"

namespace xfx::client {

class TokenSource {
 public:
  virtual ~TokenSource() = default;
  // Thread-safe.
  virtual expected<AccessToken, AuthError> access_token() = 0;
  // The API rejected `rejected`: stop handing it out. A token that has already been replaced is
  // left alone.
  virtual void invalidate(const AccessToken& rejected) = 0;
};

}  // namespace xfx::client
