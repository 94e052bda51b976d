#include <grantflow/FormApplicationBuilder.h>
#include <grantflow/XmlDocument.h>
#include <libxml/tree.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <set>

namespace grantflow {

namespace {

std::string trim(const std::string& text) {
    const char* space = " \t\r\n\f\v";
    std::size_t first = text.find_first_not_of(space);
    if (first == std::string::npos) return {};
    return text.substr(first, text.find_last_not_of(space) - first + 1);
}

std::vector<std::string> split(const std::string& path, char separator) {
    std::vector<std::string> steps;
    std::size_t start = 0;
    for (std::size_t at; (at = path.find(separator, start)) != std::string::npos; start = at + 1)
        steps.push_back(path.substr(start, at - start));
    steps.push_back(path.substr(start));
    return steps;
}

std::string lower(std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

// Removes the spaces people put in amounts ("450 000", with no-break spaces too),
// a currency word, ":-" and a zero öre part ("450000,00").
std::string plainAmount(std::string text) {
    for (const char* noise :
         {"\xC2\xA0", "\xE2\x80\xAF", " ", "\t", ":-", "SEK", "sek", "kr", "Kr", "KR"}) {
        for (std::size_t at; (at = text.find(noise)) != std::string::npos;)
            text.erase(at, std::strlen(noise));
    }
    for (const char* cents : {",00", ".00"}) {
        if (text.size() > 3 && text.compare(text.size() - 3, 3, cents) == 0)
            text.erase(text.size() - 3);
    }
    return text;
}

bool allDigits(const std::string& text) {
    return !text.empty() &&
           std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); });
}

// YYYY-MM-DD; also YYYYMMDD, YYYY/MM/DD and YYYY.MM.DD as people write them.
bool normaliseDate(std::string& text) {
    std::string digits;
    for (char c : text) {
        if (std::isdigit(static_cast<unsigned char>(c)))
            digits += c;
        else if (c != '-' && c != '/' && c != '.')
            return false;
    }
    if (digits.size() != 8) return false;
    if (text.size() != 8 && !(text.size() == 10 && text[4] == text[7] &&
                              !std::isdigit(static_cast<unsigned char>(text[4]))))
        return false;
    text = digits.substr(0, 4) + "-" + digits.substr(4, 2) + "-" + digits.substr(6, 2);
    return true;
}

bool ticked(const std::string& value) {
    std::string v = lower(trim(value));
    return !v.empty() && v != "off" && v != "0" && v != "false" && v != "no";
}

class Writer {
public:
    explicit Writer(const FormDefinition& form) {
        _doc.reset(xmlNewDoc(BAD_CAST "1.0"));
        xmlNodePtr root = xmlNewDocNode(_doc.get(), nullptr, BAD_CAST form.root().c_str(), nullptr);
        xmlDocSetRootElement(_doc.get(), root);
        _ns = xmlNewNs(root, BAD_CAST form.targetNamespace().c_str(), nullptr);
        xmlSetNs(root, _ns);
    }

    xmlNodePtr root() const { return xmlDocGetRootElement(_doc.get()); }

    // Walks `path` from `from`, creating elements on the way; the last element step
    // is always a new element when `freshLast`. Returns the element that holds the
    // value and, through attributeName, the attribute when the path ends in "@x".
    xmlNodePtr place(xmlNodePtr from, const std::string& path, bool freshLast,
                     std::string& attributeName) {
        attributeName.clear();
        if (path == ".") return from;
        std::vector<std::string> steps = split(path, '/');
        if (!steps.empty() && steps.back().rfind('@', 0) == 0) {
            attributeName = steps.back().substr(1);
            steps.pop_back();
        }
        xmlNodePtr at = from;
        for (std::size_t i = 0; i < steps.size(); ++i) {
            bool last = i + 1 == steps.size();
            xmlNodePtr found = nullptr;
            if (!(last && freshLast)) {
                for (xmlNodePtr child = at->last; child; child = child->prev)
                    if (child->type == XML_ELEMENT_NODE &&
                        xmlStrEqual(child->name, BAD_CAST steps[i].c_str())) {
                        found = child;
                        break;
                    }
            }
            at = found ? found : xmlNewChild(at, _ns, BAD_CAST steps[i].c_str(), nullptr);
        }
        return at;
    }

    void set(xmlNodePtr element, const std::string& attributeName, const std::string& value) {
        if (attributeName.empty())
            xmlNodeAddContentLen(element, BAD_CAST value.data(), static_cast<int>(value.size()));
        else
            xmlSetProp(element, BAD_CAST attributeName.c_str(), BAD_CAST value.c_str());
    }

