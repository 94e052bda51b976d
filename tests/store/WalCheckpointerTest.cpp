// The background checkpointer: it copies the log into the database file on its
// own, and with a writer that never pauses the log stays bounded and nothing
// written is lost.
#include <boost/test/unit_test.hpp>

#include <grantflow/CaseStore.h>
#include <grantflow/WalCheckpointer.h>

#include <Poco/Data/Session.h>
#include <Poco/File.h>

#include <thread>

#include "SharedIntake.h"

using namespace grantflow;
using namespace Poco::Data::Keywords;

namespace {

// A fresh store with a table to fill with blobs.
struct FillerStore {
    test::TempDir dir;
    const std::string path = dir.file("cases.db");
    CaseStore store{path};
    Poco::Data::Session& session = store.session();

    FillerStore() { session << "CREATE TABLE filler(id INTEGER PRIMARY KEY, bytes BLOB)", now; }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(Checkpointer)

BOOST_FIXTURE_TEST_CASE(the_log_stays_bounded_under_a_writer_that_never_pauses, FillerStore) {
    WalCheckpointer checkpointer(path, std::chrono::milliseconds(20));
    session << "PRAGMA wal_autocheckpoint = " + std::to_string(WalCheckpointer::writerCheckpointPages), now;
    checkpointer.start();
    // 160 MB in transactions of 1 MB, back to back: five times the log's restart point.
    const std::string megabyte(1 << 20, 'x');
    Poco::Int64 largestLog = 0;
    for (int transaction = 0; transaction < 160; ++transaction) {
        session << "BEGIN IMMEDIATE", now;
        for (int row = 0; row < 16; ++row) {
            std::string bytes = megabyte.substr(0, megabyte.size() / 16);
            bytes[0] = static_cast<char>('a' + row);
            session << "INSERT INTO filler(bytes) VALUES(?)", use(bytes), now;
        }
        session << "COMMIT", now;
        largestLog = std::max<Poco::Int64>(largestLog, Poco::File(path + "-wal").getSize());
    }
    checkpointer.stop();
    Poco::Int64 rows = 0;
    session << "SELECT COUNT(*) FROM filler", into(rows), now;
    BOOST_TEST(rows == 160 * 16);
    // Without a restart the log would hold all 160 MB; it restarts near 32 MB.
    BOOST_TEST(largestLog < 80LL * 1024 * 1024, "the write-ahead log grew to " << largestLog << " bytes");
}

BOOST_FIXTURE_TEST_CASE(the_checkpointer_copies_the_log_into_the_database_file_itself, FillerStore) {
    session << "PRAGMA wal_autocheckpoint = 0", now;  // the writer never copies the log back itself
    const Poco::Int64 before = Poco::File(path).getSize();
    std::string bytes(1 << 20, 'y');
    for (int row = 0; row < 8; ++row) session << "INSERT INTO filler(bytes) VALUES(?)", use(bytes), now;
    BOOST_TEST(Poco::File(path).getSize() == before);  // all of it is still in the log
    WalCheckpointer checkpointer(path, std::chrono::milliseconds(10));
    checkpointer.start();
    // Polled, not timed: the test only asks that it happens.
    for (int wait = 0; wait < 1000 && static_cast<long long>(Poco::File(path).getSize()) < before + 8LL * (1 << 20); ++wait)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    checkpointer.stop();
    BOOST_TEST(Poco::File(path).getSize() >= before + 8LL * (1 << 20), "the database file did not take in the log");
}

BOOST_AUTO_TEST_SUITE_END()
