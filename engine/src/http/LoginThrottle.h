// Slows password guessing: after `maxFailures` wrong passwords for one user name
// within `window`, further logins for that name are refused (429) until the
// window has passed, even with the right password. Kept in memory: a restart
// forgets, which is fine for slowing an online guesser down.
#pragma once

#include <Poco/Timespan.h>
#include <Poco/Timestamp.h>

#include <map>
#include <mutex>
#include <string>

namespace grantflow::http {

class LoginThrottle {
public:
    LoginThrottle(int maxFailures = 5, Poco::Timespan window = Poco::Timespan(60, 0))
        : _maxFailures(maxFailures), _window(window) {}

    // Whether a login for user may be tried now.
    bool allowed(const std::string& user);
    void failed(const std::string& user);
    void succeeded(const std::string& user);

private:
    struct Record {
        int failures = 0;
        Poco::Timestamp since;
    };
    int _maxFailures;
    Poco::Timespan _window;
    std::mutex _mutex;
    std::map<std::string, Record> _records;
};

}  // namespace grantflow::http
