"""Words and ids: PTB's special tokens, chapter 2's tokenizer and preprocess, a sentence -> word ids."""
import numpy as np

EOS = "<eos>"  # PTB's end of sentence (one at each line end)
UNK = "<unk>"  # PTB's token for every rare word


def tokenize(text):
    """'You say hello.' -> ['you', 'say', 'hello', '.']: lower case, the period as a word of its own."""
    return text.lower().replace(".", " .").split()


def preprocess(text):
    """'You say goodbye and I say hello.' -> (corpus (n,) int ids, word_to_id, id_to_word).

    Words come from tokenize and are numbered in order of first appearance.
    """
    words = tokenize(text)
    word_to_id, id_to_word = {}, {}
    for word in words:
        if word not in word_to_id:
            new_id = len(word_to_id)
            word_to_id[word] = new_id
            id_to_word[new_id] = word
    corpus = np.array([word_to_id[w] for w in words], dtype=np.int64)
    return corpus, word_to_id, id_to_word


def words_to_ids(sentence, word_to_id, vocab_size=None):
    """'The <unk> N years' -> (ids (T,) int64, unknown words).

    The sentence is split at spaces; a line break is EOS. PTB is lower case except its tokens
    'N' (a number) and UNK, so a word is looked up as typed, then in lower case. A word is unknown
    when it is missing from word_to_id or its id is >= vocab_size (a model trained on the first
    words of a corpus knows fewer words than the dictionary). unknown lists each such word once,
    in order; ids is None when there is any.
    """
    def known(word):
        return word in word_to_id and (vocab_size is None or word_to_id[word] < vocab_size)

    words = [w if known(w) else w.lower() for w in sentence.replace("\n", f" {EOS} ").split()]
    unknown = list(dict.fromkeys(w for w in words if not known(w)))
    if unknown:
        return None, unknown
    return np.array([word_to_id[w] for w in words], dtype=np.int64), []
