// Short-lived bearer tokens for people who logged in with a password: JWT,
// HS256 with a configured secret (Poco::JWT). A token names only the user and
// its lifetime; the roles are looked up again on every request, so taking a
// role away in the users file takes effect at the next restart, not at expiry.
#pragma once

#include <Poco/Timespan.h>

#include <memory>
#include <string>

namespace grantflow::http {

struct TokenCheck {
    bool valid = false;
    std::string subject;  // the user, when valid
    std::string problem;  // why not, when invalid: "expired", "bad signature" ...
};

class TokenIssuer {
public:
    // secret: at least 32 bytes; lifetime: how long a token is good for.
    TokenIssuer(const std::string& secret, Poco::Timespan lifetime);
    ~TokenIssuer();

    // A signed token for user, valid from now for the configured lifetime.
    std::string issue(const std::string& user) const;
    // Checks signature, algorithm, issuer and expiry. Thread-safe.
    TokenCheck check(const std::string& token) const;

    Poco::Timespan lifetime() const { return _lifetime; }

private:
    struct Impl;
    std::unique_ptr<Impl> _impl;
    Poco::Timespan _lifetime;
};

}  // namespace grantflow::http
