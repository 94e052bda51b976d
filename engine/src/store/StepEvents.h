// The entries of a workflow step's log in one row of the events table. A step logs
// its cause (task-completed, service-done, timer-fired, ...) and then what followed
// from it (gateways passed, tasks created, timers set), three entries a step on
// average; one row for them all, rather than one each, halved the rows the event
// log and its audit chain take (bench workflow). The row's kind and detail are the
// cause's; each entry after it is appended to the detail as a record separator
// (U+001E), its kind, a unit separator (U+001F) and its detail. The chain's hash
// covers the whole detail, so the entries after the first are as tamper-evident as
// the first.
//
// Promises: splitEntries(kind, joinedDetail(entries)) gives back the entries, with
// any separator characters inside a detail turned into spaces; a row written
// before steps were grouped is one entry, as it was.
#pragma once

#include <string>
#include <vector>

namespace grantflow {

struct EventEntry {
    std::string kind, detail;
};

// The detail column of a row holding `entries` (at least one); its kind is entries[0].kind.
std::string joinedDetail(const std::vector<EventEntry>& entries);

// The entries held by a row of the events table.
std::vector<EventEntry> splitEntries(const std::string& kind, const std::string& detail);

}  // namespace grantflow
