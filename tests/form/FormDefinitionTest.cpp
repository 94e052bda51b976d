// The form definition and the application schema agree: every element and
// attribute the schema requires has a field (or a fixed value) on the form,
// every field has a place in the schema, and every drop-down offers exactly the
// values the schema allows.
#include <grantflow/FormApplicationBuilder.h>
#include <grantflow/SchemaValidator.h>
#include <libxml/parser.h>

#include <boost/test/unit_test.hpp>
#include <map>
#include <memory>
#include <set>

#include "FormFixture.h"

using namespace grantflow;

namespace {

constexpr const char* xs = "http://www.w3.org/2001/XMLSchema";

bool isXs(const xmlNode* node, const char* name) {
    return node && node->type == XML_ELEMENT_NODE && xmlStrEqual(node->name, BAD_CAST name) &&
           node->ns && xmlStrEqual(node->ns->href, BAD_CAST xs);
}

std::string attr(const xmlNode* node, const char* name) {
    xmlChar* value = xmlGetProp(node, BAD_CAST name);
    std::string text = value ? reinterpret_cast<const char*>(value) : "";
    xmlFree(value);
    return text;
}

// Every element and attribute path the application schema declares, whether the
// schema requires it (with all its ancestors), and the simple type it has.
class SchemaPaths {
public:
    struct Declared {
        bool required = false;
        bool leaf = true;
        std::string type;
    };

    explicit SchemaPaths(const std::string& xsdPath) {
        _doc.reset(xmlReadFile(xsdPath.c_str(), nullptr, XML_PARSE_NONET));
        BOOST_REQUIRE(_doc);
        xmlNodePtr root = xmlDocGetRootElement(_doc.get());
        for (xmlNodePtr node = root->children; node; node = node->next) {
            if (isXs(node, "complexType")) _complex[attr(node, "name")] = node;
            if (isXs(node, "simpleType")) _simple[attr(node, "name")] = node;
        }
        for (xmlNodePtr node = root->children; node; node = node->next)
            if (isXs(node, "element") && attr(node, "name") == "application")
                element(node, "", true);
    }

    const std::map<std::string, Declared>& paths() const { return _paths; }

    // The enumeration of a named simple type, empty if it has none.
    std::set<std::string> enumeration(const std::string& type) const {
        std::set<std::string> values;
        auto found = _simple.find(type);
        if (found == _simple.end()) return values;
        for (xmlNodePtr restriction = found->second->children; restriction;
             restriction = restriction->next)
            for (xmlNodePtr facet = restriction->children; facet; facet = facet->next)
                if (isXs(facet, "enumeration")) values.insert(attr(facet, "value"));
        return values;
    }

private:
    void element(xmlNodePtr node, const std::string& parent, bool parentRequired) {
        std::string path = parent + "/" + attr(node, "name");
        bool required = parentRequired && attr(node, "minOccurs") != "0";
        Declared& declared = _paths[path];
        declared.required = required;
        declared.type = attr(node, "type");
        xmlNodePtr complex = nullptr;
        if (auto found = _complex.find(declared.type); found != _complex.end())
            complex = found->second;
        for (xmlNodePtr child = node->children; child && !complex; child = child->next)
            if (isXs(child, "complexType")) complex = child;
        if (complex) content(complex, path, required);
    }

    void content(xmlNodePtr node, const std::string& path, bool required) {
        for (xmlNodePtr child = node->children; child; child = child->next) {
            if (isXs(child, "element")) {
                _paths[path].leaf = false;
                element(child, path, required);
            } else if (isXs(child, "attribute")) {
                Declared& declared = _paths[path + "/@" + attr(child, "name")];
                declared.required = required && attr(child, "use") == "required";
                declared.type = attr(child, "type");
            } else if (isXs(child, "extension")) {
                _paths[path].type = attr(child, "base");
                content(child, path, required);
            } else if (isXs(child, "sequence") || isXs(child, "all") || isXs(child, "choice") ||
                       isXs(child, "simpleContent") || isXs(child, "complexContent")) {
                content(child, path, required);
            }
        }
    }

