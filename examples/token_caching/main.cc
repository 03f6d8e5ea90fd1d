// The spec's XFXAuthClient sample, in C++ with the xfx SDK: obtain a token with the client
// credentials from the environment, reuse it until shortly before it expires, and call the API
// with it.
//
//   export XFX_CLIENT_ID=... XFX_CLIENT_SECRET=...          # never hard-coded
//   export XFX_API_BASE_URL=https://api.xfx.io              # optional: also make one API call
//   ./token_caching
//
// With no credentials set it explains itself and exits 0, so CI can run it unconfigured.
#include <cstdlib>
#include <iostream>
#include <memory>

#include "xfx/client/api_client.h"
#include "xfx/client/auth_client.h"

int main() {
  if (std::getenv("XFX_CLIENT_ID") == nullptr) {
    std::cout << "Set XFX_CLIENT_ID and XFX_CLIENT_SECRET (and optionally XFX_AUTH_DOMAIN or "
                 "XFX_TOKEN_URL, XFX_AUDIENCE, XFX_API_BASE_URL) to run this example.\n";
    return 0;
  }
  try {
    const auto config = xfx::client::Config::from_env();
    auto auth = std::make_shared<xfx::AuthClient>(config);

    // Step 1: obtain an access token. The second call is served from the cache: no request.
    auto token = auth->access_token();
    if (!token) {
      std::cerr << token.error().message() << "\n";
      return 1;
    }
    auto again = auth->access_token();
    std::cout << "token obtained; lifetime " << token->expires_in().count()
              << " s; reused: " << (again && again->same_as(*token) ? "yes" : "no") << "\n";

    // Step 2: use it. ApiClient attaches `Authorization: Bearer ...` and retries once on a 401.
    if (!config.api_base_url.empty()) {
      std::shared_ptr<xfx::client::Transport> transport = xfx::client::make_curl_transport();
      xfx::ApiClient api(config.api_base_url, auth, transport);
      auto response = api.get("/");
      if (!response) {
        std::cerr << response.error().message() << "\n";
        return 1;
      }
      std::cout << "GET / -> HTTP " << response->status << "\n";
    }
    return 0;
  } catch (const xfx::client::ConfigError& e) {
    std::cerr << "configuration error: " << e.what() << "\n";
    return 2;
  }
}
