// grantflow users passwd NAME | users key NAME: maintains the users file of grantflow serve.
#include "Command.h"

#include <grantflow/http/UserDirectory.h>

#include <Poco/Path.h>
#include <Poco/StringTokenizer.h>
#include <Poco/Util/Option.h>

#include <iostream>
#include <termios.h>
#include <unistd.h>

namespace grantflow::cli {

using Poco::Util::Option;

class UsersCommand : public Command {
public:
    UsersCommand()
        : Command("users", "passwd NAME | key NAME | list",
                  "passwd NAME: sets a user's password (read from stdin, without echo on a terminal) as a salted "
                  "PBKDF2-SHA256 hash, adding the user if needed (then --roles is required). key NAME: makes a "
                  "new API key for a system with --roles, prints it once, and stores only its SHA-256. list: the "
                  "users and their roles. The file is --file, else http.users, else forms/users.example.xml.") {}

protected:
    bool usesStore() const override { return false; }

    void defineCommandOptions(Poco::Util::OptionSet& options) override {
        options.addOption(Option("file", "f", "the users file").argument("FILE").binding("http.users"));
        options.addOption(Option("roles", "r", "roles, comma-separated (registrator, handlaggare, beslutsfattare, "
                                               "ekonomi, administrator, monitor)")
                              .argument("ROLES")
                              .binding("users.roles"));
    }

    int execute(const std::vector<std::string>& arguments) override {
        std::string file = setting("http.users", Poco::Path(Poco::Path(dataDirectory()), "forms/users.example.xml").toString());
        Poco::StringTokenizer list(setting("users.roles", ""), ",", Poco::StringTokenizer::TOK_IGNORE_EMPTY |
                                                                        Poco::StringTokenizer::TOK_TRIM);
        std::vector<std::string> roles(list.begin(), list.end());
        if (arguments.size() == 1 && arguments[0] == "list") {
            for (const auto& p : http::UserDirectory::load(file).people()) {
                std::cout << p.name;
                for (const auto& r : p.roles) std::cout << "\t" << r;
                std::cout << "\n";
            }
            return exitOk;
        }
        if (arguments.size() != 2 || (arguments[0] != "passwd" && arguments[0] != "key")) {
            complain("say passwd NAME, key NAME or list (see grantflow users --help)");
            return exitUsage;
        }
        if (arguments[0] == "key") {
            std::cout << http::UserDirectory::addApiKey(file, arguments[1], roles) << "\n";
            std::cerr << "API key for " << arguments[1] << " stored as its hash in " << file
                      << "; it is shown only now\n";
            return exitOk;
        }
        std::string password = readPassword();
        if (password.size() < 8) {
            complain("a password needs at least 8 characters");
            return exitRefused;
        }
        http::UserDirectory::setPassword(file, arguments[1], password, roles);
        std::cerr << "password of " << arguments[1] << " set in " << file << "\n";
        return exitOk;
    }

private:
    static std::string readPassword() {
        const bool terminal = isatty(STDIN_FILENO);
        termios saved{};
        if (terminal) {
            std::cerr << "password: " << std::flush;
            tcgetattr(STDIN_FILENO, &saved);
            termios quiet = saved;
            quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
            tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
        }
        std::string password;
        std::getline(std::cin, password);
        if (terminal) {
            tcsetattr(STDIN_FILENO, TCSANOW, &saved);
            std::cerr << "\n";
        }
        return password;
    }
};

static RegisterCommand<UsersCommand> registered("users", "set passwords and API keys in the users file");

}  // namespace grantflow::cli
