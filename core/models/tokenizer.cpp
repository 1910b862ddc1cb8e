#include "models/tokenizer.h"

#include <locale.h>
#include <wctype.h>
#include <zlib.h>

#include <algorithm>
#include <climits>
#include <sstream>

#include "common/error.h"

namespace pf::models {
namespace {

// ---- UTF-8 -------------------------------------------------------------------------------

std::string utf8(char32_t cp) {
    std::string out;
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
    return out;
}

// Decodes UTF-8; invalid bytes become U+FFFD (as Python's errors="replace" would).
std::u32string decodeUtf8(const std::string& s) {
    std::u32string out;
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        int len = c < 0x80           ? 1
                  : (c >> 5) == 0x6  ? 2
                  : (c >> 4) == 0xE  ? 3
                  : (c >> 3) == 0x1E ? 4
                                     : 0;
        if (len == 0 || i + static_cast<std::size_t>(len) > s.size()) {
            out += U'\uFFFD';
            ++i;
            continue;
        }
        char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
        bool ok = true;
        for (int k = 1; k < len; ++k) {
            const auto cc = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
            if ((cc >> 6) != 0x2) {
                ok = false;
                break;
            }
            cp = (cp << 6) | (cc & 0x3F);
        }
        if (!ok) {
            out += U'\uFFFD';
            ++i;
            continue;
        }
        out += cp;
        i += static_cast<std::size_t>(len);
    }
    return out;
}

std::string encodeUtf8(const std::u32string& s) {
    std::string out;
    for (char32_t cp : s)
        out += utf8(cp);
    return out;
}

// ---- Unicode classes (glibc's C.UTF-8 tables; ASCII rules when that locale is missing) ----

locale_t utf8Locale() {
    static const locale_t loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr));
    return loc;
}

bool isLetter(char32_t cp) {
    if (cp < 0x80) return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    const locale_t loc = utf8Locale();
    return loc != nullptr && iswalpha_l(static_cast<wint_t>(cp), loc);
}

bool isNumber(char32_t cp) {
    return cp >= '0' && cp <= '9';
}

bool isSpace(char32_t cp) {
    if (cp < 0x80) return cp == ' ' || (cp >= '\t' && cp <= '\r');
    const locale_t loc = utf8Locale();
    return loc != nullptr && iswspace_l(static_cast<wint_t>(cp), loc);
}

char32_t toLower(char32_t cp) {
    if (cp < 0x80) return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
    const locale_t loc = utf8Locale();
    return loc != nullptr ? static_cast<char32_t>(towlower_l(static_cast<wint_t>(cp), loc)) : cp;
}

// ---- CLIP's text clean-up -------------------------------------------------------------------

// html.unescape for the entities that matter in captions and class names.
std::string htmlUnescape(const std::string& s) {
    static const std::pair<const char*, const char*> named[] = {
        {"amp", "&"},   {"lt", "<"},   {"gt", ">"},
        {"quot", "\""}, {"apos", "'"}, {"nbsp", "\xC2\xA0"}};
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
        if (s[i] == '&') {
            const std::size_t semi = s.find(';', i);
            if (semi != std::string::npos && semi - i <= 10) {
                const std::string name = s.substr(i + 1, semi - i - 1);
                bool done = false;
                if (!name.empty() && name[0] == '#') {
                    const bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
                    const std::string digits = name.substr(hex ? 2 : 1);
                    char* end = nullptr;
                    const long cp =
                        digits.empty() ? -1 : std::strtol(digits.c_str(), &end, hex ? 16 : 10);
                    if (end && *end == '\0' && cp > 0 && cp <= 0x10FFFF) {
                        out += utf8(static_cast<char32_t>(cp));
                        done = true;
                    }
                } else {
                    for (const auto& [n, v] : named)
                        if (name == n) {
                            out += v;
                            done = true;
                            break;
                        }
                }
                if (done) {
                    i = semi + 1;
                    continue;
                }
            }
        }
        out += s[i++];
    }
    return out;
}

// basic_clean + whitespace_clean + lower(), on code points.
std::u32string cleanText(const std::string& text) {
    const std::u32string decoded = decodeUtf8(htmlUnescape(htmlUnescape(text)));
    std::u32string out;
    bool pendingSpace = false;
    for (char32_t cp : decoded) {
        if (isSpace(cp)) {
            pendingSpace = !out.empty();
            continue;
        }
        if (pendingSpace) out += U' ';
        pendingSpace = false;
        out += toLower(cp);
    }
    return out;
}

