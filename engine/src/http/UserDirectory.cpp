#include <grantflow/http/UserDirectory.h>

#include <grantflow/ApplicationIntake.h>
#include <grantflow/CleanText.h>
#include <grantflow/SafeXmlParser.h>
#include <grantflow/http/PasswordHash.h>
#include <grantflow/http/RoleMatrix.h>
#include <grantflow/workflow/WorkflowEngine.h>

#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/StreamCopier.h>
#include <Poco/StringTokenizer.h>

#include <openssl/rand.h>

#include <cstring>

namespace grantflow::http {

namespace {

const char* const usersNamespace = "urn:grantflow:users:1";

std::string readAll(const std::string& path) {
    if (!Poco::File(path).exists()) throw Poco::FileNotFoundException("no users file", path);
    Poco::FileInputStream in(path);
    std::string bytes;
    Poco::StreamCopier::copyToString(in, bytes);
    return bytes;
}

std::string attribute(xmlNodePtr node, const char* name) {
    xmlChar* value = xmlGetProp(node, BAD_CAST name);
    std::string text = value ? reinterpret_cast<const char*>(value) : "";
    xmlFree(value);
    return text;
}

bool isElement(xmlNodePtr node, const char* name) {
    return node->type == XML_ELEMENT_NODE && std::strcmp(reinterpret_cast<const char*>(node->name), name) == 0;
}

std::vector<std::string> splitRoles(const std::string& text) {
    Poco::StringTokenizer words(text, " ,", Poco::StringTokenizer::TOK_IGNORE_EMPTY | Poco::StringTokenizer::TOK_TRIM);
    return std::vector<std::string>(words.begin(), words.end());
}

std::string joinRoles(const std::vector<std::string>& roles) {
    std::string text;
    for (const auto& r : roles) text += (text.empty() ? "" : " ") + r;
    return text;
}

void checkRoles(const std::string& where, const std::vector<std::string>& roles) {
    for (const auto& role : roles)
        if (!RoleMatrix::knownRoles().count(role))
            throw Poco::DataFormatException(where + ": unknown role '" + role + "'");
}

// A name the file, the tokens and the case documents can all hold: an empty one
// was written and made the whole file unreadable ("every entry needs a name").
void checkName(const std::string& name) {
    const bool plain = !name.empty() && name.size() <= 64 && isCleanText(name) &&
                       name.find_first_of(" \t\r\n") == std::string::npos;
    if (!plain)
        throw Poco::InvalidArgumentException("a user name must be 1 to 64 characters without spaces or control "
                                             "characters, not '" + cleanText(name) + "'");
}

XmlDocument parseFile(const std::string& path) {
    ParseResult parsed = SafeXmlParser().parse(readAll(path));
    if (parsed.document.empty() || !parsed.problems.empty()) {
        std::string why = parsed.problems.empty() ? "not well-formed" : parsed.problems.front().message;
        throw Poco::DataFormatException(path + ": " + why);
    }
    xmlNodePtr root = parsed.document.root();
    if (!isElement(root, "users") || !root->ns ||
        std::strcmp(reinterpret_cast<const char*>(root->ns->href), usersNamespace) != 0)
        throw Poco::DataFormatException(path + ": the root must be <users xmlns=\"" + usersNamespace + "\">");
    return std::move(parsed.document);
}

// Reads path, or starts an empty users document when the file does not exist yet.
XmlDocument openForEdit(const std::string& path) {
    if (Poco::File(path).exists()) return parseFile(path);
    std::string empty = std::string("<users xmlns=\"") + usersNamespace + "\">\n</users>\n";
    return SafeXmlParser().parse(empty).document;
}

xmlNodePtr findChild(xmlNodePtr root, const char* element, const std::string& name) {
    for (xmlNodePtr n = root->children; n; n = n->next)
        if (isElement(n, element) && attribute(n, "name") == name) return n;
    return nullptr;
}

xmlNodePtr addChild(xmlNodePtr root, const char* element) {
    xmlAddChild(root, xmlNewText(BAD_CAST "  "));
    xmlNodePtr node = xmlNewChild(root, root->ns, BAD_CAST element, nullptr);
    xmlAddChild(root, xmlNewText(BAD_CAST "\n"));
    return node;
}

void save(const XmlDocument& document, const std::string& path) {
    std::string temporary = path + ".tmp";
    {
        Poco::FileOutputStream out(temporary);
        out << document.toString();
        out.close();
    }
    Poco::File(temporary).renameTo(path);  // readers see the old file or the new one, never half of one
}

}  // namespace

UserDirectory UserDirectory::load(const std::string& path) {
    XmlDocument document = parseFile(path);
    UserDirectory directory;
    for (xmlNodePtr n = document.root()->children; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE) continue;
        std::string where = path + ":" + std::to_string(xmlGetLineNo(n));
        std::string name = attribute(n, "name");
        if (name.empty()) throw Poco::DataFormatException(where + ": every entry needs a name");
        auto roles = splitRoles(attribute(n, "roles"));
        checkRoles(where, roles);
        if (isElement(n, "user")) {
            std::string hash = attribute(n, "password");
            if (!PasswordHash::wellFormed(hash))
                throw Poco::DataFormatException(where + ": user " + name +
                                                " has no well-formed password hash (set one with grantflow users "
                                                "passwd)");
            if (directory._people.count(name)) throw Poco::DataFormatException(where + ": user " + name + " twice");
            std::string fullName = attribute(n, "fullName");
            if (xmlHasProp(n, BAD_CAST "fullName"))
                if (std::string problem = workflow::fullNameProblem(fullName); !problem.empty())
                    throw Poco::DataFormatException(where + ": user " + name + ": " + problem);
            directory._people[name] = {{name, roles, false, fullName}, hash};
        } else if (isElement(n, "apiKey")) {
            std::string digest = attribute(n, "sha256");
            if (digest.size() != 64) throw Poco::DataFormatException(where + ": apiKey " + name + " needs sha256");
            directory._keys[digest] = {name, roles, true, ""};
        } else {
            throw Poco::DataFormatException(where + ": unexpected element " +
                                            reinterpret_cast<const char*>(n->name));
        }
    }
    return directory;
}

