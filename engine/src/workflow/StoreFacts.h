// Facts the engine looks up at almost every step: the case, process version and
// reference number of an instance, and the case a reference number names, which
// cannot change while their row exists; and a user's roles and full name, which
// only this engine's own calls change on its connection (those forget them). They
// were a fifth of the statements of bench workflow.
//
// They are remembered and handed out only inside a write transaction this engine
// began itself, where no other connection can write. trustFromHere(), called right
// after that BEGIN, forgets them all when PRAGMA data_version says another
// connection committed since the engine last looked. A rollback or a purge on this
// connection forgets them too: an undone or deleted row may hand its id to another.
//
// Promises: outside such a transaction every lookup misses, so the caller asks the
// store; what is handed out is what the store would say.
#pragma once

#include "store/StatementCache.h"

#include <Poco/Exception.h>
#include <Poco/Types.h>

#include <string>
#include <unordered_map>
#include <vector>

namespace grantflow::workflow {

class StoreFacts {
public:
    explicit StoreFacts(StatementCache& sql) : _sql(sql) {}

    struct Instance {
        Poco::Int64 id = 0, caseId = 0, definitionId = 0;
        std::string dnr;  // the case's reference number
    };

    // Right after this engine's own BEGIN IMMEDIATE. Does not throw: should the
    // store not answer, nothing is trusted and every lookup goes to the store.
    void trustFromHere() {
        long long version = -1;
        try {
            version = _sql.integer("PRAGMA data_version", -1);
        } catch (const Poco::Exception&) {
        }
        if (version == -1 || version != _dataVersion) forget();
        _dataVersion = version;
        _trusted = version != -1;
    }
    // When that transaction has ended, committed or not.
    void stopTrusting() { _trusted = false; }
    void forget() {
        _instances.clear();
        _caseIds.clear();
        _roles.clear();
        _fullNames.clear();
    }

    const Instance* instance(Poco::Int64 id) const { return find(_instances, id); }
    void remember(const Instance& instance) { keep(_instances, instance.id, instance); }

    const Poco::Int64* caseId(const std::string& referenceNumber) const { return find(_caseIds, referenceNumber); }
    // Only a case that exists: that a number names none may change with any registration.
    void remember(const std::string& referenceNumber, Poco::Int64 caseId) { keep(_caseIds, referenceNumber, caseId); }

    const std::vector<std::string>* roles(const std::string& user) const { return find(_roles, user); }
    void rememberRoles(const std::string& user, const std::vector<std::string>& roles) { keep(_roles, user, roles); }
    const std::string* fullName(const std::string& user) const { return find(_fullNames, user); }
    void rememberFullName(const std::string& user, const std::string& name) { keep(_fullNames, user, name); }

private:
    template <class Map>
    const typename Map::mapped_type* find(const Map& map, const typename Map::key_type& key) const {
        if (!trusted()) return nullptr;
        auto found = map.find(key);
        return found == map.end() ? nullptr : &found->second;
    }
    template <class Map>
    void keep(Map& map, const typename Map::key_type& key, const typename Map::mapped_type& value) {
        if (!trusted()) return;
        if (map.size() >= capacity) map.clear();
        map[key] = value;
    }

    // SQLite ends a transaction by itself on some errors (disk full): then nothing holds.
    bool trusted() const { return _trusted && _sql.inTransaction(); }

    static constexpr std::size_t capacity = 65536;  // of each kind; when full, start again empty

    StatementCache& _sql;
    bool _trusted = false;
    long long _dataVersion = -1;
    std::unordered_map<Poco::Int64, Instance> _instances;
    std::unordered_map<std::string, Poco::Int64> _caseIds;
    std::unordered_map<std::string, std::vector<std::string>> _roles;  // by user
    std::unordered_map<std::string, std::string> _fullNames;            // by user
};

}  // namespace grantflow::workflow
