#include "LetterLayout.h"

#include <algorithm>
#include <functional>

namespace grantflow::letters {

namespace {

constexpr double mm = 72.0 / 25.4;
constexpr double left = 25 * mm, right = LetterLayout::pageWidth - 20 * mm,
                 textWidth = right - left;
constexpr double columnTwo = 110 * mm;  // date/reference block and window address
constexpr double addressTop = 50 * mm, addressWidth = 80 * mm;  // to the right margin
constexpr double bodyTopFirst = 100 * mm, bodyTopNext = 38 * mm, bodyBottom = 266 * mm;
constexpr double footerRule = 273 * mm;
constexpr double bodySize = 10.5, bodyLeading = 14.6, paragraphGap = 6.5;
constexpr double headingSize = 11.5, headingGapBefore = 9, headingGapAfter = 2.5;
constexpr double titleSize = 15, tableSize = 10, tableLeading = 16, amountColumn = 34 * mm;
constexpr double bulletIndent = 6 * mm;
constexpr double labelGrey = 0.38;

const std::string nbsp = "\xC2\xA0";

std::string visibleSpaces(std::string text) {
    for (std::size_t at; (at = text.find(nbsp)) != std::string::npos;)
        text.replace(at, nbsp.size(), " ");
    return text;
}

struct Piece {
    std::string text;
    bool bold;
};
using Word = std::vector<Piece>;

// A laid-out line: pieces with their x offsets, merged by style.
struct Line {
    std::vector<std::pair<double, Piece>> runs;
};

}  // namespace

std::vector<Page> LetterLayout::layOut(const Letter& letter) const {
    auto fontOf = [&](bool bold) -> const TrueTypeFont& { return bold ? _bold : _regular; };
    auto widthOf = [&](const std::string& text, bool bold, double size) {
        return fontOf(bold).width(text, size, _fallback);
    };

    // Splits spans into words at ordinary spaces; a word may change style inside.
    auto wordsOf = [](const std::vector<Span>& spans) {
        std::vector<Word> words;
        Word current;
        for (const auto& span : spans) {
            std::string piece;
            for (char c : span.text) {
                if (c == ' ') {
                    if (!piece.empty()) current.push_back({piece, span.bold});
                    piece.clear();
                    if (!current.empty()) words.push_back(current);
                    current.clear();
                } else {
                    piece.push_back(c);
                }
            }
            if (!piece.empty()) current.push_back({piece, span.bold});
        }
        if (!current.empty()) words.push_back(current);
        return words;
    };

    // Greedy line breaking; a word wider than the line is cut between characters.
    auto breakLines = [&](const std::vector<Span>& spans, double width, double size) {
        std::vector<Line> lines;
        Line line;
        double x = 0;
        double space = widthOf(" ", false, size);
        auto wordWidth = [&](const Word& word) {
            double w = 0;
            for (const auto& piece : word) w += widthOf(piece.text, piece.bold, size);
            return w;
        };
        // Whether the next piece may extend the last run: same style and no gap.
        bool joinable = false;
        auto place = [&](const Word& word) {
            for (const auto& piece : word) {
                if (joinable && line.runs.back().second.bold == piece.bold) {
                    line.runs.back().second.text += piece.text;
                } else {
                    line.runs.push_back({x, piece});
                }
                x += widthOf(piece.text, piece.bold, size);
                joinable = true;
            }
        };
        for (Word word : wordsOf(spans)) {
            double w = wordWidth(word);
            if (!line.runs.empty() && x + space + w > width) {
                lines.push_back(line);
                line = Line();
                x = 0;
                joinable = false;
            }
            if (!line.runs.empty()) {
                // The space joins the previous run when the style goes on.
                joinable = line.runs.back().second.bold == word.front().bold;
                if (joinable) line.runs.back().second.text += " ";
                x += space;
            }
            while (line.runs.empty() && w > width) {
                // Cut an overlong word (a long name or address) to the line.
                Word head, tail;
                double used = 0;
                for (const auto& piece : word) {
                    std::u32string chars = decodeUtf8(piece.text);
                    std::string fits, rest;
                    for (std::size_t i = 0, byte = 0; i < chars.size(); ++i) {
                        std::size_t length = 1;
                        unsigned char lead = static_cast<unsigned char>(piece.text[byte]);
                        if (lead >= 0xf0)
                            length = 4;
                        else if (lead >= 0xe0)
                            length = 3;
                        else if (lead >= 0xc0)
                            length = 2;
                        std::string one = piece.text.substr(byte, length);
                        byte += length;
                        double cw = widthOf(one, piece.bold, size);
                        if (rest.empty() && used + cw <= width) {
                            fits += one;
                            used += cw;
                        } else {
                            rest += one;
                        }
                    }
                    if (!fits.empty()) head.push_back({fits, piece.bold});
                    if (!rest.empty()) tail.push_back({rest, piece.bold});
                }
                if (head.empty()) break;
                place(head);
                lines.push_back(line);
                line = Line();
                x = 0;
                joinable = false;
                word = tail;
                w = wordWidth(word);
                if (word.empty()) break;
            }
            if (!word.empty()) place(word);
        }
        if (!line.runs.empty()) lines.push_back(line);
        return lines;
    };

    // Body content as units that the paginator places: each unit has a height
    // and a function that draws it at a given top.
    struct Unit {
        double height = 0;
        double gapBefore = 0;  // dropped at the top of a page
        int keepWithNext = 0;  // this many following units must share the page
        bool tableHeader = false;
        int table = -1;  // index of the table it belongs to
        std::function<void(Page&, double top)> draw;
    };
    std::vector<Unit> units;
    std::vector<Unit> tableHeaders;

    auto emitLine = [&](const Line& line, double x0, double size) {
        return [line, x0, size](Page& page, double top) {
            for (const auto& [x, piece] : line.runs)
                page.texts.push_back({x0 + x, LetterLayout::pageHeight - top - size, size,
                                      piece.bold, 0, visibleSpaces(piece.text)});
        };
    };

    // The title of the letter opens the body on page one.
    for (const auto& line : breakLines({{letter.title, true}}, textWidth, titleSize)) {
        units.push_back({titleSize * 1.3, 0, 1, false, -1, emitLine(line, left, titleSize)});
    }
    if (!units.empty()) units.back().height += 6;

    int tableCount = 0;
    for (const auto& block : letter.blocks) {
        switch (block.kind) {
            case Block::Kind::heading: {
                auto lines = breakLines(block.spans, textWidth, headingSize);
                for (std::size_t i = 0; i < lines.size(); ++i) {
                    Unit unit{headingSize * 1.35,
                              i == 0 ? headingGapBefore : 0,
                              0,
                              false,
                              -1,
                              emitLine(lines[i], left, headingSize)};
                    // A heading keeps its own lines and two lines of what follows.
                    unit.keepWithNext = static_cast<int>(lines.size() - i - 1) + 2;
                    if (i + 1 == lines.size()) unit.height += headingGapAfter;
                    units.push_back(std::move(unit));
                }
                break;
            }
            case Block::Kind::paragraph:
            case Block::Kind::bullet: {
                bool bullet = block.kind == Block::Kind::bullet;
                double indent = bullet ? bulletIndent : 0;
                auto lines = breakLines(block.spans, textWidth - indent, bodySize);
                for (std::size_t i = 0; i < lines.size(); ++i) {
                    Unit unit{bodyLeading, i == 0 ? (bullet ? 1.5 : paragraphGap) : 0, 0, false,
                              -1,          emitLine(lines[i], left + indent, bodySize)};
                    // No orphan: the first line keeps the second; no widow: the
                    // next-to-last keeps the last.
                    if (lines.size() >= 2 && (i == 0 || i + 2 == lines.size()))
                        unit.keepWithNext = 1;
                    if (bullet && i == 0) {
                        auto draw = unit.draw;
                        unit.draw = [draw](Page& page, double top) {
                            page.texts.push_back({left + 1.5 * mm,
                                                  LetterLayout::pageHeight - top - bodySize,
                                                  bodySize, false, 0, "\xE2\x80\xA2"});
                            draw(page, top);
                        };
                    }
                    units.push_back(std::move(unit));
                }
                break;
            }
            case Block::Kind::table: {
                int table = tableCount++;
                std::size_t columns = block.rows.empty() ? 0 : block.rows.front().cells.size();
                double firstWidth = textWidth - amountColumn * static_cast<double>(columns - 1);
                for (std::size_t r = 0; r < block.rows.size(); ++r) {
                    const TableRow& row = block.rows[r];
                    bool bold = row.header || row.total;
                    auto firstLines = breakLines({{row.cells.empty() ? "" : row.cells[0], bold}},
                                                 firstWidth - 4, tableSize);
                    double height =
                        std::max<std::size_t>(1, firstLines.size()) * (tableSize * 1.3) +
                        (tableLeading - tableSize * 1.3);
                    Unit unit;
                    // The last row leaves room before what follows the table.
                    unit.height = r + 1 == block.rows.size() ? height + 3 : height;
                    unit.gapBefore = r == 0 ? paragraphGap + 2 : 0;
                    unit.table = table;
                    unit.tableHeader = row.header;
                    if (row.header) unit.keepWithNext = 1;
                    if (r + 2 == block.rows.size())
                        unit.keepWithNext = 1;  // the total never stands alone
                    unit.draw = [this, row, firstLines, firstWidth, bold, height](Page& page,
                                                                                  double top) {
                        double baseline = top + tableSize + 3;
                        for (std::size_t l = 0; l < firstLines.size(); ++l)
                            for (const auto& [x, piece] : firstLines[l].runs)
                                page.texts.push_back(
                                    {left + x,
                                     LetterLayout::pageHeight - baseline - l * tableSize * 1.3,
                                     tableSize, piece.bold, row.header ? labelGrey : 0,
                                     visibleSpaces(piece.text)});
                        for (std::size_t c = 1; c < row.cells.size(); ++c) {
                            double columnRight =
                                left + firstWidth + amountColumn * static_cast<double>(c);
                            double w = (bold ? _bold : _regular).width(row.cells[c], tableSize, _fallback);
                            page.texts.push_back(
                                {columnRight - w, LetterLayout::pageHeight - baseline, tableSize,
                                 bold, row.header ? labelGrey : 0, visibleSpaces(row.cells[c])});
                        }
                        if (row.header || row.total) {
                            double y = LetterLayout::pageHeight - (row.header ? top + height : top);
                            page.rules.push_back({left, y, right, y, row.total ? 0.8 : 0.5,
                                                  row.total ? 0 : labelGrey});
                        }
                    };
                    if (row.header) tableHeaders.push_back(unit);
                    units.push_back(std::move(unit));
                }
                break;
            }
        }
    }

    // Pagination.
    std::vector<Page> pages(1);
    double top = bodyTopFirst;
    double bottom = bodyBottom;
    auto heightOf = [&](std::size_t from, std::size_t count, bool atTop) {
        double h = 0;
        for (std::size_t i = from; i < std::min(units.size(), from + count); ++i)
            h += units[i].height + ((i == from && atTop) ? 0 : units[i].gapBefore);
        return h;
    };
    bool pageEmpty = true;
    auto newPage = [&](std::size_t next) {
        pages.emplace_back();
        top = bodyTopNext;
        pageEmpty = true;
        // A table continues under a repeated header row.
        if (units[next].table >= 0 && !units[next].tableHeader) {
            const Unit& header = tableHeaders[static_cast<std::size_t>(units[next].table)];
            header.draw(pages.back(), top);
            top += header.height;
            pageEmpty = false;
        }
    };
    for (std::size_t i = 0; i < units.size(); ++i) {
        // How many units must share the page from here: follow keepWithNext chains.
        std::size_t group = 1;
        for (std::size_t k = i; k < units.size() && k < i + group; ++k)
            group = std::max(group, k - i + 1 + static_cast<std::size_t>(units[k].keepWithNext));
        group = std::min(group, units.size() - i);
        double needed = heightOf(i, group, pageEmpty);
        bool fitsOnAPage = needed <= bottom - bodyTopNext;
        if (!pageEmpty && top + needed > bottom && fitsOnAPage)
            newPage(i);
        else if (!pageEmpty && top + units[i].gapBefore + units[i].height > bottom)
            newPage(i);
        if (!pageEmpty) top += units[i].gapBefore;
        units[i].draw(pages.back(), top);
        top += units[i].height;
        pageEmpty = false;
    }

    // Letterhead, page numbers and footer, now that the page count is known.
    const Letterhead& head = letter.letterhead;
    std::vector<Page> finished;
    for (std::size_t p = 0; p < pages.size(); ++p) {
        Page page;
        auto text = [&](double x, double fromTop, double size, bool bold, double grey,
                        const std::string& s) {
            page.texts.push_back({x, pageHeight - fromTop, size, bold, grey, visibleSpaces(s)});
        };
        std::string pageText = head.pageLabel + " " + std::to_string(p + 1) + " (" +
                               std::to_string(pages.size()) + ")";
        double pageTextWidth = _regular.width(pageText, 9, _fallback);
        if (p == 0) {
            // The logo, when there is one, sits above the agency's name.
            double nameTop = 20 * mm;
            if (head.logo && head.logoWidth > 0 && head.logoHeight > 0) {
                double scale = std::min(1.0, 20.0 / head.logoHeight);  // at most 20 mm tall
                double w = head.logoWidth * scale * mm, h = head.logoHeight * scale * mm;
                page.images.push_back({left, pageHeight - 12 * mm - h, w, h});
                nameTop = std::max(nameTop, 12 * mm + h + 5 * mm);
            }
            text(left, nameTop, 13, true, 0, head.agency);
            if (!head.unit.empty()) text(left, nameTop + 14, 9, false, labelGrey, head.unit);
            // A long kind ("MOTTAGNINGSBEKRÄFTELSE") is set smaller rather than run into the page
            // number.
            double room = right - pageTextWidth - 4 * mm - columnTwo;
            double kindSize =
                std::min(11.0, 11.0 * room / std::max(1.0, _bold.width(letter.documentKind, 11, _fallback)));
            text(columnTwo, 20 * mm, kindSize, true, 0, letter.documentKind);
            text(right - pageTextWidth, 20 * mm, 9, false, 0, pageText);
            text(columnTwo, 29 * mm, 7.5, false, labelGrey, head.dateLabel);
            text(columnTwo + 40 * mm, 29 * mm, 7.5, false, labelGrey, head.referenceLabel);
            text(columnTwo, 29 * mm + 12, 10, false, 0, letter.date);
            text(columnTwo + 40 * mm, 29 * mm + 12, 10, false, 0, letter.referenceNumber);
            // The recipient, inside the envelope window; long lines wrap there.
            double y = addressTop + 11;
            for (const auto& line : letter.recipient) {
                for (const auto& wrapped : breakLines({{line, false}}, addressWidth, 11)) {
                    for (const auto& [x, piece] : wrapped.runs)
                        page.texts.push_back({columnTwo + x, pageHeight - y, 11, false, 0,
                                              visibleSpaces(piece.text)});
                    y += 14;
                }
            }
        } else {
            text(left, 15 * mm, 10, true, 0, head.agency);
            double room = right - pageTextWidth - 4 * mm - columnTwo;
            double kindSize =
                std::min(9.0, 9.0 * room / std::max(1.0, _bold.width(letter.documentKind, 9, _fallback)));
            text(columnTwo, 15 * mm, kindSize, true, 0, letter.documentKind);
            text(right - pageTextWidth, 15 * mm, 9, false, 0, pageText);
            text(columnTwo, 15 * mm + 12, 8.5, false, labelGrey, letter.date);
            text(columnTwo + 40 * mm, 15 * mm + 12, 8.5, false, labelGrey, letter.referenceNumber);
        }
        for (auto& item : pages[p].texts) page.texts.push_back(std::move(item));
        for (auto& rule : pages[p].rules) page.rules.push_back(rule);

        // Footer: label over value, flowing into columns and rows.
        page.rules.push_back(
            {left, pageHeight - footerRule, right, pageHeight - footerRule, 0.4, labelGrey});
        double x = left, rowTop = footerRule + 4 * mm;
        for (const auto& [label, value] : head.footer) {
            double w = std::max(_regular.width(label, 6.5, _fallback), _regular.width(value, 7.5, _fallback)) + 4 * mm;
            if (x > left && x + w - 4 * mm > right) {
                x = left;
                rowTop += 18;
            }
            text(x, rowTop, 6.5, false, labelGrey, label);
            text(x, rowTop + 9, 7.5, false, 0, value);
            x += w;
        }
        finished.push_back(std::move(page));
    }
    return finished;
}

}  // namespace grantflow::letters