// CLIP's pattern:
// <|startoftext|>|<|endoftext|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+
std::vector<std::u32string> preTokenize(const std::u32string& text) {
    static const std::u32string specials[] = {U"<|startoftext|>", U"<|endoftext|>"};
    static const std::u32string contractions[] = {U"'s", U"'t",  U"'re", U"'ve",
                                                  U"'m", U"'ll", U"'d"};
    std::vector<std::u32string> out;
    std::size_t i = 0;
    auto startsWith = [&](const std::u32string& p) { return text.compare(i, p.size(), p) == 0; };
    while (i < text.size()) {
        bool matched = false;
        for (const std::u32string& p : specials)
            if (!matched && startsWith(p)) {
                out.push_back(p);
                i += p.size();
                matched = true;
            }
        for (const std::u32string& p : contractions)
            if (!matched && startsWith(p)) {
                out.push_back(p);
                i += p.size();
                matched = true;
            }
        if (matched) continue;
        const char32_t c = text[i];
        std::size_t j = i + 1;
        if (isLetter(c)) {
            while (j < text.size() && isLetter(text[j]))
                ++j;
        } else if (isNumber(c)) {
            // a single digit per token
        } else if (isSpace(c)) {
            ++i;
            continue;
        } else {
            while (j < text.size() && !isSpace(text[j]) && !isLetter(text[j]) && !isNumber(text[j]))
                ++j;
        }
        out.push_back(text.substr(i, j - i));
        i = j;
    }
    return out;
}

std::string readMaybeGzip(const std::string& path) {
    gzFile f = gzopen(path.c_str(), "rb");
    if (!f) throw CheckpointError(path + ": cannot open file");
    std::string out;
    char buf[1 << 16];
    int n;
    while ((n = gzread(f, buf, sizeof(buf))) > 0)
        out.append(buf, static_cast<std::size_t>(n));
    int err = 0;
    const char* msg = gzerror(f, &err);
    const std::string why = msg ? msg : "";
    gzclose(f);
    if (n < 0)
        throw CheckpointError(path + ": corrupt compressed data near byte offset " +
                              std::to_string(out.size()) + " (" + why + ")");
    return out;
}

constexpr char kPairSeparator = '\x01';

}  // namespace

// ---- Tokenizer ------------------------------------------------------------------------------

std::vector<std::vector<std::int64_t>> Tokenizer::tokenize(const std::vector<std::string>& texts,
                                                           int contextLength, bool truncate) const {
    std::vector<std::vector<std::int64_t>> rows;
    for (const std::string& text : texts) {
        std::vector<std::int64_t> row;
        row.push_back(startToken());
        for (int id : encode(text))
            row.push_back(id);
        row.push_back(endToken());
        if (static_cast<int>(row.size()) > contextLength) {
            if (!truncate)
                throw ConfigError("text \"" + text + "\" needs " + std::to_string(row.size()) +
                                  " tokens, more than the context length " +
                                  std::to_string(contextLength));
            row.resize(static_cast<std::size_t>(contextLength));
            row.back() = endToken();
        }
        row.resize(static_cast<std::size_t>(contextLength), 0);
        rows.push_back(std::move(row));
    }
    return rows;
}

// ---- ClipBpeTokenizer -----------------------------------------------------------------------

ClipBpeTokenizer::ClipBpeTokenizer(const std::vector<std::pair<std::string, std::string>>& merges) {
    // bytes_to_unicode(): printable bytes stand for themselves, the others map to 256 + n.
    std::vector<int> order;
    for (int b = '!'; b <= '~'; ++b)
        order.push_back(b);
    for (int b = 0xA1; b <= 0xAC; ++b)
        order.push_back(b);
    for (int b = 0xAE; b <= 0xFF; ++b)
        order.push_back(b);
    std::vector<char32_t> stand(256, 0);
    for (int b : order)
        stand[static_cast<std::size_t>(b)] = static_cast<char32_t>(b);
    int extra = 0;
    for (int b = 0; b < 256; ++b)
        if (stand[static_cast<std::size_t>(b)] == 0 &&
            std::find(order.begin(), order.end(), b) == order.end()) {
            order.push_back(b);
            stand[static_cast<std::size_t>(b)] = static_cast<char32_t>(256 + extra++);
        }
    byteEncoder_.resize(256);
    for (int b = 0; b < 256; ++b)
        byteEncoder_[static_cast<std::size_t>(b)] = utf8(stand[static_cast<std::size_t>(b)]);

    for (int b : order)
        decoder_.push_back(byteEncoder_[static_cast<std::size_t>(b)]);
    for (int b : order)
        decoder_.push_back(byteEncoder_[static_cast<std::size_t>(b)] + "</w>");
    int rank = 0;
    for (const auto& [left, right] : merges) {
        decoder_.push_back(left + right);
        ranks_.emplace(left + kPairSeparator + right, rank++);
    }
    decoder_.push_back("<|startoftext|>");
    decoder_.push_back("<|endoftext|>");
    for (std::size_t id = 0; id < decoder_.size(); ++id)
        encoder_.emplace(decoder_[id], static_cast<int>(id));
    sot_ = encoder_.at("<|startoftext|>");
    eot_ = encoder_.at("<|endoftext|>");
}

