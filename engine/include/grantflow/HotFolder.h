// A folder that turns dropped files into cases and never loses one.
// DIR/inbox is where files are dropped (XML, filled PDF forms, scans); each
// is registered and moved to DIR/done renamed "GF-2026-000123_NAME", or moved to
// DIR/failed with NAME.reason.txt beside it saying why.
//
// Promises:
// - a file that is still being written is not taken: dotfiles and names ending
//   in .part, .tmp, .crdownload or ~ are skipped, and a file is taken only once
//   its size and modification time stood still over two looks, `settle` apart;
// - kill the process at any moment and start it again: every file is in exactly
//   one of inbox, done and failed, and none became two cases. Registration comes
//   first and is idempotent by SHA-256 of the bytes; the move is one rename on
//   the same file system, and the reason file is written before its file moves.
#pragma once

#include <Poco/Timestamp.h>
#include <grantflow/ApplicationIntake.h>
#include <grantflow/CaseStore.h>
#include <grantflow/PaperIntake.h>

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace grantflow {

struct HotFolderSettings {
    std::string directory;            // holds inbox/, done/ and failed/
    int settleMilliseconds = 2000;    // how long a file must stand still before it is taken
    std::size_t maxBytes = 50 << 20;  // larger files go to failed unread
    std::string actor = "hot-folder";
};

// What happened to one file.
struct HotFolderOutcome {
    std::string name;         // as it was in inbox
    bool registered = false;  // moved to done
    bool alreadyRegistered = false;
    std::string referenceNumber;  // when registered
    std::string reason;   // when failed: the text of the .reason.txt; when left in inbox: why
    std::string movedTo;  // the new path; empty when the file stays in inbox for another try
};

class HotFolder {
public:
    using Report = std::function<void(const HotFolderOutcome&)>;

    // Creates inbox/, done/ and failed/ when missing. The intakes and the store
    // must outlive the hot folder.
    HotFolder(HotFolderSettings settings, const ApplicationIntake& intake, const PaperIntake& paper,
              CaseStore& store);

    // One look at the inbox: takes every file that has settled since the last look.
    std::vector<HotFolderOutcome> scanOnce();

    // Looks, waits `settle`, looks again: everything that was complete is taken.
    std::vector<HotFolderOutcome> drain();

    // Looks every intervalMilliseconds until keepGoing() is false, reporting each file.
    void run(int intervalMilliseconds, const std::function<bool()>& keepGoing,
             const Report& report);

    const std::string& inbox() const { return _inbox; }
    const std::string& done() const { return _done; }
    const std::string& failed() const { return _failed; }

private:
    struct Seen {
        Poco::UInt64 size = 0;
        Poco::Timestamp modified;
    };

    HotFolderOutcome take(const std::string& name);
    HotFolderOutcome fail(const std::string& name, const std::string& reason);

    HotFolderSettings _settings;
    const ApplicationIntake& _intake;
    const PaperIntake& _paper;
    CaseStore& _store;
    std::string _inbox, _done, _failed;
    std::map<std::string, Seen> _seen;
    std::map<std::string, int> _attempts;  // files whose processing threw, by name
};

}  // namespace grantflow
