// Fills a data directory with N clients, each granted the given APIs, for the scale benchmark.
//
//   seed_registry --data-dir D --clients 1000000 --audience https://rs256.bench/ [--audience ...]
//                 [--print 1]
//
// The APIs must exist already (xfx-authd api create). Prints the first --print clients as JSON
// lines {"client_id":..,"client_secret":..}; the others get random secrets nobody keeps.
//
// Why not Registry::create_client: it is one autocommit transaction per client (plus the revision
// trigger), about 1,000,000 WAL commits. Here the rows go in through sqlite3 directly, in one
// transaction with prepared statements, using the data directory's own SecretHasher so the
// printed secrets authenticate exactly as admin-created ones do. The schema is the store's
// (open_data_dir applies the migrations first); only the insert path is ours.
#include <sqlite3.h>

#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "server/authd/data_dir.h"
#include "server/secrets/credentials.h"

namespace {

struct Options {
  std::string data_dir;
  long clients = 10;
  long print = 1;
  std::vector<std::string> audiences;
};

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::runtime_error(arg + " needs a value");
      return argv[++i];
    };
    if (arg == "--data-dir") {
      o.data_dir = value();
    } else if (arg == "--clients") {
      o.clients = std::stol(value());
    } else if (arg == "--print") {
      o.print = std::stol(value());
    } else if (arg == "--audience") {
      o.audiences.push_back(value());
    } else {
      throw std::runtime_error("unknown argument " + arg);
    }
  }
  if (o.data_dir.empty() || o.audiences.empty() || o.clients < 1) {
    throw std::runtime_error(
        "usage: seed_registry --data-dir D --clients N --audience URI [--audience URI] [--print "
        "K]");
  }
  return o;
}

void check(int rc, sqlite3* db, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    throw std::runtime_error(std::string(what) + ": " + sqlite3_errmsg(db));
  }
}

class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) : db_(db) {
    check(sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr), db, sql);
  }
  ~Stmt() { sqlite3_finalize(stmt_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  Stmt& text(int i, const std::string& s) {
    check(sqlite3_bind_text(stmt_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT), db_,
          "bind");
    return *this;
  }
  Stmt& blob(int i, const std::string& s) {
    check(sqlite3_bind_blob(stmt_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT), db_,
          "bind");
    return *this;
  }
  Stmt& integer(int i, std::int64_t v) {
    check(sqlite3_bind_int64(stmt_, i, v), db_, "bind");
    return *this;
  }
  void run() {
    check(sqlite3_step(stmt_), db_, "insert");
    sqlite3_reset(stmt_);
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

void seed(const Options& o) {
  // Creates the directory, master key and schema exactly as the server and admin CLI do.
  auto data = xfx::authd::open_data_dir(o.data_dir);
  data.registry.reset();  // our own connection does the writing

  sqlite3* db = nullptr;
  const std::string path = (std::filesystem::path(o.data_dir) / "registry.db").string();
  check(sqlite3_open(path.c_str(), &db), db, "open");
  std::unique_ptr<sqlite3, int (*)(sqlite3*)> guard(db, sqlite3_close);
  check(sqlite3_busy_timeout(db, 10000), db, "busy_timeout");
  // A large page cache for the bulk insert only (this connection's setting, not the file's).
  check(sqlite3_exec(db, "PRAGMA cache_size = -262144", nullptr, nullptr, nullptr), db,
        "cache_size");

  // Credentials first, then the rows in key order: WITHOUT ROWID tables are B-trees on the key,
  // and appending in order is several times faster than inserting random ids.
  struct Row {
    std::string id, secret, hash;
  };
  const auto random = xfx::secrets::system_random();
  std::vector<Row> rows(static_cast<std::size_t>(o.clients));
  for (auto& r : rows) {
    r.id = xfx::secrets::generate_client_id(random);
    r.secret = xfx::secrets::generate_client_secret(random);
    r.hash = data.hasher.hash(r.secret);
  }
  // The printed clients are the first generated, whatever their place in key order.
  for (long i = 0; i < o.print && i < o.clients; ++i) {
    std::cout << boost::json::serialize(boost::json::object{{"client_id", rows[i].id},
                                                            {"client_secret", rows[i].secret}})
              << "\n";
  }
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.id < b.id; });

  check(sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), db, "begin");
  {
    Stmt client(db,
                "INSERT INTO clients (client_id, name, secret_hash, grant_types, created_at)"
                " VALUES (?1, ?2, ?3, 'client_credentials', ?4)");
    Stmt grant(db,
               "INSERT INTO grants (client_id, audience, scopes, created_at)"
               " VALUES (?1, ?2, '', ?3)");
    const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count();
    long i = 0;
    for (const auto& r : rows) {
      client.text(1, r.id)
          .text(2, "bench-" + std::to_string(i++))
          .blob(3, r.hash)
          .integer(4, now)
          .run();
      for (const auto& aud : o.audiences) grant.text(1, r.id).text(2, aud).integer(3, now).run();
    }
  }
  check(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db, "commit");
  // Leave a compact WAL behind so the server's start-up reads the main file, not a huge log.
  check(sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr), db,
        "checkpoint");
}

}  // namespace

int main(int argc, char** argv) {
  try {
    seed(parse(argc, argv));
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "seed_registry: " << e.what() << "\n";
    return 1;
  }
}
