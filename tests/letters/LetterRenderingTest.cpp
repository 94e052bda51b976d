// Letters as the applicant and the archive meet them: rendered for every type
// and every example application, then read back with pdftotext, pdffonts,
// pdfinfo and qpdf.
#include <Poco/Checksum.h>
#include <Poco/DeflatingStream.h>
#include <Poco/File.h>

#include <boost/test/unit_test.hpp>
#include <map>
#include <sstream>

#include "LetterFixture.h"

using namespace grantflow::test;

namespace {

struct Applicant {
    std::string organisation, contact, referenceLabel;
};

const std::map<std::string, Applicant>& applicants() {
    static const std::map<std::string, Applicant> known = {
        {"01-information-bosnia.xml",
         {"Föreningen Bosnisk-Svenska Broar", "Amra Hodžić", "Diarienummer"}},
        {"02-forstudie-minimal.xml",
         {"Irakiska Kulturföreningen i Malmö", "Zainab Al-Tamimi", "Diarienummer"}},
        {"03-reintegration-large.xml",
         {"Stiftelsen Nya Steg & Hemvändare", "Hodan Abdi Warsame", "Diarienummer"}},
        {"04-kommun-english.xml", {"Borlänge kommun", "Johanna Eriksson", "Reference"}},
    };
    return known;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// Every font pdffonts lists is embedded ("emb" column says yes).
void requireAllFontsEmbedded(const std::string& pdf) {
    ToolResult fonts = runTool("pdffonts", {pdf});
    BOOST_REQUIRE_EQUAL(fonts.exitCode, 0);
    std::istringstream lines(fonts.out);
    std::string line;
    int listed = 0;
    std::getline(lines, line);
    std::getline(lines, line);
    while (std::getline(lines, line)) {
        ++listed;
        std::istringstream columns(line);
        std::vector<std::string> words;
        for (std::string word; columns >> word;) words.push_back(word);
        BOOST_REQUIRE_GE(words.size(), 7u);
        // name, type (1-2 words), encoding, emb, sub, uni, object, ID: count from the end.
        BOOST_CHECK_MESSAGE(words[words.size() - 5] == "yes", "font not embedded: " + line);
        BOOST_CHECK_MESSAGE(words[words.size() - 4] == "yes", "font not subset: " + line);
        BOOST_CHECK_MESSAGE(words[words.size() - 3] == "yes", "font without ToUnicode: " + line);
    }
    BOOST_CHECK_GE(listed, 1);
}

void put32(std::string& out, std::uint32_t value) {
    for (int shift = 24; shift >= 0; shift -= 8)
        out.push_back(static_cast<char>((value >> shift) & 0xff));
}

// A small solid-colour PNG, made here so the test needs no image file.
std::string solidPng(unsigned width, unsigned height) {
    auto chunk = [](const std::string& type, const std::string& data) {
        std::string out;
        put32(out, static_cast<std::uint32_t>(data.size()));
        Poco::Checksum crc(Poco::Checksum::TYPE_CRC32);
        crc.update(type + data);
        out += type + data;
        put32(out, crc.checksum());
        return out;
    };
    std::string header;
    put32(header, width);
    put32(header, height);
    header += std::string("\x08\x02\x00\x00\x00", 5);  // 8-bit RGB
    std::string raw;
    for (unsigned y = 0; y < height; ++y) {
        raw.push_back('\0');
        for (unsigned x = 0; x < width; ++x) raw += "\x1f\x4e\x79";
    }
    std::ostringstream compressed;
    {
        Poco::DeflatingOutputStream deflate(compressed, Poco::DeflatingStreamBuf::STREAM_ZLIB);
        deflate << raw;
        deflate.close();
    }
    return std::string("\x89PNG\r\n\x1a\n", 8) + chunk("IHDR", header) +
           chunk("IDAT", compressed.str()) + chunk("IEND", "");
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(LetterRendering, LetterFixture)

BOOST_AUTO_TEST_CASE(every_letter_type_renders_for_every_example_application) {
    for (const auto& type : letterTypes()) {
        for (const auto& name : exampleApplications()) {
            BOOST_TEST_CONTEXT(type << " for " << name) {
                std::string caseXml = caseFor(type, name);
                std::string pdf = renderToFile(caseXml, type, type + "-" + name + ".pdf");
                std::string text = foldSpaces(pdfText(pdf));
                const Applicant& applicant = applicants().at(name);
                BOOST_CHECK(contains(text, applicant.organisation));
                BOOST_CHECK(contains(text, applicant.contact));
                BOOST_CHECK(contains(text, applicant.referenceLabel));
                std::string dnr = caseXml.substr(caseXml.find("dnr=\"") + 5, 14);
                BOOST_CHECK_MESSAGE(contains(text, dnr), "reference number " + dnr + " missing");
                requireAllFontsEmbedded(pdf);
                ToolResult check = runTool("qpdf", {"--check", pdf});
                BOOST_CHECK_MESSAGE(check.exitCode == 0, "qpdf --check: " + check.out + check.err);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(names_with_swedish_and_bosnian_letters_survive_extraction) {
    std::string pdf =
        renderToFile(readFile(dataPath("cases/acknowledgement.xml")), "acknowledgement", "a.pdf");
    std::string text = foldSpaces(pdfText(pdf));
    for (const char* expected :
         {"Föreningen Bosnisk-Svenska Broar", "Att: Amra Hodžić", "721 30 Västerås",
          "Đorđe Šćekić (ordförande)", "Återvandring med kunskap", "GF 2026-000001"})
        BOOST_CHECK_MESSAGE(contains(text, expected),
                            std::string("missing: ") + expected + "\n" + text);
}

// An organisation may put a symbol or an emoji in its project's title; DejaVu has
// no emoji, so those come from the fallback font (Symbola), and read back as written.
BOOST_AUTO_TEST_CASE(an_emoji_in_a_title_is_drawn_from_the_fallback_font_and_reads_back) {
    std::string caseXml = readFile(dataPath("cases/acknowledgement.xml"));
    const std::string title = "Återvandring med kunskap";
    BOOST_REQUIRE(contains(caseXml, title));
    caseXml.replace(caseXml.find(title), title.size(), "Återvandring med kunskap \U0001F30D \u2618 igen");
    std::string pdf = renderToFile(caseXml, "acknowledgement", "emoji.pdf");
    std::string text = foldSpaces(pdfText(pdf));
    BOOST_TEST(contains(text, "Återvandring med kunskap \U0001F30D \u2618 igen"), text);
    requireAllFontsEmbedded(pdf);
    BOOST_TEST(contains(runTool("pdffonts", {pdf}).out, "Symbola"));
    BOOST_TEST(runTool("qpdf", {"--check", pdf}).exitCode == 0);
    // A letter without such characters embeds no third font.
    std::string plain = renderToFile(readFile(dataPath("cases/acknowledgement.xml")), "acknowledgement", "plain.pdf");
    BOOST_TEST(!contains(runTool("pdffonts", {plain}).out, "Symbola"));
}

BOOST_AUTO_TEST_CASE(amounts_and_dates_are_written_the_swedish_way) {
    std::string pdf =
        renderToFile(readFile(dataPath("cases/grant-in-part.xml")), "grant-in-part", "d.pdf");
    std::string text = foldSpaces(pdfText(pdf));
    for (const char* expected :
         {"1 050 000 kr", "av sökta 1 300 000 kr", "15 december 2026", "1 mars 2027",
          "31 augusti 2028", "Personal 920 000 kr 720 000 kr", "Summa", "1 750 000 kr 1 500 000 kr",
          "Sida 1 (", "Beslutet har fattats av Anna Berg. Föredragande har varit Erik Lind.",
          "Beslutet kan inte överklagas"})
        BOOST_CHECK_MESSAGE(contains(text, expected),
                            std::string("missing: ") + expected + "\n" + text);
}

// The budget's "granted" column copied the lines applied for, and its total (the
// whole project, co-financing included) read as the sum granted: a grant of 50,000
// of 85,000 kr showed "85 000 kr" granted. The agency's own money has a row of its
// own, and a grant in part without granted lines names no line.
BOOST_AUTO_TEST_CASE(the_budget_shows_the_sum_granted_and_claims_no_lines_it_does_not_know) {
    std::string caseXml = readFile(dataPath("cases/grant-in-part.xml"));
    const std::size_t from = caseXml.find("<grantedBudget>");
    caseXml.erase(from, caseXml.find("</grantedBudget>") + std::string("</grantedBudget>").size() - from);
    std::string text = foldSpaces(pdfText(renderToFile(caseXml, "grant-in-part", "cut.pdf")));
    for (const char* expected : {"Personal 920 000 kr \xE2\x80\x93", "Summa 1 750 000 kr \xE2\x80\x93",
                                 "Stöd från Migrationsverket 1 300 000 kr 1 050 000 kr"})
        BOOST_CHECK_MESSAGE(contains(text, expected), std::string("missing: ") + expected + "\n" + text);
    // With the granted lines, each line and the total are as granted.
    std::string itemized = foldSpaces(pdfText(
        renderToFile(readFile(dataPath("cases/grant-in-part.xml")), "grant-in-part", "lines.pdf")));
    BOOST_CHECK(contains(itemized, "Stöd från Migrationsverket 1 300 000 kr 1 050 000 kr"));
    BOOST_CHECK(contains(itemized, "Personal 920 000 kr 720 000 kr"));
}

// Förvaltningslagen 31 §: everyone who took part in the final handling is named; the
// decision's participants were recorded and left out of every letter.
BOOST_AUTO_TEST_CASE(everyone_who_took_part_in_the_decision_is_named) {
    std::string caseXml = readFile(dataPath("cases/refusal.xml"));
    caseXml.insert(caseXml.find("</reasons>") + std::string("</reasons>").size(),
                   "<participants><participant>Karin Åström, enhetschef</participant></participants>");
    std::string text = foldSpaces(pdfText(renderToFile(caseXml, "refusal", "part.pdf")));
    BOOST_CHECK_MESSAGE(contains(text, "har också följande deltagit: • Karin Åström, enhetschef"), text);
    std::string without = foldSpaces(pdfText(renderToFile(readFile(dataPath("cases/refusal.xml")), "refusal", "no.pdf")));
    BOOST_CHECK(!contains(without, "också följande deltagit"));
}

BOOST_AUTO_TEST_CASE(english_letters_use_english_words_and_formats) {
    std::string pdf = renderToFile(readFile(dataPath("cases/grant.xml")), "grant", "e.pdf");
    std::string text = foldSpaces(pdfText(pdf));
    for (const char* expected :
         {"DECISION", "SEK 480,000", "15 December 2026", "1 September 2027", "Page 1 (",
          "Reasons for the decision", "This decision cannot be appealed",
          "The decision was made by Anna Berg"})
        BOOST_CHECK_MESSAGE(contains(text, expected),
                            std::string("missing: ") + expected + "\n" + text);
}

BOOST_AUTO_TEST_CASE(supplement_request_lists_what_is_missing_and_the_deadline) {
    std::string pdf = renderToFile(readFile(dataPath("cases/supplement-request.xml")),
                                   "supplement-request", "s.pdf");
    std::string text = foldSpaces(pdfText(pdf));
    for (const char* expected :
         {"BEGÄRAN OM KOMPLETTERING", "Föreningens stadgar, undertecknade av styrelsen.",
          "senast 11 december 2026", "27 november 2026"})
        BOOST_CHECK_MESSAGE(contains(text, expected),
                            std::string("missing: ") + expected + "\n" + text);
}

BOOST_AUTO_TEST_CASE(a_late_final_report_is_reminded_of_in_the_applicants_language) {
    std::string pdf = renderToFile(readFile(dataPath("cases/final-report-reminder.xml")),
                                   "final-report-reminder", "f.pdf");
    std::string text = foldSpaces(pdfText(pdf));
    for (const char* expected :
         {"REMINDER", "15 August 2028", "The project period ended on 31 May 2028",
          "no later than 60 days", "GF 2026-000008"})
        BOOST_CHECK_MESSAGE(text.find(expected) != std::string::npos,
                            std::string("missing: ") + expected + "\n" + text);
}

BOOST_AUTO_TEST_CASE(a_long_case_takes_several_pages_and_no_page_ends_on_a_heading) {
    std::string pdf = renderToFile(readFile(dataPath("cases/long-grant-in-part.xml")),
                                   "grant-in-part", "long.pdf");
    int pages = pdfPages(pdf);
    BOOST_CHECK_GE(pages, 3);
    BOOST_CHECK(contains(foldSpaces(pdfText(pdf)), "Sida 1 (" + std::to_string(pages) + ")"));
    const std::vector<std::string> headings = {"Beslut",
                                               "Skäl för beslutet",
                                               "Budget",
                                               "Villkor för stödet",
                                               "Beslutet kan inte överklagas",
                                               "Vilka som har deltagit i beslutet"};
    for (int page = 1; page <= pages; ++page) {
        std::string text = runTool("pdftotext", {"-enc", "UTF-8", "-f", std::to_string(page), "-l",
                                                 std::to_string(page), pdf, "-"})
                               .out;
        // The footer follows the body; the body's last line is just before it.
        std::string body = text.substr(0, text.find("Postadress"));
        while (!body.empty() && (body.back() == '\n' || body.back() == ' ' || body.back() == '\f'))
            body.pop_back();
        std::string lastLine = body.substr(body.rfind('\n') + 1);
        for (const auto& heading : headings)
            BOOST_CHECK_MESSAGE(lastLine != heading,
                                "page " << page << " ends on the heading '" << heading << "'");
    }
}

// The refusal case as the workflow records it: the outcome merged as
// <decision by=".." at=".."> without decidedAt/decidedBy/presentedBy, and the
// assessment signed by who did it.
static std::string refusalDecidedByWorkflowAt(const std::string& at) {
    std::string caseXml = readFile(dataPath("cases/refusal.xml"));
    for (const char* element : {"decidedAt", "decidedBy", "presentedBy"}) {
        auto from = caseXml.find(std::string("<") + element);
        auto to = caseXml.find(std::string("</") + element + ">") + std::string(element).size() + 3;
        caseXml.erase(from, to - from);
    }
    caseXml.replace(caseXml.find("<decision>"), 10, "<decision by=\"anna.berg\" at=\"" + at + "\">");
    caseXml.replace(caseXml.find("<review step=\"assessment\">"), 26,
                    "<review step=\"assessment\" by=\"erik.lind\">");
    return caseXml;
}

BOOST_AUTO_TEST_CASE(a_decision_recorded_by_the_workflow_is_dated_and_signed_from_its_step) {
    std::string caseXml = refusalDecidedByWorkflowAt("2026-12-16T10:00:00Z");
    std::string text = foldSpaces(pdfText(renderToFile(caseXml, "decision", "wf.pdf")));
    BOOST_CHECK_MESSAGE(text.find("16 december 2026") != std::string::npos, text);
    BOOST_CHECK_MESSAGE(
        text.find("fattats av anna.berg. Föredragande har varit erik.lind.") != std::string::npos,
        text);
}

BOOST_AUTO_TEST_CASE(a_decision_stamped_with_full_names_names_the_people_not_their_logins) {
    // The engine stamps byName next to by when it knows the person (grantflow roles --name).
    std::string caseXml = refusalDecidedByWorkflowAt("2026-12-16T10:00:00Z");
    caseXml.insert(caseXml.find("by=\"anna.berg\"") + 14, " byName=\"Anna Berg\"");
    caseXml.insert(caseXml.find("by=\"erik.lind\"") + 14, " byName=\"Erik Lind\"");
    std::string text = foldSpaces(pdfText(renderToFile(caseXml, "decision", "names.pdf")));
    BOOST_CHECK_MESSAGE(text.find("fattats av Anna Berg. Föredragande har varit Erik Lind.") != std::string::npos,
                        text);
    BOOST_CHECK_MESSAGE(text.find("anna.berg") == std::string::npos && text.find("erik.lind") == std::string::npos,
                        text);
}

BOOST_AUTO_TEST_CASE(a_decision_made_late_in_the_evening_is_dated_by_the_swedish_day) {
    // 23:30 UTC on 16 December is 00:30 on 17 December in Sweden: the letter says 17.
    std::string caseXml = refusalDecidedByWorkflowAt("2026-12-16T23:30:00Z");
    std::string text = foldSpaces(pdfText(renderToFile(caseXml, "decision", "late.pdf")));
    BOOST_CHECK_MESSAGE(text.find("17 december 2026") != std::string::npos, text);
    BOOST_CHECK_MESSAGE(text.find("16 december 2026") == std::string::npos, text);
}

BOOST_AUTO_TEST_CASE(a_budget_table_that_crosses_a_page_repeats_its_header_row) {
    std::string caseXml = readFile(dataPath("cases/grant-in-part.xml"));
    std::string lines;
    for (int i = 0; i < 45; ++i) lines += "<line category=\"material\">1000</line>";
    caseXml.insert(caseXml.find("<line category=\"personal\">"), lines);
    std::string pdf = renderToFile(caseXml, "grant-in-part", "table.pdf");
    int pages = pdfPages(pdf);
    BOOST_REQUIRE_GE(pages, 2);
    int pagesWithHeader = 0;
    for (int page = 1; page <= pages; ++page) {
        std::string text = runTool("pdftotext", {"-enc", "UTF-8", "-f", std::to_string(page), "-l",
                                                 std::to_string(page), pdf, "-"})
                               .out;
        if (text.find("Kostnadsslag") != std::string::npos) ++pagesWithHeader;
    }
    BOOST_CHECK_GE(pagesWithHeader, 2);
}

BOOST_AUTO_TEST_CASE(same_case_gives_same_bytes) {
    std::string caseXml = readFile(dataPath("cases/grant-in-part.xml"));
    BOOST_CHECK(service->render(caseXml, "grant-in-part").pdf ==
                service->render(caseXml, "grant-in-part").pdf);
}

// Font subsets are shared between letters: a letter rendered after another
// whose names use other letters must still carry its own glyphs, and come out
// as it would from a service that has rendered nothing before.
BOOST_AUTO_TEST_CASE(letters_with_different_names_keep_their_own_letters_after_each_other) {
    std::string sample = readFile(dataPath("cases/acknowledgement.xml"));
    auto withContact = [&](const std::string& name) {
        std::string caseXml = sample;
        caseXml.replace(caseXml.find("Amra Hodžić"), std::string("Amra Hodžić").size(), name);
        return caseXml;
    };
    const std::vector<std::string> names = {"Đurđica Šćepanović", "Łukasz Żółkiewski",
                                            "Ærøskøbing Ñúñez"};
    std::vector<std::string> first;
    for (int round = 0; round < 2; ++round) {
        for (std::size_t i = 0; i < names.size(); ++i) {
            BOOST_TEST_CONTEXT(names[i] << ", round " << round) {
                std::string bytes = service->render(withContact(names[i]), "acknowledgement").pdf;
                std::string pdf = folder.file("contact-" + std::to_string(i) + ".pdf");
                writeFile(pdf, bytes);
                std::string text = foldSpaces(pdfText(pdf));
                BOOST_CHECK_MESSAGE(contains(text, "Att: " + names[i]), text);
                BOOST_CHECK(contains(text, "Đorđe Šćekić"));
                requireAllFontsEmbedded(pdf);
                if (round == 0)
                    first.push_back(bytes);
                else
                    BOOST_CHECK(bytes == first[i]);
            }
        }
    }
    configuration->setInt("letters.fontCache", 0);
    grantflow::letters::LetterService fresh(*configuration, Poco::Logger::get("letters-test"));
    for (std::size_t i = 0; i < names.size(); ++i)
        BOOST_CHECK_MESSAGE(fresh.render(withContact(names[i]), "acknowledgement").pdf == first[i],
                            names[i] + ": a shared subset changed the letter");
}

BOOST_AUTO_TEST_CASE(document_info_names_the_case_and_nothing_is_encrypted) {
    std::string pdf = renderToFile(readFile(dataPath("cases/refusal.xml")), "refusal", "r.pdf");
    std::string info = foldSpaces(runTool("pdfinfo", {pdf}).out);
    BOOST_CHECK_MESSAGE(
        contains(info,
                 "Title: Beslut om projektstöd Subject: Beslut om projektstöd, GF 2026-000005"),
        info);
    BOOST_CHECK(contains(info, "Author: Migrationsverket"));
    BOOST_CHECK(contains(
        info, "CreationDate: Tue Dec 15 00:00:00 2026 UTC"));  // the decision date, not the clock
    BOOST_CHECK(contains(info, "Metadata Stream: yes"));
    BOOST_CHECK(contains(info, "Encrypted: no"));
    BOOST_CHECK(contains(info, "(A4)"));
    std::string bytes = readFile(pdf);
    BOOST_CHECK(contains(bytes, "/OutputIntents"));
    BOOST_CHECK(contains(bytes, "<x:xmpmeta"));
    BOOST_CHECK(contains(bytes,
                         "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">Beslut om "
                         "projektstöd, GF 2026-000005"));
}

BOOST_AUTO_TEST_CASE(the_decision_letter_is_the_one_the_outcome_asks_for) {
    BOOST_CHECK_EQUAL(service->render(readFile(dataPath("cases/refusal.xml")), "decision").type,
                      "refusal");
    BOOST_CHECK_EQUAL(service->render(readFile(dataPath("cases/dismissal.xml")), "decision").type,
                      "dismissal");
    BOOST_CHECK_EQUAL(service->render(readFile(dataPath("cases/write-off.xml")), "decision").type,
                      "write-off");
    BOOST_CHECK_EQUAL(service->render(readFile(dataPath("cases/grant.xml")), "decision").lang,
                      "en");
}

BOOST_AUTO_TEST_CASE(a_missing_field_is_named_in_the_error) {
    std::string caseXml = readFile(dataPath("cases/grant.xml"));
    auto from = caseXml.find("<decidedBy");
    caseXml.erase(from, caseXml.find("</decidedBy>") + 12 - from);
    BOOST_CHECK_EXCEPTION(service->render(caseXml, "grant"), grantflow::letters::MissingField,
                          [](const grantflow::letters::MissingField& e) {
                              return contains(e.message(), "c:decision/c:decidedBy");
                          });
}

BOOST_AUTO_TEST_CASE(a_logo_in_the_letterhead_is_drawn_on_page_one) {
    TempDir templates;
    Poco::File(sourcePath("forms/letters")).copyTo(templates.path() + "/letters");
    writeFile(templates.path() + "/letters/logo.png", solidPng(150, 60));
    std::string letterhead = readFile(templates.path() + "/letters/letterhead.xml");
    auto unitEnd = letterhead.find("</unit>") + 7;
    letterhead.insert(unitEnd, "<logo file=\"logo.png\" width=\"30\" height=\"12\"/>");
    writeFile(templates.path() + "/letters/letterhead.xml", letterhead);
    configuration->setString("letters.templateDir", templates.path() + "/letters");
    grantflow::letters::LetterService withLogo(*configuration, Poco::Logger::get("letters-test"));
    std::string pdf = folder.file("logo.pdf");
    writeFile(pdf,
              withLogo.render(readFile(dataPath("cases/grant-in-part.xml")), "grant-in-part").pdf);
    ToolResult images = runTool("pdfimages", {"-list", pdf});
    BOOST_CHECK_MESSAGE(contains(images.out, "   150    60  rgb"), images.out);
    BOOST_CHECK_EQUAL(runTool("qpdf", {"--check", pdf}).exitCode, 0);
    BOOST_CHECK(contains(foldSpaces(pdfText(pdf)), "Migrationsverket"));
}

BOOST_AUTO_TEST_CASE(a_bad_template_is_reported_and_the_others_still_work) {
    TempDir templates;
    Poco::File(sourcePath("forms/letters")).copyTo(templates.path() + "/letters");
    std::string broken = templates.path() + "/letters/grant.sv.xml";
    std::string text = readFile(broken);
    text.replace(text.find("<h>Beslut</h>"), 13, "<heading>Beslut</heading>");
    writeFile(broken, text);
    configuration->setString("letters.templateDir", templates.path() + "/letters");
    grantflow::letters::LetterService withBroken(*configuration, Poco::Logger::get("letters-test"));
    BOOST_CHECK_EXCEPTION(withBroken.render(readFile(dataPath("cases/grant-in-part.xml")), "grant"),
                          Poco::NotFoundException, [](const Poco::NotFoundException& e) {
                              return contains(e.message(), "bad template") &&
                                     contains(e.message(), "grant.sv.xml");
                          });
    BOOST_CHECK_NO_THROW(withBroken.render(readFile(dataPath("cases/refusal.xml")), "refusal"));
}

BOOST_AUTO_TEST_SUITE_END()