std::optional<Principal> UserDirectory::authenticate(const std::string& name, const std::string& password) const {
    auto found = _people.find(name);
    if (found == _people.end()) {
        // Spend the same time as for a known user, so timing does not tell who exists.
        static const std::string decoy = PasswordHash::create("decoy");
        PasswordHash::verify(password, decoy);
        return std::nullopt;
    }
    if (!PasswordHash::verify(password, found->second.passwordHash)) return std::nullopt;
    return found->second.principal;
}

std::optional<Principal> UserDirectory::authenticateKey(const std::string& apiKey) const {
    auto found = _keys.find(sha256Hex(apiKey));
    if (found == _keys.end()) return std::nullopt;
    return found->second;
}

std::optional<Principal> UserDirectory::find(const std::string& name) const {
    auto found = _people.find(name);
    if (found == _people.end()) return std::nullopt;
    return found->second.principal;
}

std::vector<Principal> UserDirectory::people() const {
    std::vector<Principal> result;
    for (const auto& [name, person] : _people) result.push_back(person.principal);
    return result;
}

std::vector<Principal> UserDirectory::systems() const {
    std::vector<Principal> result;
    for (const auto& [digest, system] : _keys) result.push_back(system);
    return result;
}

void UserDirectory::setPassword(const std::string& path, const std::string& name, const std::string& password,
                                const std::vector<std::string>& roles) {
    checkName(name);
    checkRoles(path, roles);
    XmlDocument document = openForEdit(path);
    xmlNodePtr user = findChild(document.root(), "user", name);
    if (!user) {
        if (roles.empty()) throw Poco::InvalidArgumentException("a new user needs at least one role");
        user = addChild(document.root(), "user");
        xmlSetProp(user, BAD_CAST "name", BAD_CAST name.c_str());
    }
    if (!roles.empty()) xmlSetProp(user, BAD_CAST "roles", BAD_CAST joinRoles(roles).c_str());
    xmlSetProp(user, BAD_CAST "password", BAD_CAST PasswordHash::create(password).c_str());
    save(document, path);
}

std::string UserDirectory::addApiKey(const std::string& path, const std::string& name,
                                     const std::vector<std::string>& roles) {
    checkName(name);
    checkRoles(path, roles);
    if (roles.empty()) throw Poco::InvalidArgumentException("an API key needs at least one role");
    unsigned char random[32];
    if (RAND_bytes(random, sizeof random) != 1) throw Poco::SystemException("no random bytes for a key");
    std::string key = "gfk_";
    static const char* const hex = "0123456789abcdef";
    for (unsigned char byte : random) {
        key += hex[byte >> 4];
        key += hex[byte & 15];
    }
    XmlDocument document = openForEdit(path);
    xmlNodePtr entry = findChild(document.root(), "apiKey", name);
    if (!entry) {
        entry = addChild(document.root(), "apiKey");
        xmlSetProp(entry, BAD_CAST "name", BAD_CAST name.c_str());
    }
    xmlSetProp(entry, BAD_CAST "roles", BAD_CAST joinRoles(roles).c_str());
    xmlSetProp(entry, BAD_CAST "sha256", BAD_CAST sha256Hex(key).c_str());
    save(document, path);
    return key;
}

}  // namespace grantflow::http
