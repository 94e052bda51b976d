// A letter with its fields filled in but not yet laid out: what the template
// made of one case. The layout turns it into pages; nothing here knows PDF.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace grantflow::letters {

// A piece of text in one style. U+00A0 marks spaces where a line must not break.
struct Span {
    std::string text;
    bool bold = false;
};

struct TableRow {
    std::vector<std::string> cells;
    bool header = false;  // repeated at the top of a page the table continues on
    bool total = false;   // drawn bold with a rule above
};

struct Block {
    enum class Kind { heading, paragraph, bullet, table };
    Kind kind = Kind::paragraph;
    std::vector<Span> spans;     // heading, paragraph, bullet
    std::vector<TableRow> rows;  // table: first column text, the others amounts
};

// The agency's letterhead in one language (forms/letters/letterhead.xml).
struct Letterhead {
    std::string agency, unit;
    std::vector<std::pair<std::string, std::string>> footer;  // label, value
    std::string dateLabel, referenceLabel, pageLabel;         // "Datum", "Diarienummer", "Sida"
    std::shared_ptr<const std::string> logo;                  // PNG or JPEG bytes, or none
    double logoWidth = 0, logoHeight = 0;                     // millimetres
};

struct Letter {
    std::string type, lang;
    std::string documentKind;            // "BESLUT", top right of page one
    std::string title;                   // heading of page one and the PDF title
    std::string referenceNumber;         // "GF 2026-000001"
    std::string date;                    // "24 november 2026"
    std::string isoDate;                 // "2026-11-24": the PDF's creation date, never the clock
    std::vector<std::string> recipient;  // address block lines
    std::vector<Block> blocks;
    Letterhead letterhead;
};

}  // namespace grantflow::letters
