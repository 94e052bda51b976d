// The users file: salted slow password hashes, API keys kept as hashes, refusals of bad files.
#include "TestSupport.h"

#include <grantflow/http/PasswordHash.h>
#include <grantflow/http/RoleMatrix.h>
#include <grantflow/http/UserDirectory.h>

#include <boost/test/unit_test.hpp>

#include <Poco/Exception.h>

using namespace grantflow::http;
using grantflow::test::readFile;
using grantflow::test::TempDir;
using grantflow::test::writeFile;

BOOST_AUTO_TEST_SUITE(UserDirectoryFile)

BOOST_AUTO_TEST_CASE(a_password_is_stored_only_as_a_salted_pbkdf2_hash) {
    TempDir dir;
    std::string file = dir.file("users.xml");
    UserDirectory::setPassword(file, "anna", "correct horse", {"handlaggare"});
    UserDirectory::setPassword(file, "bo", "correct horse", {"handlaggare"});
    std::string text = readFile(file);
    BOOST_TEST(text.find("correct horse") == std::string::npos);
    BOOST_TEST(text.find("pbkdf2-sha256$210000$") != std::string::npos);
    auto users = UserDirectory::load(file);
    BOOST_TEST(users.authenticate("anna", "correct horse").has_value());
    BOOST_TEST(!users.authenticate("anna", "correct horse ").has_value());
    BOOST_TEST(!users.authenticate("nobody", "correct horse").has_value());
}

BOOST_AUTO_TEST_CASE(the_same_password_twice_gives_different_hashes) {
    std::string a = PasswordHash::create("secret-password", 1000), b = PasswordHash::create("secret-password", 1000);
    BOOST_TEST(a != b);
    BOOST_TEST(PasswordHash::verify("secret-password", a));
    BOOST_TEST(PasswordHash::verify("secret-password", b));
}

BOOST_AUTO_TEST_CASE(a_malformed_stored_hash_never_matches) {
    BOOST_TEST(!PasswordHash::verify("x", ""));
    BOOST_TEST(!PasswordHash::verify("x", "pbkdf2-sha256$10$AAAA$BBBB"));
    BOOST_TEST(!PasswordHash::verify("x", "plain$x"));
}

BOOST_AUTO_TEST_CASE(an_api_key_is_stored_as_its_hash_and_names_a_system) {
    TempDir dir;
    std::string file = dir.file("users.xml");
    UserDirectory::setPassword(file, "admin", "administrator-pass", {"administrator"});
    std::string key = UserDirectory::addApiKey(file, "e-service", {"registrator"});
    BOOST_TEST(readFile(file).find(key) == std::string::npos);
    auto users = UserDirectory::load(file);
    auto system = users.authenticateKey(key);
    BOOST_REQUIRE(system.has_value());
    BOOST_TEST(system->name == "e-service");
    BOOST_TEST(system->system);
    BOOST_TEST(!users.authenticateKey(key + "x").has_value());
}

BOOST_AUTO_TEST_CASE(a_file_with_an_unknown_role_is_refused_whole) {
    TempDir dir;
    std::string file = dir.file("users.xml");
    writeFile(file, "<users xmlns=\"urn:grantflow:users:1\"><user name=\"x\" roles=\"king\" password=\"" +
                        PasswordHash::create("p", 1000) + "\"/></users>");
    BOOST_CHECK_THROW(UserDirectory::load(file), Poco::DataFormatException);
}

BOOST_AUTO_TEST_CASE(a_user_without_a_hash_is_refused) {
    TempDir dir;
    std::string file = dir.file("users.xml");
    writeFile(file, "<users xmlns=\"urn:grantflow:users:1\"><user name=\"x\" roles=\"ekonomi\" password=\"plain\"/></users>");
    BOOST_CHECK_THROW(UserDirectory::load(file), Poco::DataFormatException);
}

BOOST_AUTO_TEST_CASE(a_full_name_with_a_line_break_is_refused_with_its_line) {
    TempDir dir;
    std::string file = dir.file("users.xml");
    writeFile(file, "<users xmlns=\"urn:grantflow:users:1\">\n<user name=\"x\" fullName=\"Dora&#10;Lind\" "
                    "roles=\"ekonomi\" password=\"" + PasswordHash::create("p", 1000) + "\"/></users>");
    try {
        UserDirectory::load(file);
        BOOST_FAIL("loaded a name with a line break");
    } catch (const Poco::DataFormatException& e) {
        BOOST_TEST(e.message().find(":2: user x: a full name cannot hold line breaks") != std::string::npos, e.message());
    }
}

BOOST_AUTO_TEST_CASE(the_shipped_example_file_loads) {
    auto users = UserDirectory::load(grantflow::test::sourcePath("forms/users.example.xml"));
    BOOST_TEST(users.find("anna").has_value());
    BOOST_TEST(users.find("dora")->fullName == "Dora Lind");
    BOOST_TEST(users.authenticate("dora", "dora-demo-pass").has_value());
}

BOOST_AUTO_TEST_CASE(only_an_administrator_may_deploy_workflows) {
    for (const auto& role : RoleMatrix::knownRoles())
        BOOST_TEST(RoleMatrix::allows({role}, Permission::deployWorkflows) == (role == "administrator"), role);
}

BOOST_AUTO_TEST_SUITE_END()
