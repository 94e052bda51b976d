// One write transaction on the shared SQLite connection. Outside a transaction it
// is taken with BEGIN IMMEDIATE, so that two engine processes never both read and
// then fail to upgrade to a write lock. Inside one (a StepBatch's) it is a
// savepoint: the step is still all-or-nothing, and becomes durable when the
// enclosing transaction commits. Rolled back unless commit() is reached; a
// rollback of a step that cached a case document forgets the cached documents,
// which may hold what was undone, and one of a step that wrote forgets the
// engine's StoreFacts. (A refusal caches and writes nothing and keeps both.)
// The engine trusts its StoreFacts from its own BEGIN to that transaction's end.
//
// In a batch whose steps are undone only together (StepUndo::wholeBatch) a
// step takes no savepoint. One that fails before it writes leaves nothing to undo;
// one that fails after spoils the batch: every later step is refused, and only
// the batch's rollback undoes what the failed step wrote.
#pragma once

#include "EngineImpl.h"

#include <Poco/Exception.h>

#include <iostream>

namespace grantflow::workflow {

class WriteTransaction {
public:
    // Throws Poco::IllegalStateException inside a batch that an earlier step spoiled.
    explicit WriteTransaction(WorkflowEngine::Impl& engine) : WriteTransaction(engine, engine.stepSavepoints) {}

    // For a part of a step that may fail without failing the step (a letter that could
    // not be made): a savepoint of its own in any batch.
    struct PartOfStep {};
    static constexpr PartOfStep partOfStep{};
    WriteTransaction(WorkflowEngine::Impl& engine, PartOfStep) : WriteTransaction(engine, true) {}

    ~WriteTransaction() {
        if (!_open) return;
        if (_documents.puts() != _putsBefore) _documents.clear();
        const bool wrote = _sql.totalChanges() != _changesBefore;
        if (wrote) _engine.facts.forget();  // they may name rows now undone
        if (!_nested) _engine.facts.stopTrusting();
        if (_nested && !_savepoint) {
            // Nothing to undo unless the step wrote; if it did, only the batch's rollback can.
            if (wrote) _engine.batchSpoiled = true;
            return;
        }
        try {
            if (_nested) {
                _sql.execute("ROLLBACK TO step");
                _sql.execute("RELEASE step");
            } else if (_sql.inTransaction()) {  // SQLite may have rolled back itself (disk full, I/O error)
                _sql.execute("ROLLBACK");
            }
        } catch (const Poco::Exception& e) {
            // A destructor cannot throw; SQLite rolls back on close in any case.
            std::cerr << "grantflow: rollback failed: " << e.displayText() << "\n";
        }
    }
    WriteTransaction(const WriteTransaction&) = delete;
    WriteTransaction& operator=(const WriteTransaction&) = delete;

    void commit() {
        if (_savepoint) {
            _sql.execute("RELEASE step");
        } else if (!_nested) {
            _sql.execute("COMMIT");
            _engine.facts.stopTrusting();
        }
        _open = false;
    }

private:
    WriteTransaction(WorkflowEngine::Impl& engine, bool savepointWhenNested)
        : _sql(engine.sql),
          _documents(engine.documents),
          _engine(engine),
          _nested(_sql.inTransaction()),
          _savepoint(_nested && savepointWhenNested),
          _putsBefore(_documents.puts()),
          _changesBefore(_sql.totalChanges()) {
        if (_nested && engine.batchSpoiled) refuseInSpoiledBatch();
        if (!_nested) {
            _sql.execute("BEGIN IMMEDIATE");
            _engine.facts.trustFromHere();
        }
        if (_savepoint) _sql.execute("SAVEPOINT step");
    }

    StatementCache& _sql;
    CaseDocumentCache& _documents;
    WorkflowEngine::Impl& _engine;
    const bool _nested, _savepoint;
    const unsigned long long _putsBefore;
    const long long _changesBefore;
    bool _open = true;
};

}  // namespace grantflow::workflow
