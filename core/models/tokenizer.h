#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

/// Tokenizers for CLIP's text tower, behind one interface: CLIP's byte-level BPE (for real CLIP
/// weights) and a word-level tokenizer (for the built-in tiny CLIP). Torch-free.
namespace pf::models {

class Tokenizer {
public:
    virtual ~Tokenizer() = default;

    /// Token ids of `text`, without start and end tokens.
    virtual std::vector<int> encode(const std::string& text) const = 0;
    /// The start-of-text id.
    virtual int startToken() const = 0;
    /// The end-of-text id: the largest id, so that a row's argmax finds it (as CLIP does).
    virtual int endToken() const = 0;
    /// Number of ids (rows of the token embedding).
    virtual int vocabularySize() const = 0;

    /// One row per text: [SOS, ids..., EOS, 0, ...] of exactly `contextLength` ids. A text that
    /// does not fit throws pf::ConfigError naming it, unless `truncate`, which cuts it and ends
    /// the row with EOS (as clip.tokenize(truncate=True)).
    std::vector<std::vector<std::int64_t>> tokenize(const std::vector<std::string>& texts,
                                                    int contextLength = 77,
                                                    bool truncate = false) const;
};

/// CLIP's byte-level BPE, as in OpenAI's simple_tokenizer.py: bytes mapped to printable
/// characters, BPE over words with a "</w>" end marker, ids = 256 byte characters, their 256
/// "</w>" forms, the merges in file order, then <|startoftext|> and <|endoftext|>. Text is
/// HTML-unescaped (twice), whitespace-collapsed and lower-cased, then split with CLIP's
/// pattern (contractions, letter runs, single digits, other non-space runs).
/// Deviation: ftfy's mojibake repair is not applied (text is expected as valid UTF-8), and
/// letters and digits are classified by the C library's Unicode tables (glibc C.UTF-8), which
/// count non-ASCII digits as letters.
class ClipBpeTokenizer : public Tokenizer {
public:
    /// Reads a merges file such as `bpe_simple_vocab_16e6.txt.gz` (gzip or plain): a header
    /// line, then one "left right" merge per line. At most `maxMerges` merges are used (CLIP:
    /// 49152 - 256 - 2 = 48894). Throws pf::CheckpointError naming the file and line.
    static std::unique_ptr<ClipBpeTokenizer> fromFile(const std::string& path,
                                                      int maxMerges = 48894);
    /// The same from the merge pairs themselves.
    explicit ClipBpeTokenizer(const std::vector<std::pair<std::string, std::string>>& merges);

    std::vector<int> encode(const std::string& text) const override;
    int startToken() const override { return sot_; }
    int endToken() const override { return eot_; }
    int vocabularySize() const override { return static_cast<int>(decoder_.size()); }
    /// The token string of an id ("a</w>", "<|endoftext|>", ...).
    const std::string& tokenString(int id) const {
        return decoder_.at(static_cast<std::size_t>(id));
    }

private:
    std::vector<std::string> bpe(const std::string& word) const;

    std::vector<std::string> byteEncoder_;  // byte -> UTF-8 of its printable stand-in
    std::unordered_map<std::string, int> encoder_;
    std::vector<std::string> decoder_;
    std::unordered_map<std::string, int> ranks_;  // "left\x01right" -> merge rank
    int sot_ = 0;
    int eot_ = 0;
};

/// A word-level tokenizer for the built-in tiny CLIP. Vocabulary file: one word per line
/// (lower case; '#' lines and blank lines ignored). Ids: 0 padding, 1 unknown word, 2.. the
/// words in file order, then start and end of text. Text is lower-cased (ASCII) and split into
/// runs of letters and digits and single punctuation characters.
class WordTokenizer : public Tokenizer {
public:
    /// Reads a vocabulary file; throws pf::CheckpointError naming the file and line.
    static std::unique_ptr<WordTokenizer> fromFile(const std::string& path);
    /// From the vocabulary text itself (e.g. an embedded resource); `source` names it in errors.
    static std::unique_ptr<WordTokenizer> fromText(const std::string& text,
                                                   const std::string& source);

    std::vector<int> encode(const std::string& text) const override;
    int startToken() const override { return static_cast<int>(words_.size()) + 2; }
    int endToken() const override { return static_cast<int>(words_.size()) + 3; }
    int vocabularySize() const override { return static_cast<int>(words_.size()) + 4; }
    static constexpr int kPadding = 0;
    static constexpr int kUnknown = 1;

private:
    std::vector<std::string> words_;
    std::unordered_map<std::string, int> ids_;
};

}  // namespace pf::models