std::unique_ptr<ClipBpeTokenizer> ClipBpeTokenizer::fromFile(const std::string& path,
                                                             int maxMerges) {
    const std::string text = readMaybeGzip(path);
    std::istringstream lines(text);
    std::string line;
    std::vector<std::pair<std::string, std::string>> merges;
    int lineNo = 0;
    while (std::getline(lines, line)) {
        ++lineNo;
        if (lineNo == 1) continue;  // "#version: 0.2"
        if (static_cast<int>(merges.size()) >= maxMerges) break;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        const auto space = line.find(' ');
        if (space == std::string::npos || space == 0 || space + 1 >= line.size() ||
            line.find(' ', space + 1) != std::string::npos)
            throw CheckpointError(path + ": line " + std::to_string(lineNo) +
                                  " is not a merge of two symbols separated by one space");
        merges.emplace_back(line.substr(0, space), line.substr(space + 1));
    }
    if (merges.empty())
        throw CheckpointError(path + ": no merges (expected CLIP's bpe_simple_vocab_16e6.txt.gz)");
    return std::make_unique<ClipBpeTokenizer>(merges);
}

std::vector<std::string> ClipBpeTokenizer::bpe(const std::string& token) const {
    // Symbols: one per byte stand-in character; the last one carries the end-of-word marker.
    const std::u32string chars = decodeUtf8(token);
    std::vector<std::string> word;
    for (std::size_t i = 0; i < chars.size(); ++i)
        word.push_back(utf8(chars[i]));
    if (word.empty()) return {};
    word.back() += "</w>";
    while (word.size() > 1) {
        int best = INT_MAX;
        std::size_t bestAt = 0;
        for (std::size_t i = 0; i + 1 < word.size(); ++i) {
            auto it = ranks_.find(word[i] + kPairSeparator + word[i + 1]);
            if (it != ranks_.end() && it->second < best) {
                best = it->second;
                bestAt = i;
            }
        }
        if (best == INT_MAX) break;
        const std::string first = word[bestAt], second = word[bestAt + 1];
        // Merge every occurrence of the best pair, left to right.
        std::vector<std::string> merged;
        for (std::size_t i = 0; i < word.size();) {
            if (i + 1 < word.size() && word[i] == first && word[i + 1] == second) {
                merged.push_back(first + second);
                i += 2;
            } else {
                merged.push_back(word[i++]);
            }
        }
        word = std::move(merged);
    }
    return word;
}

std::vector<int> ClipBpeTokenizer::encode(const std::string& text) const {
    std::vector<int> ids;
    for (const std::u32string& piece : preTokenize(cleanText(text))) {
        const std::string raw = encodeUtf8(piece);
        if (raw == "<|startoftext|>" || raw == "<|endoftext|>") {
            ids.push_back(encoder_.at(raw));
            continue;
        }
        std::string mapped;
        for (unsigned char b : raw)
            mapped += byteEncoder_[b];
        for (const std::string& symbol : bpe(mapped))
            ids.push_back(encoder_.at(symbol));
    }
    return ids;
}

// ---- WordTokenizer --------------------------------------------------------------------------

std::unique_ptr<WordTokenizer> WordTokenizer::fromText(const std::string& text,
                                                       const std::string& source) {
    auto tok = std::unique_ptr<WordTokenizer>(new WordTokenizer());
    std::istringstream lines(text);
    std::string line;
    int lineNo = 0;
    while (std::getline(lines, line)) {
        ++lineNo;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line[0] == '#') continue;
        for (char c : line)
            if (c == ' ' || c == '\t' || (c >= 'A' && c <= 'Z'))
                throw CheckpointError(source + ": line " + std::to_string(lineNo) + ": '" + line +
                                      "' is not one lower-case word");
        if (tok->ids_.count(line))
            throw CheckpointError(source + ": line " + std::to_string(lineNo) + ": '" + line +
                                  "' appears twice");
        tok->ids_.emplace(line, static_cast<int>(tok->words_.size()) + 2);
        tok->words_.push_back(line);
    }
    if (tok->words_.empty()) throw CheckpointError(source + ": empty vocabulary");
    return tok;
}

std::unique_ptr<WordTokenizer> WordTokenizer::fromFile(const std::string& path) {
    return fromText(readMaybeGzip(path), path);
}

std::vector<int> WordTokenizer::encode(const std::string& text) const {
    std::vector<int> ids;
    std::string word;
    auto flush = [&] {
        if (word.empty()) return;
        auto it = ids_.find(word);
        ids.push_back(it == ids_.end() ? kUnknown : it->second);
        word.clear();
    };
    for (char raw : text) {
        const char c = (raw >= 'A' && raw <= 'Z') ? static_cast<char>(raw + 32) : raw;
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            (static_cast<unsigned char>(c) >= 0x80)) {
            word += c;
        } else {
            flush();
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                word = std::string(1, c);
                flush();
            }
        }
    }
    flush();
    return ids;
}

}  // namespace pf::models
