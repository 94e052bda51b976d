// The people and systems that may use the API, read from a file an
// administrator edits (see forms/users.example.xml):
//
//   <users xmlns="urn:grantflow:users:1">
//     <user name="anna" fullName="Anna Berg" roles="handlaggare beslutsfattare" password="pbkdf2-sha256$..."/>
//     <apiKey name="e-service" roles="registrator" sha256="HEX OF THE KEY"/>
//   </users>
//
// Promises: passwords are kept only as salted slow hashes (PasswordHash) and
// API keys only as their SHA-256; a file with an unknown role, a malformed hash
// a name given twice or an unprintable full name is refused whole when loaded; lookups are thread-safe
// (the directory does not change once loaded).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace grantflow::http {

// Who a request acts for, once authenticated.
struct Principal {
    std::string name;
    std::vector<std::string> roles;
    bool system = false;  // an API key, not a person
    std::string fullName;  // as decision letters name the person; empty when the file gives none
};

class UserDirectory {
public:
    UserDirectory() = default;

    // Reads and checks the file; throws Poco::DataFormatException naming the
    // file and what is wrong, Poco::FileNotFoundException when it is missing.
    static UserDirectory load(const std::string& path);

    // The user, when name and password match.
    std::optional<Principal> authenticate(const std::string& name, const std::string& password) const;
    // The system holding this API key.
    std::optional<Principal> authenticateKey(const std::string& apiKey) const;
    // A known user by name (tokens carry only the name; roles come from here).
    std::optional<Principal> find(const std::string& name) const;
    // Every person in the file.
    std::vector<Principal> people() const;
    // Every system (API key) in the file.
    std::vector<Principal> systems() const;

    // Sets a user's password (and roles, when given) in the file, adding the
    // user if needed and keeping the rest of the file as it was.
    static void setPassword(const std::string& path, const std::string& name, const std::string& password,
                            const std::vector<std::string>& roles);
    // Adds (or replaces) an API key for a system and returns the new key; only its hash is stored.
    static std::string addApiKey(const std::string& path, const std::string& name,
                                 const std::vector<std::string>& roles);

private:
    struct Person {
        Principal principal;
        std::string passwordHash;
    };
    std::map<std::string, Person> _people;
    std::map<std::string, Principal> _keys;  // sha256 hex of the key -> system
};

}  // namespace grantflow::http
