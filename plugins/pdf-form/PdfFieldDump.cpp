// grantflow-pdf-reader FILE: reads the form fields of a PDF that came from
// outside and prints them for the engine, which runs this program in a child
// process with CPU, memory and time limits (engine/src/intake/PdfFieldReader.cpp).
// A crash or hang in PoDoFo on a malformed file therefore costs only that file.
//
// Output, one record a line, tab-separated, with \\ \t \n \r escaped:
//   pages N | textPages N | imagePages N | field NAME VALUE ... | ok
// or a single "error CODE MESSAGE" line and exit status 3.
#include <podofo/podofo.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <set>
#include <string>

using namespace PoDoFo;

namespace {

constexpr int maxDepth = 32;
constexpr int maxFields = 20000;

std::string escaped(const std::string& text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '\\':
                out += "\\\\";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            default:
                out += c;
        }
    }
    return out;
}

int fail(const std::string& code, const std::string& message) {
    std::cout << "error\t" << code << "\t" << escaped(message) << "\n";
    return 3;
}

class FieldWalker {
public:
    explicit FieldWalker(PdfVecObjects& objects) : _objects(objects) {}

    PdfObject* resolve(PdfObject* object) {
        for (int hops = 0; object && object->IsReference() && hops < 8; ++hops)
            object = _objects.GetObject(object->GetReference());
        return object && object->IsReference() ? nullptr : object;
    }

    PdfObject* key(PdfObject* dictionary, const char* name) {
        if (!dictionary || !dictionary->IsDictionary()) return nullptr;
        return resolve(dictionary->GetDictionary().GetKey(PdfName(name)));
    }

    std::string valueText(PdfObject* value) {
        if (!value) return {};
        if (value->IsString() || value->IsHexString()) return value->GetString().GetStringUtf8();
        if (value->IsName()) return value->GetName().GetName();
        if (value->IsNumber()) return std::to_string(value->GetNumber());
        if (value->IsArray()) {
            std::string joined;
            for (PdfObject& item : value->GetArray()) {
                std::string part = valueText(resolve(&item));
                joined += (joined.empty() ? "" : ",") + part;
            }
            return joined;
        }
        return {};
    }

    // Walks a field and its kids; a field's value may sit on the parent of its widgets.
    void walk(PdfObject* field, const std::string& parentName, int depth) {
        if (!field || !field->IsDictionary() || depth > maxDepth || _count > maxFields) return;
        if (!_seen.insert(field->Reference()).second && field->Reference().IsIndirect())
            return;  // cycles
        std::string name = parentName;
        if (PdfObject* partial = key(field, "T");
            partial && (partial->IsString() || partial->IsHexString())) {
            std::string own = partial->GetString().GetStringUtf8();
            name = parentName.empty() ? own : parentName + "." + own;
        }
        PdfObject* kids = key(field, "Kids");
        bool hasNamedKids = false;
        if (kids && kids->IsArray()) {
            for (PdfObject& kid : kids->GetArray()) {
                PdfObject* child = resolve(&kid);
                if (key(child, "T")) {
                    hasNamedKids = true;
                    walk(child, name, depth + 1);
                }
            }
        }
        if (!hasNamedKids && !name.empty()) {
            ++_count;
            std::cout << "field\t" << escaped(name) << "\t" << escaped(valueText(key(field, "V")))
                      << "\n";
        }
    }

private:
    PdfVecObjects& _objects;
    std::set<PdfReference> _seen;
    int _count = 0;
};

bool hasEntries(PdfObject* dictionary) {
    return dictionary && dictionary->IsDictionary() &&
           !dictionary->GetDictionary().GetKeys().empty();
}

// What a reading error means for the person who sent the file; PoDoFo's names
// (ePdfError_NoEOFToken) mean nothing to them.
std::string damage(EPdfError error) {
    switch (error) {
        case ePdfError_NoEOFToken:
        case ePdfError_UnexpectedEOF:
        case ePdfError_InvalidStreamLength:
            return "it ends too early, as a file cut off in transfer does";
        case ePdfError_NoXRef:
        case ePdfError_InvalidXRef:
        case ePdfError_InvalidXRefStream:
        case ePdfError_InvalidXRefType:
        case ePdfError_NoTrailer:
        case ePdfError_InvalidTrailerSize:
            return "its table of contents (the cross-reference table) is missing or broken";
        default:
            return std::string("its structure cannot be read (") + PdfError::ErrorName(error) + ")";
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: grantflow-pdf-reader FILE\n";
        return 2;
    }
    PdfError::EnableLogging(false);
    PdfError::EnableDebug(false);

    {
        std::ifstream in(argv[1], std::ios::binary);
        if (!in) return fail("unreadable", "the file cannot be opened");
        char head[1024] = {};
        in.read(head, sizeof head);
        if (std::string(head, static_cast<std::size_t>(in.gcount())).find("%PDF-") ==
            std::string::npos)
            return fail("not-pdf", "the file is not a PDF (no %PDF- header)");
    }
    try {
        PdfMemDocument doc;
        doc.Load(argv[1]);
        FieldWalker walker(doc.GetObjects());

        int pages = doc.GetPageCount(), textPages = 0, imagePages = 0;
        for (int i = 0; i < pages; ++i) {
            PdfPage* page = doc.GetPage(i);
            PdfObject* resources = page ? walker.resolve(page->GetResources()) : nullptr;
            if (hasEntries(walker.key(resources, "Font"))) ++textPages;
            PdfObject* xobjects = walker.key(resources, "XObject");
            bool image = false;
            if (xobjects && xobjects->IsDictionary()) {
                for (const auto& entry : xobjects->GetDictionary().GetKeys()) {
                    PdfObject* xobject = walker.resolve(entry.second);
                    PdfObject* subtype = walker.key(xobject, "Subtype");
                    if (subtype && subtype->IsName() && subtype->GetName() == PdfName("Image"))
                        image = true;
                }
            }
            if (image) ++imagePages;
        }
        std::cout << "pages\t" << pages << "\ntextPages\t" << textPages << "\nimagePages\t"
                  << imagePages << "\n";
        // Opened without a password, yet encrypted: an owner password restricts it, and
        // its fields may not read back as written.
        if (doc.GetEncrypt()) std::cout << "encrypted\t1\n";

        PdfObject* acroForm = walker.key(doc.GetCatalog(), "AcroForm");
        PdfObject* fields = walker.key(acroForm, "Fields");
        if (fields && fields->IsArray()) {
            for (PdfObject& field : fields->GetArray()) walker.walk(walker.resolve(&field), "", 0);
        }
        std::cout << "ok\n";
        return 0;
    } catch (const PdfError& e) {
        switch (e.GetError()) {
            case ePdfError_InvalidPassword:
                return fail("encrypted", "the PDF is protected by a password");
            case ePdfError_UnsupportedFilter:
            case ePdfError_InvalidEncryptionDict:
                return fail("unsupported",
                            std::string("the PDF uses a feature that cannot be read: ") +
                                PdfError::ErrorName(e.GetError()));
            default:
                return fail("damaged", "the PDF is damaged or incomplete: " + damage(e.GetError()));
        }
    } catch (const std::exception& e) {
        return fail("damaged", std::string("the PDF cannot be read: ") + e.what());
    }
}