    struct DocFree {
        void operator()(xmlDocPtr doc) const { xmlFreeDoc(doc); }
    };
    std::unique_ptr<xmlDoc, DocFree> _doc;
    std::map<std::string, xmlNodePtr> _complex, _simple;
    std::map<std::string, Declared> _paths;
};

const SchemaPaths& schema() {
    static SchemaPaths paths(test::sourcePath("schemas/application.xsd"));
    return paths;
}

std::string joined(const std::string& base, const std::string& path) {
    return path == "." ? base : base + "/" + path;
}

// Every path the form writes, with the fields that write it.
std::map<std::string, std::vector<const FormField*>> formPaths() {
    std::map<std::string, std::vector<const FormField*>> paths;
    const std::string root = "/" + test::form().root();
    for (const FormConstant& constant : test::form().leadingConstants())
        paths[joined(root, constant.path)];
    for (const FormSection& section : test::form().sections()) {
        for (const FormEntry& entry : section.entries) {
            if (const auto* constant = std::get_if<FormConstant>(&entry))
                paths[joined(root, constant->path)];
            if (const auto* field = std::get_if<FormField>(&entry))
                paths[joined(root, field->path)].push_back(field);
            if (const auto* repeat = std::get_if<FormRepeat>(&entry)) {
                paths[joined(root, repeat->path)];
                for (const FormField& column : repeat->fields)
                    paths[joined(joined(root, repeat->path), column.path)].push_back(&column);
            }
        }
    }
    return paths;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(FormDefinitionAgreesWithSchema)

BOOST_AUTO_TEST_CASE(every_required_element_and_attribute_of_the_schema_has_a_field) {
    auto form = formPaths();
    for (const auto& [path, declared] : schema().paths()) {
        if (!declared.required || !declared.leaf) continue;
        BOOST_TEST_CONTEXT("required by the schema: " << path) {
            BOOST_TEST(form.count(path) == 1u);
        }
    }
}

BOOST_AUTO_TEST_CASE(every_field_has_a_place_in_the_schema) {
    for (const auto& [path, fields] : formPaths()) {
        BOOST_TEST_CONTEXT("written by the form: " << path) {
            BOOST_TEST(schema().paths().count(path) == 1u);
        }
    }
}

BOOST_AUTO_TEST_CASE(every_choice_offers_exactly_what_the_schema_allows) {
    for (const auto& [path, fields] : formPaths()) {
        std::set<std::string> offered;
        for (const FormField* field : fields) {
            for (const FormOption& option : field->options) offered.insert(option.value);
            if (field->type == FieldType::checkbox) offered.insert(field->checkedValue);
        }
        if (offered.empty()) continue;
        auto declared = schema().paths().find(path);
        BOOST_REQUIRE(declared != schema().paths().end());
        BOOST_TEST_CONTEXT(path << " of type " << declared->second.type) {
            BOOST_TEST(offered == schema().enumeration(declared->second.type),
                       boost::test_tools::per_element());
        }
    }
}

BOOST_AUTO_TEST_CASE(every_field_and_heading_has_swedish_and_english_text) {
    auto check = [](const FormText& text, const std::string& what) {
        BOOST_TEST_CONTEXT(what) {
            BOOST_TEST(!text.sv.empty());
            BOOST_TEST(!text.en.empty());
        }
    };
    check(test::form().title(), "form title");
    for (const FormSection& section : test::form().sections()) {
        check(section.title, section.id);
        for (const FormEntry& entry : section.entries) {
            if (const auto* field = std::get_if<FormField>(&entry))
                check(field->label, field->name);
            if (const auto* repeat = std::get_if<FormRepeat>(&entry)) {
                check(repeat->title, repeat->name);
                for (const FormField& column : repeat->fields)
                    check(column.label, repeat->name + "." + column.name);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(a_form_with_every_field_filled_builds_a_schema_valid_application) {
    // The order of the fields is the order the schema wants its elements in.
    FormValues values = {{"orgName", "Förening"},
                         {"orgNumber", "802456-7896"},
                         {"orgForm", "stiftelse"},
                         {"orgStreet", "Gatan 1"},
                         {"orgPostalCode", "111 22"},
                         {"orgCity", "Ort"},
                         {"orgBankgiro", "5050-1055"},
                         {"contactName", "A"},
                         {"contactEmail", "a@b.se"},
                         {"contactPhone", "08-123 45"},
                         {"signatoryName", "B"},
                         {"signatoryRole", "ordförande"},
                         {"projectTitle", "T"},
                         {"projectKind", "utbildning"},
                         {"projectStart", "2027-01-01"},
                         {"projectEnd", "2027-06-30"},
                         {"basisRefugee", "Yes"},
                         {"basisProtection", "Yes"},
                         {"basisQuota", "Yes"},
                         {"countries", "BA, IQ"},
                         {"participants", "10"},
                         {"summary", "S"},
                         {"activity.1.description", "D"},
                         {"activity.1.start", "2027-01-01"},
                         {"activity.1.end", "2027-02-01"},
                         {"partner.1.name", "P"},
                         {"partner.1.country", "BA"},
                         {"partner.1.role", "R"},
                         {"line.1.category", "personal"},
                         {"line.1.amount", "100"},
                         {"line.2.category", "resor"},
                         {"line.2.amount", "50"},
                         {"coFinancing.1.source", "S"},
                         {"coFinancing.1.amount", "50"},
                         {"requested", "100"},
                         {"lang", "en"}};
    BuiltApplication built =
        FormApplicationBuilder(test::form()).build(values, "sv", "2026-11-27T10:00:00Z");
    BOOST_TEST(built.problems.empty());
    ParseResult parsed = SafeXmlParser().parse(built.xml);
    Problems problems =
        SchemaValidator(test::sourcePath("schemas/application.xsd")).validate(parsed.document);
    for (const Problem& problem : problems) BOOST_TEST_MESSAGE(formatProblem("built", problem));
    BOOST_TEST(problems.empty());
}

BOOST_AUTO_TEST_SUITE_END()