    XmlDocument release() { return XmlDocument(_doc.release()); }

private:
    struct DocFree {
        void operator()(xmlDocPtr doc) const { xmlFreeDoc(doc); }
    };
    std::unique_ptr<xmlDoc, DocFree> _doc;
    xmlNsPtr _ns = nullptr;
};

std::string withoutPositions(const std::string& path) {
    std::string plain;
    bool inBracket = false;
    for (char c : path) {
        if (c == '[')
            inBracket = true;
        else if (c == ']')
            inBracket = false;
        else if (!inBracket)
            plain += c;
    }
    return plain;
}

}  // namespace

BuiltApplication FormApplicationBuilder::build(const FormValues& values, const std::string& lang,
                                               const std::string& receivedAt) const {
    BuiltApplication built;
    Writer writer(_form);
    const std::string rootPath = "/" + _form.root();
    const std::string rowWord = lang == "en" ? "row" : "rad";

    auto valueOf = [&](const std::string& name) {
        auto found = values.find(name);
        return found == values.end() ? std::string() : found->second;
    };
    auto problem = [&](const std::string& code, const std::string& label,
                       const std::string& message) {
        built.problems.push_back({code, label, 0, 0, message});
    };
    auto remember = [&](xmlNodePtr element, const std::string& attributeName,
                        const std::string& label) {
        std::string path = pathOf(element);
        if (!attributeName.empty()) path += "/@" + attributeName;
        built.labels.emplace_back(path, label);
    };
    auto rememberDeclared = [&](const std::string& base, const std::string& path,
                                const std::string& label) {
        std::string full = path == "." ? base : base + "/" + path;
        built.declared.emplace_back(full, label);
    };

    // Puts one field's value under `from`; returns false when the field had nothing.
    auto placeField = [&](xmlNodePtr from, const FormField& field, const std::string& pdfName,
                          const std::string& label) {
        std::string raw = valueOf(pdfName);
        std::string value = trim(raw);
        std::string attributeName;
        if (field.type == FieldType::checkbox) {
            // Ticked boxes that share a path each add an element (the target group's bases).
            if (!ticked(raw)) return false;
            xmlNodePtr element = writer.place(from, field.path, true, attributeName);
            writer.set(element, attributeName, field.checkedValue);
            remember(element, attributeName, label);
            return true;
        }
        if (value.empty()) return false;
        switch (field.type) {
            case FieldType::amount:
            case FieldType::number: {
                std::string plain = plainAmount(value);
                if (!allDigits(plain)) {
                    problem("form-value", label,
                            "'" + value + "' is not a whole number" +
                                (field.type == FieldType::amount ? " of kronor" : ""));
                    return true;
                }
                plain.erase(0, std::min(plain.find_first_not_of('0'), plain.size() - 1));
                value = plain;
                break;
            }
            case FieldType::date:
                if (!normaliseDate(value)) {
                    problem("form-value", label,
                            "'" + value + "' is not a date written YYYY-MM-DD");
                    return true;
                }
                break;
            case FieldType::choice: {
                const FormOption* chosen = nullptr;
                for (const FormOption& option : field.options)
                    if (lower(value) == lower(option.value) ||
                        lower(value) == lower(option.label.sv) ||
                        lower(value) == lower(option.label.en))
                        chosen = &option;
                if (!chosen) {
                    std::string choices;
                    for (const FormOption& option : field.options)
                        choices += (choices.empty() ? "" : ", ") + option.label.in(lang);
                    problem("form-value", label,
                            "'" + value + "' is not one of the choices (" + choices + ")");
                    return true;
                }
                value = chosen->value;
                break;
            }
            case FieldType::list: {
                std::string item;
                for (std::size_t i = 0; i <= value.size(); ++i) {
                    char c = i < value.size() ? value[i] : ',';
                    if (c == ',' || c == ';' || std::isspace(static_cast<unsigned char>(c))) {
                        if (!item.empty()) {
                            xmlNodePtr element =
                                writer.place(from, field.path, true, attributeName);
                            writer.set(element, attributeName, item);
                            remember(element, attributeName, label);
                        }
                        item.clear();
                    } else {
                        item += c;
                    }
                }
                return true;
            }
            case FieldType::text: {
                // One line in the schema (xs:token): line breaks typed into it become spaces.
                std::replace_if(
                    value.begin(), value.end(),
                    [](char c) { return c == '\r' || c == '\n' || c == '\t'; }, ' ');
                break;
            }
            default:
                break;
        }
        xmlNodePtr element = writer.place(from, field.path, false, attributeName);
        writer.set(element, attributeName, value);
        remember(element, attributeName, label);
        return true;
    };

    auto placeConstant = [&](const FormConstant& constant) {
        std::string attributeName;
        xmlNodePtr element = writer.place(writer.root(), constant.path, false, attributeName);
        writer.set(element, attributeName, constant.receivedAt ? receivedAt : constant.value);
    };

    for (const FormConstant& constant : _form.leadingConstants()) placeConstant(constant);
    for (const FormSection& section : _form.sections()) {
        for (const FormEntry& entry : section.entries) {
            if (const auto* constant = std::get_if<FormConstant>(&entry)) {
                placeConstant(*constant);
            } else if (const auto* field = std::get_if<FormField>(&entry)) {
                std::string label = field->label.in(lang);
                rememberDeclared(rootPath, field->path, label);
                bool filled = placeField(writer.root(), *field, field->name, label);
                if (!filled && field->required)
                    problem("form-required", label, "must be filled in");
            } else if (const auto* repeat = std::get_if<FormRepeat>(&entry)) {
                std::string title = repeat->title.in(lang);
                for (const FormField& column : repeat->fields)
                    rememberDeclared(rootPath + "/" + repeat->path, column.path,
                                     title + ": " + column.label.in(lang));
                int filledRows = 0;
                for (int row = 1; row <= repeat->rows; ++row) {
                    bool any = false;
                    for (const FormField& column : repeat->fields)
                        any =
                            any ||
                            !trim(valueOf(FormDefinition::cellName(*repeat, row, column))).empty();
                    if (!any) continue;
                    ++filledRows;
                    std::string attributeName;
                    xmlNodePtr rowElement =
                        writer.place(writer.root(), repeat->path, true, attributeName);
                    for (const FormField& column : repeat->fields) {
                        std::string label = title + ", " + rowWord + " " + std::to_string(row) +
                                            ": " + column.label.in(lang);
                        bool filled =
                            placeField(rowElement, column,
                                       FormDefinition::cellName(*repeat, row, column), label);
                        if (!filled) {
                            // Remember where the missing value belongs, so the schema's
                            // complaint about it names this cell.
                            std::string where = pathOf(rowElement);
                            built.labels.emplace_back(
                                where + (column.path == "." ? "" : "/" + column.path), label);
                        }
                    }
                    // The row element itself, for problems reported on it (a missing child).
                    built.labels.emplace_back(pathOf(rowElement),
                                              title + ", " + rowWord + " " + std::to_string(row));
                }
                if (filledRows < repeat->minRows)
                    problem("form-required", title,
                            "at least " + std::to_string(repeat->minRows) +
                                " row(s) must be filled in");
            }
        }
    }
    XmlDocument document = writer.release();
    built.xml = document.toString();
    return built;
}

