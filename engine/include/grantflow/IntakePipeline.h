// Registers many documents quickly: several threads parse and check them while
// the calling thread stores the accepted ones, many per transaction (group commit).
// Documents are numbered in the order the source gives them, whatever thread
// checked them, and memory stays bounded however many documents flow through.
#pragma once

#include <grantflow/ApplicationIntake.h>
#include <grantflow/CaseStore.h>

#include <functional>
#include <optional>
#include <string>

namespace grantflow {

struct ReceivedDocument {
    std::string name;   // shown in messages, stored as the document's name
    std::string bytes;
    std::string unreadable{};  // why the bytes could not be read; the document is then refused with it
};

// The refusal of a document whose bytes could not be read (`why`), so that one
// unreadable file among many is refused like any other and stops nothing else.
CheckedApplication unreadableDocument(const std::string& name, const std::string& why);

struct IntakeSummary {
    long long accepted = 0, alreadyRegistered = 0, refused = 0;
    long long bytes = 0;
};

class IntakePipeline {
public:
    struct Settings {
        unsigned workers = 0;         // 0: one per core
        std::size_t maxBatch = 4096;  // documents per transaction at most
        std::size_t maxInFlight = 4096;
        std::string actor = "intake";
    };

    // Gives the next document, or nothing when there are no more. Called under a lock.
    using Source = std::function<std::optional<ReceivedDocument>()>;
    // Checks one document; thread-safe. By default the XML intake; submit also
    // routes PDF forms and scans (PaperIntake) through here.
    using Checker = std::function<CheckedApplication(std::string name, std::string bytes)>;
    // Told of each document in source order, after it was stored (registered is null if refused).
    using Report = std::function<void(const CheckedApplication&, const RegisteredCase* registered)>;

    IntakePipeline(const ApplicationIntake& intake, CaseStore& store, Settings settings);
    IntakePipeline(Checker checker, CaseStore& store, Settings settings);

    // Accepted scans (channel scanned-paper) are registered one by one to wait for
    // keying in; everything else accepted is registered in batches.
    IntakeSummary run(const Source& source, const Report& report);

private:
    std::vector<RegisteredCase> registerBatch(const std::vector<CheckedApplication>& batch);

    Checker _check;
    CaseStore& _store;
    Settings _settings;
};

}  // namespace grantflow