Problem BuiltApplication::onForm(const Problem& problem) const {
    Problem moved = problem;
    moved.line = moved.column = 0;  // lines of a document the applicant never saw
    if (problem.path.empty()) return moved;
    auto labelOf = [&](const std::string& path) -> const std::string* {
        for (const auto& [where, label] : labels)
            if (where == path) return &label;
        std::string plain = withoutPositions(path);
        for (const auto& [where, label] : declared)
            if (where == plain) return &label;
        return nullptr;
    };
    auto parentOf = [](const std::string& path) { return path.substr(0, path.rfind('/')); };
    auto between = [&](const std::string& from, const std::string& to) -> std::string {
        std::size_t start = problem.message.find(from);
        if (start == std::string::npos) return {};
        start += from.size();
        std::size_t end = to.empty() ? problem.message.size() : problem.message.find(to, start);
        return end == std::string::npos ? std::string()
                                        : problem.message.substr(start, end - start);
    };
    // A missing element is reported on its parent or on the sibling after it; the
    // field is the element that is missing.
    std::string missingPath;
    if (std::string name = between("expected ", " inside "); !name.empty())
        missingPath = problem.path + "/" + name;
    else if (std::string before = between("expected ", " before "); !before.empty())
        missingPath = parentOf(problem.path) + "/" + before;
    else if (std::string old = between("Expected is ( ", " )"); !old.empty())
        missingPath = problem.path + "/" + old;
    else if (std::string attribute = between("attribute '", "' is required"); !attribute.empty())
        missingPath = problem.path + "/@" + attribute;
    if (!missingPath.empty()) {
        // Check boxes that share a path (the target group) are one choice: name them all.
        std::string group;
        int boxes = 0;
        for (const auto& [where, label] : declared)
            if (where == withoutPositions(missingPath)) group += (boxes++ ? " / " : "") + label;
        if (boxes > 1) {
            moved.path = group;
            moved.message = "tick at least one";
            return moved;
        }
        if (const std::string* label = labelOf(missingPath)) {
            moved.path = *label;
            moved.message = "must be filled in";
            return moved;
        }
    }
    if (const std::string* label = labelOf(problem.path)) moved.path = *label;
    return moved;
}

}  // namespace grantflow
